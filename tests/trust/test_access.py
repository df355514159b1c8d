"""Who may do what: every route's role, keys compared in constant time and never logged.

The required role of each route is read from its dependencies (``app.api.deps.require``), and
checked by requests: no key → 401, a key one rank below → 403, a key of that rank → not 401/403.
A route with no role must be one of the few public ones listed here, so a new route that forgets
its role fails this test.
"""
from __future__ import annotations

import hashlib
import json
import logging

import pytest
from fastapi.routing import APIRoute

from app.api import security
from app.api.security import ApiRole, parse_api_keys, role_of
from tests.api.conftest import KEYS

PUBLIC = {"/healthz", "/readyz", "/metrics", "/", "/static/vendor/{name}", "/static/{name:path}", "/web/config"}
BELOW = {ApiRole.analyst: "viewer", ApiRole.admin: "analyst"}
PARAMS = {"chain_id": "toy", "enterprise_id": "a1", "node_id": "toy.a", "name": "app.js", "name:path": "app.js"}
# Target lists, enterprise records, roadmaps, what-if, reports with targets, imports, review, audit: never a viewer.
SENSITIVE = ("/targets", "/enterprises", "/roadmap", "/whatif", "/report", "/review", "/imports", "/audit")
VIEWER_MAPS = {"/chains/{chain_id}/report/panorama"}   # the panorama map is a viewer's, like /panorama
# POSTs that only read: a what-if, and the dashboard's export of the rows it shows (its ids do not fit a URL)
READ_ONLY_POSTS = ("/whatif", "/web/targets/{chain_id}")


def required_role(route: APIRoute) -> ApiRole | None:
    def walk(dependant):
        for dep in dependant.dependencies:
            fn = dep.call
            if getattr(fn, "__name__", "") == "check" and fn.__closure__:
                for cell in fn.__closure__:
                    if isinstance(cell.cell_contents, ApiRole):
                        return cell.cell_contents
            found = walk(dep)
            if found:
                return found
        return None
    return walk(route.dependant)


def api_routes(app) -> list[APIRoute]:
    def walk(routes):
        for r in routes:
            if isinstance(r, APIRoute):
                yield r
            elif hasattr(r, "original_router"):
                yield from walk(r.original_router.routes)
    return list(walk(app.routes))


def url_of(route: APIRoute) -> str:
    path = route.path
    for name, value in PARAMS.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no test value for a parameter of {route.path}"
    return path


def call(client, method: str, url: str, key: str | None):
    headers = {"X-API-Key": key} if key else {}
    if method in ("POST", "PATCH", "PUT"):
        return client.request(method, url, headers=headers, json={})
    return client.request(method, url, headers=headers)


def test_every_route_has_a_role_or_is_public(client):
    routes = api_routes(client.app)
    assert len(routes) >= 20
    unguarded = sorted({r.path for r in routes if required_role(r) is None} - PUBLIC)
    assert not unguarded, f"routes without a role: {unguarded}"


def test_sensitive_routes_need_analyst_or_above(client):
    for route in api_routes(client.app):
        if any(part in route.path for part in SENSITIVE) and route.path not in VIEWER_MAPS:
            role = required_role(route)
            assert role in (ApiRole.analyst, ApiRole.admin), f"{route.methods} {route.path} is open to {role}"
        if route.methods & {"POST", "PATCH", "PUT", "DELETE"} and not route.path.endswith(READ_ONLY_POSTS):
            assert required_role(route) is ApiRole.admin, f"write {route.path} is not admin-only"


def test_each_route_answers_401_without_key_and_403_below_its_role(client):
    checked = 0
    for route in api_routes(client.app):
        role = required_role(route)
        if role is None:
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            url = url_of(route)
            missing = call(client, method, url, None)
            assert missing.status_code == 401, f"{method} {url} without key: {missing.status_code}"
            assert missing.headers["content-type"].startswith("application/problem+json")
            wrong = call(client, method, url, "not-a-real-key-123")
            assert wrong.status_code == 401, f"{method} {url} with a wrong key: {wrong.status_code}"
            if role in BELOW:
                below = call(client, method, url, KEYS[BELOW[role]])
                assert below.status_code == 403, f"{method} {url} as {BELOW[role]}: {below.status_code}"
            allowed = call(client, method, url, KEYS[role.value])
            assert allowed.status_code not in (401, 403), f"{method} {url} as {role.value}: {allowed.status_code}"
            checked += 1
    assert checked >= 25


def test_viewer_sees_no_target_list_and_no_enterprise_record(client):
    viewer = {"X-API-Key": KEYS["viewer"]}
    for url in ("/chains/toy/targets?region=成都", "/enterprises/a1", "/enterprises?q=甲",
                "/chains/toy/report/targets?region=成都&format=csv"):
        response = client.get(url, headers=viewer)
        assert response.status_code == 403, url
        assert "甲一材料" not in response.text
    analyst = client.get("/enterprises/a1", headers={"X-API-Key": KEYS["analyst"]})
    assert analyst.status_code == 200 and analyst.json()["name"] == "甲一材料有限公司"


def test_keys_are_compared_in_constant_time(monkeypatch):
    """Every configured key is compared, with hmac.compare_digest, whichever matches: no early exit."""
    keys = parse_api_keys("first-key-0001:viewer,second-key-001:analyst,third-key-0001:admin")
    calls = []
    real = security.hmac.compare_digest
    monkeypatch.setattr(security.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    assert role_of(keys, "first-key-0001") is ApiRole.viewer
    assert len(calls) == 3
    calls.clear()
    assert role_of(keys, "nobody-key-0001") is None
    assert len(calls) == 3


def test_keys_never_reach_the_logs_or_the_answers(client, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    secrets = [*KEYS.values(), "wrong-secret-key-42"]
    responses = [
        client.get("/chains", headers={"X-API-Key": KEYS["viewer"]}),
        client.get("/enterprises/a1", headers={"X-API-Key": KEYS["viewer"]}),
        client.get("/chains", headers={"X-API-Key": "wrong-secret-key-42"}),
        client.post("/enterprises", headers={"X-API-Key": KEYS["admin"]},
                    json={"id": "k1", "name": "密钥测试企业", "region_code": "510107"}),
        client.post("/enterprises", headers={"X-API-Key": "wrong-secret-key-42"}, json={"id": "k2", "name": "x", "region_code": "510107"}),
        client.get("/audit", headers={"X-API-Key": KEYS["admin"]}),
        client.get("/nowhere", headers={"X-API-Key": KEYS["admin"]}),
    ]
    assert [r.status_code for r in responses] == [200, 403, 401, 201, 401, 200, 404]
    assert caplog.records, "nothing was logged, so the check proves nothing"
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    audit = json.dumps(client.app.state.audit_log.read(1000)[0], ensure_ascii=False)
    for secret in secrets:
        assert secret not in logged
        assert secret not in audit
        for r in responses:
            assert secret not in r.text
    assert hashlib.sha256(KEYS["admin"].encode()).hexdigest()[:12] in audit


@pytest.mark.parametrize("text", ["k:viewer", "short:admin", "key-long-enough:root", "nocolon"])
def test_bad_key_configuration_fails_at_start(text):
    from app.errors import InvalidInput

    with pytest.raises(InvalidInput):
        parse_api_keys(text)
