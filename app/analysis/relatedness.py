"""Relatedness density of a scope to each link of a chain (the product-space method).

Hidalgo, Klinger, Barabási & Hausmann, "The Product Space Conditions the Development of
Nations", *Science* 317 (5837): 482–487, 2007; revealed comparative advantage after Balassa
(1965); computed as in the Harvard Growth Lab's reference implementation (``py-ecomplexity``:
``proximity = co-occurrence / max(ubiquity)``, ``density = M·φ / Σφ``).

With x[c, n] the count of active enterprises with a confirmed link to leaf n in
prefecture-level city c (``GraphStore.city_node_counts``)::

    RCA(c, n)    = (x[c,n] / Σ_n' x[c,n']) / (Σ_c' x[c',n] / Σ_c'n' x[c',n'])
    M[c, n]      = 1 if RCA(c, n) ≥ 1 else 0
    φ(i, j)      = min(P(i|j), P(j|i)) = Σ_c M[c,i] M[c,j] / max(k_i, k_j),  k_i = Σ_c M[c,i]
    φ(n, n)      = 1
    density(c,n) = Σ_j M[c,j] φ(n,j) / Σ_j φ(n,j)      (j over every leaf of the chain, n included)

A scope that is not exactly one city becomes one row of its own: a province replaces the rows
of its cities by their aggregate; a county or a park is split off the row of its city (the city
keeps the remainder). So every enterprise is counted once, and RCA and φ are computed over that
partition. Undefined ratios (a row or a column without enterprises) give RCA 0 and M 0.

>>> x = {"A": {"p": 2, "q": 2}, "B": {"p": 1}, "C": {"q": 1, "r": 3}}
>>> round(scope_relatedness(x, x["A"], ["p", "q", "r"], covered={"A"}, split=set()).rca["p"], 4)
1.5

The same formulas written plainly over dicts live in ``tests/reference/relatedness.py``; the tests
check that this array path gives the very same floats.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

Matrix = Mapping[str, Mapping[str, float]]
SCOPE_ROW = "\x00scope"


@dataclass(frozen=True)
class ScopeRelatedness:
    """RCA, presence and density of the scope's row for every leaf of a chain."""

    rca: dict[str, float]
    present: frozenset[str]
    density: dict[str, float]
    drivers: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    """Per leaf, up to three other leaves the scope is specialised in (M = 1), closest first, with their φ."""


def _drivers(leaves: list[str], phi: np.ndarray, mine_m: np.ndarray, limit: int = 3) -> dict[str, tuple[tuple[str, float], ...]]:
    """The leaves with M = 1 that drive each leaf's density: φ > 0, closest first (ties by leaf order)."""
    present = np.flatnonzero(mine_m)
    out = {}
    for i, n in enumerate(leaves):
        near = sorted((-float(phi[i, j]), int(j)) for j in present if j != i and phi[i, j] > 0)[:limit]
        out[n] = tuple((leaves[j], -p) for p, j in near)
    return out


def scope_relatedness(
    city_x: Matrix, scope_x: Mapping[str, float], leaves: Iterable[str], covered: set[str], split: set[str]
) -> ScopeRelatedness:
    """RCA and density of one scope, the scope being one row of the city matrix (see module doc).

    The module's formulas on one array per city matrix, built once and kept while the matrix object
    lives (the plain dict composition in ``tests/reference/relatedness.py`` gives the same floats:
    integer sums are exact, density sums run in column order).

    Examples
    --------
    >>> x = {"A": {"p": 2, "q": 2}, "B": {"p": 1}, "C": {"q": 1, "r": 3}}
    >>> s = scope_relatedness(x, x["B"], ["p", "q", "r"], covered={"B"}, split=set())
    >>> sorted(s.present), round(s.density["q"], 4), s.density["r"], s.drivers["q"]
    (['p'], 0.3333, 0.0, (('p', 0.5),))
    """
    leaves = list(leaves)
    index, a = _city_array(city_x, leaves)
    mine = np.array([scope_x.get(n, 0) for n in leaves], dtype=float)
    if not split and leaves:
        rows_in = [index[c] for c in covered if c in index]
        if (len(rows_in) == 1 and np.array_equal(a[rows_in[0]], mine)) or (not rows_in and not mine.any()):
            return _as_one_row(city_x, leaves, rows_in[0] if rows_in else None)
    keep = np.ones(len(index), dtype=bool)
    for c in covered:
        if c in index:
            keep[index[c]] = False
    rows = a.copy() if split else a
    for c in split:
        if c in index:
            rows[index[c]] = np.maximum(0.0, rows[index[c]] - mine)
    value, m, phi, weight = _parts(np.vstack([rows[keep], mine[None, :]]))
    near = np.cumsum(phi * m[-1][None, :], axis=1)[:, -1] if len(leaves) else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = np.where(weight != 0, near / weight, 0.0)
    present = frozenset(n for n, x in zip(leaves, m[-1].tolist(), strict=True) if x)
    return ScopeRelatedness(dict(zip(leaves, value[-1].tolist(), strict=True)), present,
                            dict(zip(leaves, dens.tolist(), strict=True)), _drivers(leaves, phi, m[-1]))


def _as_one_row(city_x: Matrix, leaves: list[str], row: int | None) -> ScopeRelatedness:
    """The scope's relatedness when it stands for one row of the city matrix as it is (``row``; None: an empty row).

    A city scope replaces its own row with the same counts, and an empty row changes no sum, so
    RCA, M and φ are those of the city matrix itself: computed once per matrix, with the same
    operations as :func:`scope_relatedness` (so the same floats).
    """
    value, m, phi, weight = _matrix_parts(city_x, leaves)
    mine_value = value[row] if row is not None else np.zeros(len(leaves))
    mine_m = m[row] if row is not None else np.zeros(len(leaves), dtype=np.int64)
    near = np.cumsum(phi * mine_m[None, :], axis=1)[:, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = np.where(weight != 0, near / weight, 0.0)
    present = frozenset(n for n, x in zip(leaves, mine_m.tolist(), strict=True) if x)
    return ScopeRelatedness(dict(zip(leaves, mine_value.tolist(), strict=True)), present,
                            dict(zip(leaves, dens.tolist(), strict=True)), _drivers(leaves, phi, mine_m))


def _matrix_parts(city_x: Matrix, leaves: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """RCA, M, φ and Σ_j φ(n, j) of the city matrix as it is, kept with its count array."""
    key = (id(city_x), tuple(leaves))
    _city_array(city_x, leaves)
    hit = _ARRAYS[key]
    if len(hit) == 3:
        hit = _ARRAYS[key] = (*hit, _parts(hit[2]))
    return hit[3]


def _parts(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """RCA, M, φ and Σ_j φ(n, j) of a count array (rows: regions, columns: links)."""
    total = rows.sum()
    col_total, row_total = rows.sum(axis=0), rows.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (rows / row_total[:, None]) / (col_total / total)[None, :]
    value[(row_total == 0)[:, None] | (col_total == 0)[None, :]] = 0.0
    m = (value >= 1.0 - 1e-12).astype(np.int64)
    both = m.T @ m
    ubiquity = np.diag(both)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = both / np.maximum(ubiquity[:, None], ubiquity[None, :])
    phi[both == 0] = 0.0
    np.fill_diagonal(phi, 1.0)
    weight = np.cumsum(phi, axis=1)[:, -1] if rows.shape[1] else np.zeros(0)
    return value, m, phi, weight


_ARRAYS: dict[tuple, tuple] = {}  # (id of a city matrix, leaves) -> (the matrix, row index, count array[, its parts])


def _city_array(city_x: Matrix, leaves: list[str]) -> tuple[dict[str, int], np.ndarray]:
    """Row index and count array (cities × ``leaves``) of a city matrix, kept while the same object is asked for."""
    key = (id(city_x), tuple(leaves))
    hit = _ARRAYS.get(key)
    if hit is not None and hit[0] is city_x:
        return hit[1], hit[2]
    index = {c: i for i, c in enumerate(city_x)}
    a = np.array([[row.get(n, 0) for n in leaves] for row in city_x.values()], dtype=float).reshape(len(index), len(leaves))
    if len(_ARRAYS) >= 64:
        _ARRAYS.clear()
    _ARRAYS[key] = (city_x, index, a)
    return index, a
