"""An append-only journal of change sets: the embedded store's durability.

Each applied :class:`ChangeSet` is one line ``<crc32> <json>\\n``, written and fsync'd before
the change is acknowledged. On start the journal is replayed over the data directory. A last
line cut short by a crash (no newline, or a checksum that does not match) was never
acknowledged, so it is dropped; a damaged line before the last one is corruption and is refused.

Several processes may open the same journal (a running server and ``chainmap import``). Reading
and appending hold an exclusive ``flock`` on it, so a start never cuts off a line another process
is still writing; and a process appends only when the journal still ends where it last saw it
end — a process whose view is stale (another one wrote since) is refused with
:class:`~app.errors.Conflict` instead of appending a change checked against old data, which could
make the journal impossible to replay.
"""
from __future__ import annotations

import fcntl
import json
import os
import zlib
from pathlib import Path

from app.errors import ChainMapError, Conflict
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

    def append(self, changes: ChangeSet) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = encode(changes)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if self._end is not None and size != self._end:
                raise Conflict(f"另一个进程已写入存储 {self.path}，本进程的数据已过时，未写入；请重启以载入其变更 "
                               f"(another process wrote to this store since it was opened; nothing written — restart to load its changes)")
            os.write(fd, line)
            os.fsync(fd)
            self._end = size + len(line)
        finally:
            os.close(fd)
