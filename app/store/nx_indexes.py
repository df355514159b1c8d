"""Array indexes of the embedded store: supply relations as sorted numpy arrays, lazy id views.

>>> arrays = SupplyArrays()
>>> supply = {(0, 1): "", (2, 0): "", (3, 4): ""}
>>> sorted(arrays.touching(supply, [0]))
[(0, 1), (2, 0)]
>>> arrays.partners(supply, np.array([True, False, False, False, False])).tolist()
[False, True, True, False, False]
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.store.base import Candidates


class SupplyArrays:
    """(supplier row, customer row) pairs sorted both ways; rebuilt after a write marks them stale."""

    def __init__(self) -> None:
        self.stale = True
        self._sup = self._cus = np.empty(0, dtype=np.int64)
        self._by_sup = self._by_cus = np.empty(0, dtype=np.int64)

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

    def partners(self, supply: dict[tuple[int, int], str], local: np.ndarray) -> np.ndarray:
        """A boolean per row: it supplies or buys from a row where ``local`` is true."""
        self._refresh(supply)
        out = np.zeros(len(local), dtype=bool)
        if len(self._sup):
            out[self._sup[local[self._cus]]] = True
            out[self._cus[local[self._sup]]] = True
        return out


class RowIds(Sequence):
    """The enterprise ids of some rows, read only when asked for."""

    def __init__(self, table_rows: list, rows: np.ndarray):
        self._table_rows, self._rows = table_rows, rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._table_rows[r][0] for r in self._rows[i].tolist()]
        return self._table_rows[int(self._rows[i])][0]


def _ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each value: how many values are smaller, and how many equal it (itself included)."""
    ordered = np.sort(values)
    below = np.searchsorted(ordered, values, "left")
    return below, np.searchsorted(ordered, values, "right") - below


def _percentile_without(values: np.ndarray, below: np.ndarray, ties: np.ndarray, gone: np.ndarray,
                        kept: np.ndarray, n: int) -> np.ndarray:
    """Rank percentile of ``values[kept]`` among the ``n`` values not ``gone``, from ranks among all ``values``.

    The same integers as ranking the remaining values afresh, so the same floats as
    :func:`app.analysis.targets.percentile_array`.
    """
    if n == 1:
        return np.ones(int(kept.sum()))
    v = values[kept]
    removed = np.sort(values[gone])
    lo = np.searchsorted(removed, v, "left")
    b = below[kept] - lo
    t = ties[kept] - (np.searchsorted(removed, v, "right") - lo)
    return (b + (t - 1) / 2) / (n - 1)


@dataclass(frozen=True)
class RankedCandidates(Candidates):
    """Candidates with their scale factor already computed (``scale`` in [0, 1], ``basis`` 0/1/2: none/revenue/staff)."""

    scale: np.ndarray
    basis: np.ndarray


class LinkColumns:
    """The counted members of one link as columns, with revenue and headcount ranks among them all.

    ``scale_all`` is each member's scale factor among all members; among the members outside a
    scope it differs by at most :meth:`scale_slack` (see ``app.analysis.targets``).
    """

    def __init__(self, rows: np.ndarray, num: dict[str, np.ndarray]):
        self.rows = rows
        self.revenue, self.employees = num["revenue"][rows], num["employees"][rows]
        self.tagset, self.county = num["tagset"][rows], num["county"][rows]
        self.has_rev, self.has_staff = ~np.isnan(self.revenue), ~np.isnan(self.employees)
        self.rev_rank = _ranks(self.revenue[self.has_rev])
        self.staff_rank = _ranks(self.employees[self.has_staff])
        self.n_rev, self.n_staff = int(self.has_rev.sum()), int(self.has_staff.sum())
        nothing = np.zeros(len(rows), dtype=bool)
        self.scale_all = self._scale(nothing, ~nothing)[0]

    def scale_slack(self, inside: np.ndarray) -> float:
        """A bound on |scale among the members outside the scope − ``scale_all``| over those members."""
        slack = 0.0
        if not inside.any():
            return slack
        for has, n in ((self.has_rev, self.n_rev), (self.has_staff, self.n_staff)):
            m = int((has & inside).sum())
            if m:
                slack = max(slack, 1.0 if n - m - 1 <= 0 else m / (n - m - 1))
        return min(slack, 1.0)

    def _scale(self, gone: np.ndarray, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Scale factor and basis of the members ``pick``, ranked among the members not ``gone``."""
        has_rev, has_staff = self.has_rev[pick], self.has_staff[pick]
        value, basis = np.zeros(len(has_rev)), np.zeros(len(has_rev), dtype=np.int8)
        if has_rev.any():
            value[has_rev] = _percentile_without(self.revenue[self.has_rev], *self.rev_rank, gone[self.has_rev],
                                                 pick[self.has_rev], int((self.has_rev & ~gone).sum()))
            basis[has_rev] = 1
        staff_only = has_staff & ~has_rev
        if staff_only.any():
            staff = _percentile_without(self.employees[self.has_staff], *self.staff_rank, gone[self.has_staff],
                                        pick[self.has_staff], int((self.has_staff & ~gone).sum()))
            value[staff_only] = staff[staff_only[has_staff]]
            basis[staff_only] = 2
        return value, basis

    def outside(self, node_id: str, inside: np.ndarray, partners: np.ndarray, table_rows: list, tag_sets: list,
                codes: list, only: np.ndarray | None = None) -> RankedCandidates:
        """The members outside a scope (``inside`` a boolean per table row) with their scale factor.

        ``only`` (positions among the members, all outside the scope) keeps just those members;
        their scale is still ranked among every member outside the scope.
        """
        gone = inside[self.rows]
        pick = ~gone
        if only is not None:
            pick = np.zeros(len(self.rows), dtype=bool)
            pick[only] = True
        rows = self.rows[pick]
        value, basis = self._scale(gone, pick)
        return RankedCandidates(node_id, RowIds(table_rows, rows), self.revenue[pick], self.employees[pick],
                                self.tagset[pick], tag_sets, self.county[pick], codes, partners[rows], value, basis)
