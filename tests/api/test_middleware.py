"""The middleware that answers by itself sends the same problem details as the exception handlers."""
from __future__ import annotations

import asyncio
import json

from app.api.middleware.body_limit import BodyLimit
from app.api.middleware.deadline import Deadline
from app.api.problems import PROBLEM, RETRY_AFTER_S


def _call(app, method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None) -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/x", "headers": headers or []}

    async def run():
        await app(scope, receive, send)
        await asyncio.sleep(0.3)  # let an abandoned request finish and try to send

    asyncio.run(run())
    return sent


def _problem(sent: list[dict]) -> tuple[int, dict[bytes, bytes], dict]:
    start, body = sent[0], sent[1]
    return start["status"], dict(start["headers"]), json.loads(body["body"])


async def slow_app(scope, receive, send):
    await asyncio.sleep(0.2)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"late"})


def test_the_deadline_answers_503_problem_details_and_drops_the_late_answer():
    sent = _call(Deadline(slow_app, seconds=0.05), method="POST")
    status, headers, body = _problem(sent)
    assert len(sent) == 2 and status == 503  # the late 200 was dropped
    assert headers[b"content-type"] == PROBLEM.encode() and headers[b"retry-after"] == str(RETRY_AFTER_S).encode()
    assert body["type"] == "https://chainmap.dev/problems/storeunavailable" and body["status"] == 503
    assert "check before retrying" in body["detail"]  # a write is told to look before it retries


def test_an_answer_in_time_passes_the_deadline_untouched():
    sent = _call(Deadline(slow_app, seconds=2))
    assert [m.get("status") for m in sent] == [200, None] and sent[1]["body"] == b"late"


def test_a_declared_body_over_the_limit_is_refused_413_before_the_route_runs():
    async def route(scope, receive, send):
        raise AssertionError("the route must not run")

    sent = _call(BodyLimit(route, max_mb=1), method="POST", headers=[(b"content-length", str(3 * 2**20).encode())])
    status, headers, body = _problem(sent)
    assert status == 413 and headers[b"content-type"] == PROBLEM.encode() and headers[b"connection"] == b"close"
    assert body == {"type": "about:blank", "title": "内容过大 Content too large", "status": 413,
                    "detail": "请求体超过 1 MB 上限 (request body over the 1 MB limit)"}
