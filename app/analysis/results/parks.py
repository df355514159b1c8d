"""园区对比 The parks of one city side by side on one chain: overlap (同质化) and a division of labour (错位发展).

>>> o = ParkOverlap(park_a="p1", park_b="p2", node_ids=("t.e",), strong_ids=("t.e",), index=1 / 3)
>>> o.model_dump(mode="json")["index"]
0.3333
"""
from __future__ import annotations

from pydantic import Field

from app.analysis.results.common import Completeness, Counts, Factors, Mode, Num, Reasons, Result, Scope, Status, Strength


class ParkSummary(Result):
    """One park on the chain: its indicators, each link's status, and the links it holds strong or targets."""

    park_id: str
    name: str
    region_code: str
    lead_chains: tuple[str, ...] = Field(description="园区申报的主导产业链 lead chains declared for the park")
    lead: bool = Field(description="本链是否为其主导产业 whether this chain is one of its lead chains")
    completeness: Completeness
    strength: Strength
    counts: Counts
    statuses: dict[str, Status] = Field(description="每个环节的状态 status per link")
    strong: tuple[str, ...] = Field(description="强环节 strong links")
    targeted: tuple[str, ...] = Field(description="在招引的环节（有本地基础的缺链方式） links its gap modes target with a local footing")
    reasons: Reasons = ()


class ParkOverlap(Result):
    """Two parks holding strong or targeting the same links; ``index`` is the Jaccard of their claimed links."""

    park_a: str
    park_b: str
    node_ids: tuple[str, ...] = Field(description="重叠环节 links both hold strong or target")
    strong_ids: tuple[str, ...] = Field((), description="其中两园区均为强的环节 of them, strong in both")
    index: Num = Field(description="同质化指数 homogeneity: shared / all links the two parks claim (0..1)")
    reasons: Reasons = ()


class ParkClaim(Result):
    """How one park claims a contested link: its status there and the mode targeting it (None when strong)."""

    park_id: str
    status: Status
    mode: Mode | None = None


class ContestedLink(Result):
    """A link claimed by two or more parks of the city; ``index`` is the share of the city's engaged parks claiming it."""

    node_id: str
    name: str
    claims: tuple[ParkClaim, ...]
    index: Num = Field(description="同质化指数 share of the parks with any claim on the chain that claim this link")


class Division(Result):
    """分工建议 The natural home of one contested link, scored by explained factors."""

    node_id: str
    name: str
    park_id: str
    park_name: str
    score: Num
    factors: Factors = {}
    reasons: Reasons = ()


class ParkComparison(Result):
    """园区对比 Every park of a city on one chain, their overlap and a suggested division of labour."""

    chain: str
    chain_name: str
    city: Scope
    parks: tuple[ParkSummary, ...]
    overlap: tuple[ParkOverlap, ...] = ()
    links: tuple[ContestedLink, ...] = Field((), description="被多个园区争夺的环节 contested links, most contested first")
    division: tuple[Division, ...] = ()
    notes: Reasons = ()
