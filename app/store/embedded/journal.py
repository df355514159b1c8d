"""The journal of change sets in SQLite (WAL): the embedded store's durability.

Each applied :class:`ChangeSet` is one row ``(seq, crc, body)`` committed in its own transaction
before the change is acknowledged (:mod:`app.store.statedb`: ``synchronous=FULL``; a full disk or an
I/O error rolls the transaction back and fails the write with 507 / 503, nothing changed). On start
the committed rows are replayed over the data directory; SQLite never shows a transaction that did
not commit, so a crash mid-write leaves the state before it. A row whose checksum or content is
wrong is damage: start-up stops and says which change, and the way out.

Several processes may open the same journal (a running server and ``chainmap import``). Appending
holds SQLite's write lock (``BEGIN IMMEDIATE``); inside it a process first catches up with what the
others committed since it last looked (:meth:`Journal.pending`, and in :meth:`Journal.append` before
its own change is checked), so every change is checked against the latest state.

:meth:`Journal.compact` replaces the rows by an equivalent short list (the net change); a process that
was up to date keeps going, one that was behind is told to restart.

A journal of the former format (``journal-<key>.log``, one ``<crc32> <json>`` line per change) found
next to a new one is read once into it (torn last line dropped, damage refused) and renamed
``….log.migrated``.

>>> import tempfile, pathlib
>>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "journal.sqlite")
>>> j.replay()
[]
>>> j.append(ChangeSet(delete_enterprises=["x"]), lambda others: None)
>>> [c.delete_enterprises for c in Journal(j.path).replay()]
[['x']]
"""
from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path

from app.errors import StateDamaged, StoreUnavailable
from app.store import statedb
from app.store.base import ChangeSet
from graph_schema.models import Enterprise, EnterpriseLink, Supply
from graph_schema.text import salvage_fields

SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, crc INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
WAY_OUT = ("出路：用 `chainmap state check` 查看，用 `chainmap state truncate --from {seq}` 去掉这一条及其后的变更后重新启动；"
           "或从备份（`chainmap export` 导出的数据目录）重新开始 "
           "(way out: inspect with `chainmap state check`, drop this change and the later ones with "
           "`chainmap state truncate --from {seq}` and start again; or start again from a backup made by `chainmap export`)")


def journal_path(data_dir: Path, state_dir: Path) -> Path:
    """The journal of the embedded store over ``data_dir``, in ``state_dir`` (one per data directory)."""
    import hashlib

    key = hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
    return Path(state_dir) / f"journal-{key}.sqlite"


def encode(changes: ChangeSet) -> bytes:
    return json.dumps(
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


def decode(payload: bytes) -> ChangeSet:
    """The change set of a row. Text acknowledged before the text rules (:mod:`graph_schema.text`) that they
    now refuse is salvaged — its refused characters dropped — so an old journal loads as it did."""
    from pydantic import ValidationError

    doc = json.loads(payload)
    try:
        return _build(doc)
    except ValidationError:
        return _build({k: [salvage_fields(x) for x in v] if k in ("enterprises", "links", "supply") else v
                       for k, v in doc.items()})


def _build(doc: dict) -> ChangeSet:
    return ChangeSet(
        enterprises=[Enterprise(**e) for e in doc["enterprises"]],
        links=[EnterpriseLink(**link) for link in doc["links"]],
        supply=[Supply(**s) for s in doc["supply"]],
        delete_enterprises=list(doc["delete_enterprises"]),
        delete_links=[tuple(pair) for pair in doc["delete_links"]],
    )


def damaged(path: Path, seq: int, what: str) -> StateDamaged:
    return StateDamaged(f"变更日志 {path} 第 {seq} 条变更已损坏：{what}；该条及其后的写入未载入 "
                        f"(journal change {seq} is damaged: {what}; it and the later writes were not loaded). "
                        + WAY_OUT.format(seq=seq))


class Journal:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._con = None
        self._last: int | None = None      # the last seq this process has applied
        self._generation: str | None = None
        self._seen_version: int | None = None

    # -- connection and rows
    def _db(self):
        if self._con is None:
            con = statedb.connect(self.path)
            with statedb.transaction(con, self.path, "创建变更日志 creating the journal") as c:
                for statement in filter(str.strip, SCHEMA.split(";")):
                    c.execute(statement)
            self._con = con
            self._migrate_legacy()
        return self._con

    def _rows_after(self, seq: int) -> list[tuple[int, ChangeSet]]:
        out = []
        for row_seq, crc, body in self._db().execute("SELECT seq, crc, body FROM changes WHERE seq > ? ORDER BY seq", (seq,)):
            if zlib.crc32(body) != crc:
                raise damaged(self.path, row_seq, "校验和不符 (checksum mismatch)")
            try:
                out.append((row_seq, decode(body)))
            except Exception as exc:  # JSON or model validation: named, never a raw traceback
                raise damaged(self.path, row_seq, f"内容无效 (invalid content: {str(exc).splitlines()[0][:200]})") from None
        return out

    def _max_seq(self) -> int:
        return self._db().execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]

    def _meta(self, key: str) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _catch_up(self) -> list[tuple[int, ChangeSet]]:
        """What others committed after ``self._last``; the caller holds a read snapshot or the write lock."""
        generation = self._meta("generation")
        if self._last is None:
            self._last, self._generation = 0, generation
        if generation != self._generation:  # compacted by another process since this one last looked
            if self._last != int(self._meta("compacted_through") or -1):
                raise StoreUnavailable(f"变更日志 {self.path} 已被另一进程压缩，本进程的数据已过时，请重新启动 "
                                       f"(the journal was compacted by another process while this one was behind; restart it)")
            self._last, self._generation = int(self._meta("compacted_to") or 0), generation
        new = self._rows_after(self._last)
        self._last = new[-1][0] if new else self._last
        return new

    # -- the journal's operations
    def replay(self) -> list[ChangeSet]:
        """Every committed change set, oldest first."""
        return [changes for _, changes in self.replay_numbered()]

    def replay_numbered(self) -> list[tuple[int, ChangeSet]]:
        """Every committed change set with its number, oldest first."""
        con = self._db()
        try:
            con.execute("BEGIN")
            self._last, self._generation = None, None
            changes = self._catch_up()
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        self._seen_version = con.execute("PRAGMA data_version").fetchone()[0]
        return changes

    def pending(self) -> list[ChangeSet]:
        """Change sets other processes committed since this one last read or wrote; cheap when none."""
        con = self._db()
        try:
            version = con.execute("PRAGMA data_version").fetchone()[0]
            if version == self._seen_version and self._last is not None:
                return []
            con.execute("BEGIN")
            try:
                return [changes for _, changes in self._catch_up()]
            finally:
                con.execute("COMMIT")
                self._seen_version = version
        except Exception as exc:
            if isinstance(exc, (StateDamaged, StoreUnavailable)):
                raise
            raise statedb.translate(exc, self.path, "读取变更日志 reading the journal") from exc

    def append(self, changes: ChangeSet, before_write: Callable[[list[ChangeSet]], None]) -> None:
        """Commit ``changes``. Under the write lock, ``before_write`` first receives what other processes
        committed meanwhile (to apply them) and checks ``changes``; if it raises, nothing is written."""
        body = encode(changes)
        con = self._db()
        with statedb.transaction(con, self.path, "写入变更日志 writing the journal"):
            before_write([changes for _, changes in self._catch_up()])
            seq = con.execute("INSERT INTO changes (crc, body) VALUES (?, ?)", (zlib.crc32(body), body)).lastrowid
        self._last = seq
        self._seen_version = con.execute("PRAGMA data_version").fetchone()[0]

    def compact(self, fold: Callable[[list[ChangeSet]], list[ChangeSet]]) -> tuple[int, int]:
        """Replace every row by ``fold(others)`` — the net change of the journal, computed by the caller
        under the write lock once it applied ``others`` — then give the space back. Returns (rows before, after)."""
        con = self._db()
        with statedb.transaction(con, self.path, "压缩变更日志 compacting the journal"):
            net = fold([changes for _, changes in self._catch_up()])
            before = con.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
            through = self._max_seq()
            con.execute("DELETE FROM changes")
            for changes in net:
                body = encode(changes)
                con.execute("INSERT INTO changes (crc, body) VALUES (?, ?)", (zlib.crc32(body), body))
            self._last = self._max_seq() if net else through
            self._generation = os.urandom(8).hex()
            con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
                ("generation", self._generation), ("compacted_through", str(through)), ("compacted_to", str(self._last))])
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("VACUUM")
        except Exception as exc:  # the compaction is committed; only the space is not given back yet
            raise statedb.translate(exc, self.path, "回收变更日志空间 reclaiming the journal's space") from exc
        return before, len(net)

    def truncate(self, first: int) -> int:
        """Drop change ``first`` and every later one (the way out of damage); returns how many rows went."""
        with statedb.transaction(self._db(), self.path, "截断变更日志 truncating the journal") as con:
            return con.execute("DELETE FROM changes WHERE seq >= ?", (first,)).rowcount

    def check(self) -> tuple[int, list[str]]:
        """How many rows, and every damaged one in words (without stopping at the first)."""
        rows, problems = 0, []
        for seq, crc, body in self._db().execute("SELECT seq, crc, body FROM changes ORDER BY seq"):
            rows += 1
            if zlib.crc32(body) != crc:
                problems.append(f"第 {seq} 条：校验和不符 (change {seq}: checksum mismatch)")
                continue
            try:
                decode(body)
            except Exception as exc:
                problems.append(f"第 {seq} 条：内容无效 (change {seq}: invalid content: {str(exc).splitlines()[0][:200]})")
        integrity = self._db().execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"SQLite: {integrity}")
        return rows, problems

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    # -- the former line format, read once
    def _migrate_legacy(self) -> None:
        legacy = self.path.with_suffix(".log")
        if not legacy.exists() or self._meta("migrated_from"):
            return
        data = legacy.read_bytes()
        bodies = read_legacy(legacy, data)
        with statedb.transaction(self._con, self.path, "迁移旧变更日志 migrating the former journal") as con:
            if self._meta("migrated_from") or self._max_seq():
                return  # another process migrated it meanwhile
            con.executemany("INSERT INTO changes (crc, body) VALUES (?, ?)", [(zlib.crc32(b), b) for b in bodies])
            con.execute("INSERT INTO meta VALUES ('migrated_from', ?)", (f"{legacy} ({len(bodies)} changes)",))
        legacy.rename(legacy.with_name(legacy.name + ".migrated"))


def read_legacy(path: Path, data: bytes) -> list[bytes]:
    """The change bodies of a former ``<crc32> <json>`` journal; a torn last line is dropped, damage before it refused."""
    bodies, pos = [], 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        line = data[pos:end] if end != -1 else data[pos:]
        ok = end != -1 and len(line) > 9 and line[8:9] == b" "
        try:
            ok = ok and int(line[:8], 16) == zlib.crc32(line[9:])
        except ValueError:
            ok = False
        if not ok:
            if end != -1 and data[end + 1:].strip():
                raise StateDamaged(f"旧格式变更日志 {path} 第 {len(bodies) + 1} 行已损坏，未迁移；出路：从备份恢复该文件后重新启动，"
                                   f"或将其移走（将丢失其中的写入） (the former journal is damaged at line {len(bodies) + 1} and "
                                   f"was not migrated; restore it from a backup and start again, or move it aside, losing its writes)")
            break  # a torn last line was never acknowledged
        bodies.append(line[9:])
        pos = end + 1
    return bodies
