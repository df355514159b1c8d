"""The one percentile formula (app.store.scale) and the embedded store's incremental form of it agree."""
from __future__ import annotations

import numpy as np
import pytest

from app.store.embedded.indexes import LinkColumns
from app.store.scale import ScaleBasis, percentile_array, percentiles, scale_columns


@pytest.mark.parametrize("values, expected", [
    ([10.0, 30.0, 20.0, 20.0], [0.0, 1.0, 0.5, 0.5]),
    ([7.0], [1.0]),                                   # a lone candidate is the largest
    ([5.0, 5.0, 5.0], [0.5, 0.5, 0.5]),               # all tied: the middle
    ([6023.0, 4009.0], [1.0, 0.0]),                   # of two known revenues the smaller is 0% (issue 16's 宁德时代)
    ([1.0, 2.0, 3.0, 4.0, 5.0], [0.0, 0.25, 0.5, 0.75, 1.0]),
])
def test_percentiles_by_hand(values, expected):
    assert percentile_array(np.array(values)).tolist() == expected
    assert percentiles({str(i): v for i, v in enumerate(values)}) == {str(i): p for i, p in enumerate(expected)}


def test_the_largest_revenue_is_at_100_percent_and_headcount_only_when_revenue_is_unknown():
    revenue = np.array([np.nan, 40.0, 4009.0, np.nan, 12.0])
    staff = np.array([500.0, 9000.0, np.nan, np.nan, 100.0])
    value, basis = scale_columns(revenue, staff)
    assert value[2] == 1.0 and basis.tolist() == [ScaleBasis.headcount, ScaleBasis.revenue, ScaleBasis.revenue,
                                                  ScaleBasis.unknown, ScaleBasis.revenue]
    assert value[0] == 0.5  # 500 among every known headcount (100, 500, 9000)
    assert value[3] == 0.0


def test_link_columns_rank_the_remaining_members_as_the_formula_does():
    rng = np.random.default_rng(7)
    n = 300
    revenue = np.where(rng.random(n) < 0.4, np.nan, rng.integers(0, 40, n).astype(float))  # many ties and unknowns
    staff = np.where(rng.random(n) < 0.3, np.nan, rng.integers(0, 60, n).astype(float))
    num = {"revenue": revenue, "employees": staff, "tagset": np.zeros(n, dtype=np.int32),
           "county": np.zeros(n, dtype=np.int32)}
    cols = LinkColumns(np.arange(n), num)
    assert cols.scale_all.tolist() == scale_columns(revenue, staff)[0].tolist()
    for _ in range(20):
        gone = np.sort(rng.choice(n, rng.integers(0, n - 2), replace=False))
        rest = np.setdiff1d(np.arange(n), gone)
        value, basis = cols.scale(gone, rest)
        expected_value, expected_basis = scale_columns(revenue[rest], staff[rest])
        assert value.tolist() == expected_value.tolist() and basis.tolist() == expected_basis.tolist()
        assert np.abs(value - cols.scale_all[rest]).max(initial=0) <= cols.scale_slack(gone) + 1e-12
