"""POST /imports/registry: a registry export, dry run first (rows, links, problems), then all or nothing."""
from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.datadir.registry.linkbench import DEFAULT_SET
from app.settings import SEED_DIR, Settings
from tests.api.conftest import KEYS, as_role

H = as_role("admin")
EXPORT = DEFAULT_SET.parent / "export_qcc.xlsx"


@pytest.fixture
def seed_client(tmp_path):
    data = tmp_path / "seed"
    shutil.copytree(SEED_DIR, data)
    settings = Settings(data_dir=data, state_dir=tmp_path / "state", api_keys=",".join(f"{k}:{r}" for r, k in KEYS.items()))
    with TestClient(create_app(settings)) as c:
        yield c


def post(client, data: bytes, name: str, **form):
    return client.post("/imports/registry", files={"file": (name, data)}, data={k: str(v).lower() for k, v in form.items()},
                       headers=H)


CSV = ("企业名称,所属省份,所属城市,所属区县,经营范围,主营产品,所属行业\n"
       "成都某偏光材料有限公司,四川省,成都市,双流区,偏光片的研发、生产、销售,偏光片,电子专用材料制造\n"
       "成都某显示科技有限公司,四川省,成都市,武侯区,显示器件制造,,\n"
       ",四川省,成都市,武侯区,显示器件制造,,\n")


def test_dry_run_lists_rows_links_and_problems_and_applies_nothing(seed_client):
    before = seed_client.get("/enterprises", params={"q": "偏光材料"}, headers=H).json()["count"]
    r = post(seed_client, CSV.encode("gbk"), "qcc.csv")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["dry_run"] and not body["applied"] and body["rows_read"] == 3
    first, _, empty = body["rows"]
    assert first["outcome"] == "created"
    assert [(x["node_id"], x["grade"], x["strength"]) for x in first["links"]] == [("display.polarizer", "confirmed", 3)]
    assert "偏光片" in first["links"][0]["evidence"]
    assert empty["outcome"] == "rejected" and empty["problems"] and body["errors"]
    assert seed_client.get("/enterprises", params={"q": "偏光材料"}, headers=H).json()["count"] == before


def test_apply_is_all_or_nothing(seed_client):
    body = post(seed_client, CSV.encode("utf-8"), "qcc.csv", dry_run=False).json()
    assert not body["applied"]   # one row has an error and skip_invalid is off: nothing written
    assert seed_client.get("/enterprises", params={"q": "偏光材料"}, headers=H).json()["count"] == 0
    body = post(seed_client, CSV.encode("utf-8"), "qcc.csv", dry_run=False, skip_invalid=True).json()
    assert body["applied"] and body["created"] == 2
    assert seed_client.get("/enterprises", params={"q": "偏光材料"}, headers=H).json()["count"] == 1


def test_only_an_admin_imports(seed_client):
    r = seed_client.post("/imports/registry", files={"file": ("x.csv", CSV.encode())}, headers=as_role("analyst"))
    assert r.status_code == 403


@pytest.mark.skipif(not EXPORT.exists(), reason=f"development export not present at {EXPORT}")
def test_the_development_export_end_to_end(seed_client):
    data = EXPORT.read_bytes()
    dry = post(seed_client, data, EXPORT.name).json()
    conflicts = [e for e in dry["errors"] if "已属于" in e]
    assert len(conflicts) == dry["rejected"] > 0   # every stock-code conflict is reported, on its row
    applied = post(seed_client, data, EXPORT.name, dry_run=False, skip_invalid=True).json()
    assert applied["applied"] and applied["links_confirmed"] > 0
    codes = {}
    page = seed_client.get("/enterprises", params={"limit": 500, "offset": 0}, headers=H).json()
    offset = 0
    while page["data"]:
        for e in page["data"]:
            if e["listed_code"]:
                codes.setdefault(e["listed_code"], []).append(e["id"])
        offset += 500
        page = seed_client.get("/enterprises", params={"limit": 500, "offset": offset}, headers=H).json()
    assert not {c: ids for c, ids in codes.items() if len(ids) > 1}   # no stock code on two enterprises
    boe = seed_client.get("/enterprises", params={"q": "京东方A"}, headers=H).json()["data"]
    assert boe and boe[0]["listed_code"] == "000725.SZ"
    queue = seed_client.get("/review", params={"limit": 5}, headers=H).json()
    assert queue["count"] > 0
    item = queue["data"][0]
    r = seed_client.post(f"/review/{item['enterprise_id']}/{item['node_id']}/accept", headers=H)
    assert r.status_code == 200 and r.json()["grade"] == "confirmed"
