"""The door of the API (issue 20, items 5, 6, 7 and 9): what is refused before any route or body is touched."""
from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings
from tests.api.conftest import KEYS, as_role


@pytest.fixture
def open_client(toy_dir, tmp_path):
    with TestClient(create_app(Settings(data_dir=toy_dir, state_dir=tmp_path / "open-state"))) as c:
        yield c


def test_open_mode_answers_only_to_loopback_host_names(open_client):
    assert open_client.get("/chains", headers={"Host": "attacker.example"}).status_code == 400
    assert open_client.get("/chains", headers={"Host": "localhost:8000"}).status_code == 200
    assert open_client.get("/chains", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert open_client.get("/chains", headers={"Host": "[::1]:8000"}).status_code == 200


def test_allowed_hosts_setting_is_the_list(toy_dir, tmp_path):
    settings = Settings(data_dir=toy_dir, state_dir=tmp_path / "s", allowed_hosts="chainmap.example.gov.cn",
                        api_keys=f"{KEYS['viewer']}:viewer")
    with TestClient(create_app(settings), base_url="http://chainmap.example.gov.cn") as c:
        assert c.get("/chains", headers=as_role("viewer")).status_code == 200
        assert c.get("/chains", headers={**as_role("viewer"), "Host": "other.example"}).status_code == 400


def test_a_page_of_another_origin_cannot_write_in_open_mode(open_client):
    csv = "id,name,region_code\nx1,跨站企业,510107\n".encode()
    files = {"file": ("enterprises.csv", csv, "text/csv")}
    r = open_client.post("/imports", files=files, headers={"Origin": "https://attacker.example", "Host": "127.0.0.1:8000"})
    assert r.status_code == 403
    r = open_client.post("/imports", files=files, headers={"Sec-Fetch-Site": "cross-site", "Host": "127.0.0.1:8000"})
    assert r.status_code == 403
    r = open_client.post("/imports", files=files, headers={"Origin": "null"})
    assert r.status_code == 403
    assert open_client.get("/enterprises/x1").status_code == 404
    same = open_client.post("/imports", files=files, headers={"Origin": "http://testserver"})
    assert same.status_code == 200, same.text  # the dashboard itself (same origin) still writes


def test_security_headers_on_every_answer(client):
    for r in (client.get("/"), client.get("/chains", headers=as_role("viewer")), client.get("/nowhere"),
              client.post("/enterprises", json={})):
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


def test_docs_are_served_locally_in_open_mode_and_off_with_keys(open_client, client):
    page = open_client.get("/docs")
    assert page.status_code == 200 and "http" not in page.text.replace("http-equiv", "")
    for src in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/docs/init.js"):
        assert src in page.text and open_client.get(src).status_code == 200
    assert open_client.get("/redoc").status_code == 404
    assert client.get("/docs").status_code == 404  # keys configured: production, docs off unless CHAINMAP_DOCS=true


def test_keyless_write_is_refused_before_its_body_is_read(client):
    pulled = []

    def body():
        for i in range(200):
            pulled.append(i)
            yield b"x" * 100_000

    r = client.post("/imports", content=body(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 401
    assert len(pulled) <= 2, f"{len(pulled)} chunks of a keyless body were read"


def test_over_limit_chunked_upload_answers_413(client):
    def body():  # a multipart upload sent chunked (no Content-Length), 30 MB against the 20 MB limit
        yield (b'--B\r\nContent-Disposition: form-data; name="file"; filename="enterprises.csv"\r\n'
               b"Content-Type: text/csv\r\n\r\nid,name,region_code\n")
        for _ in range(30):
            yield b"y" * 1_000_000
        yield b"\r\n--B--\r\n"

    r = client.post("/imports", content=body(), headers={**as_role("admin"), "Content-Type": "multipart/form-data; boundary=B"})
    assert r.status_code == 413, r.text


def test_control_characters_in_the_path_are_404_and_cannot_forge_a_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="chainmap.access")
    assert client.get("/static/x%00", headers=as_role("viewer")).status_code == 404
    r = client.get('/chains%0A{"method": "GET", "path": "/forged", "status": 200}', headers=as_role("viewer"))
    assert r.status_code == 404
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "chainmap.access"]
    assert lines and all("\n" not in line for line in lines)
    assert not any(line.startswith('{"method": "GET", "path": "/forged"') for line in caplog.text.splitlines())


def test_slow_request_heads_are_cut_off(toy_dir, tmp_path):
    import uvicorn

    from app.api import server

    class Quick(server.SlowClientGuard):
        header_timeout = 0.5

    settings = Settings(data_dir=toy_dir, state_dir=tmp_path / "s")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                            **{**server.options(), "http": Quick})
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(srv.serve()), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not srv.started and time.monotonic() < deadline:
            time.sleep(0.05)
        slow = socket.create_connection(("127.0.0.1", port))
        slow.settimeout(5)
        start = time.monotonic()
        closed = False
        for part in (b"GET /healthz HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"X-A: 1\r\n", b"X-B: 2\r\n"):
            try:
                slow.sendall(part)
            except OSError:
                closed = True
                break
            time.sleep(0.3)  # a byte now and then: uvicorn's keep-alive timer alone would never fire
        if not closed:
            closed = slow.recv(100) == b""
        assert closed and time.monotonic() - start < 3
        with socket.create_connection(("127.0.0.1", port)) as fast:
            fast.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert fast.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        srv.should_exit = True
        thread.join(10)


def test_viewers_do_not_see_target_enterprises_through_build_candidates(toy_dir, tmp_path):
    """Issue 20 item 8, on the seed: icv in 成都 has 建链 candidates for analysts; a viewer sees how many, not who."""
    from app.settings import SEED_DIR

    settings = Settings(data_dir=SEED_DIR, state_dir=tmp_path / "seed-state",
                        api_keys=",".join(f"{k}:{role}" for role, k in KEYS.items()))
    with TestClient(create_app(settings)) as c:
        full = c.get("/chains/icv/gaps", params={"region": "成都"}, headers=as_role("analyst")).json()
        seen = c.get("/chains/icv/gaps", params={"region": "成都"}, headers=as_role("viewer")).json()
    named = {x["name"] for e in full["build"] for x in e.get("candidates") or []}
    assert named, "the seed gives 建链 candidates to hide"
    assert all(not e.get("candidates") for e in seen["build"])
    text = str(seen)
    assert not [n for n in named if n in text], "a candidate's name reached the viewer"
    assert any("仅对分析员" in r["zh"] for e in seen["build"] for r in e["reasons"])
