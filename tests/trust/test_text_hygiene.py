"""Input hygiene at the boundary (issue 20, items 4 and 9): one rule set for every text field, in every path."""
from __future__ import annotations

import pytest

from app.datadir.registry.reader import read_bytes
from app.services.datadir_import import import_datadir_file
from app.store.base import ChangeSet
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise
from graph_schema.text import spreadsheet_safe
from tests.api.conftest import as_role

ADMIN = as_role("admin")
BAD_TEXTS = {"control": "a\u0001b", "bidi": "abc\u202egnp.exe", "marks": "Z" + "\u0301\u0302\u0303" * 50,
             "long tag": "标" * 65}


@pytest.mark.parametrize("kind", sorted(BAD_TEXTS))
def test_patch_and_post_refuse_bad_text_with_422_and_store_nothing(client, kind):
    bad = BAD_TEXTS[kind]
    r = client.patch("/enterprises/a1", json={"tags": [bad]}, headers=ADMIN)
    assert r.status_code == 422, r.text
    assert client.get("/enterprises/a1", headers=ADMIN).json()["tags"] == [t for t in client.get(
        "/enterprises/a1", headers=ADMIN).json()["tags"] if t != bad]
    r = client.post("/enterprises", json={"id": "h1", "name": "企业" + bad[:60], "region_code": "510107"}, headers=ADMIN)
    assert r.status_code == 422 or kind == "long tag", r.text
    r = client.post("/enterprises", json={"id": "h2", "name": "好企业", "region_code": "510107",
                                          "links": [{"node_id": "toy.d", "products": [bad if kind != "long tag" else "品" * 101]}]},
                    headers=ADMIN)
    assert r.status_code == 422, r.text
    assert client.get("/enterprises/h2", headers=ADMIN).status_code == 404


def test_text_is_normalised_not_refused_where_it_is_only_spacing(client):
    r = client.post("/enterprises", json={"id": "h3", "name": " 成都\t光电\u200b ", "region_code": "510107",
                                          "tags": ["e\u0301"]}, headers=ADMIN)
    assert r.status_code == 201, r.text
    got = client.get("/enterprises/h3", headers=ADMIN).json()
    assert got["name"] == "成都 光电" and got["tags"] == ["\u00e9"]


def test_own_parent_and_unreal_dates_are_refused(client):
    r = client.post("/enterprises", json={"id": "h4", "name": "自我母公司", "region_code": "510107", "parent_id": "h4"},
                    headers=ADMIN)
    assert r.status_code == 422 and "自己的母公司" in r.text
    assert client.patch("/enterprises/a1", json={"parent_id": "a1"}, headers=ADMIN).status_code == 422
    r = client.post("/enterprises", json={"id": "h5", "name": "日期企业", "region_code": "510107", "founded": "2020-13-45"},
                    headers=ADMIN)
    assert r.status_code == 422 and "不是真实的日期" in r.text
    assert client.patch("/enterprises/a1", json={"founded": "2021-02-29"}, headers=ADMIN).status_code == 422
    assert client.patch("/enterprises/a1", json={"founded": "2020-02-29"}, headers=ADMIN).status_code == 200


def test_huge_lists_and_items_are_refused(client):
    r = client.patch("/enterprises/a1", json={"tags": ["x" * 1_000_000]}, headers=ADMIN)
    assert r.status_code == 422
    r = client.patch("/enterprises/a1", json={"tags": [f"t{i}" for i in range(31)]}, headers=ADMIN)
    assert r.status_code == 422


def test_the_same_rules_hold_in_the_data_directory_importer_and_the_registry_reader(toy_dir, tmp_path):
    from app.errors import InvalidInput

    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    csv = "id,name,region_code,tags\nh6,控制\x01字符企业,510107,\n".encode()
    with pytest.raises(InvalidInput) as info:
        import_datadir_file(store, csv, "enterprises.csv")
    assert "U+0001" in str(info.value)
    assert store.enterprises(["h6"]) == {}
    from app.services.imports import ImportOptions, import_registry

    table = read_bytes("企业名称,统一社会信用代码,注册地址\n控制\x01字符有限公司,,四川省成都市锦江区\n".encode(), "x.csv")
    try:
        report = import_registry(store, table, ImportOptions(), source="x.csv")
    except InvalidInput as exc:
        assert "U+0001" in str(exc)
    else:
        assert not report.applied or not any("\x01" in e.name for e in store.export().enterprises), report
        assert "U+0001" in str(report.model_dump() if hasattr(report, "model_dump") else report.__dict__)


@pytest.mark.parametrize("text", ["=1+1", " =1+1", "\n=1+1", "\uff1dSUM(A1)", "\u3000@x", "+86", "-1", "\tx"])
def test_formula_neutralisation_catches_leading_space_newline_and_full_width(text):
    assert spreadsheet_safe(text).startswith("'")


def test_plain_text_is_left_alone():
    assert [spreadsheet_safe(t) for t in ("成都", "a=b", "", None, 3)] == ["成都", "a=b", "", None, 3]


def test_text_stored_before_the_rules_still_exports(client):
    """An enterprise holding a control character (stored before these rules, bypassing the models): the targets
    XLSX, the viewer's panorama SVG (well-formed XML) and PNG still answer."""
    import io
    import xml.etree.ElementTree as ET

    import openpyxl

    store = client.app.state.store
    bad = Enterprise.model_construct(**{**store.get_enterprise("b1").model_dump(), "name": "乙\x01一", "tags": ("a\x01b", "链主")})
    store._apply_in_memory(ChangeSet(enterprises=[bad]))  # as a replay of an old journal did
    viewer, analyst = as_role("viewer"), as_role("analyst")
    svg = client.get("/chains/toy/report/panorama", params={"region": "武汉"}, headers=viewer)
    assert svg.status_code == 200
    ET.fromstring(svg.content)  # well-formed
    assert "乙一" in svg.text, "the test needs the enterprise on the map"
    assert client.get("/chains/toy/report/panorama", params={"region": "武汉", "format": "png"},
                      headers=viewer).status_code == 200
    names = []
    for scope in ({"region": "成都"}, {"region": "北京"}, {"region": "武汉"}):
        r = client.get("/chains/toy/report/targets", params={**scope, "format": "xlsx"}, headers=analyst)
        assert r.status_code == 200, r.text
        sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
        names += [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("乙一" in n for n in names), "the test needs the enterprise among the targets"


def test_patch_fields_that_cannot_be_cleared_refuse_null_as_the_schema_says(client):
    schema = client.app.openapi()["components"]["schemas"]["EnterpriseUpdate"]["properties"]
    for field in ("name", "region_code", "tags", "status"):
        assert "anyOf" not in schema[field] and schema[field].get("type") != "null", field
        r = client.patch("/enterprises/a1", json={field: None}, headers=ADMIN)
        assert r.status_code == 422, (field, r.text)
    assert client.patch("/enterprises/a1", json={"revenue": None}, headers=ADMIN).status_code == 200
