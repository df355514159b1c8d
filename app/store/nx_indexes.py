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

import numpy as np


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
        self.stale = False

    def touching(self, supply: dict[tuple[int, int], str], rows: list[int]) -> set[tuple[int, int]]:
        """Keys of the relations with one of ``rows`` on either end."""
        self._refresh(supply)
        if not rows or not len(self._sup):
            return set()
        wanted = np.asarray(sorted(set(rows)), dtype=np.int64)
        found: set[tuple[int, int]] = set()
        for col, order in ((self._sup, self._by_sup), (self._cus, self._by_cus)):
            ordered = col[order]
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
