"""The audit log: every write and import, by whom (role + key fingerprint), when, what, how many rows."""
from __future__ import annotations

import datetime as dt
import hashlib

from tests.api.conftest import KEYS


def entries(client) -> list[dict]:
    """Every entry, oldest first, without its id."""
    data, _ = client.app.state.audit_log.read(10_000)
    return [{k: v for k, v in e.items() if k != "id"} for e in reversed(data)]


def fp(role: str) -> str:
    return hashlib.sha256(KEYS[role].encode()).hexdigest()[:12]


def admin() -> dict:
    return {"X-API-Key": KEYS["admin"]}


def test_import_is_recorded_with_who_when_what_and_rows(client, api_settings):
    csv = "id,name,region_code\nn1,审计企业一,510107\nn2,审计企业二,510107\na1,甲一材料有限公司,510107\n"
    before = dt.datetime.now(dt.UTC)
    r = client.post("/imports", headers=admin(), files={"file": ("enterprises.csv", csv.encode(), "text/csv")})
    assert r.status_code == 200, r.text
    [entry] = entries(client)
    assert entry["role"] == "admin" and entry["key"] == fp("admin")
    assert entry["action"] == "POST /imports" and entry["status"] == 200 and entry["outcome"] == "ok"
    assert (entry["rows"], entry["created"], entry["updated"], entry["kind"], entry["file"]) == (3, 2, 1, "enterprises", "enterprises.csv")
    assert before <= dt.datetime.fromisoformat(entry["time"]) <= dt.datetime.now(dt.UTC)
    assert client.app.state.audit_log.path == api_settings.state_dir / "audit.sqlite"


def test_enterprise_writes_each_leave_one_entry(client):
    assert client.post("/enterprises", headers=admin(), json={"id": "n1", "name": "审计企业", "region_code": "510107"}).status_code == 201
    assert client.patch("/enterprises/n1", headers=admin(), json={"revenue": 12.5}).status_code == 200
    assert client.delete("/enterprises/n1", headers=admin()).status_code == 204
    log = entries(client)
    assert [(e["action"], e["status"], e.get("rows")) for e in log] == [
        ("POST /enterprises", 201, 1), ("PATCH /enterprises/n1", 200, 1), ("DELETE /enterprises/n1", 204, 1)]
    assert log[1]["fields"] == ["revenue"] and log[2]["deleted"] == 1


def test_refused_writes_are_recorded_too(client):
    client.post("/enterprises", headers={"X-API-Key": KEYS["viewer"]}, json={"id": "n1", "name": "x", "region_code": "510107"})
    client.post("/enterprises", json={"id": "n1", "name": "x", "region_code": "510107"})
    bad = "id,name,region_code\nn1,坏行企业,999999\n"
    client.post("/imports", headers=admin(), files={"file": ("enterprises.csv", bad.encode(), "text/csv")})
    log = entries(client)
    assert [(e["role"], e["key"], e["status"], e["outcome"]) for e in log] == [
        ("viewer", fp("viewer"), 403, "refused"), (None, None, 401, "refused"), ("admin", fp("admin"), 422, "refused")]
    assert "rows" not in log[2]   # nothing was written


def test_reads_and_what_if_are_not_audited(client):
    client.get("/chains", headers=admin())
    client.get("/enterprises/a1", headers=admin())
    client.post("/chains/toy/whatif", headers=admin(), json={"region": "成都", "add": []})
    assert entries(client) == []


def test_admins_read_the_log_newest_first(client):
    for i in range(3):
        client.post("/enterprises", headers=admin(), json={"id": f"n{i}", "name": f"审计企业{i}", "region_code": "510107"})
    page = client.get("/audit?limit=2", headers=admin()).json()
    assert page["count"] == 3
    assert [e["action"] for e in page["data"]] == ["POST /enterprises"] * 2
    assert [e["enterprise"] for e in page["data"]] == ["n2", "n1"]
    assert client.get("/audit", headers={"X-API-Key": KEYS["analyst"]}).status_code == 403
    # the read itself is not a write
    assert client.get("/audit", headers=admin()).json()["count"] == 3


def test_a_former_audit_log_is_read_in_once_and_its_torn_last_line_skipped(api_settings):
    from fastapi.testclient import TestClient

    from app.api.main import create_app

    api_settings.state_dir.mkdir(parents=True, exist_ok=True)
    (api_settings.state_dir / "audit.log").write_bytes(b'{"action": "POST /imports", "status": 200}\n{"time": "2025-')
    with TestClient(create_app(api_settings)) as client:
        client.post("/enterprises", headers=admin(), json={"id": "n1", "name": "审计企业", "region_code": "510107"})
        page = client.get("/audit", headers=admin()).json()
    assert page["count"] == 2 and [e["action"] for e in page["data"]] == ["POST /enterprises", "POST /imports"]
    assert (api_settings.state_dir / "audit.log.migrated").exists()


def test_the_log_pages_with_before(client):
    for i in range(5):
        client.post("/enterprises", headers=admin(), json={"id": f"n{i}", "name": f"审计企业{i}", "region_code": "510107"})
    first = client.get("/audit?limit=2", headers=admin()).json()["data"]
    second = client.get(f"/audit?limit=2&before={first[-1]['id']}", headers=admin()).json()["data"]
    assert [e["enterprise"] for e in first + second] == ["n4", "n3", "n2", "n1"]


def test_a_page_mark_beyond_any_id_is_refused_not_an_error(client):
    """An id past SQLite's integer range answers 422 naming the parameter (it was a 500, found by the fuzz test)."""
    r = client.get("/audit", params={"before": 2**70}, headers={"X-API-Key": KEYS["admin"]})
    assert r.status_code == 422 and "before" in r.text


def test_two_keys_are_refused_and_the_recorded_key_is_the_one_that_authenticated(client):
    both = [("X-API-Key", KEYS["admin"]), ("X-API-Key", KEYS["viewer"])]
    r = client.post("/enterprises", headers=both, json={"id": "n1", "name": "双钥企业", "region_code": "510107"})
    assert r.status_code == 401 and "exactly one" in r.json()["detail"]
    client.post("/enterprises", headers=admin(), json={"id": "n2", "name": "单钥企业", "region_code": "510107"})
    log = entries(client)
    assert [(e["status"], e["key"]) for e in log] == [(401, None), (201, fp("admin"))]


def test_keyless_refusals_are_rate_limited_and_sized(client):
    from app.api.audit import REFUSED_BURST

    for i in range(REFUSED_BURST + 40):
        r = client.post("/enterprises/" + "x" * 5000, json={"id": f"n{i}"}, headers={"X-API-Key": "wrong-key-0001"})
        assert r.status_code == 401
    log = entries(client)
    assert REFUSED_BURST <= len(log) < REFUSED_BURST + 10, len(log)
    assert all(len(e["action"]) <= 310 for e in log)
    import time

    time.sleep(1.1)  # the bucket refills: the next refusal is recorded, with how many were left out
    client.post("/enterprises", json={"id": "late"})
    assert entries(client)[-1]["left_out_before"] >= 30
