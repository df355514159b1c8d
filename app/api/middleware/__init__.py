"""The ASGI middleware of the API, outermost first: :class:`~app.api.middleware.deadline.Deadline` (503 when no
answer starts in time), :class:`~app.api.middleware.access.AccessLog` (a JSON log line and Prometheus counters),
CORS, :class:`~app.api.middleware.body_limit.BodyLimit` (413 before a large body is read), GZip, the audit log
(:mod:`app.api.audit`), and innermost :class:`~app.api.middleware.legacy_scope.LegacyScope` (an older ``region=`` /
``park=`` read as ``scope=``). Each is plain ASGI (no per-request task or body copy); those that need the answer's
status see it through one :class:`ResponseWatch`, and those that answer themselves send the same problem
details as the exception handlers (:func:`app.api.problems.problem`).

>>> def run(coroutine):  # the example's sends never wait, so one step finishes them (no event loop needed)
...     try:
...         coroutine.send(None)
...     except StopIteration:
...         pass
>>> sent = []
>>> async def send(message):
...     sent.append(message["type"])
>>> watch = ResponseWatch(send)
>>> run(watch({"type": "http.response.start", "status": 201, "headers": []}))
>>> watch.status, watch.started, sent
(201, True, ['http.response.start'])
>>> watch.muted = True
>>> run(watch({"type": "http.response.body", "body": b""}))
>>> sent
['http.response.start']
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]


class ResponseWatch:
    """An ASGI ``send`` passing messages on and noting the response status (500 until one starts).

    ``muted``: drop every further message (the request was already answered by someone else).
    """

    def __init__(self, send: Callable[[Message], Awaitable[None]]):
        self.send = send
        self.status = 500
        self.started = False
        self.muted = False

    async def __call__(self, message: Message) -> None:
        if self.muted:
            return
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.started = True
        await self.send(message)
