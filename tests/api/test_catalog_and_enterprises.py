"""Reference data and enterprise CRUD over HTTP, with roles and problem details."""
from __future__ import annotations

import pytest

from tests.api.conftest import as_role


def test_missing_key_is_401_problem(client):
    r = client.get("/chains")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["status"] == 401 and "X-API-Key" in r.json()["detail"]


def test_unknown_key_is_401(client):
    assert client.get("/chains", headers={"X-API-Key": "not-a-key-123"}).status_code == 401


def test_health_needs_no_key(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    assert "chainmap_requests_total" in client.get("/metrics").text


def test_chains_and_template(client):
    assert [c["id"] for c in client.get("/chains", headers=as_role("viewer")).json()] == ["toy"]
    t = client.get("/chains/toy", headers=as_role("viewer")).json()
    assert t["leaf_count"] == 6 and ["toy.a", "toy.c"] in [list(f) for f in t["feeds"]]
    assert client.get("/chains/nope", headers=as_role("viewer")).status_code == 404


def test_region_search(client):
    found = client.get("/regions", params={"q": "成都"}, headers=as_role("viewer")).json()
    assert found[0]["code"] == "510100" and found[0]["full_name"] == "四川省成都市"


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("analyst", 200), ("admin", 200)])
def test_enterprise_search_needs_analyst(client, role, status):
    assert client.get("/enterprises", headers=as_role(role)).status_code == status


def test_enterprise_filters_and_pagination(client):
    h = as_role("analyst")
    body = client.get("/enterprises", params={"region": "成都", "limit": 2}, headers=h).json()
    assert body["count"] == 4 and [e["id"] for e in body["data"]] == ["a1", "a2"]
    assert client.get("/enterprises", params={"region": "成都", "limit": 2, "offset": 2}, headers=h).json()["data"][0]["id"] == "a3"
    assert client.get("/enterprises", params={"tag": "链主"}, headers=h).json()["count"] == 1
    assert client.get("/enterprises", params={"node": "toy.c"}, headers=h).json()["count"] == 2
    assert client.get("/enterprises", params={"limit": 100000}, headers=h).status_code == 422


def test_enterprise_detail_has_links_and_supply(client):
    e = client.get("/enterprises/c1", headers=as_role("analyst")).json()
    assert e["links"][0]["node_id"] == "toy.c"
    assert {(s["supplier_id"], s["customer_id"]) for s in e["supply"]} == {("b1", "c1"), ("c1", "e1")}


def test_viewer_and_analyst_cannot_write(client):
    body = {"id": "n1", "name": "新企业", "region_code": "510107"}
    assert client.post("/enterprises", json=body, headers=as_role("viewer")).status_code == 403
    assert client.post("/enterprises", json=body, headers=as_role("analyst")).status_code == 403


def test_admin_creates_updates_deletes(client):
    h = as_role("admin")
    r = client.post("/enterprises", json={"id": "n1", "name": "新企业", "region_code": "510107",
                                          "links": [{"node_id": "toy.b"}]}, headers=h)
    assert r.status_code == 201 and r.json()["links"][0]["node_id"] == "toy.b"
    assert client.post("/enterprises", json={"id": "n1", "name": "x", "region_code": "510107"}, headers=h).status_code == 409
    assert client.patch("/enterprises/n1", json={"tags": ["小巨人"]}, headers=h).json()["tags"] == ["小巨人"]
    assert client.delete("/enterprises/n1", headers=h).status_code == 204
    assert client.get("/enterprises/n1", headers=h).status_code == 404


def test_bad_fields_are_named(client):
    h = as_role("admin")
    r = client.post("/enterprises", json={"id": "n1", "name": "x", "region_code": "999999"}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region_code"
    r = client.post("/enterprises", json={"id": "n1", "name": "x", "region_code": "510107", "uscc": "91350100M000100Y44"}, headers=h)
    assert r.status_code == 422 and "校验位" in r.json()["errors"][0]["message"]
    r = client.post("/enterprises", json={"id": "n1", "name": "x", "region_code": "510107", "links": [{"node_id": "toy.mat"}]}, headers=h)
    assert r.status_code == 422 and "不是叶子环节" in r.json()["errors"][0]["message"]
    assert client.get("/enterprises/n1", headers=h).status_code == 404  # nothing half-written
