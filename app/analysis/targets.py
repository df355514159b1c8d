"""Targets (招商名录): the groups a 招商 team would call for the scope's gap links, scored and explained.

The one home of the target ranking. For every gap link (missing or weak) the candidates are the
active enterprises of that link outside the scope (``GraphStore.candidates``, one call per link,
with the scale percentile among *all* the link's members, :mod:`app.store.scale`). Then
(:mod:`app.analysis.target_groups`):

1. every candidate is rolled up along ``parent_id`` to its group's decision-maker: **one row per
   group**, naming the gap links it could fill and the member plants working in each;
2. a group with an entity inside the scope is ``expansion`` (存量企业增资扩产), naming that entity;
3. a group with an entity (its head or a plant of a gap link) inside the scope's metropolitan or
   economic area (:mod:`app.datadir.areas`) is ``partner`` (区域协同伙伴) when
   ``TargetOptions.partners_apart`` (the default);
4. every other group is ``key`` (重点企业) or ``supporting`` (配套企业) by its :func:`role`.

Each row has two scores in [0, 1], each the weighted mean of its factors (all in [0, 1]):

- ``feasibility`` 落地可能性: ``tie`` (以商招商: 1 a full cross-group supply tie with a local firm,
  0.5 a partial one), ``province`` (the group already has an entity in the scope's province),
  ``distance`` (1 − d / 2000 km for its nearest entity), ``plants`` (cities it has entities in:
  (n − 1) / 3, at most 1: a group that builds plants elsewhere);
- ``value`` 招引价值: ``scale`` (its best scale percentile in a gap link), ``key`` (1 for 链主 or
  世界500强, 0.75 上市 or 小巨人, 0.4 专精特新 or 高新技术企业), ``link`` (the best priority of its
  links), ``choke`` (1 when one of its links is a choke point), ``breadth`` (links it fills / 3, at most 1).

``score = balance × feasibility + (1 − balance) × value`` (``balance`` 0.5 by default). Rows are
ordered by score, except that with ``tie_first`` (the default) a group with a stronger 以商招商 tie
comes before any without, whatever its size and tags: the spec's strongest signal.

>>> target_weights({"tie": 0.5})["tie"], target_weights()["scale"]
(0.5, 0.3)
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.analysis.results import LinkStatus, ModeEntry, Scope, TargetKind, TargetRow
from app.analysis.scope import anchor_code, coordinates, distance_km
from app.analysis.target_groups import local_groups, roll_up, supply_ties
from app.analysis.target_rows import GroupFacts, group_row, role, tag_value
from app.datadir.areas import Areas, default_areas
from app.errors import InvalidInput
from app.store.base import GraphStore
from app.store.scale import ScaleBasis, percentile_array
from graph_schema.template import ChainTemplate

FEASIBILITY = ("tie", "province", "distance", "plants")
VALUE = ("scale", "key", "link", "choke", "breadth")
DEFAULT_WEIGHTS = {"tie": 0.40, "province": 0.15, "distance": 0.20, "plants": 0.25,
                   "scale": 0.30, "key": 0.25, "link": 0.20, "choke": 0.10, "breadth": 0.15}
MAX_DISTANCE_KM = 2000.0

__all__ = ["DEFAULT_WEIGHTS", "FEASIBILITY", "VALUE", "TargetOptions", "rank_targets", "role", "tag_value", "target_weights"]


@dataclass(frozen=True)
class TargetOptions:
    """How the list is cut: the areas (None: the shipped file), partners apart, ties first, and the score's balance."""

    areas: Areas | None = None
    partners_apart: bool = True
    tie_first: bool = True
    balance: float = 0.5

    def __post_init__(self):
        if not 0.0 <= self.balance <= 1.0:
            raise InvalidInput(f"balance 应在 0 到 1 之间 (balance must be within [0, 1], got {self.balance})")


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


@lru_cache(maxsize=1 << 14)
def _region_name(regions, code: str) -> str:
    return regions.full_name(code) if code in regions else code


def _closeness(home, regions, code: str) -> tuple[float, float | None]:
    where = coordinates(regions, code)
    if home is None or where is None:
        return 0.0, None
    km = distance_km(home, where)
    return max(0.0, 1 - km / MAX_DISTANCE_KM), km


def rank_targets(
    store: GraphStore, scope: Scope, template: ChainTemplate, gaps: list[tuple[LinkStatus, ModeEntry]],
    weights: Mapping[str, float] | None = None, limit: int | None = None, per_link: int | None = None,
    options: TargetOptions | None = None,
) -> tuple[TargetRow, ...]:
    """One row per group for the gap links, best first; ``limit`` caps the rows of each kind, ``per_link``
    the ``key``/``supporting`` rows of each link (the rows returned are those picked for some link).

    Examples
    --------
    >>> from app.analysis.service import gap_entries, gap_report, resolve_scope
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> store = toy_store()
    >>> scope = resolve_scope(store, region="510100")
    >>> rows = rank_targets(store, scope, store.chain("toy"), gap_entries(gap_report(store, "toy", scope)))
    >>> all(0 <= r.feasibility <= 1 and 0 <= r.value <= 1 for r in rows)
    True
    """
    o = options or TargetOptions()
    w = target_weights(weights)
    regions = store.regions()
    anchor = anchor_code(store, scope)
    home = coordinates(regions, anchor)
    areas = o.areas or default_areas(regions)
    pools = [(link, entry, store.candidates(link.node_id, scope.filter)) for link, entry in gaps]
    pools = [p for p in pools if len(p[2])]
    known = {i: m for _, _, c in pools for i, m in c.models.items()}
    top, models = roll_up(store, [i for _, _, c in pools for i in c.ids], known)
    present = local_groups(store, scope, template.id, models)
    scale_of: dict[tuple[str, str], tuple[float, int]] = {}
    links_of: dict[str, list[str]] = defaultdict(list)
    flagged: dict[str, list[str]] = {}
    groups: dict[str, dict[str, list[str]]] = defaultdict(dict)
    revenue_of: dict[str, np.ndarray] = {}
    for link, _, c in pools:
        ids = list(c.ids)
        revenue_of[link.node_id] = c.revenue[~np.isnan(c.revenue)]
        for k, i in enumerate(ids):
            scale_of[(i, link.node_id)] = (float(c.scale[k]), int(c.basis[k]))
            links_of[i].append(link.node_id)
            groups[top[i]].setdefault(link.node_id, []).append(i)
            if c.partner[k]:
                flagged[i] = links_of[i]
    tie_of: dict[tuple[str, str], list] = defaultdict(list)  # (group, link) -> ties
    for t in supply_ties(store, scope, template, flagged, top) if flagged and w["tie"] > 0 else []:
        tie_of[(top[t.enterprise_id], t.node_id)].append(t)
    entry_of = {link.node_id: (link, entry) for link, entry, _ in pools}
    province = regions.province_of(anchor) if anchor in regions else None
    rows = []
    for group_id, by_link in groups.items():
        head = models[group_id]
        member_ids = sorted({i for ms in by_link.values() for i in ms})
        entities = [head, *(models[i] for i in member_ids if i != group_id)]
        near = [(*_closeness(home, regions, e.region_code), e) for e in entities]
        close, km, nearest = max(near, key=lambda x: (x[0], x[2].id))
        cities = {regions.city_of(e.region_code) or e.region_code for e in entities if e.region_code in regions}
        in_area = tuple(e for e in entities if o.partners_apart and areas.together(anchor, e.region_code))
        facts = GroupFacts(
            head=head, by_link=by_link, models=models, entry_of=entry_of, template=template, scope=scope,
            present=tuple(present.get(group_id, ())), ties={n: tie_of.get((group_id, n), []) for n in by_link},
            scale_of=scale_of, head_scale=_head_scale(head, by_link, scale_of, revenue_of),
            closeness=close, km=km, nearest=nearest,
            in_province=province is not None and any(regions.province_of(e.region_code) == province
                                                     for e in entities if e.region_code in regions),
            cities=len(cities), in_area=in_area,
            area=sorted(areas.of(anchor) & set().union(*(areas.of(e.region_code) for e in in_area))) if in_area else None,
            region_name=lambda code: _region_name(regions, code))
        rows.append(group_row(facts, w, o.balance))
    def order(r: TargetRow) -> tuple:
        return (-r.tie if o.tie_first else 0.0, -round(r.score, 9), r.enterprise_id)

    rows.sort(key=order)
    if per_link is not None:
        kept: set[str] = set()
        for node in entry_of:
            kept.update([r.enterprise_id for r in rows if node in r.node_ids
                         and r.kind in (TargetKind.key, TargetKind.supporting)][:per_link])
        rows = [r for r in rows if r.enterprise_id in kept]
    if limit is not None:
        rows = [r for k in TargetKind for r in [x for x in rows if x.kind is k][:limit]]
        rows.sort(key=order)
    return tuple(rows)


def _head_scale(head, by_link, scale_of, revenue_of) -> tuple[float, int] | None:
    """The decision-maker's revenue percentile among a link's candidates, for a group none of whose plants has a size."""
    if head.revenue is None or any(scale_of[(i, n)][1] != ScaleBasis.unknown for n, ms in by_link.items() for i in ms):
        return None
    best = 0.0
    for node in by_link:
        values = np.append(revenue_of[node], head.revenue)
        best = max(best, float(percentile_array(values)[-1]))
    return best, int(ScaleBasis.revenue)
