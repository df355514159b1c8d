"""The shortlist of targets: the few members of the gap links that can reach the top, found without scanning them all.

A member i of gap link L scores (see :mod:`app.analysis.targets`)::

    score_i = supply·p_i + key·k_i + scale·s_i + link·priority_L + distance·d_i

where only p_i (an active local partner, 0 or 1), d_i (closeness, in [0, 1]) and s_i (the scale
percentile among the members *outside* the scope) depend on the scope, and s_i lies within
``slack_L`` of ``scale_all_i``, the percentile among all members
(:meth:`~app.store.nx_indexes.LinkColumns.scale_slack`). So each link keeps its members ordered,
per kind (key / supporting), by the part that does not depend on the scope,
``static_i = key·k_i + scale·scale_all_i``; the order is built once and kept until the link's
members change.

For a scope, the members with a local partner are few and taken whole (from the scope's partner
rows). Every other member scores at most ``static_i + link·priority_L + distance + scale·slack_L``,
so each ordered list is walked best first, in growing steps, and a list stops once that ceiling of
its next member is below the ``count``-th best lower bound found so far in its group (a kind over
all gap links for the top ``count`` of each kind, or the link itself for ``count`` per link). The
members visited are ranked exactly afterwards: every member that could come within 1e-7 of the cut
was visited, so the ranking is the same as ranking them all.

>>> walk_steps(3, 5)
[0, 5, 15, 35]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

import numpy as np

TOLERANCE = 1e-7  # score differences below this may reorder rows once rounded: such rows are always kept
FIRST_STEP = 32   # members taken from each ordered list in the first round


def walk_steps(rounds: int, first: int) -> list[int]:
    """How far a list has been walked after each round (each step twice the last)."""
    done, step, out = 0, first, [0]
    for _ in range(rounds):
        done, step = done + step, step * 2
        out.append(done)
    return out


def static_order(cols, key_of: np.ndarray, value_of: np.ndarray, w: Mapping[str, float]) -> dict[bool, tuple]:
    """Per kind (key or not): member positions by ``key·tag value + scale·scale_all``, best first, with those values and region codes."""
    static = w["key"] * value_of[cols.tagset] + w["scale"] * cols.scale_all
    is_key = key_of[cols.tagset]
    out = {}
    for kind in (True, False):
        pos = np.flatnonzero(is_key == kind)
        pos = pos[np.argsort(-static[pos], kind="stable")]
        out[kind] = (pos, static[pos], cols.county[pos])
    return out


class _Walk:
    """One ordered list of one link being walked."""

    def __init__(self, node: str, group, order: tuple, add: float, ceiling: float, spread: float, skip: np.ndarray,
                 codes: list):
        self.node, self.group = node, group
        self.order, self.static, self.county = order
        self.add, self.ceiling, self.spread, self.skip, self.codes = add, ceiling, spread, skip, codes
        self.done, self.step = 0, FIRST_STEP

    def may_reach(self, cut: float) -> bool:
        """Whether members not yet visited could still score within :data:`TOLERANCE` of ``cut``."""
        return self.done < len(self.order) and self.static[self.done] + self.ceiling >= cut - TOLERANCE


def shortlist(store, scope_filter, gaps: list[tuple[str, float]], w: Mapping[str, float], count: int, per_link: bool,
              tag_columns: Callable, closeness: Callable) -> dict[str, np.ndarray]:
    """Positions among each gap link's members (``store.link_columns``) that can be among the ``count`` best.

    ``gaps`` are (link id, priority) pairs; the ``count`` best are of each kind over all links, or
    of each link when ``per_link``. ``tag_columns(tag_sets)`` gives (is key, key value) per tag set
    and ``closeness(codes, code numbers)`` the distance factor per region code number.
    """
    if count <= 0:
        return {}
    found: dict = defaultdict(list)  # group -> [(node, positions, lower bounds, 2·scale·slack)]
    walks: list[_Walk] = []
    for node, priority in gaps:
        cols, gone, partner_flags, tag_sets, codes = store.link_columns(node, scope_filter)
        if not len(cols.rows):
            continue
        key_of, value_of = tag_columns(tag_sets)
        order = cols.kept(("static order", w["key"], w["scale"]), lambda: static_order(cols, key_of, value_of, w))
        slack = w["scale"] * cols.scale_slack(gone)
        add = w["link"] * priority - slack
        skip = np.zeros(len(cols.rows), dtype=bool)
        skip[gone] = True
        partners = cols.flagged(partner_flags)
        partners = partners[~skip[partners]]
        skip[partners] = True
        if len(partners):
            lower = (w["supply"] + w["key"] * value_of[cols.tagset[partners]] + w["scale"] * cols.scale_all[partners]
                     + add + w["distance"] * closeness(codes, cols.county[partners]))
            kinds = key_of[cols.tagset[partners]]
            for kind in (True, False):
                mine = kinds == kind
                if mine.any():
                    found[node if per_link else kind].append((node, partners[mine], lower[mine], 2 * slack))
        for kind in (True, False):
            if len(order[kind][0]):
                walks.append(_Walk(node, node if per_link else kind, order[kind], add,
                                   w["link"] * priority + w["distance"] + slack, 2 * slack, skip, codes))
    cut: dict = {}
    active = walks
    while active:
        taken = []
        for walk in active:
            end = walk.done + walk.step
            pos = walk.order[walk.done:end]
            keep = ~walk.skip[pos]
            taken.append((walk, pos[keep], walk.static[walk.done:end][keep], walk.county[walk.done:end][keep]))
            walk.done, walk.step = min(end, len(walk.order)), walk.step * 2
        near = _closeness_in_one_go(closeness, taken)
        for (walk, pos, static, _), close in zip(taken, near, strict=True):
            if len(pos):
                found[walk.group].append((walk.node, pos, static + walk.add + w["distance"] * close, walk.spread))
        for group in {walk.group for walk in active}:
            cut[group] = _cut(found[group], count)
        active = [walk for walk in walks if walk.may_reach(cut[walk.group])]
    return _kept(found, cut, count)


def _closeness_in_one_go(closeness: Callable, taken: list[tuple]) -> list[np.ndarray]:
    """The distance factor of the members taken from every list in a round, asked once per region code list."""
    out: list = [None] * len(taken)
    by_codes: dict[int, list[int]] = defaultdict(list)
    for i, (walk, *_) in enumerate(taken):
        by_codes[id(walk.codes)].append(i)
    for idx in by_codes.values():
        counties = [taken[i][3] for i in idx]
        values = closeness(taken[idx[0]][0].codes, np.concatenate(counties))
        for i, part in zip(idx, np.split(values, np.cumsum([len(c) for c in counties])[:-1]), strict=True):
            out[i] = part
    return out


def _cut(parts: list[tuple], count: int) -> float:
    """The ``count``-th best lower bound of a group (−∞ with fewer rows)."""
    lower = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
    if len(lower) < count:
        return -np.inf
    return float(np.partition(lower, len(lower) - count)[len(lower) - count])


def _kept(found: dict, cut: dict, count: int) -> dict[str, np.ndarray]:
    """The visited positions of each link whose score may still reach its group's cut, sorted."""
    by_node: dict[str, list[np.ndarray]] = defaultdict(list)
    for group, parts in found.items():
        limit = cut.get(group)
        if limit is None:
            limit = cut[group] = _cut(parts, count)
        for node, pos, lower, spread in parts:
            by_node[node].append(pos[lower + spread >= limit - TOLERANCE])
    return {node: np.unique(np.concatenate(parts)) for node, parts in by_node.items()}
