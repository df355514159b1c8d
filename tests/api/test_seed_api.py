"""End to end over the seed data: every chain analysable from the browser's point of view (open mode, localhost)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import SEED_DIR, Settings

pytestmark = pytest.mark.skipif(not (SEED_DIR / "enterprises.csv").exists(), reason="seed data not present")


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    settings = Settings(data_dir=SEED_DIR, state_dir=tmp_path_factory.mktemp("seed-state"), api_keys="")
    with TestClient(create_app(settings)) as c:
        yield c


def test_four_chains(seed):
    assert sorted(c["id"] for c in seed.get("/chains").json()) == ["bigdata", "biomed", "display", "icv"]


@pytest.mark.parametrize("chain", ["display", "icv", "bigdata", "biomed"])
def test_gaps_and_panorama_cover_every_link(seed, chain):
    leaves = seed.get(f"/chains/{chain}").json()["leaf_count"]
    g = seed.get(f"/chains/{chain}/gaps", params={"region": "成都"}).json()
    assert sum(g["counts"].values()) == len(g["links"]) == leaves
    assert 0 <= g["strength"] <= g["completeness"] <= 1
    assert all(x["reasons"] for x in g["links"])
    assert all(x["key_count"] >= len(x["key_enterprises"]) for x in g["links"])
    p = seed.get(f"/chains/{chain}/panorama", params={"region": "成都"}).json()
    assert sum(len(seg["links"]) for s in p["stages"] for seg in s["segments"]) == leaves
    assert p["counts"] == g["counts"]


def test_display_targets_come_from_outside_chengdu(seed):
    t = seed.get("/chains/display/targets", params={"region": "成都", "limit": 20}).json()
    assert t["rows"] and all(r["reasons"] for r in t["rows"])
    assert all(not m["region_code"].startswith("5101") for r in t["rows"] for m in r["members"])  # plants elsewhere
    targets = [r for r in t["rows"] if r["kind"] in ("key", "supporting")]
    assert targets and all(not r["present_via"] and not r["region_code"].startswith("5101") for r in targets)
    assert {e["name"] for r in t["rows"] if r["kind"] == "expansion" for e in r["present_via"]} >= {"成都京东方光电科技有限公司"}
    gaps = {x["node_id"] for x in seed.get("/chains/display/gaps", params={"region": "成都"}).json()["links"] if x["status"] != "strong"}
    assert {n for r in t["rows"] for n in r["node_ids"]} <= gaps


def test_roadmap_whatif_and_compare(seed):
    r = seed.get("/chains/display/roadmap", params={"region": "成都"}).json()
    assert [p["phase"] for p in r["phases"]] == ["near", "mid", "long"]
    first = next(i for p in r["phases"] for i in p["items"] if i["targets"])
    w = seed.post("/chains/display/whatif", json={"region": "成都", "land": [first["targets"][0]["enterprise_id"]]}).json()
    assert w["after"]["completeness"] >= w["before"]["completeness"]
    c = seed.get("/chains/display/compare", params={"regions": "成都,合肥,武汉"}).json()
    assert [s["scope"]["name"] for s in c["scopes"]] == ["成都市", "合肥市", "武汉市"]
    assert all(0 < s["similarity"] <= 1 for s in c["similar"])


def test_a_zone_by_name_in_the_api(seed):
    # region=贵安新区 resolves to the zone (park members of 'guian'); its definition is the first note
    g = seed.get("/chains/bigdata/gaps", params={"region": "贵安新区"}).json()
    assert g["scope"] == {"kind": "zone", "code": "guian", "name": "贵州贵安新区", "level": None}
    assert g["notes"][0]["zh"].startswith("范围：贵州贵安新区＝园区“贵州贵安新区”成员企业")
    r = seed.get("/chains/icv/roadmap", params={"region": "湘江新区"}).json()
    assert r["scope"]["kind"] == "zone" and r["phases"]
