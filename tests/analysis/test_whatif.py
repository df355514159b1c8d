from __future__ import annotations

import pytest

from app.analysis.whatif import what_if
from app.errors import InvalidInput, NotFound


def test_landing_candidates_changes_statuses_and_completeness(toy, chengdu):
    w = what_if(toy, "toy", chengdu, ["b1", "d1"])
    # b and d each gain one enterprise, below the threshold of 2; b1 is toy.b's only (so largest) member
    # nationwide: strong by the scale rule; d1 has no revenue nor headcount: weak
    assert [(c.node_id, c.before.value, c.after.value) for c in w.changed] == [("toy.b", "missing", "strong"),
                                                                               ("toy.d", "missing", "weak")]
    assert w.before.completeness == pytest.approx(0.5) and w.after.completeness == pytest.approx(2.25 / 3)
    assert w.before.strength == pytest.approx(0.5 / 3) and w.after.strength == pytest.approx(0.75 / 3)
    assert w.after.counts.model_dump(mode="json") == {"strong": 2, "weak": 2, "missing": 2}


def test_landing_a_chain_leader_makes_its_link_strong(two):
    from app.analysis.scope import resolve_scope

    w = what_if(two, "pan", resolve_scope(two, region="成都"), ["L1"])
    assert [(c.node_id, c.after.value) for c in w.changed] == [("pan.panel", "strong")]  # one 链主, threshold 1 anyway


def test_landing_a_second_enterprise_makes_a_link_strong(toy, chengdu):
    w = what_if(toy, "toy", chengdu, ["c2"])
    # c: c1 + c2 = 2 ≥ 2 and c1 is key → strong; strength .5/3 → 1.5/3
    assert [(c.node_id, c.after.value) for c in w.changed] == [("toy.c", "strong")]
    assert w.after.strength == pytest.approx(1.5 / 3)


def test_local_enterprises_are_not_counted_twice(toy, chengdu):
    w = what_if(toy, "toy", chengdu, ["a2"])
    assert w.changed == () and w.after == w.before and "不重复计算" in w.reasons[0].zh


def test_unknown_or_inactive_enterprises_are_refused(toy, chengdu):
    with pytest.raises(NotFound):
        what_if(toy, "toy", chengdu, ["nobody"])
    with pytest.raises(InvalidInput):
        what_if(toy, "toy", chengdu, ["f1"])
