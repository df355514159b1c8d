"""The store contract: the small, set-based primitives every analysis is written against.

Two implementations pass the same conformance suite (``tests/store``):
:class:`app.store.networkx_store.NetworkXStore` (embedded default) and
:class:`app.store.neo4j_store.Neo4jStore`. Analyses never touch networkx or Cypher directly.

Only *active* enterprises (status not 注销/吊销) and *confirmed* links count in
:meth:`GraphStore.node_counts`, :meth:`GraphStore.city_node_counts` and the member lists;
lookups of single enterprises see everything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from app.datadir.dataset import DataSet
from app.regions import RegionIndex
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, Park, RegionLevel, Role, Supply
from graph_schema.template import ChainTemplate


class ScopeKind(StrEnum):
    region = "region"
    park = "park"


@dataclass(frozen=True)
class ScopeFilter:
    """Which enterprises are "local": those in a region (and every region within it) or in a park."""

    kind: ScopeKind
    code: str
    level: RegionLevel | None = None

    @classmethod
    def region(cls, code: str, level: RegionLevel) -> ScopeFilter:
        return cls(ScopeKind.region, code, level)

    @classmethod
    def park(cls, park_id: str) -> ScopeFilter:
        return cls(ScopeKind.park, park_id)


@dataclass(frozen=True)
class NodeCount:
    """Active enterprises with a confirmed link to a leaf: all of them, and the key ones."""

    local: int
    key: int


@dataclass(frozen=True)
class Member:
    """An enterprise working in a link, with its role there."""

    node_id: str
    enterprise: Enterprise
    role: Role


@dataclass(frozen=True)
class EnterpriseQuery:
    """Filters of an enterprise search; every filter is optional, results ordered by id."""

    text: str | None = None          # part of the name, or the exact id / USCC
    chain_id: str | None = None
    node_id: str | None = None
    scope: ScopeFilter | None = None
    tag: str | None = None
    include_inactive: bool = True
    limit: int = 50
    offset: int = 0


@dataclass
class ChangeSet:
    """Writes applied together, all or nothing."""

    enterprises: list[Enterprise] = field(default_factory=list)       # upsert by id
    links: list[EnterpriseLink] = field(default_factory=list)         # upsert by (enterprise, node)
    supply: list[Supply] = field(default_factory=list)                # upsert by (supplier, customer)
    delete_enterprises: list[str] = field(default_factory=list)       # with their links and relations
    delete_links: list[tuple[str, str]] = field(default_factory=list)  # (enterprise_id, node_id)

    def __len__(self) -> int:
        return (len(self.enterprises) + len(self.links) + len(self.supply)
                + len(self.delete_enterprises) + len(self.delete_links))


@dataclass(frozen=True)
class ApplyResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    links: int = 0
    supply: int = 0


@dataclass(frozen=True)
class Stats:
    chains: int
    nodes: int
    leaves: int
    enterprises: int
    enterprise_links: int
    supply_links: int
    parks: int
    regions_with_enterprises: int
    cities_with_enterprises: int


@runtime_checkable
class GraphStore(Protocol):
    """What analyses, services and outputs may ask of a store."""

    # -- templates, regions, parks
    def chains(self) -> list[ChainTemplate]: ...
    def chain(self, chain_id: str) -> ChainTemplate: ...
    def regions(self) -> RegionIndex: ...
    def parks(self) -> list[Park]: ...
    def park(self, park_id: str) -> Park: ...

    # -- aggregates
    def node_counts(self, chain_id: str, scope: ScopeFilter | None) -> dict[str, NodeCount]:
        """Per leaf of the chain with at least one enterprise: counts inside ``scope`` (national when None)."""
    def city_node_counts(self, chain_id: str) -> dict[str, dict[str, int]]:
        """Enterprise counts per prefecture-level city code and leaf: the x matrix of relatedness."""

    # -- members
    def chain_members(self, chain_id: str, scope: ScopeFilter) -> list[Member]:
        """Every (leaf, enterprise) pair of the chain inside ``scope``."""
    def node_members(self, node_id: str, scope: ScopeFilter | None, inside: bool = True) -> list[Member]:
        """Enterprises of one leaf inside (or, with ``inside=False``, outside) ``scope``."""

    # -- enterprises
    def get_enterprise(self, enterprise_id: str) -> Enterprise: ...
    def enterprises(self, ids: list[str]) -> dict[str, Enterprise]: ...
    def enterprise_links(self, ids: list[str]) -> dict[str, list[EnterpriseLink]]:
        """Every link (any grade) of the given enterprises."""
    def supply_of(self, ids: list[str]) -> list[Supply]:
        """Supply relations with the given enterprises on either end."""
    def find_enterprises(self, query: EnterpriseQuery) -> tuple[list[Enterprise], int]: ...
    def ids_by_uscc(self, usccs: list[str]) -> dict[str, str]: ...
    def park_ids_of(self, enterprise_id: str) -> list[str]: ...
    def links_by_grade(self, grade: LinkGrade, limit: int, offset: int) -> tuple[list[EnterpriseLink], int]: ...
    def stats(self) -> Stats: ...

    # -- writes and lifecycle
    def apply(self, changes: ChangeSet) -> ApplyResult:
        """Apply every change or none; invalid changes raise InvalidInput / Conflict and change nothing."""
    def load(self, ds: DataSet, replace: bool = False) -> None:
        """Load a whole data set (templates, parks, enterprises and relations)."""
    def export(self) -> DataSet: ...
    def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable otherwise."""
    def close(self) -> None: ...
