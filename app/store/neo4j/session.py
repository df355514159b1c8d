"""The Neo4j connection of the store: driver, managed transactions, schema, and error translation.

Every query runs inside ``execute_read`` / ``execute_write`` on a session bound to the
configured database, with records consumed inside the transaction function, so the driver may
retry a function after a transient failure or a cluster leader change. A shared bookmark manager
keeps reads causally after earlier writes of this store, also under ``neo4j://`` routing.

Driver failures become the product's errors: unreachable server, failed login, a missing
database or an expired session → :class:`~app.errors.StoreUnavailable` with a message a person
can act on; a constraint violation → :class:`~app.errors.Conflict`.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as nx

from app.errors import Conflict, StoreUnavailable
from queries import cypher

T = TypeVar("T")
BOLT_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

# The driver logs each retry as a warning; without this, Python's last-resort handler would print
# them under the CLI's one-line error. Applications that configure logging still receive them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def rows(tx: neo4j.ManagedTransaction, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run the named query and consume every record as a plain dict."""
    return tx.run(cypher(name), params).data()


def single(tx: neo4j.ManagedTransaction, name: str, **params: Any) -> dict[str, Any] | None:
    """Run the named query and return its only record (or None)."""
    found = tx.run(cypher(name), params).data()
    return found[0] if found else None


def plain(tx: neo4j.ManagedTransaction, name: str, **params: Any) -> dict[str, Any] | None:
    """The only record (or None) of a named query that returns plain values (numbers, strings, lists, maps; no nodes or
    relationships), as the driver decoded them: ``Result.data`` walks every nested value again to turn graph objects
    into dicts, which cost more than the read itself for a link's columns (profiled at 1M: 37M ``isinstance`` calls,
    9 s of 38 s, for 96 links)."""
    record = tx.run(cypher(name), params).single(strict=False)
    return None if record is None else dict(zip(record.keys(), record.values(), strict=True))


def batched(tx: neo4j.ManagedTransaction, name: str, items: list[dict[str, Any]], size: int, **params: Any) -> None:
    """Run an ``UNWIND $rows`` query over ``items``, ``size`` rows per statement, in one transaction."""
    for start in range(0, len(items), size):
        tx.run(cypher(name), params, rows=items[start:start + size]).consume()


def schema_statements() -> list[str]:
    """The statements of ``graph_schema/schema.cypher`` (comments dropped, split on ';')."""
    text = resources.files("graph_schema").joinpath("schema.cypher").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


class Neo4jConnection:
    """A driver plus the database name; opens sessions the same way every time."""

    def __init__(self, uri: str, user: str, password: str, database: str, timeout_s: float):
        self.uri, self.user, self.database = uri, user, database
        if uri.split("://", 1)[0] not in BOLT_SCHEMES:
            raise StoreUnavailable(f"NEO4J_URI 无效：{uri}（应以 {' / '.join(s + '://' for s in BOLT_SCHEMES)} 开头）"
                                   f"(invalid Neo4j URI; use neo4j://host:7687 or bolt://host:7687)")
        try:
            self.driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password),
                connection_timeout=timeout_s,
                connection_acquisition_timeout=timeout_s,
                max_transaction_retry_time=timeout_s,
            )
        except (nx.ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"NEO4J_URI 无效：{uri}（{exc}）"
                                   "(invalid Neo4j URI; use neo4j://host:7687 or bolt://host:7687)") from None
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    def forget_bookmarks(self) -> None:
        """Start causal chaining afresh: after a bulk import the database's transaction history restarts, and a
        bookmark of the old one would make every later transaction wait for a version that never comes."""
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()

    def read(self, work: Callable[..., T], *args: Any) -> T:
        with self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work, *args)

    def write(self, work: Callable[..., T], *args: Any) -> T:
        with self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(work, *args)

    def autocommit(self, query: str, **params: Any) -> None:
        """Run a ``CALL { … } IN TRANSACTIONS`` statement, which commits batch by batch on its own and so must run
        outside a managed transaction (the driver does not retry it: use it only for idempotent statements)."""
        with self._session(neo4j.WRITE_ACCESS) as session:
            session.run(query, params).consume()

    @contextmanager
    def _session(self, mode: str) -> Iterator[neo4j.Session]:
        self.ensure_schema()
        with self._translated():
            with self.driver.session(database=self.database, default_access_mode=mode,
                                     bookmark_manager=self._bookmarks) as session:
                yield session

    def ensure_schema(self) -> None:
        """Apply ``schema.cypher`` once per process (every statement is ``IF NOT EXISTS``)."""
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            with self._translated():
                with self.driver.session(database=self.database, bookmark_manager=self._bookmarks) as session:
                    for statement in schema_statements():
                        session.execute_write(lambda tx, s=statement: tx.run(s).consume())
            self._schema_ready = True

    @contextmanager
    def _translated(self) -> Iterator[None]:
        where = f"Neo4j {self.uri}（数据库 database {self.database}）"
        try:
            yield
        except nx.AuthError:
            raise StoreUnavailable(
                f"{where} 拒绝登录：用户 {self.user} 的用户名或密码不对，请检查 NEO4J_USER / NEO4J_PASSWORD "
                f"(Neo4j refused the login for user {self.user!r}: check NEO4J_USER / NEO4J_PASSWORD)") from None
        except nx.ConstraintError as exc:
            raise Conflict(f"与已存数据冲突，未写入 (the change clashes with stored data; nothing written): {exc.message}") from None
        except (nx.ServiceUnavailable, nx.SessionExpired, nx.ConnectionAcquisitionTimeoutError, OSError):
            raise StoreUnavailable(
                f"连不上 {where}：服务没有启动、地址不对或网络不通 "
                f"(cannot reach Neo4j at {self.uri}: is it running and is NEO4J_URI right?)") from None
        except nx.DatabaseUnavailable:
            raise StoreUnavailable(f"{where} 暂不可用，请稍后重试 (the Neo4j database is unavailable right now)") from None
        except nx.TransientError:
            raise StoreUnavailable(f"{where} 繁忙，重试后仍失败 (Neo4j stayed busy after retries)") from None
        except nx.ClientError as exc:
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreUnavailable(
                    f"{where} 中没有这个数据库，请检查 NEO4J_DATABASE (no database {self.database!r} on this server)") from None
            raise

    def ping(self) -> None:
        """Fail fast (no retries) when the server cannot be reached or refuses the login."""
        with self._translated():
            self.driver.verify_connectivity()

    def close(self) -> None:
        self.driver.close()
