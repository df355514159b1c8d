"""The development path (产业生态发展路径图): anchors first, their 配套 follow; 有所为有所不为.

One item per gap link (missing or weak) the plan pursues, proposed by its one mode
(``service.gap_entries``). The rules, in order:

1. **What the plan does not pursue (暂不布局).** A link the user drops (``exclude``); a missing link
   with no enterprise outside the scope in the data (nobody to attract: the only holders are abroad
   or unknown); a missing link whose relatedness density is below ``density_floor`` with no local
   demand (no present FEEDS customer link); a missing link a partner city of the scope's area already holds
   strongly (错位协同, :mod:`app.analysis.partners`), unless it must sit next to its local customer
   (``proximity_bound``); a missing supplier link none of whose customer links is present or pursued (it would
   serve nothing). A 建链 anchor and the suppliers of one are kept
   (bar the first and the user's choice): the anchor brings the demand. A weak link is always pursued unless dropped (it is
   there to strengthen); a link the user pins (``include``) is always pursued. Not-pursued links are
   listed with their reasons and count toward no phase's completeness.
2. **Base phase (以整车带配套, 以面板带材料).** Near: the 建链 anchors; strengthening present core
   links (weak core links) and the weak links where a local key enterprise works (the anchors);
   proximity-bound, low-capital 配套 (``proximity_bound`` and not ``capital_heavy`` in the template)
   of a present customer link. Long: capital-heavy choke points (``capital_heavy`` and
   ``chokepoint``); missing links with no present FEEDS neighbour; missing links whose only local
   demand comes from weak non-core links; non-core links with local supply only. Mid: the rest —
   weak non-core links without a local key enterprise, missing links a present anchor (a core or
   strong customer link) needs, suppliers of a 建链 anchor, core links with local supply only.
3. **Customers before suppliers.** A missing link without a present customer link is never planned
   before the pursued customer links it would serve: walking customers first, its phase becomes at
   least the earliest phase of those customers; ``after`` names the pursued customer links in the
   same or an earlier phase. Within a phase every customer comes before its suppliers; then the
   anchors (建链 and present links to strengthen) before the rest, the most connected (FEEDS degree)
   first, then by priority.
4. 融链 links of other chains close the long phase (they leave this chain's completeness alone).
5. ``target_completeness`` of a phase assumes every missing link planned up to it gains a local
   enterprise: (Σ weight present now + Σ weight of those links) / Σ weight. The long phase reaches
   100% only when no missing link is left out.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.service import build_roadmap, resolve_scope
>>> store = toy_store()
>>> r = build_roadmap(store, "toy", resolve_scope(store, region="510100"))
>>> [[i.node_id for i in p.items] for p in r.phases], [x.node_id for x in r.not_pursued]
([['toy.c'], ['toy.b'], []], ['toy.d', 'toy.e', 'toy.f'])
>>> [round(p.target_completeness, 4) for p in r.phases]
[0.5, 0.5833, 0.5833]
"""
from __future__ import annotations

from collections.abc import Collection, Mapping

import networkx as nx

from app.analysis.results import (
    GapReport,
    LinkStatus,
    Mode,
    ModeEntry,
    NotPursued,
    Phase,
    Reason,
    Roadmap,
    RoadmapItem,
    RoadmapTarget,
    Status,
)
from app.errors import InvalidInput, NotFound
from graph_schema.template import ChainTemplate

PHASES = ("near", "mid", "long")
DENSITY_FLOOR = 0.15
"""Default relatedness floor: below it a scope is specialised in few links near this one (roughly one in seven)."""
_WORDS = ("近期", "中期", "远期")


def resolve_links(template: ChainTemplate, given: Collection[str], what: str) -> tuple[str, ...]:
    """Leaf ids of ``given`` (ids or names); an unknown link is a :class:`NotFound` naming it (as an unknown scope
    or enterprise is: the API answers 404).

    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> resolve_links(toy_store().chain("toy"), ["乙材料", "toy.c"], "include")
    ('toy.b', 'toy.c')
    """
    by_name = {n.name: n.id for n in template.leaves}
    out, unknown = [], []
    for g in given:
        g = g.strip()
        if not g:
            continue
        node = g if g in template.leaf_ids else by_name.get(g)
        (out if node else unknown).append(node or g)
    if unknown:
        raise NotFound(f"{what}: 没有环节 {'、'.join(unknown)} (no link {', '.join(unknown)} in {template.id})")
    return tuple(dict.fromkeys(out))


def _customers(template: ChainTemplate, links: Mapping[str, LinkStatus], node_id: str) -> tuple[list[str], list[str]]:
    """The link's customer links present locally, and those missing."""
    customers = template.customers_of(node_id)
    present = [c for c in customers if links[c].status is not Status.missing]
    return present, [c for c in customers if c not in present]


def not_pursued(template: ChainTemplate, links: Mapping[str, LinkStatus], entries: Mapping[str, ModeEntry],
                include: Collection[str], exclude: Collection[str], density_floor: float,
                partners: Mapping[str, Reason] | None = None) -> dict[str, list[Reason]]:
    """Rule 1: the gap links the plan leaves out, each with its reasons (``partners``: the missing links a partner
    city holds strongly, with the reason naming it)."""
    partners = partners or {}
    out: dict[str, list[Reason]] = {}
    for n in exclude:
        if n in entries:
            out[n] = [Reason(zh="按用户选择暂不布局", en="dropped by the user")]
    for n in reversed(template.topological_leaves()):  # customers first: a supplier sees their verdict
        link = links[n]
        if n not in entries or n in out or n in include or link.status is not Status.missing:
            continue
        present, missing = _customers(template, links, n)
        anchored = entries[n].mode is Mode.build or any(entries[c].mode is Mode.build for c in missing if c in entries)
        density = link.density or 0.0
        if link.national_count <= link.local_count:
            out[n] = [Reason(zh="范围外没有可招引的企业（数据中全国仅有本地或境外持有者）",
                             en="no enterprise outside the scope to attract (only holders abroad or none in the data)")]
        elif anchored:
            continue  # a 建链 anchor, or a supplier of one: the anchor brings its demand
        elif n in partners and not template.node(n).proximity_bound:
            out[n] = [partners[n]]
        elif density < density_floor and not present:
            out[n] = [Reason(zh=f"关联密度 {density:.2f} 低于 {density_floor:.2f}，且本地没有需要它的下游企业",
                             en=f"relatedness density {density:.2f} below {density_floor:.2f} and no local demand")]
        elif not present and missing and all(c in out or c not in entries for c in missing):
            names = "、".join(links[c].name for c in missing)
            out[n] = [Reason(zh=f"它服务的下游环节（{names}）本地没有也暂不布局", en="every customer link it serves is left out")]
    return out


def _base_phase(link: LinkStatus, entry: ModeEntry, template: ChainTemplate, links: Mapping[str, LinkStatus],
                built: Collection[str] = ()) -> tuple[int, Reason]:
    """Rule 2: the phase a link would take on its own, and why."""
    node = template.node(link.node_id)
    present, _ = _customers(template, links, link.node_id)
    neighbours = present + [s for s in template.suppliers_of(link.node_id) if links[s].status is not Status.missing]
    if entry.mode is Mode.build:
        return 0, Reason(zh="建链：先落地核心环节与链主", en="build: land the anchor first")
    if link.status is Status.weak:
        if link.is_core:
            return 0, Reason(zh="做强本地已有的核心环节", en="strengthen a present core link first")
        if link.key_count:
            names = "、".join(e.name for e in link.key_enterprises)
            return 0, Reason(zh=f"做强本地重点企业{names}所在的环节", en="strengthen the link of a local key enterprise (an anchor)")
        return 1, Reason(zh="本地已有、非核心环节，中期做强", en="present non-core link: strengthen in the mid term")
    if node.capital_heavy and node.chokepoint:
        return 2, Reason(zh="重资产卡脖子环节，远期攻关", en="capital-heavy choke point: long term")
    if node.proximity_bound and not node.capital_heavy and present:
        names = "、".join(links[c].name for c in present)
        return 0, Reason(zh=f"就近配套本地“{names}”的轻资产配套环节，近期引进",
                         en="proximity-bound, low-capital supplier of a present anchor: near term")
    served = [links[c].name for c in template.customers_of(link.node_id) if c in built]
    if served and not present:
        return 1, Reason(zh=f"建链核心“{'、'.join(served)}”的配套，中期跟进", en="supplier of a 建链 anchor: mid term")
    if not neighbours:
        return 2, Reason(zh="本地上下游均无基础，远期布局", en="no present FEEDS neighbour: long term")
    anchors = [links[c].name for c in present if links[c].is_core or links[c].status is Status.strong]
    if anchors:
        heavy = "重资产环节，" if node.capital_heavy else ""
        return 1, Reason(zh=f"{heavy}本地“{'、'.join(anchors)}”有需求，中期补齐",
                         en="demand from a present anchor (core or strong customer link): mid term")
    if present:
        return 2, Reason(zh="仅本地非核心的薄弱下游有需求，远期补齐", en="demand only from weak non-core customers: long term")
    if node.is_core:
        return 1, Reason(zh="核心环节，本地上游可供给，中期向下游延伸", en="core link with local supply: extend in the mid term")
    return 2, Reason(zh="本地上游可供给的非核心环节，远期延伸", en="non-core link with local supply: long term")


def plan_phases(
    template: ChainTemplate, report: GapReport, gaps: list[tuple[LinkStatus, ModeEntry]],
    targets: Mapping[str, tuple[RoadmapTarget, ...]] | None = None, include: Collection[str] = (),
    exclude: Collection[str] = (), density_floor: float = DENSITY_FLOOR, partners: Mapping[str, Reason] | None = None,
) -> Roadmap:
    """The roadmap of a gap report (rules in the module docstring); ``targets`` gives the best targets per link.

    ``include`` / ``exclude`` are leaf ids the user pins in or drops (see :func:`resolve_links`).

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> from app.analysis.service import build_roadmap, resolve_scope
    >>> store = toy_store()
    >>> r = build_roadmap(store, "toy", resolve_scope(store, region="成都"), include=["丁模组"], exclude=["toy.f"])
    >>> [[i.node_id for i in p.items] for p in r.phases], [x.node_id for x in r.not_pursued]
    ([['toy.c'], ['toy.b'], ['toy.d']], ['toy.e', 'toy.f'])
    """
    if not 0 <= density_floor <= 1:
        raise InvalidInput(f"关联密度下限须在 0 到 1 之间，实为 {density_floor} (density floor must lie in [0, 1])")
    targets = targets or {}
    links = {x.node_id: x for x in report.links}
    entries = {link.node_id: entry for link, entry in gaps}
    include, exclude = set(include) - set(exclude), set(exclude)
    dropped = not_pursued(template, links, entries, include, exclude, density_floor, partners)
    built = {n for n, e in entries.items() if e.mode is Mode.build and n not in dropped}
    phase: dict[str, int] = {}
    why: dict[str, Reason] = {}
    group: dict[str, int] = {}  # within a phase: anchors (build, present links) before the links supplying them
    for n, entry in entries.items():
        if n not in dropped:
            phase[n], why[n] = _base_phase(links[n], entry, template, links, built)
            group[n] = 0 if entry.mode is Mode.build or links[n].status is Status.weak else 1
            if n in include:
                why[n] = Reason(zh=f"按用户选择纳入；{why[n].zh}", en=f"pinned by the user; {why[n].en}")
    after: dict[str, list[str]] = {}
    for n in reversed(template.topological_leaves()):  # customers first
        if n not in phase:
            continue
        present, _ = _customers(template, links, n)
        served = [c for c in template.customers_of(n) if c in phase]
        if not present and served and links[n].status is Status.missing:
            first = min(phase[c] for c in served)
            if first > phase[n]:
                phase[n] = first
                names = "、".join(links[c].name for c in served if phase[c] == first)
                why[n] = Reason(zh=f"所服务的下游环节“{names}”列入{_WORDS[first]}，供给环节随其后",
                                en="placed with the planned customer links it serves: suppliers follow their customers")
        after[n] = [c for c in served if phase[c] <= phase[n]]
    present_weight = sum(x.weight for x in report.links if x.status is not Status.missing)
    total = template.total_weight
    phases = []
    for p, name in enumerate(PHASES):
        ids = [n for n in phase if phase[n] == p]
        graph = template.feeds_graph.subgraph(ids).reverse()  # customers before the suppliers they need
        order = list(nx.lexicographical_topological_sort(graph, key=lambda n: (
            group[n], -template.feeds_graph.degree(n), -round(entries[n].priority, 9), n)))
        items = []
        for n in order:
            entry = entries[n]
            items.append(RoadmapItem(node_id=n, name=links[n].name, name_en=links[n].name_en, mode=entry.mode, priority=entry.priority,
                                     after=tuple(after[n]), targets=targets.get(n, ()), reasons=(why[n], *entry.reasons)))
            if links[n].status is Status.missing:
                present_weight += links[n].weight
        if p == 2:
            fused = Reason(zh="融链机会列入远期", en="fusion with another chain, long term")
            items += [RoadmapItem(node_id=e.node_id, name=e.name, name_en=e.name_en, mode=Mode.fuse, priority=e.priority,
                                  targets=targets.get(e.node_id, ()), reasons=(fused, *e.reasons)) for e in report.fuse]
        phases.append(Phase(phase=name, items=tuple(items), target_completeness=present_weight / total if total else 0.0))
    left = tuple(NotPursued(node_id=n, name=links[n].name, name_en=links[n].name_en, reasons=tuple(r))
                 for n, r in sorted(dropped.items(), key=lambda kv: template.leaf_ids.index(kv[0])))
    return Roadmap(chain=report.chain, chain_name=report.chain_name, scope=report.scope,
                   completeness_now=report.completeness, phases=tuple(phases), not_pursued=left,
                   included=tuple(sorted(include)), excluded=tuple(sorted(exclude)), density_floor=density_floor)
