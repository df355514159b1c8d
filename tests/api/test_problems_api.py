"""Errors over HTTP: problem details everywhere, 503 with Retry-After, no stack traces, a documented OpenAPI."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.errors import StoreUnavailable
from app.store.embedded.store import EmbeddedStore
from tests.api.conftest import as_role


@pytest.fixture
def store(api_settings):
    return EmbeddedStore.open(api_settings.data_dir)


def _fail(exc: Exception):
    def raiser(*args, **kwargs):
        raise exc

    return raiser


def test_store_outage_is_503_with_retry_after(api_settings, store, monkeypatch):
    monkeypatch.setattr(store, "chain", _fail(StoreUnavailable("Neo4j 无法连接 (Neo4j unreachable)")))
    monkeypatch.setattr(store, "ping", _fail(StoreUnavailable("Neo4j 无法连接 (Neo4j unreachable)")))
    with TestClient(create_app(api_settings, store)) as c:
        r = c.get("/chains/toy/gaps", params={"region": "成都"}, headers=as_role("viewer"))
        assert r.status_code == 503 and r.headers["retry-after"] == "5"
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["title"] == "存储不可用 Store unavailable" and "Neo4j" in r.json()["detail"]
        assert c.get("/readyz").status_code == 503
        assert c.get("/healthz").status_code == 200


def test_unexpected_errors_never_show_a_stack_trace(api_settings, store, monkeypatch):
    monkeypatch.setattr(store, "chains", _fail(RuntimeError("secret internals at /srv/app.py line 42")))
    with TestClient(create_app(api_settings, store), raise_server_exceptions=False) as c:
        r = c.get("/chains", headers=as_role("viewer"))
    assert r.status_code == 500 and r.headers["content-type"].startswith("application/problem+json")
    assert "secret" not in r.text and "Traceback" not in r.text and "line 42" not in r.text
    assert r.json()["detail"] == "服务器内部错误，已记录 (internal error; it has been logged)"


def test_wrong_method_is_405_naming_every_allowed_method(client):
    r = client.request("PUT", "/enterprises", headers=as_role("admin"))
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    assert r.json()["status"] == 405
    assert client.request("PUT", "/enterprises/a1", headers=as_role("admin")).headers["allow"] == "DELETE, GET, PATCH"
    assert client.delete("/chains/toy/gaps", headers=as_role("admin")).headers["allow"] == "GET"


def test_malformed_json_is_a_422_problem(client):
    r = client.post("/chains/toy/whatif", content=b"{not json", headers={**as_role("admin"), "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["location"] == "body"


def test_body_over_the_limit_is_refused_by_its_declared_length(client):
    r = client.post("/enterprises", content=b"{}", headers={**as_role("admin"), "Content-Type": "application/json",
                                                            "Content-Length": str(200 * 1024 * 1024)})
    assert r.status_code == 413 and r.json()["title"] == "内容过大 Content too large"


def test_openapi_documents_every_problem_answer(client):
    spec = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            codes = {c for c in op["responses"] if c.isdigit() and int(c) >= 400}
            assert all(op["responses"][c]["content"] == problem for c in codes), (method, path)
            if op.get("security"):
                assert {"401", "403"} <= codes, (method, path)
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in codes, (method, path)
    assert {"409", "413"} <= set(spec["paths"]["/imports"]["post"]["responses"])
    assert spec["paths"]["/chains/{chain_id}/gaps"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GapReport"}


@pytest.mark.parametrize(("path", "role"), [
    ("/chains/{chain_id}/panorama", "viewer"), ("/chains/{chain_id}/gaps", "viewer"), ("/chains/{chain_id}/compare", "viewer"),
    ("/chains/{chain_id}/targets", "analyst"), ("/chains/{chain_id}/roadmap", "analyst"), ("/review", "admin"),
])
def test_analysis_descriptions_are_chinese_then_english(client, path, role):
    op = client.get("/openapi.json").json()["paths"][path]["get"]
    summary = op["summary"]
    assert "\u4e00" <= summary[0] <= "\u9fff" and any(ch.isascii() and ch.isalpha() for ch in summary)
