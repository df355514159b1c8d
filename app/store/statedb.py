"""Durable state in SQLite (WAL mode): one way to open a state file, write to it and fail.

The embedded store's journal, the audit log and the review decisions live in SQLite files in the
state directory. A write is one transaction: it is acknowledged only after ``COMMIT`` returned,
with ``synchronous=FULL`` (the commit is on disk). When the disk is full or the device fails, the
transaction is rolled back and the caller gets a ChainMap error that says so in words — nothing
was changed. SQLite's write lock (``BEGIN IMMEDIATE``) serialises writers of several processes.

>>> import tempfile, pathlib
>>> db = pathlib.Path(tempfile.mkdtemp()) / "x.sqlite"
>>> con = connect(db)
>>> with transaction(con, db, "示例 example") as c:
...     _ = c.execute("CREATE TABLE t (v)")
...     _ = c.execute("INSERT INTO t VALUES (1)")
>>> con.execute("PRAGMA journal_mode").fetchone()[0], con.execute("SELECT v FROM t").fetchone()[0]
('wal', 1)
>>> translate(sqlite3.OperationalError("database or disk is full"), db, "示例").status
507
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import ChainMapError, InsufficientStorage, StateDamaged, StoreUnavailable

# primary result codes (https://sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 3, 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
BUSY_TIMEOUT_S = 30


def connect(path: Path) -> sqlite3.Connection:
    """An autocommit connection to ``path`` in WAL mode with durable commits; errors come out translated."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        if con.execute("PRAGMA journal_mode=WAL").fetchone()[0].lower() != "wal":
            raise StoreUnavailable(f"状态文件 {path} 无法使用 WAL 模式 (cannot use WAL mode on {path})")
        con.execute("PRAGMA synchronous=FULL")
        return con
    except sqlite3.Error as exc:
        raise translate(exc, path, "打开状态文件 opening the state file") from exc
    except OSError as exc:
        raise translate(exc, path, "打开状态文件 opening the state file") from exc


@contextmanager
def transaction(con: sqlite3.Connection, path: Path, what: str) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; on any error the transaction is rolled back and nothing is kept."""
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate(exc, path, what) from exc
    try:
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        if con.in_transaction:
            try:
                con.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already rolled back (a failed COMMIT on a full disk does)
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path, what) from exc
        raise


def translate(exc: BaseException, path: Path, what: str) -> ChainMapError:
    """The ChainMap error for an SQLite or OS error on the state file ``path`` while doing ``what``."""
    import errno

    code = getattr(exc, "sqlite_errorcode", None)
    if code is None and isinstance(exc, OSError):
        code = {errno.ENOSPC: SQLITE_FULL, errno.EDQUOT: SQLITE_FULL}.get(exc.errno, SQLITE_IOERR)
    if code is None:  # an error raised without a code: read its message
        text = str(exc).lower()
        code = (SQLITE_FULL if "full" in text else SQLITE_CORRUPT if "malformed" in text or "not a database" in text
                else SQLITE_BUSY if "locked" in text else SQLITE_IOERR)
    code &= 0xFF
    where = Path(path).parent
    if code == SQLITE_FULL:
        return InsufficientStorage(
            f"{what}失败：状态目录 {where} 所在磁盘已满，本次更改未保存，数据未作任何改动；请释放空间后重试 "
            f"(disk full under {where}: this change was not saved and nothing was changed; free space and retry)")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreUnavailable(f"{what}：状态文件 {path} 正被其他进程长时间占用，请稍后重试 "
                                f"(the state file is locked by another process; retry later)")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StateDamaged(
            f"状态文件 {path} 已损坏 ({exc})。出路：从备份恢复该文件，或将其移走后重新启动（将丢失其中记录的写入）"
            f" (the state file is damaged; way out: restore it from a backup, or move it aside and start again, "
            f"losing the writes it holds)")
    return StoreUnavailable(
        f"{what}失败：状态文件 {path} 读写出错 ({exc})，本次更改未保存，数据未作任何改动；请检查磁盘后重试 "
        f"(I/O error on the state file: this change was not saved and nothing was changed; check the disk and retry)")
