"""The Neo4j store's snapshots (saved reviews): one ``:Snapshot`` node each, written in one managed transaction.

The node's ``key`` is unique (``graph_schema/schema.cypher``); :file:`queries/create_snapshot.cypher`
writes it only when the key is free, so a label used twice is refused in words and nothing is written.
A ``load --replace`` empties the database, its snapshots with it.
"""
from __future__ import annotations

import neo4j

from app.store.base import SnapshotRecord
from app.store.embedded.snapshots import taken
from app.store.neo4j.session import rows, single


def _create(tx: neo4j.ManagedTransaction, snapshot: SnapshotRecord) -> bool:
    found = single(tx, "create_snapshot", key=snapshot.key, chain_id=snapshot.chain_id, scope_kind=snapshot.scope_kind,
                   scope_code=snapshot.scope_code, label=snapshot.label, taken_at=snapshot.taken_at, body=snapshot.body)
    return bool(found and found["saved"])


def _read(tx: neo4j.ManagedTransaction, chain_id: str | None) -> list[SnapshotRecord]:
    return [SnapshotRecord(**r) for r in rows(tx, "read_snapshots", chain_id=chain_id)]


class Neo4jSnapshots:
    """The snapshot methods of :class:`~app.store.neo4j.store.Neo4jStore` (over its ``_conn``)."""

    def save_snapshot(self, snapshot: SnapshotRecord) -> None:
        if not self._conn.write(_create, snapshot):
            raise taken(snapshot)

    def snapshots(self, chain_id: str | None = None) -> list[SnapshotRecord]:
        return self._conn.read(_read, chain_id)
