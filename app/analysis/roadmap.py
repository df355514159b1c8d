"""The development path (产业生态发展路径图): gap links in three phases, 近期 / 中期 / 远期.

Rules, in order:

1. one item per gap link of the chain (missing or weak), proposed by the mode ranking it highest
   (``service.gap_entries``), with its priority;
2. 建链 items go to the near phase; the others are ranked by priority and cut in thirds
   (near gets the first ⌈n/3⌉, mid up to ⌈2n/3⌉, long the rest);
3. a link is never in an earlier phase than a planned link that FEEDS it: walking the chain in
   FEEDS order, its phase becomes the latest phase of its planned suppliers if that is later;
   ``after`` lists those planned suppliers, and within a phase they come first;
4. 融链 links of other chains close the long phase (they leave this chain's completeness alone);
5. ``completeness_after`` of a phase assumes every missing link planned up to it gains a local
   enterprise: (Σ weight present now + Σ weight of those links) / Σ weight.

>>> phase_cut(5)
(2, 4)
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx

from app.analysis.results import (GapReport, LinkStatus, Mode, ModeEntry, Phase, Reason, Roadmap, RoadmapItem,
                                  RoadmapTarget, Status)
from graph_schema.template import ChainTemplate

PHASES = ("near", "mid", "long")


def phase_cut(n: int) -> tuple[int, int]:
    """How many ranked items end the near and the mid phase."""
    return math.ceil(n / 3), math.ceil(2 * n / 3)


def _phase_reason(phase: int, moved_by: list[str]) -> Reason:
    if moved_by:
        return Reason(zh=f"排在供给环节{'、'.join(moved_by)}之后", en="placed after the planned links feeding it")
    return (Reason(zh="按优先级列入近期", en="near term by priority"), Reason(zh="按优先级列入中期", en="mid term by priority"),
            Reason(zh="按优先级列入远期", en="long term by priority"))[phase]


def plan_phases(
    template: ChainTemplate, report: GapReport, gaps: list[tuple[LinkStatus, ModeEntry]],
    targets: Mapping[str, tuple[RoadmapTarget, ...]] | None = None,
) -> Roadmap:
    """The roadmap of a gap report; ``targets`` gives the top target enterprises per link.

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> from app.analysis.service import build_roadmap, resolve_scope
    >>> store = toy_store()
    >>> r = build_roadmap(store, "toy", resolve_scope(store, region="510100"))
    >>> [[i.node_id for i in p.items] for p in r.phases]
    [['toy.b', 'toy.c'], ['toy.e', 'toy.f'], ['toy.d']]
    """
    targets = targets or {}
    ranked = sorted(gaps, key=lambda g: (g[1].mode is not Mode.build, -round(g[1].priority, 9), g[0].node_id))
    others = [g for g in ranked if g[1].mode is not Mode.build]
    near, mid = phase_cut(len(others))
    base = {g[0].node_id: 0 for g in ranked if g[1].mode is Mode.build}
    for rank, (link, _) in enumerate(others):
        base[link.node_id] = 0 if rank < near else 1 if rank < mid else 2
    phase, moved, after = dict(base), {}, {}
    for n in template.topological_leaves():
        if n not in phase:
            continue
        after[n] = [s for s in template.suppliers_of(n) if s in phase]
        latest = max((phase[s] for s in after[n]), default=0)
        if latest > phase[n]:
            phase[n] = latest
            moved[n] = [template.node(s).name for s in after[n] if phase[s] == latest]
    entries = {link.node_id: (link, entry) for link, entry in ranked}
    present = sum(x.weight for x in report.links if x.status is not Status.missing)
    total = template.total_weight
    phases = []
    for p, name in enumerate(PHASES):
        ids = [n for n in phase if phase[n] == p]
        graph = template.feeds_graph.subgraph(ids)
        order = list(nx.lexicographical_topological_sort(graph, key=lambda n: (-round(entries[n][1].priority, 9), n)))
        items = []
        for n in order:
            link, entry = entries[n]
            items.append(RoadmapItem(node_id=n, name=link.name, mode=entry.mode, priority=entry.priority,
                                     after=tuple(after[n]), targets=targets.get(n, ()),
                                     reasons=(_phase_reason(p, moved.get(n, [])), *entry.reasons)))
            if link.status is Status.missing:
                present += link.weight
        if p == 2:
            fused = Reason(zh="融链机会列入远期", en="fusion with another chain, long term")
            items += [RoadmapItem(node_id=e.node_id, name=e.name, mode=Mode.fuse, priority=e.priority,
                                  targets=targets.get(e.node_id, ()), reasons=(fused, *e.reasons)) for e in report.fuse]
        phases.append(Phase(phase=name, items=tuple(items), completeness_after=present / total if total else 0.0))
    return Roadmap(chain=report.chain, chain_name=report.chain_name, scope=report.scope,
                   completeness_now=report.completeness, phases=tuple(phases))
