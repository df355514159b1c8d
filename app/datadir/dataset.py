"""The content of a data directory, as plain domain objects."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.regions import RegionIndex
from graph_schema.models import Enterprise, EnterpriseLink, Park, ParkMember, Supply
from graph_schema.template import ChainTemplate


@dataclass
class DataSet:
    """Chain templates plus enterprises and their relations; ``regions`` is the national list by default."""

    chains: dict[str, ChainTemplate] = field(default_factory=dict)
    enterprises: list[Enterprise] = field(default_factory=list)
    links: list[EnterpriseLink] = field(default_factory=list)
    supply: list[Supply] = field(default_factory=list)
    parks: list[Park] = field(default_factory=list)
    park_members: list[ParkMember] = field(default_factory=list)
    regions: RegionIndex = field(default_factory=RegionIndex.national)

    def leaf_ids(self) -> set[str]:
        return {leaf for t in self.chains.values() for leaf in t.leaf_ids}

    def node_ids(self) -> set[str]:
        return {n for t in self.chains.values() for n in t.by_id}
