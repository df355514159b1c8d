"""错位协同: the links a partner city of the scope's metropolitan or economic area already holds strongly.

A partner city is one that shares an area of the areas file (``seed/areas.csv``, the one the target list
uses: neighbours of one area are partners, not targets) with the city the scope lies in. A link is *held*
by a partner when it is strong there by the gap report's own status rule (:func:`app.analysis.coverage.classify`
with :func:`~app.analysis.coverage.capacity_links`, asked of every partner city at once through
:meth:`~app.store.base.GraphStore.local_digests`: counts with a key enterprise where the link is core, a
local 链主, or a firm in the link's national top fifth). The roadmap leaves such a missing link to the partner
(有所为有所不为, 错位协同) unless it must sit next to its local customer (``proximity_bound``), is a 建链
anchor, or the user pins it (:mod:`app.analysis.roadmap`, rule 1).

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.service import gap_report, resolve_scope
>>> store = toy_store()
>>> report = gap_report(store, "toy", resolve_scope(store, region="成都"))
>>> held_by_partners(store, report)  # 成都's areas hold no other city of the toy data
{}
"""
from __future__ import annotations

from app.analysis.coverage import NAMED, TOP_SHARE, classify
from app.analysis.results import GapReport, Reason, Status
from app.analysis.scope import anchor_code
from app.datadir.areas import Areas, default_areas
from app.store.base import GraphStore, NodeCount, ScopeFilter
from graph_schema.models import RegionLevel


def held_by_partners(store: GraphStore, report: GapReport, areas: Areas | None = None) -> dict[str, Reason]:
    """Per missing link of the report held strongly by a partner city, the reason naming the city, its area and firms."""
    regions = store.regions()
    areas = areas or default_areas(regions)
    home = regions.city_of(anchor_code(store, report.scope))
    missing = [x for x in report.links if x.status is Status.missing]
    if not home or not missing:
        return {}
    template = store.chain(report.chain)
    shared = {c: sorted(areas.of(home) & areas.of(c)) for c in store.city_node_counts(report.chain) if c != home}
    out: dict[str, Reason] = {}
    cities = sorted(c for c, common in shared.items() if common)
    scopes = [ScopeFilter.region(city, RegionLevel.city) for city in cities]
    digests = store.local_digests(report.chain, scopes, NAMED, TOP_SHARE, leaves=[x.node_id for x in missing])
    for city, scope, digest in zip(cities, scopes, digests, strict=True):
        counts, strong = store.node_counts(report.chain, scope), digest.capacity  # one question for every partner city
        names = {n: [e.name for e in x.keys] for n, x in digest.links.items()}
        for x in missing:
            c, node = counts.get(x.node_id, NodeCount(0, 0)), template.node(x.node_id)
            if x.node_id in out or classify(c.local, c.key, node.is_core, template.chain.weak_threshold,
                                            x.node_id in strong) is not Status.strong:
                continue
            firms = "、".join(names.get(x.node_id, [])[:2])
            city_name = regions.get(city).name if city in regions else city
            held = firms or f"{c.local} 家企业"
            out[x.node_id] = Reason(
                zh=f"错位协同：同属{'、'.join(shared[city])}的{city_name}该环节已强（{held}），由伙伴城市配套，本地暂不布局",
                en=f"left to a partner: {city_name}, in the same area, is strong in this link; cooperate rather than attract")
    return out

