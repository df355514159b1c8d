"""Array indexes of the embedded store: supply relations as sorted numpy arrays, link members as ranked columns.

>>> arrays = SupplyArrays()
>>> supply = {(0, 1): "", (2, 0): "", (3, 4): ""}
>>> sorted(arrays.touching(supply, [0]))
[(0, 1), (2, 0)]
>>> arrays.partner_rows(supply, np.array([0])).tolist()
[1, 2]
"""
from __future__ import annotations

import numpy as np

from app.store.base import Candidates
from app.store.scale import rank_percentile, scale_factor

PARENT_FIELD = 10  # parent_id in a table row (app.store.embedded.table.FIELDS)


class SupplyArrays:
    """(supplier row, customer row) pairs sorted both ways; rebuilt after a write marks them stale."""

    def __init__(self) -> None:
        self.stale = True
        self._sup = self._cus = np.empty(0, dtype=np.int64)
        self._by_sup = self._by_cus = np.empty(0, dtype=np.int64)
        self._cities: tuple[int | None, np.ndarray] = (None, np.empty(0, dtype=np.int64))  # (data version, keys)

    def _refresh(self, supply: dict[tuple[int, int], str]) -> None:
        if not self.stale:
            return
        pairs = np.fromiter((x for key in supply for x in key), dtype=np.int64, count=2 * len(supply)).reshape(-1, 2)
        self._sup, self._cus = pairs[:, 0].copy(), pairs[:, 1].copy()
        self._by_sup = np.argsort(self._sup, kind="stable")
        self._by_cus = np.argsort(self._cus, kind="stable")
        self._sorted_sup, self._sorted_cus = self._sup[self._by_sup], self._cus[self._by_cus]
        self.stale = False

    def touching(self, supply: dict[tuple[int, int], str], rows: list[int]) -> set[tuple[int, int]]:
        """Keys of the relations with one of ``rows`` on either end."""
        self._refresh(supply)
        if not rows or not len(self._sup):
            return set()
        wanted = np.asarray(sorted(set(rows)), dtype=np.int64)
        found: set[tuple[int, int]] = set()
        for col, order in ((self._sup, self._by_sup), (self._cus, self._by_cus)):
            ordered = self._sorted_sup if col is self._sup else self._sorted_cus
            lo, hi = np.searchsorted(ordered, wanted, "left"), np.searchsorted(ordered, wanted, "right")
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                for i in order[a:b].tolist():
                    found.add((int(self._sup[i]), int(self._cus[i])))
        return found

    def partner_rows(self, supply: dict[tuple[int, int], str], local: np.ndarray) -> np.ndarray:
        """The rows (sorted, unique) that supply or buy from one of the rows ``local`` (sorted).

        Two binary searches per local row, so a city's partners cost its own relations, not a pass
        over every relation.
        """
        self._refresh(supply)
        found = [np.empty(0, dtype=np.int64)]
        for ordered, order, other in ((self._sorted_sup, self._by_sup, self._cus), (self._sorted_cus, self._by_cus, self._sup)):
            if not len(ordered) or not len(local):
                continue
            lo, hi = np.searchsorted(ordered, local, "left"), np.searchsorted(ordered, local, "right")
            found.append(other[order[_ranges(lo, hi)]])
        return np.unique(np.concatenate(found))


    def city_partners(self, supply: dict[tuple[int, int], str], city: np.ndarray, active: np.ndarray, city_no: int,
                      version: int) -> np.ndarray:
        """The rows (sorted, unique) that supply or buy from an active row of city number ``city_no``.

        For every city at once, built on the first ask after a write (``version`` changed): each
        relation counts for the supplier in the customer's city and the other way round, all in
        one sorted array of (city, row) keys, so a city's partners are one slice of it.
        """
        self.prepare(supply, city, active, version)
        keys = self._cities[1]
        lo, hi = np.searchsorted(keys, [city_no << 32, (city_no + 1) << 32])
        return keys[lo:hi] & 0xFFFFFFFF

    def prepare(self, supply: dict[tuple[int, int], str], city: np.ndarray, active: np.ndarray, version: int) -> None:
        """Build what is stale now (at load, so no question pays for it)."""
        self._refresh(supply)
        if self._cities[0] != version:
            keys = [np.empty(0, dtype=np.int64)]
            for end, other in ((self._sup, self._cus), (self._cus, self._sup)):
                live = active[other] & (city[other] >= 0)
                keys.append((city[other][live].astype(np.int64) << 32) | end[live])
            self._cities = (version, np.unique(np.concatenate(keys)))


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``lo[0]..hi[0]-1, lo[1]..hi[1]-1, ...`` in one array.

    >>> _ranges(np.array([2, 7, 9]), np.array([4, 7, 10])).tolist()
    [2, 3, 9]
    """
    n = hi - lo
    keep = n > 0
    lo, n = lo[keep], n[keep]
    if not len(n):
        return np.empty(0, dtype=np.int64)
    starts = np.cumsum(n) - n
    return np.repeat(lo - starts, n) + np.arange(int(n.sum()))


def _ranks(values: np.ndarray, has: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each member with a value (``has``): how many values are smaller, and how many equal it (itself included)."""
    v = values[has]
    ordered = np.sort(v)
    below, ties = np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=np.int64)
    below[has] = np.searchsorted(ordered, v, "left")
    ties[has] = np.searchsorted(ordered, v, "right") - below[has]
    return below, ties


def id_ranks(rows: list) -> np.ndarray:
    """Each table row's place in the order of the ids (an empty slot as the empty id; ties keep row order).

    >>> id_ranks([("b",), None, ("a",), ("c",)]).tolist()
    [2, 0, 1, 3]
    """
    ids = np.array([r[0] if r is not None else "" for r in rows] or [""], dtype=str)[:len(rows)]
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    return ranks


class LinkColumns:
    """The counted members of one link as columns, with revenue and headcount ranks among them all.

    Members are addressed by position (the order of ``rows``, ascending table rows). ``scale_all``
    is each member's scale factor among all members; among the members outside a scope it differs
    by at most :meth:`scale_slack` (see ``app.analysis.targets``). The store drops the object when
    the link's members change, and with it whatever :meth:`kept` holds.

    >>> num = {"revenue": np.array([5.0, np.nan, 1.0, 3.0]), "employees": np.array([9.0, 20.0, np.nan, 1.0]),
    ...        "tagset": np.zeros(4, dtype=np.int32), "county": np.zeros(4, dtype=np.int32)}
    >>> cols = LinkColumns(np.array([0, 1, 2, 3]), num)
    >>> cols.scale_all.tolist(), cols.positions(np.array([1, 3, 7])).tolist()
    ([1.0, 1.0, 0.0, 0.5], [1, 3])
    >>> cols.scale(np.array([0]), np.array([2, 3]))[0].tolist()  # row 0 inside the scope: ranked among the rest
    [0.0, 1.0]
    """

    def __init__(self, rows: np.ndarray, num: dict[str, np.ndarray]):
        self.rows = rows
        self.revenue, self.employees = num["revenue"][rows], num["employees"][rows]
        self.tagset, self.county = num["tagset"][rows], num["county"][rows]
        self.has_rev, self.has_staff = ~np.isnan(self.revenue), ~np.isnan(self.employees)
        self.rev_rank = _ranks(self.revenue, self.has_rev)
        self.staff_rank = _ranks(self.employees, self.has_staff)
        self.n_rev, self.n_staff = int(self.has_rev.sum()), int(self.has_staff.sum())
        self._kept: dict = {}
        self.scale_all, self.basis_all = self.scale(np.empty(0, dtype=np.int64), np.arange(len(rows)))

    def kept(self, key, build):
        """``build()`` computed once per ``key`` while these members last (an order of them, say)."""
        if key not in self._kept:
            self._kept[key] = build()
        return self._kept[key]

    def positions(self, rows: np.ndarray) -> np.ndarray:
        """Positions of those of ``rows`` (sorted table rows) that are members."""
        at = np.searchsorted(self.rows, rows)
        hit = at < len(self.rows)
        hit[hit] = self.rows[at[hit]] == rows[hit]
        return at[hit]

    def flagged(self, flags: np.ndarray) -> np.ndarray:
        """Positions of the members whose row is true in ``flags`` (a boolean per table row)."""
        return np.flatnonzero(flags[self.rows])

    def scale_slack(self, gone: np.ndarray) -> float:
        """A bound on |scale among the members not ``gone`` (positions) − ``scale_all``| over those members."""
        slack = 0.0
        for has, n in ((self.has_rev, self.n_rev), (self.has_staff, self.n_staff)):
            m = int(has[gone].sum())
            if m:
                slack = max(slack, 1.0 if n - m - 1 <= 0 else m / (n - m - 1))
        return min(slack, 1.0)

    def scale(self, gone: np.ndarray, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Scale factor and basis of the members ``pick``, ranked among the members not ``gone`` (both positions).

        The same integers as ranking the remaining values afresh, so the same floats as
        :func:`app.store.scale.scale_columns` over the remaining members.
        """
        return scale_factor(
            self.has_rev[pick], self.has_staff[pick],
            lambda m: self._percentile(self.revenue, self.rev_rank, self.has_rev, self.n_rev, gone, pick[m]),
            lambda m: self._percentile(self.employees, self.staff_rank, self.has_staff, self.n_staff, gone, pick[m]))

    @staticmethod
    def _percentile(values, ranks, has, n_all, gone, pick) -> np.ndarray:
        removed = np.sort(values[gone[has[gone]]])
        v = values[pick]
        lo = np.searchsorted(removed, v, "left")
        below = ranks[0][pick] - lo
        ties = ranks[1][pick] - (np.searchsorted(removed, v, "right") - lo)
        return rank_percentile(below, ties, n_all - len(removed))

    def outside(self, node_id: str, gone: np.ndarray, partners: np.ndarray, id_columns: tuple[np.ndarray, np.ndarray], tag_sets: list,
                codes: list, only: np.ndarray | None = None, ranks: np.ndarray | None = None, groups=None) -> Candidates:
        """The members not ``gone`` (positions of those inside a scope) with their scale factor.

        ``partners`` is true for the table rows with an active local partner; ``id_columns`` the id and
        ``parent_id`` of every table row (object arrays, kept by the store per data version). ``only`` (positions,
        none of them gone) keeps just those members. The scale is ranked among *every* member of
        the link, inside the scope or not, so the largest firm of a link is at 100% whatever the scope.
        ``ranks`` (per table row, see :func:`id_ranks`) give each candidate's ``order``; ``groups(node_id, member rows, only)``,
        when given, its :class:`~app.store.base.GroupColumns` (or None).
        """
        if only is None and len(gone):
            out = np.ones(len(self.rows), dtype=bool)
            out[gone] = False
            only = np.flatnonzero(out)
        elif only is None:  # every member (a link with none inside the scope): views of the kept columns, not copies
            only = slice(None)
        rows = self.rows[only]
        value, basis = self.scale_all[only], self.basis_all[only]  # among every member: the largest is 100% (elementwise)
        ids, parents = self.kept("ids and parents", lambda: (  # taken once while these members last (a write drops them)
            id_columns[0][self.rows], id_columns[1][self.rows]))
        return Candidates(node_id, ids[only], self.revenue[only], self.employees[only],
                                self.tagset[only], tag_sets, self.county[only], codes, partners[rows], value, basis,
                                parents=parents[only], order=None if ranks is None else ranks[rows],
                                groups=None if groups is None else groups(node_id, self.rows, only))
