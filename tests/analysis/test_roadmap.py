"""Roadmap phases by hand (priorities from test_modes)."""
from __future__ import annotations

import pytest

from app.analysis.results import Mode
from app.analysis.scope import resolve_scope
from app.analysis.service import build_roadmap


def _ids(roadmap):
    return [[i.node_id for i in p.items] for p in roadmap.phases]


def test_phases_by_priority_with_suppliers_first(toy, chengdu):
    r = build_roadmap(toy, "toy", chengdu)
    # gap items c .75 (strengthen), b .392 (extend), e .325, f .275, d .15 → thirds of 5: 2, 2, 1;
    # within the near phase b comes before c because b FEEDS c
    assert _ids(r) == [["toy.b", "toy.c"], ["toy.e", "toy.f"], ["toy.d"]]
    near = r.phases[0]
    assert near.items[1].after == ("toy.b",) and r.phases[1].items[0].after == ("toy.c",)
    assert [p.label for p in r.phases] == ["近期", "中期", "远期"]
    # completeness now .5; near adds b (.25); mid adds e, f (.75); long adds d (.5)
    assert r.completeness_now == pytest.approx(0.5)
    assert [p.completeness_after for p in r.phases] == pytest.approx([1.75 / 3, 2.5 / 3, 1.0])


def test_build_links_open_the_roadmap(toy):
    r = build_roadmap(toy, "toy", resolve_scope(toy, region="合肥"))
    # build a (.2875), c (.75) near; fill b .225, d .15, e .15, f .075: b and d near, e mid, f long
    assert _ids(r) == [["toy.a", "toy.b", "toy.c", "toy.d"], ["toy.e"], ["toy.f"]]
    assert r.phases[0].items[2].mode is Mode.build and r.phases[0].items[2].after == ("toy.a", "toy.b")
    assert [p.completeness_after for p in r.phases] == pytest.approx([2.25 / 3, 2.75 / 3, 1.0])


def test_a_link_never_precedes_a_planned_supplier_phase(two):
    r = build_roadmap(two, "toy", resolve_scope(two, region="成都"))
    phase = {i.node_id: n for n, p in enumerate(r.phases) for i in p.items}
    for p in r.phases:
        for item in p.items:
            assert all(phase[s] <= phase[item.node_id] for s in item.after)
    # the fused link of the other chain closes the long phase
    assert r.phases[2].items[-1].node_id == "pan.film" and r.phases[2].items[-1].mode is Mode.fuse


def test_items_carry_their_best_targets(toy, chengdu):
    r = build_roadmap(toy, "toy", chengdu)
    b = r.phases[0].items[0]
    assert [t.enterprise_id for t in b.targets] == ["b1"]
    d = r.model_dump(mode="json")
    assert set(d["phases"][0]["items"][0]) == {"node_id", "name", "mode", "priority", "after", "targets", "reasons"}
