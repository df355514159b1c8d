"""The product-space formulas written plainly over dicts: the reference the array path of
:mod:`app.analysis.relatedness` must equal float for float (the tests check it on random matrices).

>>> x = {"A": {"p": 2, "q": 2}, "B": {"p": 1}, "C": {"q": 1, "r": 3}}
>>> round(rca(x, ["p", "q", "r"])["A"]["p"], 4)
1.5
>>> phi = proximity(presence(rca(x, ["p", "q", "r"])), ["p", "q", "r"])
>>> phi["p"]["q"], phi["q"]["r"], phi["p"]["p"]
(0.5, 0.0, 1.0)
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from app.analysis.relatedness import SCOPE_ROW, Matrix, ScopeRelatedness


def rca(x: Matrix, cols: Iterable[str]) -> dict[str, dict[str, float]]:
    """Balassa's revealed comparative advantage of every row in every column (0 where undefined).

    Computed on a numpy array with the same operations in the same order as the formula, so the
    values are the same floats; sums are of integer counts, hence exact.
    """
    cols = list(cols)
    names = list(x)
    a = np.array([[row.get(n, 0) for n in cols] for row in x.values()], dtype=float).reshape(len(names), len(cols))
    total = a.sum()
    col_total, row_total = a.sum(axis=0), a.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (a / row_total[:, None]) / (col_total / total)[None, :]
    value[(row_total == 0)[:, None] | (col_total == 0)[None, :]] = 0.0
    return {c: dict(zip(cols, value[i].tolist(), strict=True)) for i, c in enumerate(names)}


def presence(r: Matrix) -> dict[str, set[str]]:
    """M as the set of columns where each row has RCA ≥ 1."""
    return {c: {n for n, v in row.items() if v >= 1.0 - 1e-12} for c, row in r.items()}


def proximity(m: Mapping[str, set[str]], cols: Iterable[str]) -> dict[str, dict[str, float]]:
    """φ(i, j) = co-occurrence / max(ubiquity), with φ(n, n) = 1 (integer counts from one matrix product)."""
    cols = list(cols)
    index = {n: k for k, n in enumerate(cols)}
    a = np.zeros((len(m), len(cols)), dtype=np.int64)
    for r, present in enumerate(m.values()):
        a[r, [index[n] for n in present if n in index]] = 1
    both = a.T @ a
    ubiquity = np.diag(both)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = both / np.maximum(ubiquity[:, None], ubiquity[None, :])
    phi[both == 0] = 0.0
    np.fill_diagonal(phi, 1.0)
    return {i: dict(zip(cols, phi[k].tolist(), strict=True)) for k, i in enumerate(cols)}


def density(present: set[str], phi: Matrix, cols: Iterable[str]) -> dict[str, float]:
    """Σ_j M[j] φ(n, j) / Σ_j φ(n, j) for every column n, given the columns a row is present in."""
    cols = list(cols)
    out = {}
    for n in cols:
        weights = [phi[n].get(j, 0.0) for j in cols]
        total = sum(weights)
        out[n] = sum(w for j, w in zip(cols, weights, strict=True) if j in present) / total if total else 0.0
    return out


def drivers(present: set[str], phi: Matrix, cols: Iterable[str], limit: int = 3) -> dict[str, tuple]:
    """For every column n, up to ``limit`` other present columns j with φ(n, j) > 0, largest φ first, then column order."""
    cols = list(cols)
    out = {}
    for n in cols:
        near = [(j, phi[n][j]) for j in cols if j != n and j in present and phi[n][j] > 0]
        out[n] = tuple(sorted(near, key=lambda jp: (-jp[1], cols.index(jp[0])))[:limit])
    return out


def partition(city_x: Matrix, scope_x: Mapping[str, float], covered: set[str], split: set[str]) -> dict[str, dict[str, float]]:
    """Rows of the matrix with the scope as one row: ``covered`` cities dropped, ``split`` ones reduced.

    >>> partition({"A": {"p": 3}, "B": {"p": 1}}, {"p": 2}, set(), {"A"})[SCOPE_ROW]
    {'p': 2}
    >>> partition({"A": {"p": 3}}, {"p": 2}, set(), {"A"})["A"]
    {'p': 1}
    """
    rows: dict[str, dict[str, float]] = {}
    for c, row in city_x.items():
        if c in covered:
            continue
        if c in split:
            row = {n: max(0, v - scope_x.get(n, 0)) for n, v in row.items()}
        rows[c] = dict(row)
    rows[SCOPE_ROW] = dict(scope_x)
    return rows


def scope_relatedness_reference(
    city_x: Matrix, scope_x: Mapping[str, float], leaves: Iterable[str], covered: set[str], split: set[str]
) -> ScopeRelatedness:
    """Scope relatedness as the plain composition of the formula functions: what the fast path must equal."""
    leaves = list(leaves)
    rows = partition(city_x, scope_x, covered, split)
    r = rca(rows, leaves)
    m = presence(r)
    phi = proximity(m, leaves)
    present = m[SCOPE_ROW]
    return ScopeRelatedness(r[SCOPE_ROW], frozenset(present), density(present, phi, leaves), drivers(present, phi, leaves))
