"""The access log: one JSON log line and the Prometheus counters per request."""
from __future__ import annotations

import json
import logging
import time

from prometheus_client import Counter, Histogram

from app.api.middleware import ResponseWatch

log = logging.getLogger("chainmap.access")
REQUESTS = Counter("chainmap_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("chainmap_request_seconds", "HTTP request latency", ["method", "route"])


class AccessLog:
    """ASGI middleware: one JSON log line and the Prometheus counters per request (no per-request task or body copy)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        watch = ResponseWatch(send)
        try:
            await self.app(scope, receive, watch)
        finally:
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], route, str(watch.status)).inc()
            LATENCY.labels(scope["method"], route).observe(elapsed)
            # one JSON object: a newline or quote in the path is escaped, so no path can forge a log line
            log.info("%s", json.dumps({"method": scope["method"], "path": scope["path"][:2000], "status": watch.status,
                                       "ms": round(elapsed * 1000, 1)}, ensure_ascii=False))
