"""新型显示 on the seed: what a 成都 official (and a 招商 officer) would recognise.

Each fact used here has its public source in ``seed/README.md`` (section "新型显示 sources").
The group rule of issue 15 (a member inherits 链主 / 上市 / 世界500强 from its group) is applied here
by rewriting a copy of the seed, so the test says whether the data is enough under that rule
whether or not the analyses apply the rule themselves.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from app.analysis import service
from app.analysis.parks import compare_parks
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import GROUP_TAGS
from tests.seed.conftest import ownership

PANEL_GROUPS = {"京东方": "boe", "华星": "tcl-tech", "天马": "tianma", "维信诺": "visionox", "惠科": "hkc", "彩虹": "irico"}
PANEL_LINKS = {"display." + x for x in ("glass_substrate", "tft_lcd_panel", "amoled_panel", "silicon_oled", "color_filter",
                                          "display_module", "vehicle_display")}


def _parents(data):
    return {e.id: e.parent_id for e in data.enterprises}


def _local(report, node_id):
    return next(x for x in report.links if x.node_id == node_id)


@pytest.fixture(scope="module")
def chengdu(store):
    return service.gap_report(store, "display", resolve_scope(store, region="成都"))


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    """A store on a copy of the seed where every member carries its ancestors' group tags (the issue-15 rule)."""
    root = Path(tmp_path_factory.mktemp("seed-groups")) / "seed"
    shutil.copytree(SEED_DIR, root)
    path = root / "enterprises.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_id = {r["id"]: r for r in rows}
    parent_of = {r["id"]: r["parent_id"] or None for r in rows}
    for r in rows:
        tags = [t for t in r["tags"].split(";") if t]
        for anc in ownership(parent_of, r["id"])[1:]:
            tags += [t for t in by_id[anc]["tags"].split(";") if t in GROUP_TAGS and t not in tags]
        r["tags"] = ";".join(tags)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return EmbeddedStore.open(root)


def _gaps(store, region):
    return service.gap_report(store, "display", resolve_scope(store, region=region))


@pytest.fixture(scope="module")
def chengdu_group_rule(grouped):
    return _gaps(grouped, "成都")


def test_chengdu_tft_lcd_has_its_two_fabs(chengdu):
    tft = _local(chengdu, "display.tft_lcd_panel")
    assert tft.status is not Status.missing
    assert tft.local_count >= 2  # BOE's 8.6代 line (ex-中电熊猫, 双流) and 成都天马: not weak for want of data
    assert {"成都京东方显示科技有限公司", "成都天马微电子有限公司"} <= {e.name for e in tft.local_enterprises}


def test_chengdu_vehicle_display_has_the_boe_base(data, chengdu):
    vehicle = _local(chengdu, "display.vehicle_display")
    assert vehicle.status is not Status.missing  # was missing before the BOE 车载显示基地 (2022, 高新西区) was in the seed
    by_id = {e.id: e for e in data.enterprises}
    assert by_id["boe-cd-auto"].name == "成都京东方汽车电子有限公司"
    assert ownership(_parents(data), "boe-cd-auto") == ["boe-cd-auto", "boe-varitronix", "boe"]
    assert "上市" in by_id["boe-varitronix"].tags and by_id["boe-varitronix"].listed_code == "0710.HK"


def test_under_the_group_rule_tft_lcd_is_strong_and_the_car_display_base_is_key(chengdu, chengdu_group_rule):
    tft = _local(chengdu_group_rule, "display.tft_lcd_panel")
    assert tft.status is Status.strong, tft.reasons
    assert tft.key_count >= 2  # both fabs belong to 链主 / listed groups (京东方, 天马)
    assert _local(chengdu_group_rule, "display.vehicle_display").key_count >= 1
    # the rule only adds key status: no link gets weaker
    order = {Status.missing: 0, Status.weak: 1, Status.strong: 2}
    before = {x.node_id: x.status for x in chengdu.links}
    assert all(order[x.status] >= order[before[x.node_id]] for x in chengdu_group_rule.links)


def test_every_panel_plant_has_a_parent_chain_to_its_group(data):
    by_id, parent_of = {e.id: e for e in data.enterprises}, _parents(data)
    panel = {link.enterprise_id for link in data.links if link.node_id in PANEL_LINKS}
    checked = 0
    for eid in sorted(panel):
        e = by_id[eid]
        for word, group in PANEL_GROUPS.items():
            if word in e.name and eid != group:
                assert ownership(parent_of, eid)[-1] == group, (e.name, ownership(parent_of, eid))
                checked += 1
    assert checked >= 35


def test_group_tags_sit_on_the_groups_and_listing_codes_on_listed_entities(data):
    by_id = {e.id: e for e in data.enterprises}
    for group in ("boe", "tianma", "visionox", "hkc", "irico"):
        assert "链主" in by_id[group].tags, group
    leaves = {n.id for n in data.chains["display"].leaves}
    display = {link.enterprise_id for link in data.links if link.node_id in leaves}
    codes = {}
    for eid in display:
        e = by_id[eid]
        if e.listed_code:
            assert "上市" in e.tags, (e.name, e.listed_code)  # offshore listings (.HK) included
            codes.setdefault(e.listed_code, []).append(eid)
    assert all(len(v) == 1 for v in codes.values()), {k: v for k, v in codes.items() if len(v) > 1}
    assert {by_id[i].listed_code for i in ("boe-varitronix", "tcl-electronics", "truly-intl", "skyworth-group", "xiaomi-group")} == {
        "0710.HK", "1070.HK", "0732.HK", "0751.HK", "1810.HK"}


def test_xiaomi_is_a_brand_owner_not_a_display_chain_leader(data):
    by_id = {e.id: e for e in data.enterprises}
    xiaomi = by_id["xiaomi"]
    assert "链主" not in xiaomi.tags and "世界500强" not in xiaomi.tags and xiaomi.parent_id == "xiaomi-group"
    assert "世界500强" in by_id["xiaomi-group"].tags
    mine = {link.node_id: link.role.value for link in data.links if link.enterprise_id in ("xiaomi", "xiaomi-group")}
    assert "display.tv" not in mine  # its TVs are made by contract manufacturers
    assert mine.get("display.smartphone") == "supporting"  # a brand: ODM/EMS make most of its phones


def test_former_panda_lines_carry_their_boe_names(data):
    by_id = {e.id: e for e in data.enterprises}
    assert by_id["cec-panda-cd"].name == "成都京东方显示科技有限公司" and by_id["cec-panda-cd"].parent_id == "boe"
    assert by_id["panda-nj"].name == "南京京东方显示技术有限公司" and by_id["panda-nj"].parent_id == "boe"
    assert not [e.name for e in data.enterprises if "中电熊猫" in e.name]


def test_display_has_little_giants_and_foreign_choke_point_suppliers(data):
    leaves = {n.id for n in data.chains["display"].leaves}
    display = {link.enterprise_id for link in data.links if link.node_id in leaves}
    giants = [e.name for e in data.enterprises if e.id in display and "小巨人" in e.tags]
    assert len(giants) >= 8 and all("专精特新" in e.tags for e in data.enterprises if "小巨人" in e.tags and e.id in display)
    by_id = {e.id: e for e in data.enterprises}
    for eid in ("agc-sz", "neg-gz", "cd-hongning", "sumika-wx", "3m-cn", "ulvac-sz", "nikon-sh", "tel-sh"):
        assert eid in display, by_id[eid].name


def test_chengdu_display_parks_overlap(store):
    c = compare_parks(store, "display", "成都")
    pairs = {(o.park_a, o.park_b): o for o in c.overlap}
    pair = pairs.get(("cd-hitech", "cd-xingu")) or pairs.get(("cd-xingu", "cd-hitech"))
    assert pair is not None and pair.index > 0 and pair.node_ids
    home = {d.node_id: d.park_id for d in c.division}
    assert home.get("display.amoled_panel") == "cd-hitech"  # B7 / B16 are in 高新西区
    assert home.get("display.color_filter") == "cd-xingu"  # the 8.6代 LCD line makes its own colour filters in 双流


def test_hefei_xinzhan_cluster(store):
    """合肥: BOE's B3 / B5 / B9 TFT-LCD fabs, the driver-IC foundry and packagers, the polarizer makers."""
    r = _gaps(store, "合肥")
    tft, driver, polarizer = (_local(r, "display." + n) for n in ("tft_lcd_panel", "driver_ic", "polarizer"))
    assert tft.status is Status.strong and tft.local_count >= 3
    assert driver.status is Status.strong and driver.local_count >= 4  # 晶合, 颀中, 汇成, 合肥通富
    assert polarizer.status is Status.strong  # 三利谱合肥, 乐凯, 皖维


def test_wuhan_panel_cluster(store, grouped):
    """武汉: 华星 T3 (LTPS LCD) and T4 (flexible AMOLED), BOE B17 (10.5代), 天马 G6; AMOLED is strong once the
    two fabs count as members of their 链主 / listed groups."""
    r = _gaps(store, "武汉")
    tft = _local(r, "display.tft_lcd_panel")
    assert tft.status is Status.strong
    assert {"武汉华星光电技术有限公司", "武汉京东方光电科技有限公司", "武汉天马微电子有限公司"} <= {e.name for e in tft.local_enterprises}
    assert _local(r, "display.amoled_panel").local_count >= 2
    assert _local(_gaps(grouped, "武汉"), "display.amoled_panel").status is Status.strong
