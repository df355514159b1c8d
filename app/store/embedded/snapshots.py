"""The embedded store's snapshots (saved reviews): a table in the state file next to the journal.

A save is one SQLite transaction (:mod:`app.store.statedb`: ``BEGIN IMMEDIATE`` … ``COMMIT`` with
``synchronous=FULL``), acknowledged only after the commit; a full disk fails it with 507 and keeps
nothing. The table sits in the journal's file but outside its change rows, so compacting or
truncating the journal leaves the snapshots alone. A store without a journal (read-only, tests) keeps
them in memory for its lifetime.

>>> import tempfile, pathlib
>>> from app.store.embedded.journal import Journal
>>> kept = SnapshotTable(Journal(pathlib.Path(tempfile.mkdtemp()) / "journal.sqlite"))
>>> kept.save(SnapshotRecord("toy", "region", "510100", "Q3", "2026-10-01T00:00:00Z", "{}"))
>>> [s.label for s in kept.all("toy")]
['Q3']
"""
from __future__ import annotations

import sqlite3
import threading

from app.errors import Conflict
from app.store import statedb
from app.store.base import SnapshotRecord

SCHEMA = ("CREATE TABLE IF NOT EXISTS snapshots (key TEXT PRIMARY KEY, chain_id TEXT NOT NULL, scope_kind TEXT NOT NULL, "
          "scope_code TEXT NOT NULL, label TEXT NOT NULL, taken_at TEXT NOT NULL, body TEXT NOT NULL)")
COLUMNS = "chain_id, scope_kind, scope_code, label, taken_at, body"


def taken(snapshot: SnapshotRecord) -> Conflict:
    return Conflict(f"快照标签 {snapshot.label} 已用于 {snapshot.chain_id} @ {snapshot.scope_code}，未保存；请换一个 --label "
                    f"(the snapshot label {snapshot.label!r} is already used for this chain and scope; nothing saved)")


class SnapshotTable:
    """Snapshots in the state file of ``journal`` (None: in memory)."""

    def __init__(self, journal=None):
        self._journal = journal
        self._memory: dict[str, SnapshotRecord] = {}
        self._lock = threading.Lock()
        self._ready = False

    def _db(self):
        con = self._journal._db()
        if not self._ready:
            with statedb.transaction(con, self._journal.path, "创建快照表 creating the snapshot table") as c:
                c.execute(SCHEMA)
            self._ready = True
        return con

    def save(self, snapshot: SnapshotRecord) -> None:
        if self._journal is None:
            with self._lock:
                if snapshot.key in self._memory:
                    raise taken(snapshot)
                self._memory[snapshot.key] = snapshot
            return
        con = self._db()
        with statedb.transaction(con, self._journal.path, "保存快照 saving the snapshot"):
            if con.execute("SELECT 1 FROM snapshots WHERE key = ?", (snapshot.key,)).fetchone():
                raise taken(snapshot)
            con.execute(f"INSERT INTO snapshots (key, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (snapshot.key, snapshot.chain_id, snapshot.scope_kind, snapshot.scope_code, snapshot.label,
                         snapshot.taken_at, snapshot.body))

    def all(self, chain_id: str | None = None) -> list[SnapshotRecord]:
        if self._journal is None:
            with self._lock:
                found = [s for s in self._memory.values() if chain_id is None or s.chain_id == chain_id]
        else:
            try:
                found = [SnapshotRecord(*row) for row in self._db().execute(
                    f"SELECT {COLUMNS} FROM snapshots WHERE ? IS NULL OR chain_id = ?", (chain_id, chain_id))]
            except sqlite3.Error as exc:
                raise statedb.translate(exc, self._journal.path, "读取快照 reading the snapshots") from exc
        return sorted(found, key=lambda s: (s.taken_at, s.label))


class EmbeddedSnapshots:
    """The snapshot methods of :class:`~app.store.embedded.store.EmbeddedStore` (its ``_journal`` holds the file)."""

    _journal: object

    @property
    def _snapshot_table(self) -> SnapshotTable:
        table = self.__dict__.get("_snapshots_kept")
        if table is None:
            table = self.__dict__.setdefault("_snapshots_kept", SnapshotTable(self._journal))
        return table

    def save_snapshot(self, snapshot: SnapshotRecord) -> None:
        self._snapshot_table.save(snapshot)

    def snapshots(self, chain_id: str | None = None) -> list[SnapshotRecord]:
        return self._snapshot_table.all(chain_id)
