"""One cap on expensive work (issue 20, item 3): a bounded pool with a queue per role, 429 + Retry-After past it."""
from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from app.api.main import create_app
from app.settings import Settings
from app.store.embedded.store import EmbeddedStore
from tests.api.conftest import KEYS


@pytest.fixture
def slow_app(toy_dir, tmp_path, monkeypatch):
    """The API with PDF rendering replaced by a 0.5 s stand-in that counts how many run at once."""
    import app.api.routers.reports as reports

    running, peak = [0], [0]

    def render(data, artifact, fmt):
        running[0] += 1
        peak[0] = max(peak[0], running[0])
        time.sleep(0.5)
        running[0] -= 1
        return b"%PDF-1.4 stand-in", "application/pdf"

    monkeypatch.setattr(reports, "render", render)
    settings = Settings(data_dir=toy_dir, state_dir=tmp_path / "s", expensive_workers=2, expensive_queue=3,
                        api_keys=",".join(f"{k}:{role}" for role, k in KEYS.items()))
    return create_app(settings, store=EmbeddedStore.open(toy_dir)), peak


async def burst(app, role: str, n: int, path="/chains/toy/report?region=成都&format=pdf") -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await asyncio.gather(*(client.get(path, headers={"X-API-Key": KEYS[role]}) for _ in range(n)))


def test_ten_pdfs_from_one_analyst_run_two_at_a_time_and_the_rest_wait_or_get_429(slow_app):
    app, peak = slow_app
    answers = asyncio.run(burst(app, "analyst", 10))
    codes = sorted(r.status_code for r in answers)
    assert codes == [200] * 5 + [429] * 5, codes  # 2 running + 3 queued; 5 told to come back
    assert peak[0] == 2
    refused = next(r for r in answers if r.status_code == 429)
    assert refused.headers["retry-after"] == "10" and refused.headers["content-type"].startswith("application/problem+json")
    assert "analyst" in refused.json()["detail"]


def test_the_queue_is_per_role_and_cheap_requests_never_wait(slow_app):
    app, _ = slow_app

    async def mixed():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            pdf = "/chains/toy/report?region=成都&format=pdf"
            analysts = [client.get(pdf, headers={"X-API-Key": KEYS["analyst"]}) for _ in range(8)]
            admin = client.get(pdf, headers={"X-API-Key": KEYS["admin"]})
            gaps = client.get("/chains/toy/gaps?region=成都", headers={"X-API-Key": KEYS["viewer"]})
            return await asyncio.gather(*analysts, admin, gaps)

    *analysts, admin, gaps = asyncio.run(mixed())
    assert admin.status_code == 200, "another role's queue is not full"
    assert gaps.status_code == 200
    assert sum(r.status_code == 429 for r in analysts) >= 3
