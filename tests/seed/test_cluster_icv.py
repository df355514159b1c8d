"""长沙 智能网联汽车: the statuses a Changsha ICV official would recognise, on the seed (sources: seed/README.md,
"智能网联汽车 sources"), and the v2 template they are read against."""
from __future__ import annotations

import pytest

from app.analysis import service
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Stage


@pytest.fixture(scope="module")
def changsha():
    store = EmbeddedStore.open(SEED_DIR)
    report = service.gap_report(store, "icv", resolve_scope(store, region="长沙"))
    return {link.node_id.removeprefix("icv."): link for link in report.links}


def names(link):
    return {e.name for e in link.local_enterprises}


def test_v2_keeps_every_v1_link_and_puts_the_vehicle_anchor_midstream(data):
    t = data.chains["icv"]
    # every v1 id is kept: tests/seed/test_template_ids.py
    assert {n.id for n in t.leaves if n.stage is Stage.midstream} == {
        "icv.nev_passenger", "icv.ice_passenger", "icv.commercial_vehicle", "icv.special_vehicle"}
    assert t.node("icv.embedded_software").chokepoint  # toolchains
    three_electric = {n.id for n in t.children_of("icv.three_electric")}
    assert three_electric == {"icv.power_battery", "icv.e_motor_control", "icv.thermal_management", "icv.onboard_power"}
    assert {n.id for n in t.children_of("icv.actuation")} >= {"icv.brake_by_wire", "icv.steer_by_wire", "icv.chassis_by_wire"}
    feeds = {(f.source, f.target) for f in t.feeds}
    for pair in [("auto_chips", "lidar"), ("auto_chips", "camera"), ("auto_chips", "rsu"), ("hd_map", "domain_controller"),
                 ("hd_map", "robotaxi"), ("positioning", "adas_system"), ("vehicle_road_cooperation", "robotaxi")]:
        assert tuple(f"icv.{x}" for x in pair) in feeds


def test_changsha_vehicle_anchors_are_present(changsha):
    # 比亚迪长沙 (乘用车 and buses) and 广汽埃安长沙工厂 (in production since 2024-08) make NEV passenger cars
    nev = changsha["nev_passenger"]
    assert nev.status is not Status.missing and nev.local_count >= 2
    assert {"长沙市比亚迪汽车有限公司", "广汽埃安新能源汽车股份有限公司长沙分公司"} <= names(nev)
    assert changsha["ice_passenger"].status is not Status.missing  # 上汽大众长沙


def test_changsha_robotaxi_is_baidu_apollo(changsha):
    robotaxi = changsha["robotaxi"]
    assert robotaxi.status is not Status.missing
    assert "湖南阿波罗智行科技有限公司" in names(robotaxi)


def test_changsha_test_zone_and_pilot_area_are_strong(changsha):
    demo = changsha["demo_application"]
    assert demo.status is Status.strong
    assert "湖南湘江智能科技创新中心有限公司" in names(demo)


def test_changsha_battery_chain_has_fudi_ningxiang_and_brunp(changsha):
    assert "长沙弗迪电池有限公司" in names(changsha["power_battery"])
    assert changsha["power_battery"].status is Status.strong
    assert changsha["cathode"].status is Status.strong  # 长远锂科, 巴斯夫杉杉, 邦普
    assert "湖南邦普循环科技有限公司" in names(changsha["battery_recycling"])


def test_mislinks_of_the_review_are_gone(data):
    links = {(x.enterprise_id, x.node_id) for x in data.links}
    assert ("lens", "icv.smart_cockpit") not in links and ("lens", "icv.vehicle_display") in links
    assert ("bosch-cs", "icv.thermal_management") not in links
    assert ("hgtech", "icv.sensor_chips") not in links


def test_plants_reach_their_group_and_jvs_their_decision_maker(data):
    ents = {e.id: e for e in data.enterprises}

    def top(eid):
        seen = set()
        while ents[eid].parent_id and eid not in seen:
            seen.add(eid)
            eid = ents[eid].parent_id
        return eid

    for e in ents.values():
        if e.name.startswith(("比亚迪", "弗迪")) or "比亚迪汽车" in e.name or "弗迪电池" in e.name:
            assert top(e.id) == "byd", e.name
        if "时代新能源科技" in e.name or "邦普循环" in e.name or e.name.startswith(("时代上汽", "时代广汽")):
            assert top(e.id) == "catl", e.name
    for eid, group in [("saic-vw-cs", "saic"), ("gac-aion-cs", "gac"), ("apollo-cs", "baidu-group"), ("nio-ah", "nio-group"),
                       ("li-auto-bj", "li-auto"), ("xpeng", "xpeng-group"), ("zeekr", "geely"), ("geely-xt", "geely")]:
        assert top(eid) == group, eid
    # listing codes sit on the listed entity only
    assert [e.id for e in ents.values() if e.listed_code == "002594.SZ"] == ["byd"]
    assert [e.id for e in ents.values() if e.listed_code == "300750.SZ"] == ["catl"]
    assert "上市" in ents["nio-group"].tags and not ents["nio-ah"].listed_code
