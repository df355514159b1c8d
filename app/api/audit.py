"""The audit log: who wrote what, when, and how many rows — one JSON line per write request.

Every request that may change data (``POST``, ``PUT``, ``PATCH``, ``DELETE``; analyses that only
compute, such as what-if, are left out) is recorded after it is answered, refused ones included:
the time (UTC), the caller's role and a fingerprint of its API key (the first 12 hex digits of
the key's SHA-256 — never the key), the method and path, the HTTP status, and the counts the
route reported with :func:`note` (rows read, created, updated, deleted...). Lines are appended
and fsync'd to ``<state_dir>/audit.log``; admins read them back with ``GET /audit``.

>>> import tempfile, pathlib
>>> log = AuditLog(pathlib.Path(tempfile.mkdtemp()) / "audit.log")
>>> log.append({"action": "POST /imports", "status": 200, "rows": 2})
>>> [e["rows"] for e in log.read(10)[0]]
[2]
"""
from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import logging
import os
import threading
from collections import deque
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.api.deps import Admin
from app.api.middleware import ResponseWatch

log = logging.getLogger("chainmap.audit")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_ONLY_POSTS = ("/whatif", "/compare")  # analyses sent as POST that write nothing
_note: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("chainmap_audit_note", default=None)


def fingerprint(key: str | None) -> str | None:
    """A short, stable id of an API key that does not reveal it."""
    return hashlib.sha256(key.encode()).hexdigest()[:12] if key else None


def note(**counts: Any) -> None:
    """Add counts (``rows=…, created=…``) to the audit entry of the request being served, if any."""
    current = _note.get()
    if current is not None:
        current.update(counts)


class AuditLog:
    """An append-only file of JSON lines, one per audited request."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, entry: dict[str, Any]) -> None:
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

    def read(self, limit: int, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Newest first; a line cut short by a crash is skipped."""
        if not self.path.exists():
            return [], 0
        entries: deque[dict[str, Any]] = deque()
        with self.path.open("rb") as fh:
            for raw in fh:
                try:
                    entries.appendleft(json.loads(raw))
                except ValueError:
                    continue
        return list(entries)[offset: offset + limit], len(entries)


def audit_log_path(state_dir: Path) -> Path:
    return Path(state_dir) / "audit.log"


def _audited(method: str, path: str) -> bool:
    return method in WRITE_METHODS and not path.endswith(READ_ONLY_POSTS)


class AuditMiddleware:
    """ASGI middleware writing one audit entry per write request, after the answer is sent."""

    def __init__(self, app, audit_log: AuditLog):
        self.app = app
        self.audit_log = audit_log

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not _audited(scope["method"], scope["path"]):
            return await self.app(scope, receive, send)
        entry: dict[str, Any] = {}
        token = _note.set(entry)
        watch = ResponseWatch(send)
        try:
            await self.app(scope, receive, watch)
        finally:
            _note.reset(token)
            headers = dict(scope.get("headers") or [])
            key = headers.get(b"x-api-key", b"").decode("latin-1") or None
            state = scope.get("state") or {}
            role = state.get("role")
            record = {
                "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
                "role": getattr(role, "value", role) or ("open" if not scope["app"].state.api_keys else None),
                "key": fingerprint(key),
                "action": f"{scope['method']} {scope['path']}",
                "status": watch.status,
                "outcome": "ok" if watch.status < 400 else "refused",
                **entry,
            }
            try:
                self.audit_log.append(record)
            except OSError as exc:  # the write already happened; say loudly that it went unrecorded
                log.error("audit log %s not written: %s", self.audit_log.path, exc)


def install(app, state_dir: Path) -> AuditLog:
    """Record every write request of ``app`` in ``<state_dir>/audit.log``; returns the log."""
    audit_log = AuditLog(audit_log_path(state_dir))
    app.state.audit_log = audit_log
    app.add_middleware(AuditMiddleware, audit_log=audit_log)
    return audit_log


router = APIRouter(tags=["运维 operations"])


@router.get("/audit", summary="审计日志 Audit log", dependencies=[Admin])
def read_audit(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict:
    """写入与导入的审计记录，最新的在前：时间、角色、密钥指纹、操作、状态、行数
    (audit entries of writes and imports, newest first: time, role, key fingerprint, action, status, rows)."""
    data, count = request.app.state.audit_log.read(limit, offset)
    return {"data": data, "count": count}
