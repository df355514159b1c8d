"""The store contract: the small, set-based primitives every analysis is written against.

Two implementations pass the same conformance suite (``tests/store``):
:class:`app.store.embedded.store.EmbeddedStore` (embedded default) and
:class:`app.store.neo4j.store.Neo4jStore`. Analyses never touch the embedded columns or Cypher directly.

What only some stores can do is declared, not probed: each store lists its
:class:`Capability` values in ``capabilities``, and a caller that wants one asks
:func:`ranked_links` (never ``hasattr``). The conformance suite checks every store against
what it declares.

Only *active* enterprises (status not 注销/吊销) and *confirmed* links count in
:meth:`GraphStore.node_counts`, :meth:`GraphStore.city_node_counts` and the member lists;
lookups of single enterprises see everything.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from app.datadir.dataset import DataSet
from app.regions import RegionIndex
from app.store.scale import ScaleBasis, scale_columns
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, Park, RegionLevel, Role, Supply
from graph_schema.template import ChainTemplate

if TYPE_CHECKING:
    from app.store.digest import LocalDigest


class Capability(StrEnum):
    """An ability beyond the base contract that a store may declare in ``capabilities``."""

    ranked_links = "ranked_links"
    """Each link's members kept as ranked columns (:class:`RankedLinks`), read by the stores themselves (no analysis)."""
    group_columns = "group_columns"
    """Candidates carry their group's top as columns (:class:`GroupColumns`) and the store answers
    ``group_presence(scope, near)`` (see :class:`app.store.embedded.groups.EmbeddedGroups`): the target list then
    finds groups and the groups already in a scope or its area without reading a model per candidate."""
    member_columns = "member_columns"
    """The store answers ``member_columns(node_id, scope)``: every member of a link as columns with its group's figures
    over the chain (:class:`app.store.embedded.members.MemberColumns`); a cut target list then bounds every group before
    it reads the candidates (:mod:`app.analysis.target_prefilter`). Only the embedded store declares it."""


class ScopeKind(StrEnum):
    region = "region"
    park = "park"
    zone = "zone"


@dataclass(frozen=True)
class ScopeFilter:
    """Which enterprises are "local": those in a region (and every region within it), in a park, or in a zone
    (a national new area or development zone, :mod:`app.datadir.zones`): inside any of its ``parts``, regions
    and parks."""

    kind: ScopeKind
    code: str
    level: RegionLevel | None = None
    parts: tuple[ScopeFilter, ...] = ()

    @classmethod
    def zone(cls, code: str, parts: Sequence[ScopeFilter]) -> ScopeFilter:
        return cls(ScopeKind.zone, code, None, tuple(parts))

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
class RankedMember:
    """A member of a link inside a scope with its scale factor among the link's members nationwide.

    ``scale`` is the rank percentile of :mod:`app.store.scale` (by revenue, else headcount; ``basis``
    says which) among every active enterprise with a confirmed link to the leaf, the scope's included.
    """

    node_id: str
    enterprise: Enterprise
    scale: float
    basis: ScaleBasis


@dataclass(frozen=True)
class GroupColumns:
    """Per candidate (entry of :class:`Candidates`): its group's top id, as
    :func:`app.analysis.target_groups.roll_up` finds it (itself without a parent), and an integer that sorts as that
    id does (numbered as the candidates' ``order``); the top's own tags, region and revenue bound a group's score
    (:mod:`app.analysis.target_shortlist`)."""

    top: np.ndarray
    top_order: np.ndarray
    top_tag_of: np.ndarray | None = None  # the top's own tag set (numbered as the candidates' ``tag_of``)
    top_region_of: np.ndarray | None = None  # the top's region code (numbered as the candidates' ``region_of``)
    top_revenue: np.ndarray | None = None  # the top's revenue (NaN unknown)


@dataclass(frozen=True)
class Candidates:
    """The active enterprises of one leaf outside a scope, as columns: entry i is one enterprise.

    ``revenue`` and ``employees`` are NaN where unknown; ``tag_sets[tag_of[i]]`` are its tags and
    ``region_codes[region_of[i]]`` its region code; ``partner[i]`` says it supplies or buys from an
    active enterprise inside the scope (以商招商); ``scale[i]`` is its scale factor among the
    candidates and ``basis[i]`` the :class:`~app.store.scale.ScaleBasis` it was ranked by
    (:mod:`app.store.scale`). ``models`` holds the models the store already had to read to build
    the columns (empty when it built them without models), so a caller never reads them twice;
    ``parents[i]`` is its ``parent_id`` (None when it has none).
    """

    node_id: str
    ids: Sequence[str]
    revenue: np.ndarray
    employees: np.ndarray
    tag_of: np.ndarray
    tag_sets: Sequence[tuple[str, ...]]
    region_of: np.ndarray
    region_codes: Sequence[str]
    partner: np.ndarray
    scale: np.ndarray
    basis: np.ndarray
    models: Mapping[str, Enterprise] = field(default_factory=dict)
    parents: Sequence[str | None] = ()  # parent_id per entry (empty: none known), to roll candidates up to groups
    order: np.ndarray | None = None  # per entry, an integer that sorts as its id does (None: not given; then ids are sorted)
    groups: GroupColumns | None = None  # per entry, its group's top (None: not given; then groups are found from models)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class EnterpriseQuery:
    """Filters of an enterprise search; every filter is optional, results ordered by id."""

    text: str | None = None          # part of the name, or the exact id / USCC / stock code (000725.SZ)
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


@dataclass(frozen=True)
class SnapshotRecord:
    """A saved review of one chain in one scope as a store keeps it: a few keys and the result as JSON text.

    The store does not read ``body`` (the analysis layer writes and reads it); ``(chain_id, scope_kind,
    scope_code, label)`` is unique, and :attr:`key` joins them.
    """

    chain_id: str
    scope_kind: str
    scope_code: str
    label: str
    taken_at: str  # ISO 8601, UTC, to the second: 2026-12-04T21:58:03Z
    body: str

    @property
    def key(self) -> str:
        return f"{self.chain_id}|{self.scope_kind}:{self.scope_code}|{self.label}"


@runtime_checkable
class GraphStore(Protocol):
    """What analyses, services and outputs may ask of a store."""

    capabilities: frozenset[Capability]
    """What this store can do beyond this contract (see :class:`Capability`)."""

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
    def key_members(self, chain_id: str, scope: ScopeFilter, per_node: int) -> list[Member]:
        """Per leaf, the key enterprises inside ``scope`` by prominence: every 链主, then up to ``per_node`` in all."""
    def candidates(self, node_id: str, scope: ScopeFilter) -> Candidates:
        """The active enterprises of one leaf outside ``scope`` as columns (the pool of targets)."""
    def leading_members(self, chain_id: str, scope: ScopeFilter, top_share: float) -> list[RankedMember]:
        """Per leaf, the members inside ``scope`` whose scale among the leaf's members nationwide is at least
        ``1 − top_share`` (the top fifth for 0.2), ordered by leaf then id."""
    def local_digests(self, chain_id: str, scopes: Sequence[ScopeFilter], per_node: int, top_share: float,
                      leaves: Collection[str] | None = None) -> list[LocalDigest]:
        """Per scope, what a gap report names of the chain's members inside it (:mod:`app.store.digest`): a few firms per
        leaf (of ``leaves`` only, when given), every 链主, the largest in the top share, the count of distinct firms."""

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
    def children(self, ids: list[str]) -> dict[str, list[str]]:
        """The direct subsidiaries (``parent_id``) of each of ``ids`` that has any, sorted; any status."""
    def in_park(self, park_id: str, ids: list[str]) -> set[str]:
        """Those of ``ids`` that are members of the park (one question for any number of enterprises)."""
    def links_by_grade(self, grade: LinkGrade, limit: int, offset: int) -> tuple[list[EnterpriseLink], int]: ...
    def stats(self) -> Stats: ...

    # -- writes and lifecycle
    def apply(self, changes: ChangeSet) -> ApplyResult:
        """Apply every change or none; invalid changes raise InvalidInput / Conflict and change nothing."""
    def load(self, ds: DataSet, replace: bool = False) -> None:
        """Load a whole data set (templates, parks, enterprises and relations)."""
    def export(self) -> DataSet: ...
    # -- snapshots (reviews), kept apart from the data: saving one changes no analysis
    def save_snapshot(self, snapshot: SnapshotRecord) -> None:
        """Keep ``snapshot`` in one transaction, durable once this returns; a label already used for the same
        chain and scope raises Conflict and keeps nothing."""
    def snapshots(self, chain_id: str | None = None) -> list[SnapshotRecord]:
        """The saved snapshots (of one chain, or all), oldest first (by ``taken_at``, then label)."""
    def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable otherwise."""
    def refresh(self) -> None:
        """Catch up with writes other processes made (embedded store); nothing to do for a shared server."""
    def data_version(self) -> int | None:
        """A number that changes whenever the data this process answers from changes (after :meth:`refresh`);
        None when the store cannot tell (a Neo4j load running, a database without a data stamp), so no answer may be reused."""
    def close(self) -> None: ...


class LinkColumnsView(Protocol):
    """The members of one link as columns (addressed by position), as :meth:`RankedLinks.link_columns` gives them.

    ``scale_all`` is each member's scale factor among all members; among the members outside a
    scope it differs by at most ``scale_slack(gone)``.
    """

    rows: np.ndarray
    tagset: np.ndarray
    county: np.ndarray
    scale_all: np.ndarray

    def kept(self, key: object, build: Callable[[], object]) -> object:
        """``build()`` computed once per ``key`` while these members last."""
    def scale_slack(self, gone: np.ndarray) -> float:
        """A bound on |scale among the members not ``gone`` − ``scale_all``|."""
    def flagged(self, flags: np.ndarray) -> np.ndarray:
        """Positions of the members whose row is true in ``flags``."""


@runtime_checkable
class RankedLinks(GraphStore, Protocol):
    """A store declaring :attr:`Capability.ranked_links`: each link's members kept ranked, read by position."""

    def link_columns(self, node_id: str, scope: ScopeFilter
                     ) -> tuple[LinkColumnsView, np.ndarray, np.ndarray, list, list]:
        """The link's members as columns, the positions of those inside ``scope``, a boolean per row for an
        active partner inside ``scope``, and the tag sets and region codes the columns number."""
    def candidates(self, node_id: str, scope: ScopeFilter, only: np.ndarray | None = None) -> Candidates:
        """:meth:`GraphStore.candidates`; ``only`` keeps those positions of :meth:`link_columns` (none inside)."""


def ranked_links(store: GraphStore) -> RankedLinks | None:
    """``store`` as a :class:`RankedLinks` when it declares the capability, else None."""
    return store if Capability.ranked_links in store.capabilities else None  # type: ignore[return-value]


def region_holds(regions: RegionIndex, scope: ScopeFilter, region_code: str) -> bool:
    """Whether a region code lies inside a region scope (a region with everything within it)."""
    area = {RegionLevel.province: regions.province_of, RegionLevel.city: regions.city_of}.get(scope.level)
    return (area(region_code) if area else region_code) == scope.code


def inside_scope(store: GraphStore, scope: ScopeFilter, enterprises: Iterable[Enterprise]) -> set[str]:
    """The ids of those of ``enterprises`` inside ``scope``: one store question for a park, none for a region."""
    if scope.kind is ScopeKind.zone:
        enterprises = list(enterprises)
        return set().union(*(inside_scope(store, part, enterprises) for part in scope.parts))
    if scope.kind is ScopeKind.park:
        return store.in_park(scope.code, sorted({e.id for e in enterprises}))
    regions = store.regions()
    return {e.id for e in enterprises if region_holds(regions, scope, e.region_code)}


def candidates_via(store: GraphStore, node_id: str, scope: ScopeFilter) -> Candidates:
    """:meth:`GraphStore.candidates` from ``node_members``, ``supply_of``, ``enterprises`` and, for a park,
    ``in_park``: four questions, whatever the number of members (for stores without columns)."""
    members = store.node_members(node_id, scope, inside=False)
    inside = [m.enterprise for m in store.node_members(node_id, scope, inside=True) if m.enterprise.active]
    ids = {m.enterprise.id for m in members}
    relations = store.supply_of(sorted(ids))
    others = store.enterprises(sorted({x for s in relations for x in (s.supplier_id, s.customer_id)} - ids))
    known = {m.enterprise.id: m.enterprise for m in members} | others
    local = inside_scope(store, scope, [e for e in known.values() if e.active and e.id not in ids])
    partners = ({s.supplier_id for s in relations if s.customer_id in local}
                | {s.customer_id for s in relations if s.supplier_id in local})
    return candidates_from(node_id, members, partners, inside)


def candidates_from(node_id: str, members: list[Member], local_ids: set[str], inside: Sequence[Enterprise] = ()) -> Candidates:
    """Candidates from the members outside the scope and the ids of those with an active local partner.

    ``inside`` (the link's active members inside the scope) only count in the scale percentile,
    which ranks every member of the link: the largest is at 100% whatever the scope.
    """
    active = [m.enterprise for m in members if m.enterprise.active]
    tag_sets = sorted({e.tags for e in active})
    codes = sorted({e.region_code for e in active})
    tag_no, code_no = {t: i for i, t in enumerate(tag_sets)}, {c: i for i, c in enumerate(codes)}
    revenue = np.array([np.nan if e.revenue is None else e.revenue for e in active], dtype=float)
    employees = np.array([np.nan if e.employees is None else e.employees for e in active], dtype=float)
    return Candidates(
        node_id, [e.id for e in active], revenue, employees,
        np.array([tag_no[e.tags] for e in active], dtype=np.int64), tag_sets,
        np.array([code_no[e.region_code] for e in active], dtype=np.int64), codes,
        np.array([e.id in local_ids for e in active], dtype=bool), *_scale_among(revenue, employees, inside),
        {e.id: e for e in active}, [e.parent_id for e in active],
    )


def _scale_among(revenue: np.ndarray, employees: np.ndarray, inside: Sequence[Enterprise]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`scale_columns` of the candidates ranked together with the link's members ``inside`` the scope."""
    rev_in = np.array([np.nan if e.revenue is None else e.revenue for e in inside], dtype=float)
    staff_in = np.array([np.nan if e.employees is None else e.employees for e in inside], dtype=float)
    value, basis = scale_columns(np.concatenate([revenue, rev_in]), np.concatenate([employees, staff_in]))
    return value[:len(revenue)], basis[:len(revenue)]
