"""Targets (招商名录): enterprises outside the scope that work in its gap links, scored and explained.

For every gap link (missing or weak) the candidates are the active enterprises of that link
outside the scope (``GraphStore.node_members(node, scope, inside=False)``: one call per gap link,
never the whole country). Each candidate gets, per link, a score = Σ weight × factor value with
every value in [0, 1]:

- ``supply`` 1 when it supplies or buys from an active local enterprise (以商招商), else 0;
- ``key`` 1 for 链主 or 世界500强, 0.75 for 上市 or 小巨人, 0.4 for 专精特新 or 高新技术企业, else 0;
- ``scale`` its percentile within the link's candidates by revenue (by headcount when it has no
  revenue): the largest 1, the smallest 0, ties share their average rank;
- ``link`` the priority of the link's best mode entry;
- ``distance`` 1 − d / 2000 km (0 beyond), d between the centres of its region and the scope's.

``factors`` holds the weighted contributions, which add up to ``score``. Rows are split into
``key`` 重点企业 (tags 链主, 上市, 小巨人, 世界500强) and ``supporting`` 配套企业.

>>> percentiles({"a": 10.0, "b": 30.0, "c": 20.0, "d": 20.0})
{'a': 0.0, 'b': 1.0, 'c': 0.5, 'd': 0.5}
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from app.analysis.models import LinkStatus, ModeEntry, Scope, TargetKind, TargetRow
from app.analysis.scope import anchor_code, coordinates, distance_km, enterprise_in_scope
from app.errors import InvalidInput
from app.store.base import GraphStore, Member

DEFAULT_WEIGHTS = {"supply": 0.30, "key": 0.20, "scale": 0.20, "link": 0.20, "distance": 0.10}
MAX_DISTANCE_KM = 2000.0
_TAG_VALUES = (({"链主", "世界500强"}, 1.0), ({"上市", "小巨人"}, 0.75), ({"专精特新", "高新技术企业"}, 0.4))


def target_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The default weights overridden by ``weights``; unknown names or negative values are refused."""
    merged = dict(DEFAULT_WEIGHTS)
    for k, v in (weights or {}).items():
        if k not in DEFAULT_WEIGHTS:
            raise InvalidInput(f"未知的评分因子 {k}，可选 {', '.join(DEFAULT_WEIGHTS)} (unknown factor {k!r})")
        if v < 0:
            raise InvalidInput(f"因子 {k} 的权重不能为负 (weight of {k} must not be negative)")
        merged[k] = float(v)
    return merged


def percentiles(values: Mapping[str, float]) -> dict[str, float]:
    """Rank percentile in [0, 1] of each value (largest 1, smallest 0, ties averaged; one value → 1)."""
    ordered = sorted(values.values())
    n = len(ordered)
    out = {}
    for k, v in values.items():
        below = sum(1 for x in ordered if x < v)
        ties = sum(1 for x in ordered if x == v)
        out[k] = 1.0 if n == 1 else (below + (ties - 1) / 2) / (n - 1)
    return out


def tag_value(tags: tuple[str, ...]) -> tuple[float, list[str]]:
    for group, value in _TAG_VALUES:
        hit = [t for t in tags if t in group]
        if hit:
            return value, [f"重点标签：{'、'.join(hit)} (key tags: {', '.join(hit)})"]
    return 0.0, []


def _scale(members: list[Member]) -> dict[str, tuple[float, str]]:
    revenue = {m.enterprise.id: m.enterprise.revenue for m in members if m.enterprise.revenue is not None}
    staff = {m.enterprise.id: float(m.enterprise.employees) for m in members
             if m.enterprise.revenue is None and m.enterprise.employees is not None}
    out = {}
    for eid, p in percentiles(revenue).items():
        out[eid] = (p, f"营收 {revenue[eid]:g} 亿元，规模分位 {p:.0%} (revenue {revenue[eid]:g} ×100M CNY, percentile {p:.0%} in the link)")
    all_staff = {m.enterprise.id: float(m.enterprise.employees) for m in members if m.enterprise.employees is not None}
    for eid, p in percentiles(all_staff).items():
        if eid in staff:
            out[eid] = (p, f"员工 {int(staff[eid])} 人，规模分位 {p:.0%} (headcount {int(staff[eid])}, percentile {p:.0%} in the link)")
    return out


def local_partners(store: GraphStore, scope: Scope, ids: list[str]) -> dict[str, list[str]]:
    """For each of ``ids``, reasons naming its active local suppliers and customers (以商招商)."""
    relations = store.supply_of(ids)
    wanted = set(ids)
    others = store.enterprises(sorted({s.customer_id if s.supplier_id in wanted else s.supplier_id for s in relations}
                                      | {s.supplier_id for s in relations if s.customer_id in wanted}))
    local = {eid for eid, e in others.items() if e.active and enterprise_in_scope(store, scope, e)}
    out: dict[str, list[str]] = defaultdict(list)
    for s in relations:
        if s.supplier_id in wanted and s.customer_id in local:
            name = others[s.customer_id].name
            out[s.supplier_id].append(f"为本地企业{name}供货（以商招商） (supplies the local enterprise {name})")
        if s.customer_id in wanted and s.supplier_id in local:
            name = others[s.supplier_id].name
            out[s.customer_id].append(f"采购本地企业{name}的产品（以商招商） (buys from the local enterprise {name})")
    return dict(out)


def rank_targets(
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
            scale_v, scale_r = scale.get(e.id, (0.0, "规模未知 (size unknown)"))
            if e.region_code not in where_of:
                name = regions.full_name(e.region_code) if e.region_code in regions else e.region_code
                where_of[e.region_code] = (coordinates(regions, e.region_code), name)
            where, region_name = where_of[e.region_code]
            km = distance_km(home, where) if home and where else None
            values = {"supply": 1.0 if e.id in partners else 0.0, "key": key_v, "scale": scale_v,
                      "link": entry.priority, "distance": max(0.0, 1 - km / MAX_DISTANCE_KM) if km is not None else 0.0}
            reasons = [*partners.get(e.id, []), *key_r, scale_r,
                       f"目标环节“{link.name}”（{entry.mode.value}）优先级 {entry.priority:.2f} (gap link {link.name_en}, priority {entry.priority:.2f})",
                       f"距{scope.name}约 {km:.0f} 公里 (about {km:.0f} km from {scope.name})" if km is not None
                       else "距离未知 (distance unknown)"]
            factors = {k: w[k] * values[k] for k in w}
            rows.append(TargetRow(e.id, e.name, e.region_code, region_name, link.node_id, link.name, entry.mode,
                                  TargetKind.key if e.is_key else TargetKind.supporting, sum(factors.values()), factors,
                                  tuple(reasons), e.tags, e.revenue, e.employees))
    rows.sort(key=lambda r: (-round(r.score, 9), r.enterprise_id, r.node_id))
    if limit is not None:
        kept = {k: [r for r in rows if r.kind is k][:limit] for k in TargetKind}
        rows = sorted(kept[TargetKind.key] + kept[TargetKind.supporting], key=lambda r: (-round(r.score, 9), r.enterprise_id, r.node_id))
    return tuple(rows)
