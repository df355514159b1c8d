"""An append-only journal of change sets: the embedded store's durability.

Each applied :class:`ChangeSet` is one line ``<crc32> <json>\\n``, written and fsync'd before
the change is acknowledged. On start the journal is replayed over the data directory. A last
line cut short by a crash (no newline, or a checksum that does not match) was never
acknowledged, so it is dropped; a damaged line before the last one is corruption and is refused.

Several processes may open the same journal (a running server and ``chainmap import``). Reading
and appending hold an exclusive ``flock`` on it, so a start never cuts off a line another process
is still writing. A process first catches up with what others appended since it last looked
(:meth:`Journal.pending`, and inside :meth:`Journal.append` before its own change is checked), so
every change is checked against the latest state and the journal always replays.
"""
from __future__ import annotations

import fcntl
import json
import os
import zlib
from pathlib import Path

from collections.abc import Callable

from app.errors import ChainMapError
from app.store.base import ChangeSet
from graph_schema.models import Enterprise, EnterpriseLink, Supply


def encode(changes: ChangeSet) -> bytes:
    payload = json.dumps(
        {
            "enterprises": [e.model_dump(mode="json") for e in changes.enterprises],
            "links": [link.model_dump(mode="json") for link in changes.links],
            "supply": [s.model_dump(mode="json") for s in changes.supply],
            "delete_enterprises": changes.delete_enterprises,
            "delete_links": [list(pair) for pair in changes.delete_links],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    return b"%08x " % zlib.crc32(payload) + payload + b"\n"


def decode(payload: bytes) -> ChangeSet:
    doc = json.loads(payload)
    return ChangeSet(
        enterprises=[Enterprise(**e) for e in doc["enterprises"]],
        links=[EnterpriseLink(**link) for link in doc["links"]],
        supply=[Supply(**s) for s in doc["supply"]],
        delete_enterprises=list(doc["delete_enterprises"]),
        delete_links=[tuple(pair) for pair in doc["delete_links"]],
    )


class Journal:
    def __init__(self, path: Path):
        self.path = path
        self._end: int | None = None   # where this process last saw the journal end

    def replay(self) -> list[ChangeSet]:
        """The acknowledged change sets, oldest first; a torn last line is cut off the file."""
        if not self.path.exists():
            self._end = 0
            return []
        with self.path.open("r+b") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            fh.seek(0)
            return self._replay_locked(fh, fh.read())

    def _replay_locked(self, fh, data: bytes) -> list[ChangeSet]:
        changes, good_end, pos = [], 0, 0
        while pos < len(data):
            end = data.find(b"\n", pos)
            line = data[pos:end] if end != -1 else data[pos:]
            ok = end != -1 and len(line) > 9 and line[8:9] == b" "
            if ok:
                try:
                    ok = int(line[:8], 16) == zlib.crc32(line[9:])
                except ValueError:
                    ok = False
            if not ok:
                if end != -1 and data[end + 1:].strip():
                    raise ChainMapError(f"变更日志 {self.path} 第 {len(changes) + 1} 条已损坏 (journal is corrupt)")
                break
            changes.append(decode(line[9:]))
            pos = good_end = end + 1
        if good_end != len(data):
            fh.truncate(good_end)
            os.fsync(fh.fileno())
        self._end = good_end
        return changes

    def pending(self) -> list[ChangeSet]:
        """Change sets other processes appended since this one last read or wrote; cheap when none."""
        if self._end is None or not self.path.exists() or self.path.stat().st_size == self._end:
            return []
        with self.path.open("rb") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
            return self._read_new(fh)

    def _read_new(self, fh) -> list[ChangeSet]:
        """Complete lines after ``self._end`` (writers hold the lock while writing, so all are whole)."""
        fh.seek(self._end)
        data = fh.read()
        changes, pos = [], 0
        while (end := data.find(b"\n", pos)) != -1:
            line = data[pos:end]
            if int(line[:8], 16) != zlib.crc32(line[9:]):
                raise ChainMapError(f"变更日志 {self.path} 已损坏 (journal is corrupt)")
            changes.append(decode(line[9:]))
            pos = end + 1
        self._end += pos
        return changes

    def append(self, changes: ChangeSet, before_write: Callable[[list[ChangeSet]], None]) -> None:
        """Append ``changes`` durably. Under the lock, ``before_write`` first receives what other
        processes appended meanwhile (to apply them) and checks ``changes``; if it raises, nothing is written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = encode(changes)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if self._end is None:
                self._end = 0
            with os.fdopen(os.dup(fd), "rb") as fh:
                before_write(self._read_new(fh))
            os.write(fd, line)
            os.fsync(fd)
            self._end = os.fstat(fd).st_size
        finally:
            os.close(fd)
