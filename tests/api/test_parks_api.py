"""Parks over HTTP: the comparison contract, a park's own enterprises, parks as peers, and bad input as problems."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings
from tests.fixtures.park_graphs import park_store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(state_dir=tmp_path_factory.mktemp("parks-api"), api_keys="")
    with TestClient(create_app(settings, park_store())) as c:
        yield c


def test_the_parks_of_a_city_follow_the_contract(client):
    r = client.get("/chains/toy/parks", params={"city": "成都"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert {"chain", "city", "parks", "overlap", "division"} <= set(d) and d["city"]["code"] == "510100"
    assert {"park_id", "name", "completeness", "strength", "counts", "lead_chains"} <= set(d["parks"][0])
    pair = d["overlap"][0]
    assert {pair["park_a"], pair["park_b"]} == {"cd-east", "cd-west"} and "toy.e" in pair["node_ids"] and pair["index"] > 0
    home = next(x for x in d["division"] if x["node_id"] == "toy.e")
    assert home["park_id"] == "cd-east" and {"zh", "en"} == set(home["reasons"][0])


@pytest.mark.parametrize(("params", "status"), [({"city": "北京"}, 404), ({"city": "没有这个城市"}, 404), ({}, 422)])
def test_a_city_without_parks_or_unknown_is_a_problem(client, params, status):
    r = client.get("/chains/toy/parks", params=params)
    assert r.status_code == status and r.headers["content-type"].startswith("application/problem+json")
    if params.get("city") == "北京":
        assert "没有园区" in r.json()["detail"]


def test_an_unknown_chain_is_not_found(client):
    assert client.get("/chains/nochain/parks", params={"city": "成都"}).status_code == 404


def test_a_parks_own_enterprises_are_listed(client):
    d = client.get("/enterprises", params={"park": "cd-east"}).json()
    assert sorted(e["id"] for e in d["data"]) == ["c1", "x1", "x2"] and d["count"] == 3
    assert client.get("/enterprises", params={"park": "nopark"}).status_code == 404
    assert client.get("/enterprises", params={"park": "cd-east", "region": "成都"}).status_code == 422


def test_a_park_ranks_and_compares_among_parks(client):
    r = client.get("/web/ranking/toy", params={"park": "cd-west", "among": "city"}).json()
    assert r["peers"] == "parks" and r["rank"] == 2 and [x["scope"]["kind"] for x in r["rows"]] == ["park", "park"]
    assert client.get("/web/ranking/toy", params={"region": "成都", "among": "city"}).status_code == 422
    assert client.get("/web/ranking/toy", params={"park": "cd-west", "among": "world"}).status_code == 422
    c = client.get("/chains/toy/parks/compare", params={"parks": "cd-west"}).json()
    assert [s["scope"]["code"] for s in c["scopes"]] == ["cd-west"] and [s["kind"] for s in c["similar"]] == ["park"]
    assert client.get("/chains/toy/parks/compare", params={"parks": "cd-west,nopark"}).status_code == 404
