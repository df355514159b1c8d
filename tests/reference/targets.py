"""The straightforward target ranking: every member of every gap link as a model, scored one by one.

This is the ranking of :mod:`app.analysis.targets` as it was written first (one
``node_members(node, scope, inside=False)`` call per gap link, one model per member), kept as the
reference the vectorised ranking and its shortlist must agree with, row for row. Only tests use it
(``chainmap bench`` does not: its ``agree`` figure checks the gap statuses against
:mod:`app.bench.baseline`). The percentile is the product's one formula
(:func:`app.store.scale.percentiles`, tested on its own in ``tests/store/test_scale.py``); what this
checks is everything around it: which members are candidates, their partners, factors, order and cut.
"""
from __future__ import annotations

from collections.abc import Mapping

from app.analysis.results import LinkStatus, ModeEntry, Scope, TargetKind, TargetRow
from app.analysis.scope import anchor_code, coordinates, distance_km
from app.analysis.targets import (MAX_DISTANCE_KM, distance_reason, link_reason, local_partners, scale_reason,
                                  tag_value, target_weights)
from app.store.base import GraphStore, Member
from app.store.scale import ScaleBasis, percentiles


def _scale(members: list[Member]) -> dict[str, tuple[float, ScaleBasis]]:
    """Scale factor and basis per member id: revenue percentile, else headcount percentile among all headcounts."""
    revenue = {m.enterprise.id: m.enterprise.revenue for m in members if m.enterprise.revenue is not None}
    out = {eid: (p, ScaleBasis.revenue) for eid, p in percentiles(revenue).items()}
    staff = {m.enterprise.id: float(m.enterprise.employees) for m in members if m.enterprise.employees is not None}
    for eid, p in percentiles(staff).items():
        out.setdefault(eid, (p, ScaleBasis.headcount))
    return out


def rank_targets_reference(
    store: GraphStore, scope: Scope, gaps: list[tuple[LinkStatus, ModeEntry]],
    weights: Mapping[str, float] | None = None, limit: int | None = None,
) -> tuple[TargetRow, ...]:
    """Scored rows for every gap link, best first; ``limit`` caps the rows of each kind.

    ``gaps`` pairs each gap link with the mode entry that proposes it (its priority is the
    ``link`` factor).
    """
    w = target_weights(weights)
    regions = store.regions()
    home = coordinates(regions, anchor_code(store, scope))
    members = {link.node_id: store.node_members(link.node_id, scope.filter, inside=False) for link, _ in gaps}
    ids = sorted({m.enterprise.id for ms in members.values() for m in ms})
    partners = local_partners(store, scope, ids) if w["supply"] > 0 else {}
    where_of: dict[str, tuple[tuple[float, float] | None, str]] = {}
    rows = []
    for link, entry in gaps:
        scale = _scale(members[link.node_id])
        for m in members[link.node_id]:
            e = m.enterprise
            if not e.active:
                continue
            key_v, key_r = tag_value(e.tags)
            scale_v, basis = scale.get(e.id, (0.0, ScaleBasis.unknown))
            if e.region_code not in where_of:
                name = regions.full_name(e.region_code) if e.region_code in regions else e.region_code
                where_of[e.region_code] = (coordinates(regions, e.region_code), name)
            where, region_name = where_of[e.region_code]
            km = distance_km(home, where) if home and where else None
            values = {"supply": 1.0 if e.id in partners else 0.0, "key": key_v, "scale": scale_v,
                      "link": entry.priority, "distance": max(0.0, 1 - km / MAX_DISTANCE_KM) if km is not None else 0.0}
            reasons = (*partners.get(e.id, []), *key_r, scale_reason(e, scale_v, basis), link_reason(link, entry),
                       distance_reason(scope, km))
            factors = {k: w[k] * values[k] for k in w}
            rows.append(TargetRow(enterprise_id=e.id, name=e.name, region_code=e.region_code, region_name=region_name,
                                  node_id=link.node_id, node_name=link.name, mode=entry.mode,
                                  kind=TargetKind.key if e.is_key else TargetKind.supporting,
                                  score=sum(factors.values()), factors=factors, reasons=reasons, tags=e.tags,
                                  revenue=e.revenue, employees=e.employees))
    order = lambda r: (-round(r.score, 9), r.enterprise_id, r.node_id)  # noqa: E731
    rows.sort(key=order)
    if limit is not None:
        kept = {k: [r for r in rows if r.kind is k][:limit] for k in TargetKind}
        rows = sorted(kept[TargetKind.key] + kept[TargetKind.supporting], key=order)
    return tuple(rows)
