"""One cap on expensive work: PDF and PNG renders, report bundles and imports.

At most ``workers`` such requests run at once in a worker process; up to ``queue`` more *per role* wait
for a slot (so one analyst's ten PDFs cannot crowd out an admin's import, nor a viewer's PNG). Past the
queue the answer is 429 with ``Retry-After``; a request that waited :data:`MAX_WAIT_S` without a slot
gets 503 with ``Retry-After``. Everything else (gap reports, SVG maps, JSON) is never queued here.

The role is the one of the key presented (checked again by the route), ``open`` without keys.

>>> expensive("GET", "/chains/icv/report", b"region=%E6%88%90%E9%83%BD&format=pdf")
True
>>> expensive("GET", "/chains/icv/report/panorama", b"format=svg"), expensive("POST", "/imports", b"")
(False, True)
"""
from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from urllib.parse import parse_qs

from app.api.problems import problem
from app.api.security import role_of

MAX_WAIT_S = 60.0
RETRY_AFTER_S = 10
_BUNDLE = re.compile(r"^/chains/[^/]+/report(/report)?/?$")
_MAP = re.compile(r"^/chains/[^/]+/report/(panorama|roadmap)/?$")


def expensive(method: str, path: str, query: bytes) -> bool:
    """A request that renders a PDF/PNG or a report bundle, or imports a file."""
    if method == "POST" and path.startswith("/imports"):
        return True
    if method != "GET":
        return False
    if _BUNDLE.match(path):
        return True
    return bool(_MAP.match(path)) and parse_qs(query.decode("latin-1")).get("format", [""])[0] == "png"


class WorkCap:
    def __init__(self, app, api_keys, workers: int, queue: int):
        self.app = app
        self.keys = api_keys
        self.workers, self.queue = workers, queue
        self._slots: asyncio.Semaphore | None = None
        self.waiting: dict[str, int] = defaultdict(int)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not expensive(scope["method"], scope["path"], scope.get("query_string", b"")):
            return await self.app(scope, receive, send)
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)  # made on the serving loop
        role = self.role(scope)
        if role is None:  # no valid key: the route refuses it at once, it takes no slot
            return await self.app(scope, receive, send)
        if not self._slots.locked():
            await self._slots.acquire()  # a free slot: taken at once, without yielding to the loop
        elif self.waiting[role] >= self.queue:
            return await self.busy(429, f"角色 {role} 已有 {self.waiting[role]} 个耗时请求在排队，请稍后重试 "
                                   f"({self.waiting[role]} expensive requests of role {role} already queued; retry later)",
                                   scope, receive, send)
        else:
            self.waiting[role] += 1
            try:
                await asyncio.wait_for(self._slots.acquire(), MAX_WAIT_S)
            except TimeoutError:
                return await self.busy(503, f"等待 {MAX_WAIT_S:g} 秒仍无空闲处理槽，请稍后重试 "
                                       f"(no free slot for expensive work within {MAX_WAIT_S:g} s; retry later)",
                                       scope, receive, send)
            finally:
                self.waiting[role] -= 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self._slots.release()

    def role(self, scope) -> str | None:
        if not self.keys:
            return "open"
        key = next((v.decode("latin-1") for k, v in scope.get("headers") or [] if k == b"x-api-key"), None)
        role = role_of(self.keys, key)
        return role.value if role is not None else None

    @staticmethod
    async def busy(status: int, detail: str, scope, receive, send) -> None:
        title = "繁忙 Too many requests" if status == 429 else "繁忙 Service busy"
        await problem(status, title, detail, "https://chainmap.dev/problems/busy", retry_after=RETRY_AFTER_S)(scope, receive, send)
