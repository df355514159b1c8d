"""Roadmap phases on the toy graphs, by hand (the rules in app.analysis.roadmap; more cases in test_plan)."""
from __future__ import annotations

import pytest

from app.analysis.results import Mode
from app.analysis.scope import resolve_scope
from app.analysis.service import build_roadmap


def _ids(roadmap):
    return [[i.node_id for i in p.items] for p in roadmap.phases]


def test_anchor_first_and_links_without_footing_left_out(toy, chengdu):
    r = build_roadmap(toy, "toy", chengdu)
    # c: weak core (c1 is the smaller of two) → near; b: missing, the core c needs it → mid;
    # d, e: density 0 and no local customer → not pursued; f: nobody outside Chengdu (f1 is 注销)
    assert _ids(r) == [["toy.c"], ["toy.b"], []]
    assert [x.node_id for x in r.not_pursued] == ["toy.d", "toy.e", "toy.f"]
    assert r.phases[0].items[0].reasons[0].zh == "做强本地已有的核心环节"
    assert r.phases[1].items[0].after == ("toy.c",)  # b serves the planned c, placed before it
    assert [p.label for p in r.phases] == ["近期", "中期", "远期"]
    # completeness now .5 (a .5 + c 1 of 3); mid adds b .25; d e f (1.25) never count
    assert r.completeness_now == pytest.approx(0.5)
    assert [p.target_completeness for p in r.phases] == pytest.approx([1.5 / 3, 1.75 / 3, 1.75 / 3])


def test_build_anchors_open_the_roadmap_and_their_suppliers_follow(toy):
    r = build_roadmap(toy, "toy", resolve_scope(toy, region="合肥"))
    # nothing in Hefei: build c (.75) and a (.2875) near, c first as a's customer; b supplies the anchor c → mid;
    # d, e: no footing; f: nobody outside
    assert _ids(r) == [["toy.c", "toy.a"], ["toy.b"], []]
    assert r.phases[0].items[0].mode is Mode.build and r.phases[0].items[1].after == ("toy.c",)
    assert r.phases[1].items[0].reasons[0].zh == "建链核心“丙面板”的配套，中期跟进"
    assert [p.target_completeness for p in r.phases] == pytest.approx([1.5 / 3, 1.75 / 3, 1.75 / 3])


def test_a_missing_supplier_never_precedes_the_missing_customers_it_serves(two):
    r = build_roadmap(two, "toy", resolve_scope(two, region="成都"), density_floor=0.0)
    phase = {i.node_id: n for n, p in enumerate(r.phases) for i in p.items}
    for p in r.phases:
        for item in p.items:
            assert all(phase[c] <= phase[item.node_id] for c in item.after)
    # the fused link of the other chain closes the long phase
    assert r.phases[2].items[-1].node_id == "pan.film" and r.phases[2].items[-1].mode is Mode.fuse


def test_items_carry_their_best_targets(toy, chengdu):
    r = build_roadmap(toy, "toy", chengdu)
    b = r.phases[1].items[0]
    assert [t.enterprise_id for t in b.targets] == ["b1"]
    d = r.model_dump(mode="json")
    assert set(d["phases"][1]["items"][0]) == {"node_id", "name", "name_en", "mode", "priority", "after", "targets", "reasons"}
    assert d["not_pursued"][0] == {"node_id": "toy.d", "name": "丁模组", "name_en": "D", "reasons": [
        {"zh": "关联密度 0.00 低于 0.15，且本地没有需要它的下游企业",
         "en": "relatedness density 0.00 below 0.15 and no local demand"}]}


def test_a_link_a_partner_city_holds_strongly_is_left_to_it():
    # 错位协同: 武汉's b1 is the largest of toy.b nationwide (strong there by the scale rule); with 成都 and 武汉
    # in one area, 成都 leaves toy.b to 武汉 instead of attracting it, unless the user pins it
    from app.analysis.service import build_roadmap, resolve_scope
    from app.analysis.targets import TargetOptions
    from app.datadir.areas import AreaRow, Areas
    from tests.fixtures.analysis_graphs import toy_store

    store = toy_store()
    chengdu = resolve_scope(store, region="成都")
    areas = Areas([AreaRow("测试区", "Test", code, name, "某规划") for code, name in (("510100", "成都市"), ("420100", "武汉市"))],
                  store.regions())
    alone = build_roadmap(store, "toy", chengdu)
    assert "toy.b" in {i.node_id for p in alone.phases for i in p.items}
    paired = build_roadmap(store, "toy", chengdu, options=TargetOptions(areas=areas))
    left = {x.node_id: x.reasons[0].zh for x in paired.not_pursued}
    assert left["toy.b"].startswith("错位协同：同属测试区的武汉市该环节已强")
    assert paired.phases[-1].target_completeness < alone.phases[-1].target_completeness
    pinned = build_roadmap(store, "toy", chengdu, include=["toy.b"], options=TargetOptions(areas=areas))
    assert "toy.b" in {i.node_id for p in pinned.phases for i in p.items}
