"""The audit log: who wrote what, when, and how many rows — one entry per write request, in SQLite.

Every request that may change data (``POST``, ``PUT``, ``PATCH``, ``DELETE``; analyses that only
compute, such as what-if, are left out) is recorded after it is answered, refused ones included:
the time (UTC), the caller's role and a fingerprint of the API key that authenticated it (the first
12 hex digits of the key's SHA-256 — never the key; none when no key authenticated), the method and
path, the HTTP status, and the counts the route reported with :func:`note` (rows read, created,
updated, deleted...). Entries are committed to ``<state_dir>/audit.sqlite`` (:mod:`app.store.statedb`);
admins page through them with ``GET /audit`` (``limit``, ``offset`` or ``before`` an entry's id).

Refusals without an authenticated key cost the refused caller nothing to send and the service a
commit each, so they are rate-limited (:data:`REFUSED_BURST`, then :data:`REFUSED_PER_S` a second);
the next recorded one says how many were left out. Every entry is sized: the path and each noted
value are cut to :data:`MAX_TEXT` characters. A former ``audit.log`` is read in once.

>>> import tempfile, pathlib
>>> log = AuditLog(pathlib.Path(tempfile.mkdtemp()) / "audit.sqlite")
>>> log.append({"action": "POST /imports", "status": 200, "rows": 2})
>>> [e["rows"] for e in log.read(10)[0]]
[2]
"""
from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import threading
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.api.deps import Admin
from app.api.middleware import ResponseWatch
from app.api.security import fingerprint
from app.errors import ChainMapError
from app.store import statedb

log = logging.getLogger("chainmap.audit")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_ONLY_POSTS = ("/whatif", "/compare")  # analyses sent as POST that write nothing
REFUSED_BURST, REFUSED_PER_S = 50, 2.0
MAX_TEXT = 300
_note: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("chainmap_audit_note", default=None)
__all__ = ["AuditLog", "fingerprint", "install", "note", "router"]


def note(**counts: Any) -> None:
    """Add counts (``rows=…, created=…``) to the audit entry of the request being served, if any."""
    current = _note.get()
    if current is not None:
        current.update(counts)


def _sized(value: Any) -> Any:
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, list):
        return [_sized(v) for v in value[:50]]
    return value


class AuditLog:
    """Audit entries in an SQLite file, newest first when read; each committed before ``append`` returns."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con = None

    def _db(self):
        if self._con is None:
            con = statedb.connect(self.path)
            legacy = self.path.with_suffix(".log")
            with statedb.transaction(con, self.path, "打开审计日志 opening the audit log"):
                con.execute("CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)")
                if legacy.exists():
                    lines = legacy.read_bytes().splitlines()
                    con.executemany("INSERT INTO entries (body) VALUES (?)",
                                    [(line.decode("utf-8", "replace"),) for line in lines if _json_line(line)])
            if legacy.exists():
                legacy.rename(legacy.with_name(legacy.name + ".migrated"))
            self._con = con
        return self._con

    def append(self, entry: dict[str, Any]) -> None:
        body = json.dumps({k: _sized(v) for k, v in entry.items()}, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            with statedb.transaction(self._db(), self.path, "写入审计日志 writing the audit log") as con:
                con.execute("INSERT INTO entries (body) VALUES (?)", (body,))

    def read(self, limit: int, offset: int = 0, before: int | None = None) -> tuple[list[dict[str, Any]], int]:
        """Newest first, with each entry's ``id``; ``before``: only entries older than that id (a cheap next page)."""
        with self._lock:
            con = self._db()
            count = con.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
            rows = con.execute("SELECT id, body FROM entries WHERE id < ? ORDER BY id DESC LIMIT ? OFFSET ?",
                               (before if before is not None else 2**62, limit, offset)).fetchall()
        return [{"id": i, **json.loads(body)} for i, body in rows], count


def _json_line(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False  # a line cut short by a crash of the former format


def _audited(method: str, path: str) -> bool:
    return method in WRITE_METHODS and not path.endswith(READ_ONLY_POSTS)


class _Bucket:
    """A token bucket: ``take()`` is True while the rate holds; ``dropped`` counts the rest since the last taken."""

    def __init__(self, burst: int, per_s: float):
        self.burst, self.per_s = burst, per_s
        self.tokens, self.at, self.dropped = float(burst), time.monotonic(), 0

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.per_s)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        self.dropped += 1
        return False


class AuditMiddleware:
    """ASGI middleware writing one audit entry per write request, after the answer is sent."""

    def __init__(self, app, audit_log: AuditLog):
        self.app = app
        self.audit_log = audit_log
        self.refusals = _Bucket(REFUSED_BURST, REFUSED_PER_S)

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
            state = scope.get("state") or {}
            role = state.get("role")
            record = {
                "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                "role": getattr(role, "value", role) or ("open" if not scope["app"].state.api_keys else None),
                "key": state.get("key_fingerprint"),
                "action": f"{scope['method']} {scope['path']}",
                "status": watch.status,
                "outcome": "ok" if watch.status < 400 else "refused",
                **entry,
            }
            self._record(record, unauthenticated=record["role"] is None)

    def _record(self, record: dict[str, Any], unauthenticated: bool) -> None:
        if unauthenticated:
            if not self.refusals.take():
                return
            if self.refusals.dropped:
                record["left_out_before"] = self.refusals.dropped  # refusals not recorded since the last one
                self.refusals.dropped = 0
        try:
            self.audit_log.append(record)
        except (ChainMapError, OSError) as exc:  # the write already happened; say loudly that it went unrecorded
            log.error("audit log %s not written: %s", self.audit_log.path, getattr(exc, "message", exc))


def audit_log_path(state_dir: Path) -> Path:
    return Path(state_dir) / "audit.sqlite"


def install(app, state_dir: Path) -> AuditLog:
    """Record every write request of ``app`` in ``<state_dir>/audit.sqlite``; returns the log."""
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
    before: Annotated[int | None, Query(ge=1, le=2**62, description="只看编号小于此值的记录 only entries older than this id")] = None,
) -> dict:
    """写入与导入的审计记录，最新的在前：时间、角色、密钥指纹、操作、状态、行数
    (audit entries of writes and imports, newest first: time, role, key fingerprint, action, status, rows)."""
    data, count = request.app.state.audit_log.read(limit, offset, before)
    return {"data": data, "count": count}
