"""End to end on the seed data: what a Chengdu display official would check."""
from __future__ import annotations

import pytest

from app.analysis import service
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore

pytestmark = pytest.mark.skipif(not (SEED_DIR / "enterprises.csv").exists(), reason="the seed data is not there yet")


@pytest.fixture(scope="module")
def seed():
    return EmbeddedStore.open(SEED_DIR)


@pytest.fixture(scope="module")
def chengdu_display(seed):
    return service.gap_report(seed, "display", resolve_scope(seed, region="成都"))


def test_chengdu_upstream_gaps_appear_under_fill_with_reasons(seed, chengdu_display):
    r = chengdu_display
    upstream_missing = {x.node_id for x in r.links if x.stage == "upstream" and x.status is Status.missing}
    assert upstream_missing, "Chengdu should lack some upstream display links"
    fill = {e.node_id: e for e in r.fill}
    assert upstream_missing <= set(fill)  # every one feeds a present panel or module: local demand
    template = next(t for t in seed.chains() if t.id == "display")
    present = {x.node_id for x in r.links if x.status is not Status.missing}
    # a link whose every customer link is missing locally (光学膜 → 背光模组, PVA/TAC膜 → 偏光片, COF → 驱动芯片) has no local demand
    no_demand = {n for n in upstream_missing if not set(template.customers_of(n)) & present}
    assert no_demand == {"display.optical_film", "display.pva_tac_film", "display.cof"}
    for node_id in upstream_missing - no_demand:
        assert fill[node_id].reasons[0].zh.startswith("本地需求：本地“")
        assert sum(fill[node_id].factors.values()) == pytest.approx(fill[node_id].priority)
    evaporation = fill["display.evaporation_equipment"].reasons[0].zh
    assert evaporation.startswith("本地需求：本地“AMOLED面板”环节的链主成都京东方")  # B16 is a 链主 through its group
    assert "链主成都京东方光电科技有限公司" in evaporation
    seen = [e.node_id for m in ("build", "fill", "strengthen", "extend") for e in r.mode(m)]
    assert len(seen) == len(set(seen)) == r.counts.weak + r.counts.missing  # one link, one mode
    # the heaviest missing core / choke-point upstream links lead the list
    top = r.fill[0]
    assert top.factors["core"] > 0 or top.factors["chokepoint"] > 0


def test_boe_local_supporting_rate_is_reported(chengdu_display):
    boe = [x for x in chengdu_display.leaders if "京东方" in x.name]
    assert boe, "a BOE plant is a 链主 in Chengdu"
    leader = boe[0]
    assert 0 <= leader.supporting_rate <= 1
    assert leader.supporting_rate == pytest.approx(len(leader.covered_supplier_links) / len(leader.supplier_links))
    assert "本地配套率" in leader.reasons[0].zh


def test_every_link_and_entry_is_explained(chengdu_display):
    d = chengdu_display.model_dump(mode="json")
    assert all(link["reasons"] for link in d["links"])
    assert all(e["reasons"] for mode in ("fill", "strengthen", "extend", "build", "fuse") for e in d[mode])
    assert 0 < d["completeness"] < 1 and d["strength"] <= d["completeness"]


def test_targets_lie_outside_chengdu_and_are_active(seed):
    scope = resolve_scope(seed, region="成都")
    table = service.target_table(seed, "display", scope, limit=20)
    assert table.key and table.supporting
    found = seed.enterprises([r.enterprise_id for r in table.rows])
    regions = seed.regions()
    assert all(regions.city_of(e.region_code) != "510100" and e.active for e in found.values())
    assert all(r.reasons for r in table.rows)


def test_roadmap_and_whatif_on_the_seed(seed):
    scope = resolve_scope(seed, region="成都")
    roadmap = service.build_roadmap(seed, "display", scope)
    afters = [p.target_completeness for p in roadmap.phases]
    assert roadmap.completeness_now <= afters[0] <= afters[1] <= afters[2] < 1  # it leaves some links out
    first = roadmap.phases[0].items[0]
    if first.targets:
        w = service.what_if(seed, "display", scope, [first.targets[0].enterprise_id])
        assert w.after.completeness >= w.before.completeness


def test_compare_finds_similar_cities(seed):
    c = service.compare_scopes(seed, "display", [resolve_scope(seed, region=r) for r in ("成都", "合肥", "武汉")])
    assert [s.scope.code for s in c.scopes] == ["510100", "340100", "420100"]
    assert c.similar and all(s.code != "510100" for s in c.similar)
    assert [s.similarity for s in c.similar] == sorted((s.similarity for s in c.similar), reverse=True)


def test_chengdu_display_near_term_starts_with_its_panel_anchors_and_their_proximity_bound_suppliers(seed):
    roadmap = service.build_roadmap(seed, "display", resolve_scope(seed, region="成都"))
    near = [i.node_id for i in roadmap.phases[0].items]
    # both panel anchors are strong: AMOLED (B7/B16) and TFT-LCD, whose 中电熊猫 and 天马 plants are key through their
    # groups (the group rule), so the near term starts by strengthening a present core link
    tft = service.gap_report(seed, "display", resolve_scope(seed, region="成都")).link("display.tft_lcd_panel")
    assert tft.status is Status.strong and any("所属集团京东方" in r.zh for r in tft.reasons)
    first = service.gap_report(seed, "display", resolve_scope(seed, region="成都")).link(near[0])
    assert first.is_core and first.status is Status.weak
    assert {"display.wet_chemicals", "display.specialty_gas", "display.sputtering_target"} <= set(near)
    chemicals = next(i for i in roadmap.phases[0].items if i.node_id == "display.wet_chemicals")
    assert "AMOLED面板" in chemicals.reasons[0].zh and "轻资产配套" in chemicals.reasons[0].zh
    long = {i.node_id for i in roadmap.phases[2].items}
    assert {"display.exposure_equipment", "display.evaporation_equipment", "display.fmm"} <= long
    assert roadmap.not_pursued and all(x.reasons for x in roadmap.not_pursued)


def test_changsha_icv_near_term_holds_its_vehicle_and_cloud_control_anchors(seed):
    roadmap = service.build_roadmap(seed, "icv", resolve_scope(seed, region="长沙"))
    near = [i.node_id for i in roadmap.phases[0].items]
    # 长沙比亚迪 and 埃安长沙 are key through their groups, so 新能源乘用车 is strong already and needs no phase
    nev = service.gap_report(seed, "icv", resolve_scope(seed, region="长沙")).link("icv.nev_passenger")
    assert nev.status is Status.strong and nev.rule in ("count", "leader")
    assert any("所属集团比亚迪" in r.zh for r in nev.reasons)
    # the 车路云 anchors lead; the battery anchor is strong (宁德时代/邦普, 弗迪) or planned near
    assert {"icv.vehicle_road_cooperation", "icv.cloud_control_platform"} <= set(near[:3])
    battery = service.gap_report(seed, "icv", resolve_scope(seed, region="长沙")).link("icv.power_battery")
    assert battery.status is Status.strong or "icv.power_battery" in near
    assert "icv.auto_chips" in {i.node_id for i in roadmap.phases[2].items}  # a capital-heavy choke point waits
    # the far phase reaches 100% exactly when nothing is left out
    assert (roadmap.phases[2].target_completeness == pytest.approx(1.0)) == (not roadmap.not_pursued)
    # 错位协同 within 长株潭: 株洲 (中车时代电气) is strong in 电机电控, so 长沙 leaves it to its partner
    left = {x.node_id: x.reasons[0].zh for x in roadmap.not_pursued}
    assert left["icv.e_motor_control"].startswith("错位协同：同属长株潭的株洲市该环节已强（株洲中车时代电气")


@pytest.mark.parametrize("region, chain", [("成都", "display"), ("长沙", "icv")])
def test_suppliers_never_precede_the_missing_customers_they_serve(seed, region, chain):
    template = seed.chain(chain)
    roadmap = service.build_roadmap(seed, chain, resolve_scope(seed, region=region))
    report = service.gap_report(seed, chain, resolve_scope(seed, region=region))
    present = {x.node_id for x in report.links if x.status is not Status.missing}
    phase = {i.node_id: n for n, p in enumerate(roadmap.phases) for i in p.items}
    for n, p in phase.items():
        customers = template.customers_of(n)
        if n in present or any(c in present for c in customers):
            continue
        planned = [phase[c] for c in customers if c in phase]
        assert not planned or p >= min(planned), n
