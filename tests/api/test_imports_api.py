"""POST /imports: every row validated first, nothing applied on any problem, all applied at once otherwise."""
from __future__ import annotations

import io
import zipfile

import pytest

from app.api.main import create_app
from app.settings import Settings
from tests.api.conftest import KEYS, as_role

H = as_role("admin")
GOOD_USCC = "91350100M000100Y43"


def upload(client, text: str | bytes, kind: str | None = None, name: str = "enterprises.csv", headers=H):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/imports", files={"file": (name, data)}, data={"kind": kind} if kind else None, headers=headers)


def enterprise_count(client) -> int:
    return client.get("/enterprises", params={"limit": 1}, headers=H).json()["count"]


def test_good_csv_is_applied_and_counted(client):
    before = enterprise_count(client)
    r = upload(client, "\ufeffid,name,region_code,tags,revenue,note\n"
                       "n1,成都新材料有限公司,510107,专精特新;高新技术企业,2.5,x\n"
                       "a2,甲二材料有限公司,510107,小巨人,5,y\n\n")
    assert r.status_code == 200
    assert r.json() == {"kind": "enterprises", "rows": 2, "created": 1, "updated": 1, "unchanged": 0,
                        "links": 0, "supply": 0, "ignored_columns": ["note"]}
    assert enterprise_count(client) == before + 1
    n1 = client.get("/enterprises/n1", headers=H).json()
    assert n1["tags"] == ["专精特新", "高新技术企业"] and n1["revenue"] == 2.5
    assert client.get("/enterprises/a2", headers=H).json()["tags"] == ["小巨人"]


def test_importing_the_same_file_twice_changes_nothing(client):
    text = "id,uscc,name,region_code\nn1,91350100M000100Y43,成都新材料有限公司,510107\n"
    assert upload(client, text).json()["created"] == 1
    again = upload(client, text).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)


def test_bad_rows_are_all_listed_and_nothing_is_applied(client):
    before = enterprise_count(client)
    r = upload(client, "id,uscc,name,region_code,founded,parent_id\n"
                       "ok1,,好公司,510107,,\n"
                       "bad 1,,坏编号,510107,,\n"
                       "ok2,91350100M000100Y44,校验位错,510107,,\n"
                       "ok3,,,999999,2020-13,\n"
                       "ok1,,重复编号,510107,,\n"
                       "ok4,,母公司不存在,510107,,ghost\n"
                       "ok5,,地区不存在,999999,,\n")
    assert r.status_code == 422
    body = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    found = {(p["row"], p["field"]) for p in body["errors"]}
    assert found == {(3, "id"), (4, "uscc"), (5, "name"), (5, "founded"), (6, "id"), (7, "parent_id"),
                     (8, "region_code")}
    assert [p["row"] for p in body["errors"]] == sorted(p["row"] for p in body["errors"])
    assert "未写入任何数据" in body["detail"] and all(p["file"] == "enterprises.csv" for p in body["errors"])
    assert enterprise_count(client) == before
    assert client.get("/enterprises/ok1", headers=H).status_code == 404


def test_unknown_region_code_is_a_row_problem(client):
    r = upload(client, "id,name,region_code\nz1,某公司,999999\n")
    assert r.status_code == 422 and r.json()["errors"] == [
        {"message": "行政区划代码 999999 不存在 (unknown region code)", "file": "enterprises.csv", "row": 2,
         "field": "region_code", "value": "999999"}]


def test_missing_columns_are_named(client):
    r = upload(client, "id,名称\nx,y\n")
    assert r.status_code == 422
    assert {(p["row"], p["field"]) for p in r.json()["errors"]} == {(1, "name"), (1, "region_code")}


def test_uscc_of_another_enterprise_is_409(client):
    assert upload(client, f"id,uscc,name,region_code\nn1,{GOOD_USCC},甲公司,510107\n").status_code == 200
    before = enterprise_count(client)
    r = upload(client, f"id,uscc,name,region_code\nn2,{GOOD_USCC},乙公司,510107\n")
    assert r.status_code == 409 and "n1" in r.json()["detail"] and "第 2 行" in r.json()["detail"]
    assert enterprise_count(client) == before


def test_gbk_is_read_and_other_encodings_are_refused_with_a_reason(client):
    r = upload(client, "id,name,region_code\nn1,甲公司,510107\n".encode("gbk"))  # the one reader reads GBK everywhere
    assert r.status_code == 200 and client.get("/enterprises/n1", headers=H).json()["name"] == "甲公司"
    r = upload(client, b"id,name,region_code\nn2,\xff\xfe,510107\n")
    assert r.status_code == 422 and "UTF-8" in r.json()["detail"] and "GBK" in r.json()["detail"]


def test_links_and_supply_kinds(client):
    r = upload(client, "enterprise_id,node_id,role,products\nb1,toy.c,supporting,乙材料\nc2,toy.c,core,\n",
               kind="enterprise_nodes", name="enterprise_nodes.csv")
    assert r.status_code == 200 and (r.json()["rows"], r.json()["links"]) == (2, 1)  # c2 → toy.c is stored already
    assert {x["node_id"] for x in client.get("/enterprises/b1", headers=H).json()["links"]} == {"toy.b", "toy.c"}
    r = upload(client, "supplier_id,customer_id,product\nd1,e1,模组\nb1,c1,乙材料\n", kind="supply", name="supply.csv")
    assert r.status_code == 200 and r.json()["supply"] == 1  # b1 → c1 exists with the same product
    assert ("d1", "e1") in {(s["supplier_id"], s["customer_id"]) for s in client.get("/enterprises/d1", headers=H).json()["supply"]}


def test_link_rows_are_checked_against_the_chain_and_the_enterprises(client):
    r = upload(client, "enterprise_id,node_id,role\na1,toy.mat,core\nghost,toy.a,core\na1,toy.zz,core\na1,toy.b,boss\n",
               kind="enterprise_nodes")
    assert r.status_code == 422
    assert {(p["row"], p["field"]) for p in r.json()["errors"]} == {(2, "node_id"), (3, "enterprise_id"), (4, "node_id"), (5, "role")}
    r = upload(client, "supplier_id,customer_id\nb1,b1\nb1,ghost\n", kind="supply")
    assert {(p["row"], p["field"]) for p in r.json()["errors"]} == {(2, "customer_id"), (3, "customer_id")}


def test_unknown_kind_is_422(client):
    assert upload(client, "id,name,region_code\n", kind="parks").status_code == 422


def _xlsx(rows: list[list]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_upload(client):
    import datetime as dt

    data = _xlsx([["id", "name", "region_code", "founded", "employees"],
                  ["x1", "表格公司", 510107, dt.datetime(2015, 6, 1), 120.0]])
    r = upload(client, data, name="enterprises.xlsx")
    assert r.status_code == 200 and r.json()["created"] == 1
    x1 = client.get("/enterprises/x1", headers=H).json()
    assert (x1["region_code"], x1["founded"], x1["employees"]) == ("510107", "2015-06-01", 120)


def test_xlsx_bad_rows_name_the_spreadsheet_row(client):
    r = upload(client, _xlsx([["id", "name", "region_code"], ["x1", "甲", 510107], ["x2", "乙", 12]]), name="e.xlsx")
    assert r.status_code == 422 and [(p["row"], p["field"]) for p in r.json()["errors"]] == [(3, "region_code")]


def test_zip_bomb_is_refused_before_opening(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))  # 20 MB packs into ~20 KB
    r = upload(client, buf.getvalue(), name="bomb.xlsx")
    assert r.status_code == 413 and "zip bomb" in r.json()["detail"]


def test_damaged_xlsx_is_422(client):
    assert upload(client, b"PK\x03\x04 not really a zip", name="x.xlsx").status_code == 422


def test_row_limit_is_413(client, monkeypatch):
    import app.api.routers.imports as imports

    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    r = upload(client, "id,name,region_code\n" + "".join(f"r{i},公司{i},510107\n" for i in range(3)))
    assert r.status_code == 413 and "2 行" in r.json()["detail"]


@pytest.fixture
def small_client(toy_dir, tmp_path):
    from fastapi.testclient import TestClient

    settings = Settings(data_dir=toy_dir, state_dir=tmp_path / "s", max_upload_mb=1,
                        api_keys=",".join(f"{k}:{role}" for role, k in KEYS.items()))
    with TestClient(create_app(settings)) as c:
        yield c


def test_upload_over_the_size_limit_is_413(small_client):
    before = enterprise_count(small_client)
    big = "id,name,region_code\n" + "x" * (1024 * 1024 + 10)
    r = upload(small_client, big)
    assert r.status_code == 413 and "1 MB" in r.json()["detail"]
    r = upload(small_client, "y" * (3 * 1024 * 1024))  # over the limit with framing: refused before reading
    assert r.status_code == 413 and r.headers["content-type"].startswith("application/problem+json")
    assert enterprise_count(small_client) == before


@pytest.mark.parametrize(("headers", "status"), [({}, 401), (as_role("viewer"), 403), (as_role("analyst"), 403)])
def test_only_admins_import(client, headers, status):
    r = upload(client, "id,name,region_code\nn1,甲,510107\n", headers=headers)
    assert r.status_code == status
    assert client.get("/enterprises/n1", headers=H).status_code == 404
