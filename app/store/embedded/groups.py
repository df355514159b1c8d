"""Groups in the embedded store as columns: each row's top parent, found once per data version (:class:`GroupColumns`).

:func:`app.analysis.target_groups.roll_up` follows ``parent_id`` to the top parent present in the
data; :func:`tops` finds the same top for every row at once, so the target list numbers its groups
and tells which are already in a scope (or its area) from columns, without reading a model per
candidate (:class:`~app.store.base.GroupColumns`, :meth:`EmbeddedGroups.group_presence`). When the data hold a cycle of parents the
columns are not offered (``None``) and the target list reads models as before.

>>> t = tops([("a",) + ("",) * 9 + ("b",), ("b",) + ("",) * 10, ("c",) + ("",) * 10], {"a": 0, "b": 1, "c": 2})
>>> t.row.tolist(), t.grouped.tolist(), t.cyclic
([1, 1, 2], [True, True, False], False)
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np

from app.store.base import GroupColumns, ScopeFilter, ScopeKind
from app.store.embedded.indexes import PARENT_FIELD, id_ranks
from graph_schema.models import RegionLevel


@dataclass(frozen=True)
class Tops:
    """Per table row: its top's row (itself without a parent in the data) and whether it is in a group of more
    than itself (it has a top or is one); ``cyclic`` when some walk met a cycle of parents."""

    row: np.ndarray
    grouped: np.ndarray
    cyclic: bool
    ids: np.ndarray | None = None  # per row, its top's id (set by the store)
    active: np.ndarray | None = None  # the active rows of groups of more than one (set by the store)
    counties: np.ndarray | None = None  # the county numbers of those rows, each once (set by the store)


def tops(rows: list, slot: dict[str, int], parents: np.ndarray | None = None) -> Tops:
    """The tops of the table ``rows`` (``slot``: id → row), as :func:`~app.analysis.target_groups.roll_up` walks;
    ``parents``: the ``parent_id`` of every row ("" none) when the store keeps them as a column.

    Every row with a parent in the data points at it, then every row jumps to its pointer's pointer until
    nothing moves (a few passes: groups are a few levels deep); a walk that never settles, or a row that is
    its own parent, is a cycle.
    """
    n = len(rows)
    if parents is None:
        parents = np.array([x[PARENT_FIELD] if x is not None else "" for x in rows] or [""], dtype=object)[:n]
    up = np.arange(n, dtype=np.int64)
    cyclic = False
    for r in np.flatnonzero(parents.astype(bool)).tolist():
        q = slot.get(parents[r])
        if q is not None and rows[q] is not None and rows[r] is not None:
            up[r] = q
            cyclic = cyclic or q == r
    row = up
    for _ in range(64):
        step = row[row]
        if np.array_equal(step, row):
            break
        row = step
    else:
        cyclic = True
    grouped = row != np.arange(n)
    grouped[row[grouped]] = True
    return Tops(row, grouped, cyclic)


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of integers by one sort (numpy's hashing unique is slower on a few thousand)."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


class Entities(Mapping):
    """Group top id → the ids of its entities picked (a list in id order), each list made only when asked: a scope's
    area may hold thousands of groups, of which a target list names a few. ``tops`` are in id order, so a group is
    found by bisection, without a dict of them all.

    >>> e = Entities(np.array(["g", "h"], dtype=object), np.array([0, 2]), np.array(["a", "b", "c"], dtype=object))
    >>> dict(e), e.get("x"), e.get("h"), len(e)
    ({'g': ['a', 'b'], 'h': ['c']}, None, ['c'], 2)
    """

    def __init__(self, tops: np.ndarray, starts: np.ndarray, names: np.ndarray):
        self._tops, self._bounds, self._names = tops, np.append(starts, len(names)), names

    def __getitem__(self, gid: str) -> list[str]:
        k = bisect_left(self._tops, gid)
        if k == len(self._tops) or self._tops[k] != gid:
            raise KeyError(gid)
        return self._names[self._bounds[k]:self._bounds[k + 1]].tolist()

    def __iter__(self) -> Iterator[str]:
        return iter(self._tops.tolist())

    def __len__(self) -> int:
        return len(self._tops)


class EmbeddedGroups:
    """The group columns of the embedded store (mixed into :class:`~app.store.embedded.store.EmbeddedStore`)."""

    def _id_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """The id and ``parent_id`` of every table row (object arrays; "" for an empty slot), kept per data version
        (call under the lock): a link's candidates take theirs by row instead of reading the rows one by one."""
        kept = getattr(self, "_kept_id_columns", None)
        if kept is None or kept[0] != self._version:
            rows = self._table.rows
            ids = np.array([r[0] if r is not None else "" for r in rows], dtype=object)
            parents = np.array([r[PARENT_FIELD] if r is not None else "" for r in rows], dtype=object)
            kept = self._kept_id_columns = (self._version, (ids, parents))
        return kept[1]

    def _tops(self) -> Tops:
        """The tops of every row, kept per data version (call under the lock)."""
        kept = getattr(self, "_kept_tops", None)
        if kept is None or kept[0] != self._version:
            rows = self._table.rows
            ids, parents = self._id_columns()
            found = tops(rows, self._table.slot, parents)
            active = np.flatnonzero(found.grouped & self._table.numeric()["active"])
            kept = self._kept_tops = (self._version, replace(found, ids=ids[found.row], active=active,
                                                             counties=np.unique(self._table.numeric()["county"][active])))
        return kept[1]

    def _group_columns(self, node_id: str, members: np.ndarray, only: np.ndarray, ranks: np.ndarray) -> GroupColumns | None:
        """The group columns of the members ``members[only]`` of link ``node_id`` (``ranks``: each row's place in id
        order), those of every member kept per link and data version; None with a cycle."""
        found = self._tops()
        if found.cyclic:
            return None
        kept = self.__dict__.setdefault("_kept_group_columns", {})
        hit = kept.get(node_id)
        if hit is None or hit[0] != self._version or hit[1] is not members:
            top, num = found.row[members], self._table.numeric()
            hit = kept[node_id] = (self._version, members, GroupColumns(found.ids[members], ranks[top], num["tagset"][top],
                                                                        num["county"][top], num["revenue"][top]))
        every = hit[2]
        return GroupColumns(every.top[only], every.top_order[only], every.top_tag_of[only], every.top_region_of[only],
                            every.top_revenue[only])

    def group_presence(self, scope: ScopeFilter, near: Callable[[str], bool] | None
                       ) -> tuple[Mapping[str, list[str]], Mapping[str, list[str]], np.ndarray, np.ndarray, np.ndarray] | None:
        """Per group top id, the ids of its active entities inside ``scope`` and those outside it whose region ``near``
        says is in the scope's area (entities of groups of more than one only, in id order), and the place in id order
        of every such top (sorted; the candidates' ``order``), and those of ``here`` and of ``around`` apart; None with a cycle.
        A ``near`` with a method ``many(codes)`` answers for every region code at once.

        The same as :func:`app.analysis.target_groups.local_groups` finds for the groups of the candidates,
        from columns: a group's entities are the rows whose top it is.
        """
        with self._lock:
            found = self._tops()
            if found.cyclic:
                return None
            t = self._table
            num, rows = t.numeric(), found.active
            inside = self._inside_of(scope, rows)
            here, around = rows[inside], rows[:0]
            if near is not None:
                codes, county = t.codes, num["county"][rows]
                hit = near.many(codes) if hasattr(near, "many") else np.zeros(len(codes), dtype=bool)  # a boolean per code
                if not hasattr(near, "many"):
                    hit[[c for c in found.counties.tolist() if near(codes[c])]] = True
                around = rows[~inside & hit[county]]
            ranks = getattr(self, "_id_ranks", (None,))
            if ranks[0] != self._version:
                self._id_ranks = ranks = (self._version, id_ranks(t.rows))
            ids, rank = self._id_columns()[0], ranks[1]
            out: list = []
            for picked in (here, around):  # sorted by (top, id) in id order, then cut at each new top
                picked = picked[np.lexsort((rank[picked], rank[found.row[picked]]))]
                starts = np.flatnonzero(np.r_[True, np.diff(found.row[picked]) != 0]) if len(picked) else picked
                out.append(Entities(found.ids[picked[starts]], starts, ids[picked]))
            return (out[0], out[1], _distinct(rank[found.row[np.concatenate([here, around])]]), _distinct(rank[found.row[here]]),
                    _distinct(rank[found.row[around]]))

    def _inside_of(self, scope: ScopeFilter, rows: np.ndarray) -> np.ndarray:
        """A boolean per one of the table ``rows``: inside ``scope`` (as :meth:`_scope_mask` says, without a mask of
        every row for a region)."""
        if scope.kind is ScopeKind.region:
            t = self._table
            col = {RegionLevel.province: t.province, RegionLevel.city: t.city}.get(scope.level, t.county)
            return np.frombuffer(col, dtype=np.int32)[rows] == t._code_no.get(scope.code, -2)
        if scope.kind is ScopeKind.zone:
            return np.logical_or.reduce([self._inside_of(p, rows) for p in scope.parts] or [np.zeros(len(rows), dtype=bool)])
        return self._scope_mask(scope)[rows]
