"""The shortlist of targets: the few members of the gap links that can reach the top, found without scanning them all.

A member i of gap link L scores (see :mod:`app.analysis.targets`)::

    score_i = supply·p_i + key·k_i + scale·s_i + link·priority_L + distance·d_i

where only p_i (an active local partner, 0 or 1), d_i (closeness, in [0, 1]) and s_i (the scale
percentile among the members *outside* the scope) depend on the scope, and s_i lies within
``slack_L`` of ``scale_all_i``, the percentile among all members
(:meth:`~app.store.base.LinkColumnsView.scale_slack`, asked of a store that declares
:attr:`~app.store.base.Capability.ranked_links`). So each link keeps its members ordered,
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
from threading import Lock

import numpy as np

from app.store.base import RankedLinks

TOLERANCE = 1e-7  # score differences below this may reorder rows once rounded: such rows are always kept
FIRST_STEP = 32   # members taken from each ordered list in the first round


def walk_steps(rounds: int, first: int) -> list[int]:
    """How far a list has been walked after each round (each step twice the last)."""
    done, step, out = 0, first, [0]
    for _ in range(rounds):
        done, step = done + step, step * 2
        out.append(done)
    return out


class StaticOrder:
    """Member positions of one kind by ``static`` (best first), sorted only as far as a walk has asked.

    A walk rarely goes past a few hundred members, so the best ones are picked out with a
    partition and only they are sorted; the rest is sorted when a walk gets there.

    >>> o = StaticOrder(np.array([4, 7, 9, 2]), np.array([0.1, 0.9, 0.5, 0.7]), np.array([0, 1, 2, 3]))
    >>> o.prefix(2)[0].tolist(), o.prefix(4)[0].tolist()
    ([7, 2], [7, 2, 9, 4])
    """

    def __init__(self, pos: np.ndarray, static: np.ndarray, county: np.ndarray):
        self._pos, self._static, self._county = pos, static, county
        self.sorted = 0  # the first ``sorted`` entries are in their final order and never move again
        self._lock = Lock()  # requests share the order; only the unsorted tail is ever rearranged

    def __len__(self) -> int:
        return len(self._pos)

    def prefix(self, end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Positions, static values and region codes of the ``end`` best members, best first."""
        n = len(self._pos)
        end = min(end, n)
        with self._lock:
            if end > self.sorted:
                self._sort_to(end, n)
        return self._pos[:end], self._static[:end], self._county[:end]

    def _sort_to(self, end: int, n: int) -> None:
        """Sort the entries up to ``end`` at least (the best of the unsorted tail, found by a partition)."""
        want = min(n, max(end, 2 * self.sorted, 256))
        rest = np.arange(self.sorted, n)
        if want < n:  # bring the best ``want - sorted`` of the rest forward, then sort just those
            k = want - self.sorted
            rest = rest[np.argpartition(-self._static[rest], k - 1)[:k]]
        rest = rest[np.argsort(-self._static[rest], kind="stable")]
        tail = np.setdiff1d(np.arange(self.sorted, n), rest, assume_unique=True)
        order = np.concatenate([rest, tail])
        for name in ("_pos", "_static", "_county"):
            a = getattr(self, name)
            a[self.sorted:] = a[self.sorted:][order - self.sorted]
        self.sorted = want


def static_order(cols, key_of: np.ndarray, value_of: np.ndarray, w: Mapping[str, float]) -> dict[bool, StaticOrder]:
    """Per kind (key or not): member positions by ``key·tag value + scale·scale_all``, best first, with region codes."""
    static = w["key"] * value_of[cols.tagset] + w["scale"] * cols.scale_all
    is_key = key_of[cols.tagset]
    out = {}
    for kind in (True, False):
        pos = np.flatnonzero(is_key == kind)
        out[kind] = StaticOrder(pos, static[pos], cols.county[pos].copy())
    return out


class _Walk:
    """One ordered list of one link being walked."""

    def __init__(self, node: str, group, order: StaticOrder, add: float, ceiling: float, spread: float, skip: np.ndarray,
                 codes: list):
        self.node, self.group, self.order = node, group, order
        self.add, self.ceiling, self.spread, self.skip, self.codes = add, ceiling, spread, skip, codes
        self.done, self.step = 0, FIRST_STEP

    def take(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The next step of members (positions, static values, region codes), not yet skipped."""
        end = min(self.done + self.step, len(self.order))
        pos, static, county = (a[self.done:end] for a in self.order.prefix(end))
        self.done, self.step = end, self.step * 2
        keep = ~self.skip[pos]
        return pos[keep], static[keep], county[keep]

    def may_reach(self, cut: float) -> bool:
        """Whether members not yet visited could still score within :data:`TOLERANCE` of ``cut``."""
        if self.done >= len(self.order):
            return False
        return self.order.prefix(self.done + 1)[1][self.done] + self.ceiling >= cut - TOLERANCE


def shortlist(store: RankedLinks, scope_filter, gaps: list[tuple[str, float]], w: Mapping[str, float], count: int,
              per_link: bool, tag_columns: Callable, closeness: Callable) -> dict[str, np.ndarray]:
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
            if len(order[kind]):
                walks.append(_Walk(node, node if per_link else kind, order[kind], add,
                                   w["link"] * priority + w["distance"] + slack, 2 * slack, skip, codes))
    cut: dict = {}
    active = walks
    while active:
        taken = [(walk, *walk.take()) for walk in active]
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
