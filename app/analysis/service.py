"""The analysis services: each gathers what it needs from the store and calls the pure analyses.

The CLI and the HTTP API call these and nothing else. Every service takes the store first and a
resolved :class:`~app.analysis.results.Scope` (see :func:`app.analysis.scope.resolve_scope`).
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from weakref import WeakKeyDictionary

from app.analysis.candidates import leader_candidates
from app.analysis.compare import compare_scopes  # noqa: F401  (a service of its own)
from app.analysis.coverage import (
    capacity_links,
    classify,
    group_key_reasons,
    indicators,
    key_enterprises,
    leader_label,
    local_digest,
    local_leaders,
    local_names,
    location_quotient,
    status_reasons,
    verdict,
)
from app.analysis.modes import FuseCandidate, assign_modes, fuse_links
from app.analysis.panorama import build_panorama
from app.analysis.partners import held_by_partners
from app.analysis.relatedness import scope_relatedness
from app.analysis.results import (
    GapReport,
    LinkStatus,
    Mode,
    ModeEntry,
    Panorama,
    Reason,
    Roadmap,
    RoadmapTarget,
    Scope,
    Status,
    TargetKind,
    TargetRow,
    TargetTable,
)
from app.analysis.roadmap import DENSITY_FLOOR, plan_phases, resolve_links
from app.analysis.scope import anchor_code, resolve_scope, zone_note  # resolve_scope re-exported for callers
from app.analysis.targets import TargetOptions, rank_targets, target_weights
from app.analysis.whatif import what_if  # noqa: F401  (a service of its own)
from app.datadir.areas import default_areas
from app.errors import InvalidInput
from app.settings import Settings
from app.store.base import EnterpriseQuery, GraphStore, NodeCount, ScopeKind
from app.store.digest import LocalDigest
from graph_schema.models import RegionLevel
from graph_schema.template import ChainTemplate

T = TypeVar("T")
DEFAULT_BUILD_THRESHOLD = 0.3


@dataclass(frozen=True)
class Thresholds:
    """The weak threshold (enterprises per link) and the completeness below which 建链 applies."""

    weak: int
    build: float

    @classmethod
    def of(cls, template: ChainTemplate, weak: int | None = None, build: float | None = None) -> Thresholds:
        weak = template.chain.weak_threshold if weak is None else weak
        build = DEFAULT_BUILD_THRESHOLD if build is None else build
        if weak < 1:
            raise InvalidInput(f"薄弱阈值须为正整数，实为 {weak} (weak threshold must be at least 1)")
        if not 0 <= build <= 1:
            raise InvalidInput(f"建链阈值须在 0 到 1 之间，实为 {build} (build threshold must lie in [0, 1])")
        return cls(weak, build)


def _relatedness_rows(store: GraphStore, scope: Scope, cities: set[str]) -> tuple[set[str], set[str]]:
    """Rows among ``cities`` the scope replaces (``covered``) and those it is split off (``split``)."""
    regions = store.regions()
    if scope.kind in (ScopeKind.park, ScopeKind.zone):  # a zone is split off the city it starts in
        return set(), {regions.city_of(anchor_code(store, scope)) or ""}
    level = RegionLevel(scope.level)
    if level is RegionLevel.province:
        return {c for c in cities if regions.province_of(c) == scope.code}, set()
    if level is RegionLevel.city:
        return {scope.code}, set()
    return set(), {regions.city_of(scope.code) or ""}


def link_statuses(store: GraphStore, template: ChainTemplate, scope: Scope, local: Mapping[str, NodeCount],
                  threshold: int, digest: LocalDigest | None = None) -> dict[str, LinkStatus]:
    """Every leaf of the chain in the scope: counts, status (with its rule), LQ, RCA, density and reasons.

    ``digest`` names the local and key enterprises, the local 链主 and the largest local member in the top fifth
    of its link nationwide (the scale rule); see :func:`~app.analysis.coverage.local_digest`.
    """
    digest = digest or LocalDigest()
    national = store.node_counts(template.id, None)
    city_x = store.city_node_counts(template.id)
    covered, split = _relatedness_rows(store, scope, set(city_x))
    rel = scope_relatedness(city_x, {n: c.local for n, c in local.items()}, template.leaf_ids, covered, split)
    local_total = sum(c.local for c in local.values())
    national_total = sum(c.local for c in national.values())
    keys, names, via_group = key_enterprises(digest), local_names(digest), group_key_reasons(digest)
    leaders = {n: [leader_label(e) for e in x.leaders] for n, x in digest.links.items() if x.leaders}
    tops = {n: [(x.leading.enterprise.name, x.leading.scale, x.leading.basis.name)] for n, x in digest.links.items()
            if x.leading is not None}
    out = {}
    for node in template.leaves:
        c = local.get(node.id, NodeCount(0, 0))
        nat = national.get(node.id, NodeCount(0, 0)).local
        lq = location_quotient(c.local, local_total, nat, national_total)
        mine, top = leaders.get(node.id, ()), tops.get(node.id, ())
        status, rule = verdict(c.local, c.key, node.is_core, threshold, mine, top)
        reasons = status_reasons(node, c.local, c.key, threshold, mine, top)
        if c.key and node.id in via_group:
            reasons.append(via_group[node.id])
        if lq is not None and c.local:
            above = lq >= 1
            reasons.append(Reason(zh=f"区位商 {lq:.2f}，{'高于' if above else '低于'}全国平均",
                                  en=f"location quotient {lq:.2f}, {'above' if above else 'below'} the national share"))
        segment = template.segment_of(node.id)
        out[node.id] = LinkStatus(
            node_id=node.id, name=node.name, name_en=node.name_en, stage=node.stage.value,
            segment=segment.name if segment else None, segment_id=segment.id if segment else None, is_core=node.is_core,
            chokepoint=node.chokepoint, weight=node.weight, status=status, rule=rule,
            local_count=c.local, key_count=c.key, national_count=nat, lq=lq, rca=rel.rca.get(node.id) if nat else None,
            density=rel.density.get(node.id), density_drivers=tuple(n for n, _ in rel.drivers.get(node.id, ())),
            key_enterprises=keys.get(node.id, ()), local_enterprises=names.get(node.id, ()), reasons=tuple(reasons),
        )
    return out


def _with_data_notes(store: GraphStore, template: ChainTemplate, scope: Scope, links: dict[str, LinkStatus],
                     digest: LocalDigest) -> tuple[dict[str, LinkStatus], tuple[Reason, ...]]:
    """A note on each link of a segment where the scope has no enterprise in the data at all (未收录 or 确认缺失?)."""
    by_segment: dict[str, list[LinkStatus]] = {}
    for x in links.values():
        by_segment.setdefault(x.segment_id or x.node_id, []).append(x)
    empty = [xs for xs in by_segment.values() if all(x.local_count == 0 for x in xs)]
    if not empty:
        return links, ()
    in_chain = digest.enterprises
    in_data = store.find_enterprises(EnterpriseQuery(scope=scope.filter, include_inactive=False, limit=1))[1]
    notes = []
    for xs in empty:
        name = xs[0].segment or xs[0].name
        name_en = template.node(xs[0].segment_id).name_en if xs[0].segment_id else xs[0].name_en
        note = Reason(
            zh=f"数据提示：{scope.name}在“{name}”环节组没有一家企业收录（本产业链收录本地企业 {in_chain} 家，"
               f"全部数据 {in_data} 家）；是“未收录”还是“确认缺失”，请结合本地情况判断",
            en=f"data note: the data holds no enterprise of {scope.name} in the whole segment \"{name_en}\"; it holds {in_chain} "
               f"local enterprises of this chain and {in_data} in all. Judge whether this is a gap in the data or in the scope")
        notes.append(note)
        for x in xs:
            links[x.node_id] = x.model_copy(update={"data_note": note})
    return links, tuple(notes)


_LEAVES_UNDER: WeakKeyDictionary = WeakKeyDictionary()  # template -> node id -> its leaves (templates never change)


def _leaves_under(template: ChainTemplate, node_id: str) -> list[str]:
    under = _LEAVES_UNDER.get(template)
    if under is None:
        under = {}
        for leaf in template.leaf_ids:
            current: str | None = leaf
            while current is not None:
                under.setdefault(current, []).append(leaf)
                current = template.node(current).parent_id
        _LEAVES_UNDER[template] = under
    return under.get(node_id, [])


def _fuse(store: GraphStore, template: ChainTemplate, scope: Scope, links: Mapping[str, LinkStatus]) -> tuple[ModeEntry, ...]:
    templates = {t.id: t for t in store.chains()}
    owner = {n: t for t in templates.values() for n in t.by_id}
    counts: dict[str, dict[str, NodeCount]] = {}
    capacity: dict[str, set[str]] = {}
    found = []
    for t in templates.values():
        for r in t.related:
            for mine, theirs in ((r.source, r.target), (r.target, r.source)):
                if mine not in template.by_id or theirs not in owner or owner[theirs].id == template.id:
                    continue
                strong = [links[n] for n in _leaves_under(template, mine) if links[n].status is Status.strong]
                if not strong:
                    continue
                other = owner[theirs]
                if other.id not in counts:
                    counts[other.id] = store.node_counts(other.id, scope.filter)
                    capacity[other.id] = capacity_links(store, other.id, scope.filter)
                leaves = [other.node(n) for n in _leaves_under(other, theirs)]
                local = sum(counts[other.id].get(n.id, NodeCount(0, 0)).local for n in leaves)
                key = sum(counts[other.id].get(n.id, NodeCount(0, 0)).key for n in leaves)
                status = classify(local, key, any(n.is_core for n in leaves), other.chain.weak_threshold,
                                  any(n.id in capacity[other.id] for n in leaves))  # the gap report's rule
                anchor = max(strong, key=lambda x: (x.key_count, x.local_count))
                found.append(FuseCandidate(anchor, other.node(theirs), status, r.kind))
    return fuse_links(found)


_REPORTS: WeakKeyDictionary = WeakKeyDictionary()  # store -> (data version, {question: report}): see gap_report
REPORTS_KEPT = 64


def gap_report(store: GraphStore, chain_id: str, scope: Scope, weak_threshold: int | None = None,
               build_threshold: float | None = None) -> GapReport:
    """The gap analysis of one chain in one scope: statuses, indices, the five modes and local 链主.

    A report is a frozen model of the data alone: the last :data:`REPORTS_KEPT` are kept per store
    and data version and shared (the panorama, the target list and the roadmap of a scope ask the
    same report). A store that cannot tell its version (``None``) is asked afresh every time, and
    a report computed while a write landed is not kept.

    Examples
    --------
    >>> from app.store.embedded.store import EmbeddedStore
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> store = toy_store()
    >>> r = gap_report(store, "toy", resolve_scope(store, region="成都"))
    >>> r.link("toy.a").status.value, r.link("toy.a").rule, [e.node_id for e in r.fill]
    ('strong', 'count', ['toy.b', 'toy.e', 'toy.f', 'toy.d'])
    >>> gap_report(store, "toy", resolve_scope(store, region="成都")) is r  # the same data: the same report
    True
    """
    question = (chain_id, scope, weak_threshold, build_threshold)
    try:
        kept, keepable = _REPORTS.get(store), True
    except TypeError:  # a store that cannot be referred to weakly: nothing kept
        kept, keepable = None, False
    version = store.data_version()
    if version is not None and kept is not None and kept[0] == version and (found := kept[1].get(question)) is not None:
        return found
    report, version = one_version(store, lambda: _gap_report(store, chain_id, scope, weak_threshold, build_threshold))
    if keepable and version is not None:
        reports = kept[1] if kept is not None and kept[0] == version else {}
        if len(reports) >= REPORTS_KEPT:
            reports.pop(next(iter(reports), None), None)  # the oldest (another thread may have dropped it already)
        reports[question] = report
        _REPORTS[store] = (version, reports)
    return report


def _gap_report(store: GraphStore, chain_id: str, scope: Scope, weak_threshold: int | None,
                build_threshold: float | None) -> GapReport:
    template = store.chain(chain_id)
    th = Thresholds.of(template, weak_threshold, build_threshold)
    local = store.node_counts(chain_id, scope.filter)
    digest = local_digest(store, chain_id, scope.filter)  # the local firms the reasons cite, not every member
    links, notes = _with_data_notes(store, template, scope, link_statuses(store, template, scope, local, th.weak, digest),
                                    digest)
    ind = indicators(template, {n: x.status for n, x in links.items()})
    candidates = {}
    if ind.completeness < th.build:
        seeds = [n for n, x in links.items() if x.is_core and x.status is not Status.strong]
        candidates = leader_candidates(store, template, scope, seeds)
    leader_ids = frozenset(e.id for x in digest.links.values() for e in x.leaders)
    modes = assign_modes(template, links, th.weak, ind.completeness, th.build, candidates, leader_ids)
    return GapReport(
        chain=template.id, chain_name=template.chain.name, scope=scope, completeness=ind.completeness,
        strength=ind.strength, counts=ind.counts, links=tuple(links.values()),
        fill=modes[Mode.fill], strengthen=modes[Mode.strengthen], extend=modes[Mode.extend], build=modes[Mode.build],
        fuse=_fuse(store, template, scope, links),
        leaders=local_leaders(template, digest, {n: c.local for n, c in local.items()}),
        notes=(*zone_note(scope), *notes),
    )


def panorama(store: GraphStore, chain_id: str, scope: Scope, weak_threshold: int | None = None,
             build_threshold: float | None = None) -> Panorama:
    """The gap report of one chain in one scope arranged as the chain tree (stage → segment → link).

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> store = toy_store()
    >>> p = panorama(store, "toy", resolve_scope(store, region="成都"))
    >>> [(s.stage, len(s.segments)) for s in p.stages], len(p.links)
    ([('upstream', 1), ('midstream', 1), ('downstream', 1)], 6)
    """
    return build_panorama(store.chain(chain_id), gap_report(store, chain_id, scope, weak_threshold, build_threshold))


def gap_entries(report: GapReport) -> list[tuple[LinkStatus, ModeEntry]]:
    """Each gap link (missing or weak) with the one entry proposing it (each link sits in one mode)."""
    best = {e.node_id: e for mode in (Mode.build, Mode.strengthen, Mode.fill, Mode.extend) for e in report.mode(mode)}
    return [(x, best[x.node_id]) for x in report.links if x.node_id in best]


def one_version(store: GraphStore, compute: Callable[[], T], tries: int = 3) -> tuple[T, int | None]:
    """``compute()`` on one data version, and that version: computed again (``tries`` in all) when a write landed
    meanwhile, so an answer that reads the store several times (the columns, then the models) does not mix before
    and after a write; the version is None when the store has none or writes kept landing (then not to be kept).

    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> store = toy_store()
    >>> one_version(store, lambda: 42) == (42, store.data_version())
    True
    """
    for _ in range(tries):
        version = store.data_version()
        out = compute()
        if store.data_version() == version:
            return out, version
    return out, None


def target_options(store: GraphStore, settings: Settings) -> TargetOptions:
    """The target list's options from the settings (the areas file read once per path and region index)."""
    return TargetOptions(areas=default_areas(store.regions(), Path(settings.target_areas_file)),
                         partners_apart=settings.target_partners_apart, tie_first=settings.target_tie_first,
                         balance=settings.target_balance)


def target_table(store: GraphStore, chain_id: str, scope: Scope, limit: int | None = None,
                 weights: Mapping[str, float] | None = None, report: GapReport | None = None,
                 options: TargetOptions | None = None) -> TargetTable:
    """The target list of one chain for one scope (one row per group), ``limit`` rows of each kind at most.

    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> store = toy_store()
    >>> t = target_table(store, "toy", resolve_scope(store, region="510100"), limit=5)
    >>> len({r.enterprise_id for r in t.rows}) == len(t.rows)
    True
    """
    o = options or TargetOptions()

    def compute() -> tuple[GapReport, tuple[TargetRow, ...]]:
        r = report or gap_report(store, chain_id, scope)
        return r, rank_targets(store, scope, store.chain(chain_id), gap_entries(r), weights, limit, options=o)

    (report, rows), _ = one_version(store, compute)
    return TargetTable(chain=report.chain, chain_name=report.chain_name, scope=scope, weights=target_weights(weights),
                       balance=o.balance, rows=rows)


def build_roadmap(store: GraphStore, chain_id: str, scope: Scope, weak_threshold: int | None = None,
                  build_threshold: float | None = None, targets_per_link: int = 3, report: GapReport | None = None,
                  include: Collection[str] = (), exclude: Collection[str] = (), density_floor: float | None = None,
                  options: TargetOptions | None = None) -> Roadmap:
    """The development path of one chain in one scope, with the best target groups of each planned link.

    ``include`` / ``exclude`` pin links in or drop them (ids or names); ``density_floor`` is the
    relatedness below which a missing link without local demand is not pursued (rules in
    :mod:`app.analysis.roadmap`).

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> store = toy_store()
    >>> r = build_roadmap(store, "toy", resolve_scope(store, region="成都"), exclude=["戊终端"])
    >>> [x.name for x in r.not_pursued], r.phases[-1].target_completeness < 1
    (['丁模组', '戊终端', '己终端'], True)
    """
    def compute() -> tuple[GapReport, tuple[TargetRow, ...]]:
        r = report or gap_report(store, chain_id, scope, weak_threshold, build_threshold)
        return r, rank_targets(store, scope, store.chain(chain_id), gap_entries(r), per_link=targets_per_link, options=options)

    (report, rows), _ = one_version(store, compute)
    return roadmap_of(store.chain(chain_id), report, rows, targets_per_link, include=include, exclude=exclude,
                      density_floor=density_floor, partners=held_by_partners(store, report, options and options.areas))


def roadmap_of(template: ChainTemplate, report: GapReport, ranked: Iterable[TargetRow], targets_per_link: int = 3, *,
               include: Collection[str] = (), exclude: Collection[str] = (), density_floor: float | None = None,
               partners: Mapping[str, Reason] | None = None) -> Roadmap:
    """The development path from a gap report and its target rows, best first (a whole target table will do).

    Each planned link names the best groups (key or supporting, never expansion or partner rows) that fill it;
    ``partners`` are the missing links a partner city holds (:func:`app.analysis.partners.held_by_partners`).
    """
    best: dict[str, list[RoadmapTarget]] = {}
    for row in ranked:
        if row.kind not in (TargetKind.key, TargetKind.supporting):
            continue
        for node_id in row.node_ids:
            picks = best.setdefault(node_id, [])
            if len(picks) < targets_per_link:
                picks.append(RoadmapTarget(enterprise_id=row.enterprise_id, name=row.name, score=row.score))
    return plan_phases(template, report, gap_entries(report), {n: tuple(v) for n, v in best.items()},
                       resolve_links(template, include, "include"), resolve_links(template, exclude, "exclude"),
                       DENSITY_FLOOR if density_floor is None else density_floor, partners)


__all__ = ["Thresholds", "build_roadmap", "compare_scopes", "gap_entries", "gap_report", "link_statuses", "panorama",
           "resolve_scope", "roadmap_of", "target_options", "target_table", "what_if"]
