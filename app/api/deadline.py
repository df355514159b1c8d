"""Answer every request within a deadline, even when the store stops answering.

The Neo4j driver bounds connecting (``neo4j_timeout_s``) but not waiting for an answer on a
connection it already holds: a server that is frozen rather than down (a stalled VM, a network
that drops packets) would keep a request waiting for as long as the freeze lasts. This
middleware runs the request as its own task and, when ``request_timeout_s`` passes before the
response has started, answers 503 problem details with ``Retry-After`` itself. The abandoned
task finishes in the background when the store comes back; whatever it sends then is dropped.
A write caught this way is applied whole or not at all (it is one transaction), so the answer
says to check before retrying.
"""
from __future__ import annotations

import asyncio
import json
import logging

from app.api.problems import PROBLEM, RETRY_AFTER_S

log = logging.getLogger("chainmap.api")


class Deadline:
    """ASGI middleware: a 503 after ``seconds`` without a response."""

    def __init__(self, app, seconds: float):
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = answered = False

        async def guarded(message):
            nonlocal started
            if answered:
                return  # the deadline already answered this request
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded))
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if done:
            return task.result()
        if started:  # a response under way is not cut: wait for it
            return await task
        answered = True
        task.add_done_callback(_quiet)
        log.warning("%s %s: no answer within %.0f s; answered 503", scope["method"], scope["path"], self.seconds)
        await self._refuse(send, scope["method"])

    async def _refuse(self, send, method: str) -> None:
        detail = f"存储在 {self.seconds:g} 秒内没有响应，请稍后重试 (the store did not answer within {self.seconds:g} s; retry later)"
        if method not in ("GET", "HEAD"):
            detail += "；写入要么已完整生效要么未生效，重试前请先查询 (a write is applied whole or not at all: check before retrying)"
        body = json.dumps({"type": "https://chainmap.dev/problems/storeunavailable", "title": "存储不可用 Store unavailable",
                           "status": 503, "detail": detail}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 503,
                    "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
                                (b"retry-after", str(RETRY_AFTER_S).encode())]})
        await send({"type": "http.response.body", "body": body})


def _quiet(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("request finished after its deadline with %r", task.exception())
