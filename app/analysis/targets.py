"""Targets (招商名录): the groups a 招商 team would call for the scope's gap links, scored and explained.

The one home of the target ranking. For every gap link (missing or weak) the candidates are the
active enterprises of that link outside the scope (``GraphStore.candidates``, one call per link,
with the scale percentile among *all* the link's members, :mod:`app.store.scale`). Then
(:mod:`app.analysis.target_groups`):

1. every candidate is rolled up along ``parent_id`` to its group's decision-maker: **one row per
   group**, naming the gap links it could fill and the member plants working in each;
2. a group with an entity inside the scope is ``expansion`` (存量企业增资扩产), naming that entity;
3. a group with an entity (its head, a plant of a gap link, or any other entity below it: 吉利's 湘潭
   plant seen from 长沙) inside the scope's metropolitan or economic area (:mod:`app.datadir.areas`)
   is ``partner`` (区域协同伙伴), naming that entity, when ``TargetOptions.partners_apart`` (the
   default); expansion wins over partner;
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

A cut list (``limit`` or ``per_link``) whose candidates have no parents, or (``limit``) whose groups
the store gives as columns, is ranked over an exact shortlist first, the candidates whose score
bound could make the cut (:mod:`app.analysis.target_shortlist`); the rows are the whole ranking's, cut. A
``limit`` list over a store with ``Capability.member_columns`` bounds every group from a few columns before it
reads the candidates, and ranks only those it cannot leave out (:mod:`app.analysis.target_prefilter`).

>>> target_weights({"tie": 0.5})["tie"], target_weights()["scale"]
(0.5, 0.3)
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np

from app.analysis.results import LinkStatus, ModeEntry, Scope, TargetKind, TargetRole, TargetRow
from app.analysis.scope import anchor_code
from app.analysis.target_entries import FEASIBILITY, VALUE, Entries, HeadColumns
from app.analysis.target_groups import Presence, local_groups, presence_of, roll_up, supply_ties
from app.analysis.target_places import Near, Places
from app.analysis.target_prefilter import SPARE, bounds, members, prefiltered
from app.analysis.target_prefilter import prepare as prefilter_prepare
from app.analysis.target_rows import group_row, role, tag_value  # noqa: F401  (role, tag_value: re-exported)
from app.analysis.target_shortlist import grouped, settled, shortlists, solo
from app.datadir.areas import Areas, default_areas
from app.errors import InvalidInput
from app.store.base import GraphStore
from graph_schema.template import ChainTemplate

DEFAULT_WEIGHTS = {"tie": 0.40, "province": 0.15, "distance": 0.20, "plants": 0.25,
                   "scale": 0.30, "key": 0.25, "link": 0.20, "choke": 0.10, "breadth": 0.15}

__all__ = ["DEFAULT_WEIGHTS", "FEASIBILITY", "VALUE", "TargetOptions", "prepare", "rank_targets", "role", "tag_value", "target_weights"]


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


def prepare(store: GraphStore, areas: Areas | None = None) -> int:
    """Work out now what target lists keep per data version under the default weights and options (see
    :func:`app.analysis.target_prefilter.prepare`), as a serving worker does at its start; the number of links."""
    o = TargetOptions(areas=areas)
    return prefilter_prepare(store, target_weights(), o.balance, o.areas or default_areas(store.regions()))


def rank_targets(
    store: GraphStore, scope: Scope, template: ChainTemplate, gaps: list[tuple[LinkStatus, ModeEntry]],
    weights: Mapping[str, float] | None = None, limit: int | None = None, per_link: int | None = None,
    options: TargetOptions | None = None,
) -> tuple[TargetRow, ...]:
    """One row per group for the gap links, best first; ``limit`` caps the rows of each kind, ``per_link``
    the ``key``/``supporting`` rows of each link (the rows returned are those picked for some link).

    Every group is scored over columns (:class:`Entries`); models and reasons are built only for
    the rows kept.

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
    areas = o.areas or default_areas(regions)
    place = Places(regions, areas, anchor)
    near = Near(place) if o.partners_apart else None  # in the scope's area
    ranked = present = ties = None
    found = members(store, gaps, scope) if limit is not None and per_link is None else None
    columns = presence_of(store, scope, near) if found else None
    bounded = (bounds(found, w, o.balance, place, template, o.partners_apart, columns) if columns is not None
               and columns.orders is not None else None)  # every group bounded before its candidates are read
    for spare in SPARE if bounded is not None else ():
        cut, pre = prefiltered(store, scope, found, bounded, template, limit, spare)
        tried = _ranked(store, scope, template, cut, w, o, place, near, limit, None, columns, pre.probe, ties)
        e, g, s, order, ties = *tried[:4], tried[7]  # every group left out is below the cut of each kind it may be of
        if settled(order, s.kind, s.values["tie"] if o.tie_first else np.zeros(len(s.score)), s.score, e, g, pre.cuts, pre.dropped,
                   limit, None):
            ranked = tried
        if ranked is not None:
            break
    pools = [] if ranked is not None else [(link, entry, store.candidates(link.node_id, scope.filter)) for link, entry in gaps]
    pools = [p for p in pools if len(p[2])]
    if not pools and ranked is None:
        return ()
    columns = columns if found else (presence_of(store, scope, near) if pools and all(c.groups is not None for _, _, c in pools) else None)
    if ranked is None and (limit is not None or per_link is not None) and (grouped(pools, columns) or solo(pools)):  # a cut list
        present = columns or local_groups(store, scope, template.id, {}, (i for _, _, c in pools for i in c.ids), near)
        heads_here = {gid for gid, xs in (*present.here.items(), *present.around.items()) if gid not in xs}
        for cut, floor, left, probe in shortlists(pools, w, o.balance, place, template, o.partners_apart, heads_here, limit, per_link,
                                                  present):
            tried = _ranked(store, scope, template, cut, w, o, place, near, limit, per_link, present, probe, ties)
            e, g, s, order, ties = *tried[:4], tried[7]  # the ties are those of the local partners, in every shortlist
            if settled(order, s.kind, s.values["tie"] if o.tie_first else np.zeros(len(s.score)), s.score, e, g, floor, left,
                       limit, per_link):
                ranked = tried
                break
    e, g, s, order, keep, models, present, tie_of = ranked or _ranked(store, scope, template, pools, w, o, place, near, limit,
                                                                      per_link, present or columns, None, ties)
    member_ids = sorted({e.ids[k] for k in np.flatnonzero(np.isin(g, keep)).tolist()} | {e.groups[k] for k in keep}
                        | {i for k in keep for part in (present.here, present.around) for i in part.get(e.groups[k], ())})
    models.update(store.enterprises([i for i in member_ids if i not in models]))
    rows, region_name = [], partial(_region_name, regions)
    for k, at in zip(keep, s.at(keep), strict=True):
        facts = e.facts(k, models, scope, present, tie_of, place,
                        region_name, o.partners_apart, areas, anchor, at)
        rows.append(group_row(facts, at, TargetKind(s.kind[k]), TargetRole(s.role_names[s.role[k]]), w))
    return tuple(rows)


def _ranked(store: GraphStore, scope: Scope, template: ChainTemplate, pools: list, w: dict, o: TargetOptions, place, near,
            limit: int | None, per_link: int | None, present: Presence | None = None, like: Entries | None = None,
            ties: dict | None = None) -> tuple:
    """Every group of ``pools`` scored and ordered: (entries, group per entry, scores, order, groups kept, models read,
    local groups, ties); ``present`` the local groups and ``ties`` the ties when known (no candidate rolled up, every
    local partner in ``pools``); ``like`` see :meth:`Entries.of`."""
    e = Entries.of(pools, place, template, o.partners_apart, like)
    columns = [c.groups for _, _, c in pools]
    found = None
    if e.order is not None and all(x is not None for x in columns):
        found = present if getattr(present, "orders", None) is not None else presence_of(store, scope, near)
    if found is not None:  # the store's group columns: no model read per candidate (the same groups, the same presence)
        present = found
        top_ids, top_order = np.concatenate([x.top for x in columns]), np.concatenate([x.top_order for x in columns])
        g, numbers = e.group_by(top_ids, top_order)
        rolled_at = top_order != e.order
        rolled = bool(rolled_at.any())
        heads_at = np.unique(top_order[rolled_at])
        heads_at = np.searchsorted(numbers, heads_at[~np.isin(heads_at, e.order)])  # tops that are no candidate: group numbers
        if all(x.top_tag_of is not None and x.top_region_of is not None and x.top_revenue is not None for x in columns):
            first = e.first(heads_at)  # the heads' own tags, region and revenue from the columns: no model read
            models, heads = {}, HeadColumns(heads_at, *(np.concatenate([getattr(x, n) for x in columns])[first]
                                                        for n in ("top_tag_of", "top_region_of", "top_revenue")),
                                            pools[0][2].tag_sets, pools[0][2].region_codes)
        else:
            models = store.enterprises([e.groups[k] for k in heads_at.tolist()])
            heads = {k: models[e.groups[k]] for k in heads_at.tolist()}
    else:
        rolled_ids = [e.ids[n] for n in np.flatnonzero(np.array(e.parents, dtype=object).astype(bool)).tolist()]
        rolled = bool(rolled_ids)
        top, models = roll_up(store, rolled_ids) if rolled else ({}, {})
        if present is None or rolled:  # candidates are heads too: a group's local entity of another chain counts
            present = local_groups(store, scope, template.id, models, e.ids, near)
        g = e.group(top)
        candidate = set(e.ids) if models else set()
        heads = {k: models[gid] for gid in models if (k := e.number(gid)) is not None and gid not in candidate}
    flagged: dict[str, list[str]] = defaultdict(list)
    for k in np.flatnonzero(e.partner).tolist():
        flagged[e.ids[k]].append(e.nodes[e.link[k]])
    group_of = {e.ids[n]: e.groups[g[n]] for n in np.flatnonzero(e.partner).tolist()}
    tie_of: dict[tuple[str, str], list] = defaultdict(list) if ties is None or rolled else ties  # (group, link) -> ties
    for t in supply_ties(store, scope, template, flagged, group_of) if flagged and w["tie"] > 0 and tie_of is not ties else []:
        tie_of[(group_of[t.enterprise_id], t.node_id)].append(t)
    s = e.scores(g, w, o.balance, heads, tie_of, present, place, o.partners_apart)
    order = np.lexsort((e.group_rank(), -np.round(s.score, 9), -s.values["tie"] if o.tie_first else np.zeros(len(s.score))))
    return e, g, s, order, _kept(order, s.kind, e, g, limit, per_link), models, present, tie_of


def _kept(order: np.ndarray, kind: np.ndarray, e, g: np.ndarray, limit: int | None, per_link: int | None) -> list[int]:
    """Group numbers to build, best first: ``limit`` of each kind, or ``per_link`` key/supporting groups per link."""
    if per_link is not None:  # for each link, the first ``per_link`` key/supporting groups that work in it
        nodes = len(e.nodes)
        pairs = np.unique(g * nodes + e.link)
        group, link = pairs // nodes, pairs % nodes
        place = np.empty(len(order), dtype=np.int64)
        place[order] = np.arange(len(order))
        ok = np.isin(kind[group], [TargetKind.key.value, TargetKind.supporting.value])
        group, link = group[ok], link[ok]
        ranked = np.lexsort((place[group], link))
        group, link = group[ranked], link[ranked]
        start = np.searchsorted(link, link, "left")  # where each link's block begins
        chosen = np.unique(group[np.arange(len(link)) - start < per_link])
        return chosen[np.argsort(place[chosen])].tolist()
    if limit is None:
        return order.tolist()
    ranked = kind[order]
    places = np.sort(np.concatenate([np.flatnonzero(ranked == k)[:limit] for k in TargetKind]))  # places in the order
    return order[places].tolist()
