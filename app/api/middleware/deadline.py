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
import logging

from app.api.middleware import ResponseWatch
from app.api.problems import problem_of
from app.errors import StoreUnavailable

log = logging.getLogger("chainmap.api")


class Deadline:
    """ASGI middleware: a 503 after ``seconds`` without a response."""

    def __init__(self, app, seconds: float):
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        watch = ResponseWatch(send)
        task = asyncio.ensure_future(self.app(scope, receive, watch))
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if done:
            return task.result()
        if watch.started:  # a response under way is not cut: wait for it
            return await task
        watch.muted = True  # whatever the request sends once the store is back is dropped
        task.add_done_callback(_quiet)
        log.warning("%s %s: no answer within %.0f s; answered 503", scope["method"], scope["path"], self.seconds)
        await problem_of(StoreUnavailable(self._detail(scope["method"])))(scope, receive, send)

    def _detail(self, method: str) -> str:
        detail = f"存储在 {self.seconds:g} 秒内没有响应，请稍后重试 (the store did not answer within {self.seconds:g} s; retry later)"
        if method not in ("GET", "HEAD"):
            detail += "；写入要么已完整生效要么未生效，重试前请先查询 (a write is applied whole or not at all: check before retrying)"
        return detail


def _quiet(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("request finished after its deadline with %r", task.exception())
