"""The scale factor of a target: its rank percentile among a link's active members, by revenue, else by headcount.

The one home of the percentile formula. A value with ``below`` smaller values and ``ties`` equal
ones (itself included) among ``n`` has the percentile ``(below + (ties − 1) / 2) / (n − 1)``: the
largest 1, the smallest 0, ties share their average rank, a lone value 1. Every store hands its
candidates over with this factor computed (:attr:`app.store.base.Candidates.scale`), ranked among
*every* member of the link, inside the scope or not (so the largest firm of a link is at 100%
whatever the scope): from the values themselves (:func:`scale_columns`), or, in the embedded
store, from ranks kept per link (:class:`app.store.embedded.indexes.LinkColumns`);
both choose the basis in :func:`scale_factor` and end in :func:`rank_percentile`, so both give
the same floats.

A candidate with a revenue is ranked by revenue among those with one; one without a revenue but
with a headcount is ranked by headcount among *all* candidates with a headcount; one with neither
has the factor 0 and the basis "unknown".

>>> percentiles({"a": 10.0, "b": 30.0, "c": 20.0, "d": 20.0})
{'a': 0.0, 'b': 1.0, 'c': 0.5, 'd': 0.5}
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import IntEnum

import numpy as np


class ScaleBasis(IntEnum):
    """What a candidate's scale factor was ranked by."""

    unknown = 0
    revenue = 1
    headcount = 2


def rank_percentile(below: np.ndarray, ties: np.ndarray, n: int) -> np.ndarray:
    """The percentile of values with ``below`` smaller and ``ties`` equal values (itself included) among ``n``.

    >>> rank_percentile(np.array([0, 3, 1, 1]), np.array([1, 1, 2, 2]), 4).tolist()
    [0.0, 1.0, 0.5, 0.5]
    >>> rank_percentile(np.array([0]), np.array([1]), 1).tolist()
    [1.0]
    """
    if n == 1:
        return np.ones(len(below))
    return (below + (ties - 1) / 2) / (n - 1)


def percentile_array(values: np.ndarray) -> np.ndarray:
    """The percentile of each of ``values`` among them all.

    >>> percentile_array(np.array([10.0, 30.0, 20.0, 20.0])).tolist()
    [0.0, 1.0, 0.5, 0.5]
    """
    ordered = np.sort(values)
    below = np.searchsorted(ordered, values, "left")
    return rank_percentile(below, np.searchsorted(ordered, values, "right") - below, len(values))


def percentiles(values: Mapping[str, float]) -> dict[str, float]:
    """:func:`percentile_array` of a mapping's values, by key."""
    found = percentile_array(np.array(list(values.values()), dtype=float)).tolist()
    return dict(zip(values, found, strict=True))


def scale_factor(has_revenue: np.ndarray, has_headcount: np.ndarray, by_revenue: Callable[[np.ndarray], np.ndarray],
                 by_headcount: Callable[[np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The scale factor and its :class:`ScaleBasis` per candidate: by revenue where known, else by headcount.

    ``by_revenue(mask)`` gives the revenue percentile of the candidates in ``mask`` (all with a
    revenue), ``by_headcount(mask)`` the headcount percentile, among all candidates with a headcount,
    of those in ``mask``.
    """
    value, basis = np.zeros(len(has_revenue)), np.zeros(len(has_revenue), dtype=np.int8)
    if has_revenue.any():
        value[has_revenue] = by_revenue(has_revenue)
        basis[has_revenue] = ScaleBasis.revenue
    staff_only = has_headcount & ~has_revenue
    if staff_only.any():
        value[staff_only] = by_headcount(staff_only)
        basis[staff_only] = ScaleBasis.headcount
    return value, basis


def scale_columns(revenue: np.ndarray, employees: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`scale_factor` of candidates from their revenue and headcount (NaN: unknown).

    >>> value, basis = scale_columns(np.array([5.0, np.nan, 1.0, np.nan]), np.array([9.0, 20.0, np.nan, np.nan]))
    >>> value.tolist(), basis.tolist()
    ([1.0, 1.0, 0.0, 0.0], [1, 2, 1, 0])
    """
    has_rev, has_staff = ~np.isnan(revenue), ~np.isnan(employees)
    return scale_factor(has_rev, has_staff, lambda m: percentile_array(revenue[m]),
                        lambda m: percentile_array(employees[has_staff])[m[has_staff]])


def scale_within(revenue: np.ndarray, employees: np.ndarray, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`scale_columns` of the members ``pick`` (positions), ranked among all the members given.

    The same floats as ``scale_columns(revenue, employees)[…][pick]`` without ranking the others:
    how a link's local members stand among its members nationwide.

    >>> value, basis = scale_within(np.array([5.0, np.nan, 1.0, 3.0]), np.array([9.0, 20.0, np.nan, 1.0]), np.array([1, 3]))
    >>> value.tolist(), basis.tolist()
    ([1.0, 0.5], [2, 1])
    """
    has_rev, has_staff = ~np.isnan(revenue), ~np.isnan(employees)

    def among(values: np.ndarray, has: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        ordered = np.sort(values[has])

        def percentile(mask: np.ndarray) -> np.ndarray:
            v = values[pick][mask]
            below = np.searchsorted(ordered, v, "left")
            return rank_percentile(below, np.searchsorted(ordered, v, "right") - below, len(ordered))
        return percentile
    return scale_factor(has_rev[pick], has_staff[pick], among(revenue, has_rev), among(employees, has_staff))
