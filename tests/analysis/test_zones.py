"""Zones as scopes: national new areas and development zones resolve by name to their regions and park members."""
from __future__ import annotations

import pytest

from app.analysis import service
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.datadir.zones import read_zones
from app.errors import InvalidInput, NotFound
from app.regions import RegionIndex
from app.settings import SEED_DIR
from app.store.base import ScopeKind
from app.store.embedded.store import EmbeddedStore


@pytest.fixture(scope="module")
def seed():
    return EmbeddedStore.open(SEED_DIR)


def test_names_resolve_to_zones_parks_and_regions(seed):
    guian = resolve_scope(seed, region="贵安新区")
    assert (guian.kind, guian.code, guian.name) == (ScopeKind.zone, "guian", "贵州贵安新区")
    assert resolve_scope(seed, region="光谷").code == "optics-valley"
    assert resolve_scope(seed, region="两江新区").filter.parts[0] == resolve_scope(seed, park="cq-liangjiang").filter
    assert resolve_scope(seed, region="浦东新区").kind is ScopeKind.region  # a GB/T 2260 region stays a region
    medical = resolve_scope(seed, region="成都医学城")  # a park by its name
    assert (medical.kind, medical.code) == (ScopeKind.park, "cd-medical-city")
    with pytest.raises(NotFound):
        resolve_scope(seed, region="不存在新区")


def test_gaps_bigdata_in_guian_new_area_counts_its_park_members(seed):
    # the seed places 贵安's data centres at 贵阳 city level; the zone catches them through the park 'guian'
    scope = resolve_scope(seed, region="贵安新区")
    report = service.gap_report(seed, "bigdata", scope)
    park = service.gap_report(seed, "bigdata", resolve_scope(seed, park="guian"))
    assert [(x.node_id, x.status, x.local_count) for x in report.links] == [(x.node_id, x.status, x.local_count) for x in park.links]
    assert report.link("bigdata.data_center").status is Status.strong
    assert report.notes[0].zh.startswith("范围：贵州贵安新区＝园区“贵州贵安新区”成员企业（来源：《国务院关于同意设立贵州贵安新区的批复》")


def test_a_zone_of_counties_and_a_park_counts_each_member_once(seed):
    scope = resolve_scope(seed, region="两江新区")
    zone = seed.node_counts("icv", scope.filter)
    parts = [seed.chain_members("icv", p) for p in scope.filter.parts]
    union = {(m.node_id, m.enterprise.id) for found in parts for m in found}
    assert sum(c.local for c in zone.values()) == len(union)


def _zones_file(tmp_path, rows):
    path = tmp_path / "zones.csv"
    path.write_text("zone,id,aliases,name_en,member_kind,member,member_name,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_zones_file_is_checked_by_the_rule_set(tmp_path):
    good = "甲新区,jia,甲,Jia,county,510107,武侯区,某批复"
    assert read_zones(_zones_file(tmp_path, [good]), RegionIndex.national(), {"p1"}).named("甲").id == "jia"
    bad = [good, good, "乙新区,yi,,Yi,city,510107,武侯区,某批复", "丙新区,bing,,Bing,park,p9,某园,某批复",
           "丁新区,ding,甲,Ding,town,510107,武侯区,", "戊新区,wu,,Wu,county,999999,无,某批复"]
    with pytest.raises(InvalidInput) as err:
        read_zones(_zones_file(tmp_path, bad), RegionIndex.national(), {"p1"})
    messages = [p.message for p in err.value.problems]
    assert len(messages) == 7, messages  # repeat, level, park, kind, source, name of two zones, region


def test_the_shipped_zones_name_parks_of_the_seed_and_every_zone_of_the_issue(seed):
    zones = read_zones(SEED_DIR / "zones.csv", seed.regions(), {p.id for p in seed.parks()})
    assert {"两江新区", "贵安新区", "湘江新区", "天府新区", "张江", "光谷"} <= {n for z in zones for n in (z.name, *z.aliases)}
    assert all(s.startswith(("《国务院关于同意设立", "园区成员企业")) for z in zones for s in z.sources)
    assert seed.park("cq-liangjiang").region_code == "500112"  # 渝北区, no longer the whole of 重庆 (500000)
