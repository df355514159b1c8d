"""Capacity-aware statuses, one mode per link and the anchor-first roadmap on ``plan_store`` (answers by hand).

The chain (tests/fixtures/analysis_graphs.py): sand → glass (core) → cell → device; chem
(proximity-bound), tool (capital-heavy choke point) and rare (nobody anywhere) → panel (core) →
module (core) → device. Chengdu: S1 sand, P1 panel (链主), M1 module (smallest of three), D1 device.
Threshold 2, so every present link has too few enterprises by count.
"""
from __future__ import annotations

import pytest

from app.analysis.results import Mode, Status
from app.analysis.scope import resolve_scope
from app.analysis.service import build_roadmap, gap_entries, gap_report
from app.errors import NotFound
from tests.fixtures.analysis_graphs import plan_store


@pytest.fixture(scope="module")
def plan():
    store = plan_store()
    return store, resolve_scope(store, region="成都")


def _phases(roadmap) -> dict[str, int]:
    return {i.node_id: n for n, p in enumerate(roadmap.phases) for i in p.items}


def test_one_chain_leader_makes_its_link_strong(plan):
    r = gap_report(plan[0], "plan", plan[1])
    panel = r.link("plan.panel")
    assert (panel.status, panel.rule, panel.local_count) == (Status.strong, "leader", 1)
    assert panel.reasons[0].zh == "链主规则：本地链主成都面板链主有限公司在该环节，判为强"
    module = r.link("plan.module")  # one enterprise, the smallest of the link's three: weak, and the reason says why
    assert (module.status, module.rule) == (Status.weak, None)
    assert any("前 20%" in x.zh for x in module.reasons)


def test_no_link_appears_in_two_modes(plan):
    r = gap_report(plan[0], "plan", plan[1])
    seen = [e.node_id for m in (Mode.build, Mode.fill, Mode.strengthen, Mode.extend) for e in r.mode(m)]
    assert len(seen) == len(set(seen))
    assert set(seen) == {x.node_id for x in r.links if x.status is not Status.strong}  # every gap link has its mode
    assert [n for n, _ in [(x.node_id, e) for x, e in gap_entries(r)]] == [x.node_id for x in r.links
                                                                            if x.status is not Status.strong]


def test_fill_reasons_name_the_local_enterprise_that_needs_the_link(plan):
    r = gap_report(plan[0], "plan", plan[1])
    chem = next(e for e in r.fill if e.node_id == "plan.chem")
    assert chem.reasons[0].zh == "本地需求：本地“面板”环节的链主成都面板链主有限公司需要该环节产品"


def test_a_weak_core_link_with_local_presence_is_near_term(plan):
    r = build_roadmap(plan[0], "plan", plan[1])
    near = r.phases[0]
    assert near.items[0].node_id == "plan.module" and near.items[0].mode is Mode.strengthen
    assert near.items[0].reasons[0].zh == "做强本地已有的核心环节"
    # the proximity-bound chemicals of the present panel follow it; the capital-heavy choke point waits
    assert _phases(r)["plan.chem"] == 0 and _phases(r)["plan.tool"] == 2


def test_a_supplier_whose_only_customer_is_missing_follows_that_customer(plan):
    r = build_roadmap(plan[0], "plan", plan[1], density_floor=0.0)  # keep glass in the plan whatever its density
    phase = _phases(r)
    # glass alone would be mid (core, with local sand); its only customer cell is missing and long term
    assert phase["plan.cell"] == 2 and phase["plan.glass"] >= phase["plan.cell"]
    glass = next(i for i in r.phases[2].items if i.node_id == "plan.glass")
    assert glass.after == ("plan.cell",) and "所服务的下游环节“电芯”列入远期" in glass.reasons[0].zh
    order = [i.node_id for i in r.phases[2].items]
    assert order.index("plan.cell") < order.index("plan.glass")  # the customer first


def test_a_link_nobody_outside_holds_is_not_pursued_and_the_far_phase_stays_below_100(plan):
    r = build_roadmap(plan[0], "plan", plan[1], density_floor=0.0)
    assert [x.node_id for x in r.not_pursued] == ["plan.rare"]
    assert "范围外没有可招引的企业" in r.not_pursued[0].reasons[0].zh
    # weights: total 5.7; present sand .3 panel 1 module .7 device .5 = 2.5; near adds chem .5, long cell .9 glass .6
    # tool .8; rare .4 never counts
    assert [p.target_completeness for p in r.phases] == pytest.approx([3.0 / 5.7, 3.0 / 5.7, 5.3 / 5.7])
    assert "plan.rare" not in _phases(r)


def test_the_density_floor_drops_a_missing_link_without_local_demand(plan):
    r = build_roadmap(plan[0], "plan", plan[1])  # default floor .15; glass has density 0 and no present customer
    assert [x.node_id for x in r.not_pursued] == ["plan.glass", "plan.rare"]
    assert r.not_pursued[0].reasons[0].zh == "关联密度 0.00 低于 0.15，且本地没有需要它的下游企业"
    assert r.density_floor == 0.15


def test_pins_put_links_in_and_out_and_the_plan_recomputes(plan):
    r = build_roadmap(plan[0], "plan", plan[1], include=["玻璃"], exclude=["plan.chem", "模组"])
    phase = _phases(r)
    assert "plan.glass" in phase and "plan.chem" not in phase and "plan.module" not in phase
    assert {x.node_id for x in r.not_pursued} == {"plan.chem", "plan.module", "plan.rare"}
    assert next(x for x in r.not_pursued if x.node_id == "plan.chem").reasons[0].zh == "按用户选择暂不布局"
    assert (r.included, r.excluded) == (("plan.glass",), ("plan.chem", "plan.module"))
    with pytest.raises(NotFound, match="没有环节 不存在"):
        build_roadmap(plan[0], "plan", plan[1], include=["不存在"])


def test_the_json_contract(plan):
    d = build_roadmap(plan[0], "plan", plan[1]).model_dump(mode="json")
    assert {"node_id", "reasons"} <= set(d["not_pursued"][0])
    assert {"items", "target_completeness"} <= set(d["phases"][0]) and "node_id" in d["phases"][0]["items"][0]
    g = gap_report(plan[0], "plan", plan[1]).model_dump(mode="json")
    assert {"node_id", "priority", "reasons"} <= set(g["fill"][0])
