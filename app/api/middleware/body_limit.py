"""Refuse a request body over the upload limit before anything reads it (HTTP 413, problem details).

The limits themselves live in one place: ``Settings.max_upload_mb`` for a request body, and the file,
row and archive limits in :mod:`app.datadir.tabular`; everything over a limit is
:class:`~app.errors.TooLarge`, 413.

A declared ``Content-Length`` over the limit is answered at once; a body sent without one
(chunked) is counted as it streams and, at the limit, reading it fails with 413 (the route never
sees a short body). Routes that take files check the size they read as well.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException

from app.api.problems import problem
from app.errors import TooLarge


class BodyLimit:
    """ASGI middleware: at most ``max_mb`` MB of request body (plus 1 MB of multipart framing) per request."""

    def __init__(self, app, max_mb: int):
        self.app = app
        self.max_mb = max_mb
        self.max_bytes = (max_mb + 1) * 1024 * 1024

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        try:
            too_big = declared is not None and int(declared) > self.max_bytes
        except ValueError:
            too_big = False
        if too_big:
            return await self._refuse(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:  # FastAPI passes an HTTPException raised while reading on as it is
                    raise HTTPException(413, f"请求体超过 {self.max_mb:g} MB 上限 (request body over the {self.max_mb:g} MB limit)",
                                        headers={"Connection": "close"})
            return message

        return await self.app(scope, limited, send)

    async def _refuse(self, scope, receive, send) -> None:
        mb = self.max_mb
        refused = problem(TooLarge.status, TooLarge.title, f"请求体超过 {mb:g} MB 上限 (request body over the {mb:g} MB limit)")
        refused.headers["Connection"] = "close"  # the body is not read: the connection cannot serve another request
        await refused(scope, receive, send)
