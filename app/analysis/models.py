"""The results of the analyses as frozen dataclasses, each with ``to_dict()`` giving its JSON shape.

Outputs (maps, table), the HTTP API and the web page read these shapes; they are the contract
of the analysis layer. Numbers are plain floats (rounded to 4 places in ``to_dict``), reasons are
sentences in Chinese followed by English.

Entry points (``app.analysis.service``), each taking the store first:
``resolve_scope(store, region=None, park=None) -> Scope``,
``gap_report(store, chain_id, scope, weak_threshold=None, build_threshold=None) -> GapReport``,
``target_table(store, chain_id, scope, limit=None, weights=None) -> TargetTable``,
``build_roadmap(store, chain_id, scope) -> Roadmap``,
``what_if(store, chain_id, scope, landed_ids) -> WhatIf`` and
``compare_scopes(store, chain_id, scopes, similar=5) -> Compare``.

>>> s = Scope(kind="region", code="510100", name="成都市", level="city")
>>> s.to_dict()
{'kind': 'region', 'code': '510100', 'name': '成都市', 'level': 'city'}
>>> Indicators(0.5, 0.25, Counts(1, 1, 2)).to_dict()
{'completeness': 0.5, 'strength': 0.25, 'counts': {'strong': 1, 'weak': 1, 'missing': 2}}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.store.base import ScopeFilter, ScopeKind
from graph_schema.models import RegionLevel


class Status(StrEnum):
    strong = "strong"
    weak = "weak"
    missing = "missing"


STATUS_LABELS = {Status.strong: "强", Status.weak: "弱", Status.missing: "缺"}


class Mode(StrEnum):
    fill = "fill"
    strengthen = "strengthen"
    extend = "extend"
    build = "build"
    fuse = "fuse"


MODE_LABELS = {Mode.fill: "补链", Mode.strengthen: "强链", Mode.extend: "延链", Mode.build: "建链", Mode.fuse: "融链"}


class TargetKind(StrEnum):
    key = "key"
    supporting = "supporting"


TARGET_KIND_LABELS = {TargetKind.key: "重点企业", TargetKind.supporting: "配套企业"}


def _num(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def _factors(f: dict[str, float]) -> dict[str, float]:
    return {k: _num(v) for k, v in f.items()}


@dataclass(frozen=True)
class Scope:
    """A region (with every region within it) or a park."""

    kind: ScopeKind
    code: str
    name: str
    level: RegionLevel | None = None

    @property
    def filter(self) -> ScopeFilter:
        if self.kind == ScopeKind.park:
            return ScopeFilter.park(self.code)
        return ScopeFilter.region(self.code, RegionLevel(self.level))

    def to_dict(self) -> dict[str, Any]:
        level = None if self.level is None else str(getattr(self.level, "value", self.level))
        return {"kind": str(getattr(self.kind, "value", self.kind)), "code": self.code, "name": self.name, "level": level}


@dataclass(frozen=True)
class Counts:
    strong: int
    weak: int
    missing: int

    def to_dict(self) -> dict[str, int]:
        return {"strong": self.strong, "weak": self.weak, "missing": self.missing}


@dataclass(frozen=True)
class Indicators:
    """Chain-level completeness and strength (weighted shares of leaves) and status counts."""

    completeness: float
    strength: float
    counts: Counts

    def to_dict(self) -> dict[str, Any]:
        return {"completeness": _num(self.completeness), "strength": _num(self.strength), "counts": self.counts.to_dict()}


@dataclass(frozen=True)
class KeyEnterprise:
    id: str
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class LinkStatus:
    """One leaf link in the scope: presence, status and the indices explaining it."""

    node_id: str
    name: str
    name_en: str
    stage: str
    segment: str | None
    is_core: bool
    chokepoint: bool
    weight: float
    status: Status
    local_count: int
    key_count: int
    national_count: int
    lq: float | None
    rca: float | None
    density: float | None
    key_enterprises: tuple[KeyEnterprise, ...] = ()
    reasons: tuple[str, ...] = ()
    segment_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "node_id": self.node_id, "name": self.name, "name_en": self.name_en, "stage": self.stage,
            "segment": self.segment, "segment_id": self.segment_id, "is_core": self.is_core,
            "chokepoint": self.chokepoint, "weight": _num(self.weight), "status": self.status.value,
            "local_count": self.local_count, "key_count": self.key_count, "national_count": self.national_count,
            "lq": _num(self.lq), "rca": _num(self.rca), "density": _num(self.density),
            "key_enterprises": [k.to_dict() for k in self.key_enterprises], "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Candidate:
    """A chain-leader candidate of 建链: an enterprise outside the scope whose partners span other links."""

    enterprise_id: str
    name: str
    region_code: str
    pulls: tuple[str, ...]  # leaf ids its known suppliers and customers work in
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"enterprise_id": self.enterprise_id, "name": self.name, "region_code": self.region_code,
                "pulls": list(self.pulls), "reasons": list(self.reasons)}


@dataclass(frozen=True)
class ModeEntry:
    """One link proposed by a mode, with its numeric priority, the factors behind it and reasons."""

    node_id: str
    name: str
    stage: str
    mode: Mode
    priority: float
    factors: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    chain_id: str | None = None          # fuse: the other chain of the link
    related_node_id: str | None = None   # fuse: the local strong link it is RELATED_TO
    candidates: tuple[Candidate, ...] = ()  # build: chain-leader candidates

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "node_id": self.node_id, "name": self.name, "stage": self.stage, "mode": self.mode.value,
            "priority": _num(self.priority), "factors": _factors(self.factors), "reasons": list(self.reasons),
        }
        if self.mode is Mode.fuse:
            d["chain_id"] = self.chain_id
            d["related_node_id"] = self.related_node_id
        if self.mode is Mode.build:
            d["candidates"] = [c.to_dict() for c in self.candidates]
        return d


@dataclass(frozen=True)
class Leader:
    """A local 链主 and its local supporting rate (本地配套率)."""

    enterprise_id: str
    name: str
    node_ids: tuple[str, ...]
    supporting_rate: float | None  # None when nothing FEEDS its links
    supplier_links: tuple[str, ...]
    covered_supplier_links: tuple[str, ...]
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "enterprise_id": self.enterprise_id, "name": self.name, "node_ids": list(self.node_ids),
            "supporting_rate": _num(self.supporting_rate), "supplier_links": list(self.supplier_links),
            "covered_supplier_links": list(self.covered_supplier_links), "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class GapReport:
    """Everything the gap analysis of one chain in one scope finds."""

    chain: str
    chain_name: str
    scope: Scope
    indicators: Indicators
    links: tuple[LinkStatus, ...]
    fill: tuple[ModeEntry, ...] = ()
    strengthen: tuple[ModeEntry, ...] = ()
    extend: tuple[ModeEntry, ...] = ()
    build: tuple[ModeEntry, ...] = ()
    fuse: tuple[ModeEntry, ...] = ()
    leaders: tuple[Leader, ...] = ()

    @property
    def completeness(self) -> float:
        return self.indicators.completeness

    @property
    def strength(self) -> float:
        return self.indicators.strength

    @property
    def counts(self) -> Counts:
        return self.indicators.counts

    def link(self, node_id: str) -> LinkStatus:
        return next(x for x in self.links if x.node_id == node_id)

    def mode(self, mode: Mode | str) -> tuple[ModeEntry, ...]:
        return getattr(self, Mode(mode).value)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"chain": self.chain, "chain_name": self.chain_name, "scope": self.scope.to_dict()}
        d.update(self.indicators.to_dict())
        d["links"] = [x.to_dict() for x in self.links]
        for m in Mode:
            d[m.value] = [e.to_dict() for e in self.mode(m)]
        d["leaders"] = [x.to_dict() for x in self.leaders]
        return d


@dataclass(frozen=True)
class TargetRow:
    """One enterprise outside the scope proposed for one gap link, with its score explained."""

    enterprise_id: str
    name: str
    region_code: str
    region_name: str
    node_id: str
    node_name: str
    mode: Mode
    kind: TargetKind
    score: float
    factors: dict[str, float]
    reasons: tuple[str, ...]
    tags: tuple[str, ...] = ()
    revenue: float | None = None
    employees: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "enterprise_id": self.enterprise_id, "name": self.name, "region_code": self.region_code,
            "region_name": self.region_name, "node_id": self.node_id, "node_name": self.node_name,
            "mode": self.mode.value, "kind": self.kind.value, "score": _num(self.score),
            "factors": _factors(self.factors), "reasons": list(self.reasons), "tags": list(self.tags),
            "revenue": self.revenue, "employees": self.employees,
        }


@dataclass(frozen=True)
class TargetTable:
    """The target list (招商名录) of one chain for one scope, best first."""

    chain: str
    chain_name: str
    scope: Scope
    rows: tuple[TargetRow, ...]
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple[TargetRow, ...]:
        return tuple(r for r in self.rows if r.kind is TargetKind.key)

    @property
    def supporting(self) -> tuple[TargetRow, ...]:
        return tuple(r for r in self.rows if r.kind is TargetKind.supporting)

    def to_dict(self) -> dict[str, Any]:
        return {"chain": self.chain, "chain_name": self.chain_name, "scope": self.scope.to_dict(),
                "weights": _factors(self.weights), "rows": [r.to_dict() for r in self.rows]}


@dataclass(frozen=True)
class RoadmapTarget:
    enterprise_id: str
    name: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"enterprise_id": self.enterprise_id, "name": self.name, "score": _num(self.score)}


@dataclass(frozen=True)
class RoadmapItem:
    node_id: str
    name: str
    mode: Mode
    priority: float
    after: tuple[str, ...] = ()  # planned links that FEED this one (earlier or in the same phase)
    targets: tuple[RoadmapTarget, ...] = ()
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"node_id": self.node_id, "name": self.name, "mode": self.mode.value, "priority": _num(self.priority),
                "after": list(self.after), "targets": [t.to_dict() for t in self.targets], "reasons": list(self.reasons)}


PHASE_LABELS = {"near": "近期", "mid": "中期", "long": "远期"}


@dataclass(frozen=True)
class Phase:
    phase: str  # near | mid | long
    items: tuple[RoadmapItem, ...]
    completeness_after: float

    @property
    def label(self) -> str:
        return PHASE_LABELS[self.phase]

    def to_dict(self) -> dict[str, Any]:
        return {"phase": self.phase, "label": self.label, "items": [i.to_dict() for i in self.items],
                "completeness_after": _num(self.completeness_after)}


@dataclass(frozen=True)
class Roadmap:
    """产业生态发展路径图 data: three phases of links, each after the planned links feeding it."""

    chain: str
    chain_name: str
    scope: Scope
    completeness_now: float
    phases: tuple[Phase, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"chain": self.chain, "chain_name": self.chain_name, "scope": self.scope.to_dict(),
                "completeness_now": _num(self.completeness_now), "phases": [p.to_dict() for p in self.phases]}


@dataclass(frozen=True)
class StatusChange:
    node_id: str
    name: str
    before: Status
    after: Status

    def to_dict(self) -> dict[str, str]:
        return {"node_id": self.node_id, "name": self.name, "before": self.before.value, "after": self.after.value}


@dataclass(frozen=True)
class WhatIf:
    """Indicators before and after landing candidate enterprises in the scope."""

    chain: str
    chain_name: str
    scope: Scope
    landed: tuple[str, ...]
    before: Indicators
    after: Indicators
    changed: tuple[StatusChange, ...]
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"chain": self.chain, "chain_name": self.chain_name, "scope": self.scope.to_dict(),
                "landed": list(self.landed), "before": self.before.to_dict(), "after": self.after.to_dict(),
                "changed": [c.to_dict() for c in self.changed], "reasons": list(self.reasons)}


@dataclass(frozen=True)
class ScopeSummary:
    scope: Scope
    indicators: Indicators
    link_counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"scope": self.scope.to_dict()}
        d.update(self.indicators.to_dict())
        d["link_counts"] = dict(self.link_counts)
        return d


@dataclass(frozen=True)
class Similar:
    code: str
    name: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "similarity": _num(self.similarity)}


@dataclass(frozen=True)
class Compare:
    """One chain across several scopes, and the cities most similar to the first scope."""

    chain: str
    chain_name: str
    scopes: tuple[ScopeSummary, ...]
    similar: tuple[Similar, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"chain": self.chain, "chain_name": self.chain_name, "scopes": [s.to_dict() for s in self.scopes],
                "similar": [s.to_dict() for s in self.similar]}
