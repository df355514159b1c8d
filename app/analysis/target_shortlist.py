"""An exact shortlist of a cut target list: the candidates whose score could make the cut, found by a bound.

When no candidate has a parent (every group is one enterprise), each entry (a candidate in one gap
link) bounds its enterprise's score from above: its own scale, tags, province and distance, with
the best link priority and choke point of the gap links, full breadth, no other cities
(``plants`` 0) and a full tie when it has a local partner. The enterprise's score is at most the
bound of its entry in the link where its scale is highest, so an enterprise whose entries are all
bounded below ``floor`` scores below ``floor``.

With groups given as columns by the store (``Capability.group_columns``: each entry's top, and the
top's own tags, region and revenue) a whole group is bounded at once (:func:`_group_bounds`): each
factor of a group is at most the maximum over its entries and its top (as :meth:`Entries.scores`
takes them), its ``plants`` at most (its entries rolled up) / 3, and its scale that of its sized
entries, else 1 when its top has a revenue; a group is kept or left out with all its entries, and
the heads' scale is ranked among the whole pools. Groups with a tie, in the area or present in
the scope or its area (the store's :class:`~app.analysis.target_groups.Presence`) are always kept.

A shortlist keeps every entry of the enterprises with an entry bounded at ``floor`` or more, and
of all those that could be ranked apart whatever their score: local partners (以商招商 ties come
first), candidates in the scope's area (``partner``) and group heads of local plants
(``expansion``). The list ranked over it is the whole list's when :func:`settled`: every kind (and,
for ``per_link``, every link) cut has its last kept row at ``floor`` or above, or nothing left out.
Otherwise the floor is lowered (up to the whole list).

>>> _floors(np.array([0.9, 0.1, 0.5, 0.7]), 2).tolist()
[0.7, 0.1]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from app.analysis.results import TargetKind
from app.analysis.target_entries import Entries, _tags, shares
from app.analysis.target_rows import assembly_links, is_service

MARGIN = 1e-7  # scores are rounded to 9 places and summed in another order than the bound: kept rows clear the floor by this
FIRST = 400    # entries above the first floor; each later floor lets four times as many in


def _floors(bounds: np.ndarray, first: int) -> np.ndarray:
    """Floors letting in about ``first``, then four times as many entries, … down to the lowest bound."""
    ordered = -np.sort(-bounds)
    out, k = [], first
    while k < len(ordered):
        out.append(ordered[k - 1])
        k *= 4
    return np.array([*out, ordered[-1]] if len(ordered) else [], dtype=float)


def _kth(bounds: np.ndarray, k: int) -> float:
    """The ``k``-th highest of ``bounds`` (the lowest when fewer; +inf when none)."""
    if not len(bounds):
        return float("inf")
    return float(-np.partition(-bounds, k - 1)[k - 1]) if k < len(bounds) else float(bounds.min())


def solo(pools: list) -> bool:
    """Whether no candidate of the pools has a parent (every group is one enterprise)."""
    return not any(np.asarray(c.parents, dtype=object).astype(bool).any() for _, _, c in pools if len(c.parents))


def grouped(pools: list, present) -> bool:
    """Whether every pool carries the store's group columns and ``present`` came from them (groups bounded as wholes)."""
    return getattr(present, "orders", None) is not None and all(c.groups is not None and c.order is not None for _, _, c in pools)


def shortlists(pools: list, w: dict, balance: float, place: Callable, template, partners_apart: bool,
               heads_here: set[str], limit: int | None, per_link: int | None, present=None):
    """(pools cut to a shortlist, floor, entries left out per pool, the probe's entries) for lower and lower floors;
    none when a candidate has a parent and the groups are not given as columns (:func:`grouped`; then, and for
    ``per_link`` with groups, the whole list is ranked).

    The first floor is a guess: for ``limit``, low enough to let in ``16 × limit`` entries that would
    make their enterprise ``key`` (role 链主, 成品制造商 or 核心配套) and as many that would not; for ``per_link``,
    ``16 × per_link`` entries of every link. Later floors let in four times as many entries each.
    """
    by_group = grouped(pools, present) and per_link is None  # per link: the enterprises' own bounds (no groups) only
    if not by_group and not solo(pools):
        return
    probe = Entries([(link, entry) for link, entry, _ in pools], template)
    probe.revenue_of = {link.node_id: c.revenue[~np.isnan(c.revenue)] for link, _, c in pools}  # a head's scale: whole pools
    fw, vw = shares(w, balance)
    best_link = max(entry.priority for _, entry, _ in pools)
    best_choke = max(float(template.node(link.node_id).chokepoint) for link, _, _ in pools)
    rest = vw["link"] * best_link + vw["choke"] * best_choke + vw["breadth"]
    bounds, always, codes, cols = [], [], [], defaultdict(list)
    assembly, service = assembly_links(template), {n for n in probe.nodes if is_service(template, n)}
    for (link, entry, c) in pools:
        at = probe._places(c, place, partners_apart)[c.region_of]
        key = _tags(tuple(c.tag_sets))[0][c.tag_of]
        partner = np.asarray(c.partner, dtype=bool)
        scale = np.where(np.asarray(c.basis) > 0, c.scale, 0.0)
        if by_group:  # the group columns only: the entries' own bounds and kinds below are not used
            _group_columns(cols, c, probe, at, key, partner, scale, place, partners_apart,
                           (entry.priority, float(template.node(link.node_id).chokepoint)),
                           (link.node_id in assembly, link.node_id in service, template.node(link.node_id).is_core))
            continue
        bounds.append(fw["tie"] * partner + fw["province"] * at[:, 1] + fw["distance"] * at[:, 0]
                      + vw["scale"] * scale + vw["key"] * key + rest)
        keep = partner | (at[:, 2] > 0)
        if heads_here:
            keep |= np.fromiter((i in heads_here for i in c.ids), dtype=bool, count=len(c))
        always.append(keep)
        _, leader, keytag = _tags(tuple(c.tag_sets))
        big = (scale >= 0.75) | (template.node(link.node_id).is_core & (scale >= 0.5)) | keytag[c.tag_of]
        codes.append(np.full(len(c), link.node_id in assembly) | leader[c.tag_of]
                     | (big & (link.node_id not in service)))  # the entry alone would make its enterprise key
    numbered = all(c.order is not None for _, _, c in pools)  # enterprises told apart by integers, else by id
    starts = np.cumsum([0, *(len(c) for _, _, c in pools)])
    if by_group:  # every entry bounded by its whole group, kept or left out with it
        ids, bound, forced, lead = _group_bounds({k: np.concatenate(v) for k, v in cols.items()}, fw, vw, present.orders)
        floors = _kind_floors(bound, ~forced, lead, limit or 1)  # a floor per kind, letting in 16, 64, 256, … × limit entries
    else:
        ids = np.concatenate([np.asarray(c.order if numbered else c.ids, dtype=np.int64 if numbered else object) for _, _, c in pools])
        bound, forced = np.concatenate(bounds), np.concatenate(always)
        free = ~forced
        if per_link is not None:
            first = min(_kth(b[~f], 16 * max(per_link, 1)) for b, f in zip(bounds, always, strict=True))
        else:
            lead = np.concatenate(codes)
            first = min(_kth(bound[free & lead], 16 * max(limit or 1, 1)), _kth(bound[free & ~lead], 16 * max(limit or 1, 1)))
        floors = [] if not free.any() else [first] + [f for f in _floors(bound[free], max(FIRST, int((bound[free] >= first).sum()) * 4))
                                                      if f < first]
    for floor in floors:
        chosen = ids[forced | (bound >= (floor if not by_group else np.where(lead, floor["key"], floor["supporting"])))]
        if numbered:  # a flag per number (ranks in id order: below the table's size)
            flag = np.zeros(int(ids.max()) + 1, dtype=bool)
            flag[chosen] = True
            within = flag[ids]
        else:
            within = np.fromiter(map(set(chosen.tolist()).__contains__, ids), bool, len(ids))
        cut, left = [], []
        for no, (link, entry, c) in enumerate(pools):
            mask = within[starts[no]:starts[no + 1]]
            left.append(int(len(c) - mask.sum()))
            if mask.any():
                cut.append((link, entry, _subset(c, np.flatnonzero(mask))))
        yield cut, floor, dict(zip((link.node_id for link, _, _ in pools), left, strict=True)), probe


def _kind_floors(bound: np.ndarray, free: np.ndarray, key: np.ndarray, limit: int):
    """Floors per kind (``key`` where ``key``, else ``supporting``), lower and lower; -inf once a kind is all let in."""
    counts, k = (int((free & key).sum()), int((free & ~key).sum())), 16 * limit
    while True:
        floor = {kind: (-np.inf if k >= n else _kth(bound[free & mask], k))
                 for kind, n, mask in (("key", counts[0], key), ("supporting", counts[1], ~key))}
        yield floor
        if all(f == -np.inf for f in floor.values()):
            return
        k *= 4


def _group_columns(cols: dict, c, probe: Entries, at: np.ndarray, key: np.ndarray, partner: np.ndarray, scale: np.ndarray, place: Callable,
                   partners_apart: bool, link: tuple[float, float], kinds: tuple[bool, bool, bool]) -> None:
    """Append the columns of pool ``c`` that bound its groups: the entry's own factors, its link's (priority, choke
    point; assembly, service, core) and its group's top's."""
    gc = c.groups
    facts = probe._places(c, place, partners_apart)[gc.top_region_of]  # the tops' codes are in c's list: kept per request
    for name, col in (("group", gc.top_order), ("tie", partner), ("prov", at[:, 1]), ("close", at[:, 0]), ("area", at[:, 2]),
                      ("key", key), ("scale", scale), ("sized", np.asarray(c.basis) > 0), ("rolled", gc.top_order != c.order),
                      ("head_close", facts[:, 0]), ("head_prov", facts[:, 1]), ("head_area", facts[:, 2] > 0),
                      ("head_key", _tags(tuple(c.tag_sets))[0][gc.top_tag_of]), ("head_revenue", ~np.isnan(gc.top_revenue)),
                      ("head_leader", _tags(tuple(c.tag_sets))[1][gc.top_tag_of]),
                      ("head_keytag", _tags(tuple(c.tag_sets))[2][gc.top_tag_of]),
                      ("leader", _tags(tuple(c.tag_sets))[1][c.tag_of]), ("keytag", _tags(tuple(c.tag_sets))[2][c.tag_of]),
                      ("own_scale", c.scale), ("assembly", np.full(len(c), kinds[0])), ("service", np.full(len(c), kinds[1])),
                      ("core", np.full(len(c), kinds[2])),
                      ("link", np.full(len(c), link[0])), ("choke", np.full(len(c), link[1]))):
        cols[name].append(np.asarray(col, dtype=np.int64 if name == "group" else float))


def _group_bounds(col: dict, fw: dict, vw: dict, present: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(group per entry, its group's score bound, forced, whether the group is ``key`` unless forced — its role 链主,
    成品制造商 or 核心配套 as :meth:`Entries._roles` finds it) from :func:`_group_columns`: each factor of a group is at most
    the maximum over its entries and its top (:meth:`Entries.scores`), its scale that of its sized entries, else 1 when
    its top has a revenue; ``plants`` (cities − 1) / 3 at most (entries rolled up) / 3, ``breadth`` (links) / 3 at most
    (entries) / 3. A group with a tie, one in the scope's area or one present (``present``: tops, as the order) is
    always kept."""
    group = col["group"]
    at = np.empty(int(group.max()) + 1 if len(group) else 0, dtype=np.int64)
    at[group] = np.arange(len(group))
    rep, size = at[group], len(group)  # one entry of each group stands for it (arrays of the entries' size, not the ids')

    def most(values: np.ndarray) -> np.ndarray:
        out = np.zeros(size)
        np.maximum.at(out, rep, values)
        return out[rep]

    def any_of(flags: np.ndarray) -> np.ndarray:  # most() of a 0/1 column, as booleans: a flag set per group, no ufunc.at
        out = np.zeros(size, dtype=bool)
        out[rep[flags > 0]] = True
        return out[rep]

    scale = np.where(any_of(col["sized"]), most(np.where(col["sized"] > 0, col["scale"], 0.0)), col["head_revenue"])
    plants = np.minimum(1.0, np.bincount(rep, weights=col["rolled"], minlength=size)[rep] / 3)
    tie = any_of(col["tie"]).astype(float)
    here = np.zeros(len(at), dtype=bool)
    here[present[present < len(at)]] = True  # the groups present, by their order
    bound = (fw["tie"] * tie + fw["province"] * np.maximum(any_of(col["prov"]), col["head_prov"])
             + fw["distance"] * np.maximum(most(col["close"]), col["head_close"]) + fw["plants"] * plants
             + vw["scale"] * scale + vw["key"] * np.maximum(most(col["key"]), col["head_key"]) + vw["link"] * most(col["link"])
             + vw["choke"] * most(col["choke"]) + vw["breadth"] * np.minimum(1.0, np.bincount(rep, minlength=size)[rep] / 3))
    forced = (tie > 0) | any_of(col["area"]) | (col["head_area"] > 0) | here[group]
    leader = any_of(col["leader"]) | (col["head_leader"] > 0)
    keytag = any_of(col["keytag"]) | (col["head_keytag"] > 0)
    scale_e = col["own_scale"]
    key_entry = (col["assembly"] > 0) | ((col["service"] == 0) & (keytag | (scale_e >= 0.75) | ((col["core"] > 0) & (scale_e >= 0.5))))
    return group, bound, forced, leader | any_of(key_entry)


def _subset(c, at: np.ndarray):
    """The candidates ``c`` at positions ``at``."""
    return replace(c, ids=np.asarray(c.ids, dtype=object)[at], revenue=c.revenue[at], employees=c.employees[at],
                   tag_of=c.tag_of[at], region_of=c.region_of[at], partner=np.asarray(c.partner)[at], scale=c.scale[at],
                   basis=np.asarray(c.basis)[at], parents=np.asarray(c.parents, dtype=object)[at] if len(c.parents) else (),
                   order=None if c.order is None else np.asarray(c.order)[at],
                   groups=None if c.groups is None else replace(c.groups, **{n: getattr(c.groups, n)[at] for n in (
                       "top", "top_order", "top_tag_of", "top_region_of", "top_revenue") if getattr(c.groups, n) is not None}))


def settled(order: np.ndarray, kind: np.ndarray, tie: np.ndarray, score: np.ndarray, e, g: np.ndarray, floor: float,
            left: dict[str, int], limit: int | None, per_link: int | None) -> bool:
    """Whether the list ranked over a shortlist cut at ``floor`` keeps the whole list's rows (see the module)."""
    if isinstance(floor, dict):  # a floor per kind (groups bounded as wholes): the left-out of a kind are below its floor
        if not limit or not sum(left.values()):
            return True
        for k in floor:
            ranked = order[kind[order] == k]
            if floor[k] == -np.inf:
                continue
            if len(ranked) < limit or not (tie[ranked[limit - 1]] > 0 or score[ranked[limit - 1]] >= floor[k] + MARGIN):
                return False
        return True
    clear = (tie > 0) | (score >= floor + MARGIN)  # ahead of every enterprise left out (no tie, below the floor)
    if per_link is not None:
        if per_link <= 0:
            return True
        ok = np.isin(kind, [TargetKind.key.value, TargetKind.supporting.value])
        place = np.empty(len(order), dtype=np.int64)
        place[order] = np.arange(len(order))
        number = {node: no for no, node in enumerate(e.nodes)}  # a link none of whose candidates made the shortlist has none
        for node, out in left.items():
            if not out:
                continue
            groups = np.unique(g[e.link == number[node]]) if node in number else np.empty(0, dtype=np.int64)
            groups = groups[ok[groups]]
            if len(groups) < per_link or not clear[groups[np.argsort(place[groups])[per_link - 1]]]:
                return False
        return True
    if not limit or not sum(left.values()):
        return True
    for k in (TargetKind.key.value, TargetKind.supporting.value):  # partners, expansions and ties are all in
        ranked = order[kind[order] == k]
        if len(ranked) < limit or not clear[ranked[limit - 1]]:
            return False
    return True
