"""The scope of a request as one ``scope`` parameter (app/api/scope.py), and the older ``region`` / ``park`` pair
still understood, undocumented: both forms give the same answer, the schema states ``scope`` alone.

On the toy data (tests/fixtures/builders.py): 成都 (510100) holds a1 a2 a3 c1; the park toy-park (示例园区) holds
a1 a2.
"""
from __future__ import annotations

import re

import pytest

from app.analysis.scope import SCOPE_PATTERN
from tests.api.conftest import as_role

V, A, ADMIN = as_role("viewer"), as_role("analyst"), as_role("admin")
REQUIRED = ["/chains/{chain_id}/panorama", "/chains/{chain_id}/gaps", "/chains/{chain_id}/targets",
            "/chains/{chain_id}/roadmap", "/chains/{chain_id}/snapshots/diff", "/chains/{chain_id}/report/panorama",
            "/chains/{chain_id}/report/roadmap", "/chains/{chain_id}/report/targets", "/chains/{chain_id}/report",
            "/web/targets/{chain_id}"]
OPTIONAL = ["/chains/{chain_id}/snapshots", "/web/ranking/{chain_id}", "/enterprises"]


def _same(a, b):
    assert a.status_code == b.status_code == 200, (a.text, b.text)
    assert a.content == b.content


@pytest.mark.parametrize(("old", "new"), [({"region": "成都"}, {"scope": "成都"}),
                                          ({"region": "510100"}, {"scope": "510100"}),
                                          ({"park": "toy-park"}, {"scope": "park:toy-park"}),
                                          ({"region": "示例园区"}, {"scope": "示例园区"})])
@pytest.mark.parametrize("path", ["/chains/toy/panorama", "/chains/toy/gaps", "/chains/toy/targets", "/chains/toy/roadmap"])
def test_the_older_query_gives_the_same_answer(client, path, old, new):
    _same(client.get(path, params=old, headers=A), client.get(path, params=new, headers=A))


def test_the_older_query_on_the_optional_scopes_and_the_files(client):
    client.post("/chains/toy/snapshots", json={"scope": "成都", "label": "Q3"}, headers=ADMIN)
    for path, old, new in [("/chains/toy/snapshots", {"region": "成都"}, {"scope": "成都"}),
                           ("/chains/toy/snapshots/diff", {"region": "成都"}, {"scope": "成都"}),
                           ("/web/ranking/toy", {"park": "toy-park"}, {"scope": "park:toy-park"}),
                           ("/enterprises", {"park": "toy-park"}, {"scope": "park:toy-park"}),
                           ("/enterprises", {"region": "成都", "limit": 2}, {"limit": 2, "scope": "成都"}),
                           ("/chains/toy/report/targets", {"region": "成都", "format": "csv"}, {"scope": "成都", "format": "csv"})]:
        _same(client.get(path, params=old, headers=A), client.get(path, params=new, headers=A))
    assert {e["id"] for e in client.get("/enterprises", params={"scope": "park:toy-park"}, headers=A).json()["data"]} == {"a1", "a2"}


def test_the_older_body_gives_the_same_answer(client):
    for old, new in [({"region": "成都"}, {"scope": "成都"}), ({"park": "toy-park"}, {"scope": "park:toy-park"}),
                     ({"region": "成都", "park": None}, {"scope": "成都"})]:
        _same(client.post("/chains/toy/whatif", json={**old, "land": ["b1"]}, headers=A),
              client.post("/chains/toy/whatif", json={**new, "land": ["b1"]}, headers=A))
    saved_old = client.post("/chains/toy/snapshots", json={"park": "toy-park", "label": "old"}, headers=ADMIN).json()
    saved_new = client.post("/chains/toy/snapshots", json={"scope": "park:toy-park", "label": "new"}, headers=ADMIN).json()
    assert saved_old["scope"] == saved_new["scope"] == {"kind": "park", "code": "toy-park", "name": "示例园区", "level": None}


@pytest.mark.parametrize("params", [{"scope": "成都", "region": "成都"}, {"scope": "park:toy-park", "park": "toy-park"},
                                    {"region": "成都", "park": "toy-park"}])
def test_more_than_one_scope_is_refused(client, params):
    r = client.get("/chains/toy/gaps", params=params, headers=V)
    assert r.status_code == 422 and "give one scope" in r.json()["detail"]
    body = client.post("/chains/toy/whatif", json={**params, "land": ["b1"]}, headers=A)
    assert body.status_code == 422 and "give one scope" in body.json()["errors"][0]["message"]


def test_a_scope_that_names_nothing_is_404_in_words(client):
    region = client.get("/chains/toy/gaps", params={"scope": "不存在的地方"}, headers=V)
    assert region.status_code == 404 and region.headers["content-type"].startswith("application/problem+json")
    assert "no region named '不存在的地方'" in region.json()["detail"] and "nor a zone or park" in region.json()["detail"]
    park = client.get("/chains/toy/gaps", params={"scope": "park:no-park"}, headers=V)
    assert park.status_code == 404 and "no-park" in park.json()["detail"]
    assert client.post("/chains/toy/whatif", json={"scope": "park:no-park", "land": ["b1"]}, headers=A).status_code == 404


@pytest.mark.parametrize("scope", ["", " 成都", "a:b", "park:", "park:bad id", "x" * 41, "成都\u0001"])
def test_a_scope_outside_the_grammar_is_422(client, scope):
    assert not re.fullmatch(SCOPE_PATTERN, scope)
    r = client.get("/chains/toy/gaps", params={"scope": scope}, headers=V)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scope"


def test_the_schema_states_scope_alone(client):
    spec = client.get("/openapi.json").json()
    params = {(path, p["name"]): p for path, ops in spec["paths"].items() for op in ops.values() if isinstance(op, dict)
              for p in op.get("parameters", [])}
    assert not [k for k in params if k[1] in ("region", "park")]
    for path in REQUIRED + OPTIONAL:
        p = params[(path, "scope")]
        assert p["required"] is (path in REQUIRED), path
        text = p["schema"] if path in REQUIRED else next(s for s in p["schema"]["anyOf"] if s["type"] == "string")
        assert text["pattern"] == SCOPE_PATTERN and "park:" in p["description"]
        assert p["schema"]["examples"] and all(re.fullmatch(SCOPE_PATTERN, e) for e in p["schema"]["examples"])
    assert {path for path, name in params if name == "scope"} == set(REQUIRED + OPTIONAL)
    for body in ("WhatIfIn", "SnapshotIn"):
        model = spec["components"]["schemas"][body]
        assert "scope" in model["required"] and not {"region", "park"} & set(model["properties"])
        assert model["properties"]["scope"]["pattern"] == SCOPE_PATTERN
