"""Targets (招商名录): enterprises outside the scope that work in its gap links, scored and explained.

The one home of the target ranking. For every gap link (missing or weak) the candidates are the
active enterprises of that link outside the scope, fetched as columns
(``GraphStore.candidates(node, scope)``: one call per gap link) with their scale factor already
computed (:mod:`app.store.scale`, the one percentile formula). Scores are computed over the
columns at once and models are fetched only for the rows kept (the best ``limit`` of each kind,
or ``per_link`` of each link), or taken from the candidates when the store already read them. On
a store that declares :attr:`~app.store.base.Capability.ranked_links` (each link's members kept
ranked), :mod:`app.analysis.target_shortlist` first walks them in an order kept per link and stops
where no further member can reach the cut, so only those few members are scored, whatever the
size of the link. ``tests/reference/targets.py`` keeps the one-model-per-candidate version this
must agree with row for row. Each candidate gets, per link, a score = Σ weight × factor value with
every value in [0, 1]:

- ``supply`` 1 when it supplies or buys from an active local enterprise (以商招商), else 0;
- ``key`` 1 for 链主 or 世界500强, 0.75 for 上市 or 小巨人, 0.4 for 专精特新 or 高新技术企业, else 0;
- ``scale`` its percentile within the link's candidates by revenue (by headcount when it has no
  revenue): the largest 1, the smallest 0, ties share their average rank;
- ``link`` the priority of the link's best mode entry;
- ``distance`` 1 − d / 2000 km (0 beyond), d between the centres of its region and the scope's.

``factors`` holds the weighted contributions, which add up to ``score``. Rows are split into
``key`` 重点企业 (tags 链主, 上市, 小巨人, 世界500强) and ``supporting`` 配套企业.

>>> target_weights({"supply": 0.5})["supply"], target_weights()["scale"]
(0.5, 0.2)
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

import numpy as np

from app.analysis.results import LinkStatus, ModeEntry, Reason, Scope, TargetKind, TargetRow
from app.analysis.scope import anchor_code, coordinates, local_ids
from app.analysis.target_shortlist import shortlist
from app.errors import InvalidInput
from app.store.base import Candidates, GraphStore, ranked_links
from graph_schema.models import KEY_TAGS, Enterprise

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


def tag_value(tags: tuple[str, ...]) -> tuple[float, list[Reason]]:
    for group, value in _TAG_VALUES:
        hit = [t for t in tags if t in group]
        if hit:
            return value, [Reason(zh=f"重点标签：{'、'.join(hit)}", en=f"key tags: {', '.join(hit)}")]
    return 0.0, []


def scale_reason(e: Enterprise, p: float, basis: int) -> Reason:
    """The ``scale`` factor in words; ``basis`` 1 revenue, 2 headcount, 0 unknown."""
    if basis == 1:
        return Reason(zh=f"营收 {e.revenue:g} 亿元，规模分位 {p:.0%}",
                      en=f"revenue {e.revenue:g} ×100M CNY, percentile {p:.0%} in the link")
    if basis == 2:
        staff = int(float(e.employees))
        return Reason(zh=f"员工 {staff} 人，规模分位 {p:.0%}", en=f"headcount {staff}, percentile {p:.0%} in the link")
    return Reason(zh="规模未知", en="size unknown")


def local_partners(store: GraphStore, scope: Scope, ids: list[str]) -> dict[str, list[Reason]]:
    """For each of ``ids``, reasons naming its active local suppliers and customers (以商招商)."""
    relations = store.supply_of(ids)
    wanted = set(ids)
    others = store.enterprises(sorted({s.customer_id if s.supplier_id in wanted else s.supplier_id for s in relations}
                                      | {s.supplier_id for s in relations if s.customer_id in wanted}))
    local = local_ids(store, scope, [e for e in others.values() if e.active])
    out: dict[str, list[Reason]] = defaultdict(list)
    for s in relations:
        if s.supplier_id in wanted and s.customer_id in local:
            name = others[s.customer_id].name
            out[s.supplier_id].append(Reason(zh=f"为本地企业{name}供货（以商招商）", en=f"supplies the local enterprise {name}"))
        if s.customer_id in wanted and s.supplier_id in local:
            name = others[s.supplier_id].name
            out[s.customer_id].append(Reason(zh=f"采购本地企业{name}的产品（以商招商）", en=f"buys from the local enterprise {name}"))
    return dict(out)


def link_reason(link: LinkStatus, entry: ModeEntry) -> Reason:
    """The ``link`` factor in words: the gap link, its mode and priority."""
    return Reason(zh=f"目标环节“{link.name}”（{entry.mode.value}）优先级 {entry.priority:.2f}",
                  en=f"gap link {link.name_en}, priority {entry.priority:.2f}")


def distance_reason(scope: Scope, km: float | None) -> Reason:
    """The ``distance`` factor in words (``km`` None when a region's place is unknown)."""
    if km is None:
        return Reason(zh="距离未知", en="distance unknown")
    return Reason(zh=f"距{scope.name}约 {km:.0f} 公里", en=f"about {km:.0f} km from {scope.name}")


@lru_cache(maxsize=1 << 16)
def _point(regions, code: str) -> tuple[float, float, float] | None:
    """(lon, lat, cos lat) in radians of a region (None when unknown); the same for every request."""
    where = coordinates(regions, code)
    if where is None:
        return None
    lon, lat = map(math.radians, where)
    return lon, lat, math.cos(lat)


@lru_cache(maxsize=1 << 14)
def _region_name(regions, code: str) -> str:
    return regions.full_name(code) if code in regions else code


class RegionKm:
    """Distance in km from a home to the region codes of a code list, each computed the first time it is needed.

    >>> from app.regions import RegionIndex
    >>> km = RegionKm(RegionIndex.national(), (104.07, 30.67))
    >>> [round(x) for x in km(["420100", "510100", "999999"], np.array([0, 0, 2]))[:2]], bool(np.isnan(km(["999999"], np.array([0]))[0]))
    ([979, 979], True)
    """

    def __init__(self, regions, home: tuple[float, float] | None):
        self._regions, self._home = regions, home
        self._known: dict[int, tuple] = {}  # id of a code list -> (the list, km by number, computed or not)
        if home:
            self._lon, self._lat = map(math.radians, home)
            self._cos = math.cos(self._lat)

    def _km(self, code: str) -> float:
        """:func:`app.analysis.scope.distance_km` term by term (so the same floats), the region's radians kept."""
        p = _point(self._regions, code)
        if p is None or not self._home:
            return math.nan
        sin = math.sin
        return 2 * 6371.0 * math.asin(math.sqrt(sin((p[1] - self._lat) / 2) ** 2 + self._cos * p[2] * sin((p[0] - self._lon) / 2) ** 2))

    def __call__(self, codes: list[str], nos: np.ndarray) -> np.ndarray:
        hit = self._known.get(id(codes))
        if hit is None or hit[0] is not codes or len(hit[1]) < len(codes):  # a new list, or codes added since
            km = np.full(len(codes), np.nan)
            done = np.zeros(len(codes), dtype=bool)
            if hit is not None and hit[0] is codes:
                km[:len(hit[1])], done[:len(hit[2])] = hit[1], hit[2]
            hit = self._known[id(codes)] = (codes, km, done)
        _, km, done = hit
        for no in np.unique(nos[~done[nos]]).tolist():
            km[no], done[no] = self._km(codes[no]), True
        return km[nos]


@lru_cache(maxsize=64)
def _region_km(regions, home: tuple[float, float] | None) -> RegionKm:
    """One :class:`RegionKm` per home, kept across requests (a region's distance never changes)."""
    return RegionKm(regions, home)


def closeness_of(km: np.ndarray) -> np.ndarray:
    """The ``distance`` factor of distances in km (0 when unknown or beyond :data:`MAX_DISTANCE_KM`)."""
    return np.where(np.isnan(km), 0.0, np.maximum(0.0, 1 - km / MAX_DISTANCE_KM))


def _best(score: np.ndarray, count: int) -> np.ndarray:
    """Indices whose score could be among the ``count`` best once rounded to 9 places (ties kept)."""
    if count <= 0:
        return np.arange(0)
    if count >= len(score):
        return np.arange(len(score))
    cut = np.partition(score, len(score) - count)[len(score) - count]
    return np.flatnonzero(score >= cut - 1e-8)


@lru_cache(maxsize=64)
def _tag_columns(tag_sets: tuple[tuple[str, ...], ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per tag set: key enterprise or not, and the ``key`` factor value."""
    return (np.array([not KEY_TAGS.isdisjoint(t) for t in tag_sets], dtype=bool),
            np.array([tag_value(t)[0] for t in tag_sets], dtype=float))


def _link_scores(c: Candidates, entry: ModeEntry, w: Mapping[str, float], km: RegionKm):
    """Factor value columns, score column, is-key column, scale basis and km column of one link's candidates."""
    key_of, value_of = _tag_columns(tuple(c.tag_sets))
    is_key, key_v = key_of[c.tag_of], value_of[c.tag_of]
    scale_v, basis = c.scale, c.basis
    km_v = km(c.region_codes, c.region_of)
    dist_v = closeness_of(km_v)
    values = {"supply": c.partner.astype(float), "key": key_v, "scale": scale_v,
              "link": np.full(len(c), entry.priority), "distance": dist_v}
    score = 0
    for k in w:
        score = score + w[k] * values[k]
    return values, score, is_key, basis, km_v


def rank_targets(
    store: GraphStore, scope: Scope, gaps: list[tuple[LinkStatus, ModeEntry]],
    weights: Mapping[str, float] | None = None, limit: int | None = None, per_link: int | None = None,
) -> tuple[TargetRow, ...]:
    """Scored rows for every gap link, best first; ``limit`` caps the rows of each kind, ``per_link`` those of each link.

    ``gaps`` pairs each gap link with the mode entry that proposes it (its priority is the
    ``link`` factor). With ``limit`` the best rows of each kind are picked from the score
    columns of all gap links together, so only those rows are ever built.
    """
    w = target_weights(weights)
    regions = store.regions()
    km = _region_km(regions, coordinates(regions, anchor_code(store, scope)))
    scored = []  # (link, entry, candidates, factor value columns, score, is_key, basis, km)
    only, ranked = None, ranked_links(store)
    if ranked is not None and (limit is not None or per_link is not None):  # members kept ranked: shortlist
        only = shortlist(ranked, scope.filter, [(link.node_id, entry.priority) for link, entry in gaps], w,
                         per_link if per_link is not None else limit, per_link is not None,
                         lambda tag_sets: _tag_columns(tuple(tag_sets)), lambda codes, nos: closeness_of(km(codes, nos)))
    for link, entry in gaps:
        if only is not None:
            if not len(only.get(link.node_id, ())):
                continue
            c = ranked.candidates(link.node_id, scope.filter, only[link.node_id])
        else:
            c = store.candidates(link.node_id, scope.filter)
        if not len(c):
            continue
        scored.append((link, entry, c, *_link_scores(c, entry, w, km)))
    keep_of: list[np.ndarray]
    if per_link is not None:
        keep_of = [_best(s[4], per_link) for s in scored]
    elif limit is not None:
        keep_of = [np.arange(0) for _ in scored]
        if scored:
            link_no = np.concatenate([np.full(len(s[4]), i) for i, s in enumerate(scored)])
            index = np.concatenate([np.arange(len(s[4])) for s in scored])
            score = np.concatenate([s[4] for s in scored])
            is_key = np.concatenate([s[5] for s in scored])
            chosen = np.concatenate([np.flatnonzero(kind)[_best(score[kind], limit)] for kind in (is_key, ~is_key)])
            for i in range(len(scored)):
                keep_of[i] = np.sort(index[chosen[link_no[chosen] == i]])
    else:
        keep_of = [np.arange(len(s[4])) for s in scored]
    picked = []  # (link, entry, candidate columns, index, factor values, scale basis, km)
    for (link, entry, c, values, _, _, basis, km_v), keep in zip(scored, keep_of, strict=True):
        picked.extend((link, entry, c, int(i), {k: float(v[i]) for k, v in values.items()}, int(basis[i]), float(km_v[i]))
                      for i in keep.tolist())
    ids = sorted({c.ids[i] for _, _, c, i, _, _, _ in picked})
    models = {i: m for _, _, c, *_ in scored for i, m in c.models.items()}  # read already to build the candidates
    missing = [i for i in ids if i not in models]
    models.update(store.enterprises(missing) if missing else {})
    linked = sorted({c.ids[i] for _, _, c, i, values, _, _ in picked if values["supply"] > 0})  # the rest have no local partner
    partners = local_partners(store, scope, linked) if w["supply"] > 0 and linked else {}
    rows = []
    for link, entry, c, i, values, basis, far in picked:
        e = models[c.ids[i]]
        far = None if far != far else far  # NaN: distance unknown
        reasons = (*partners.get(e.id, []), *tag_value(e.tags)[1], scale_reason(e, values["scale"], basis),
                   link_reason(link, entry), distance_reason(scope, far))
        factors = {k: w[k] * values[k] for k in w}
        rows.append(TargetRow(enterprise_id=e.id, name=e.name, region_code=e.region_code,
                              region_name=_region_name(regions, e.region_code), node_id=link.node_id,
                              node_name=link.name, mode=entry.mode,
                              kind=TargetKind.key if e.is_key else TargetKind.supporting, score=sum(factors.values()),
                              factors=factors, reasons=reasons, tags=e.tags, revenue=e.revenue, employees=e.employees))
    rows.sort(key=lambda r: (-round(r.score, 9), r.enterprise_id, r.node_id))
    if per_link is not None:
        seen: dict[str, int] = defaultdict(int)
        kept = []
        for r in rows:
            seen[r.node_id] += 1
            if seen[r.node_id] <= per_link:
                kept.append(r)
        rows = kept
    if limit is not None:
        kept = {k: [r for r in rows if r.kind is k][:limit] for k in TargetKind}
        rows = sorted(kept[TargetKind.key] + kept[TargetKind.supporting], key=lambda r: (-round(r.score, 9), r.enterprise_id, r.node_id))
    return tuple(rows)
