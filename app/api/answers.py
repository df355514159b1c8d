"""Analysis answers serialized once and reused until the data changes, with ETag revalidation.

An analysis answer (gap report, panorama, target list, roadmap) depends only on the question —
endpoint, chain, scope and parameters — and on the data the store answers from. The store's
:meth:`~app.store.base.GraphStore.data_version` changes with every change this process sees:
its own writes, other processes' journal entries that :meth:`~app.store.base.GraphStore.refresh`
catches up with, a reload; on Neo4j it is the data stamp every write commits with its data, read
from the server (one small read, ~1 ms). An answer kept under the version it was computed at is
therefore never served after any write; while a store cannot tell (``None``: a Neo4j load running,
a database without a stamp) nothing is cached. The version is read before computing and again
after: an answer computed while a write landed (it may mix both states) is sent but not kept.

The answer is the result model's ``model_dump(mode="json")`` turned into JSON bytes once (orjson),
not serialized again by FastAPI: the route declares the same model as ``response_model``, so
OpenAPI documents exactly the body sent. The bytes carry a strong ETag
(a hash of the body), so a dashboard asking again with ``If-None-Match`` gets ``304`` with no
body; the gzip form is made once per cached answer, in the thread pool, at level 1 (the
middleware would spend level 6 on every response).

The cache is a least-recently-used map bounded in bytes (``CHAINMAP_ANSWER_CACHE_MB``, 0 turns it
off); each uvicorn worker has its own. ``X-Cache: hit|miss`` tells a load generator which it was.
"""
from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import orjson
from fastapi import Request, Response
from prometheus_client import Counter
from starlette.concurrency import run_in_threadpool

from app.analysis.results import Result, Scope
from app.store.base import GraphStore

GZIP_MIN_BYTES = 2048
LOOKUPS = Counter("chainmap_answer_cache_total", "Analysis answers by cache outcome", ["route", "outcome"])
NOT_MODIFIED = {304: {"description": "未变化：与 If-None-Match 的 ETag 相同 (not modified since the ETag given)"}}


class Answer:
    """One serialized answer: JSON bytes, their ETag, and the gzip form made on first need."""

    __slots__ = ("body", "etag", "_gzipped")

    def __init__(self, data: dict):
        self.body = orjson.dumps(data)
        self.etag = '"' + hashlib.blake2b(self.body, digest_size=12).hexdigest() + '"'
        self._gzipped: bytes | None = None

    def gzipped(self) -> bytes:
        if self._gzipped is None:  # two threads may both compress once; either result is the same bytes
            # level 1: 0.5 ms instead of 1.2 ms (level 6) on a 50 KB gap report, for 8.7 KB instead of 7.4 KB
            self._gzipped = gzip.compress(self.body, compresslevel=1, mtime=0)
        return self._gzipped

    @property
    def size(self) -> int:
        return len(self.body) + len(self._gzipped or b"") + 200


class AnswerCache:
    """Answers by key, least recently used dropped first once ``max_bytes`` is exceeded; thread-safe.

    >>> cache = AnswerCache(max_bytes=10_000)
    >>> cache.put(("gaps", "display", "510100", 7), Answer({"chain": "display"}))
    >>> cache.get(("gaps", "display", "510100", 7)).body
    b'{"chain":"display"}'
    >>> cache.get(("gaps", "display", "510100", 8)) is None   # another data version: not this answer
    True
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: Hashable, answer: Answer) -> None:
        if answer.size > self.max_bytes:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._answers[key] = answer
            self._bytes += answer.size
            while self._bytes > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= dropped.size

    def __len__(self) -> int:
        return len(self._answers)


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "")


def _matches(request: Request, etag: str) -> bool:
    given = request.headers.get("if-none-match")
    if not given:
        return False
    tags = {t.strip().removeprefix("W/") for t in given.split(",")}
    return etag in tags or "*" in tags


def _lookup(request: Request, store: GraphStore, route: str, question: tuple, scope_of: Callable[[GraphStore], Scope],
            compute: Callable[[GraphStore, Scope], Result]) -> tuple[Answer, bool]:
    """Runs in the thread pool: reuse or compute the answer (``store`` caught up already in ``deps.get_store``)."""
    cache: AnswerCache | None = request.app.state.answers
    version = store.data_version() if cache is not None else None
    scope = scope_of(store)
    key = (route, *question, scope.filter, version)
    if version is not None and (found := cache.get(key)) is not None:
        LOOKUPS.labels(route, "hit").inc()
        return found, True
    answer = Answer(compute(store, scope).model_dump(mode="json"))
    if version is not None:
        if store.data_version() == version:  # not if a write landed while computing: that answer may mix both
            if len(answer.body) >= GZIP_MIN_BYTES:
                answer.gzipped()  # before it is shared: its size is counted once
            cache.put(key, answer)
        LOOKUPS.labels(route, "miss").inc()
    if _accepts_gzip(request) and len(answer.body) >= GZIP_MIN_BYTES:
        answer.gzipped()  # here in the thread pool, not on the event loop
    return answer, False


async def respond(request: Request, store: GraphStore, route: str, question: tuple,
                  scope_of: Callable[[GraphStore], Scope], compute: Callable[[GraphStore, Scope], Result]) -> Response:
    """The answer to ``question`` (everything but the scope that decides it) as a JSON response.

    ``store`` is the route's :data:`app.api.deps.StoreDep` (so dependency overrides apply).

    ``scope_of(store)`` resolves the scope (its errors become problem details as usual);
    ``compute(store, scope)`` builds the result model on a miss. One hop to the thread pool.
    """
    answer, hit = await run_in_threadpool(_lookup, request, store, route, question, scope_of, compute)
    headers = {"ETag": answer.etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding",
               "X-Cache": "hit" if hit else "miss"}
    if _matches(request, answer.etag):
        return Response(status_code=304, headers=headers)
    if _accepts_gzip(request) and len(answer.body) >= GZIP_MIN_BYTES:
        return Response(answer.gzipped(), media_type="application/json", headers={**headers, "Content-Encoding": "gzip"})
    return Response(answer.body, media_type="application/json", headers=headers)
