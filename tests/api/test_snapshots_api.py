"""Snapshots over HTTP: save (admin, as every write; an analyst or a viewer is refused), list and diff (analyst),
the diff contract after an enterprise is created through the API;
bad input (no snapshot yet, unknown label, label used twice) as problems."""
from __future__ import annotations

from tests.api.conftest import as_role


def test_save_list_and_diff_after_an_enterprise_is_created(client):
    for role in ("viewer", "analyst"):
        assert client.post("/chains/toy/snapshots", json={"region": "成都"}, headers=as_role(role)).status_code == 403
    r = client.post("/chains/toy/snapshots", json={"region": "成都", "label": "Q3"}, headers=as_role("admin"))
    assert r.status_code == 201, r.text
    assert r.json()["label"] == "Q3" and r.json()["scope"]["code"] == "510100"
    twice = client.post("/chains/toy/snapshots", json={"region": "成都", "label": "Q3"}, headers=as_role("admin"))
    assert twice.status_code == 409 and "already used" in twice.json()["detail"]

    created = client.post("/enterprises", headers=as_role("admin"), json={
        "id": "api1", "name": "成都乙材料新厂", "region_code": "510104", "links": [{"node_id": "toy.b"}]})
    assert created.status_code == 201, created.text

    d = client.get("/chains/toy/snapshots/diff", params={"region": "成都", "since": "Q3"}, headers=as_role("analyst"))
    assert d.status_code == 200, d.text
    body = d.json()
    assert {"chain", "scope", "since", "completeness", "changed", "entered", "left", "landed_targets"} <= set(body)
    assert body["changed"][0]["node_id"] == "toy.b" and (body["changed"][0]["before"], body["changed"][0]["after"]) == (
        "missing", "weak")
    assert [(e["enterprise_id"], e["node_id"]) for e in body["entered"]] == [("api1", "toy.b")]
    assert body["completeness"]["after"] > body["completeness"]["before"]
    listed = client.get("/chains/toy/snapshots", params={"region": "成都"}, headers=as_role("analyst")).json()
    assert [s["label"] for s in listed["snapshots"]] == ["Q3"]
    assert client.get("/chains/toy/snapshots", headers=as_role("viewer")).status_code == 403


def test_bad_input_is_a_clear_problem(client):
    none_yet = client.get("/chains/toy/snapshots/diff", params={"region": "成都"}, headers=as_role("analyst"))
    assert none_yet.status_code == 404 and "save one first" in none_yet.json()["detail"]
    client.post("/chains/toy/snapshots", json={"region": "成都", "label": "Q3"}, headers=as_role("admin"))
    unknown = client.get("/chains/toy/snapshots/diff", params={"region": "成都", "since": "Q9"}, headers=as_role("analyst"))
    assert unknown.status_code == 404 and "Q3" in unknown.json()["detail"]
    both = client.post("/chains/toy/snapshots", json={"region": "成都", "park": "toy-park"}, headers=as_role("admin"))
    assert both.status_code == 422 and "give one scope" in both.json()["errors"][0]["message"]
    assert client.get("/chains/nochain/snapshots", headers=as_role("analyst")).status_code == 404


def test_the_report_over_http_has_the_change_section_since_a_snapshot(client):
    params = {"region": "成都", "format": "html"}
    assert client.get("/chains/toy/report", params={**params, "since": "latest"}, headers=as_role("analyst")).status_code == 404
    client.post("/chains/toy/snapshots", json={"region": "成都", "label": "Q3"}, headers=as_role("admin"))
    client.post("/enterprises", headers=as_role("admin"), json={
        "id": "api1", "name": "成都乙材料新厂", "region_code": "510104", "links": [{"node_id": "toy.b"}]})
    html = client.get("/chains/toy/report", params={**params, "since": "Q3"}, headers=as_role("analyst")).text
    assert "自上次评估以来的变化（Q3" in html and "成都乙材料新厂（乙材料）" in html
    assert "自上次评估以来" not in client.get("/chains/toy/report", params=params, headers=as_role("analyst")).text
