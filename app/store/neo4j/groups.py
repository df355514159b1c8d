"""The Neo4j store's group questions: the direct subsidiaries of enterprises (SUBSIDIARY_OF), one query."""
from __future__ import annotations

from app.store.neo4j.session import rows


class Neo4jGroups:
    """The group methods of :class:`~app.store.neo4j.store.Neo4jStore` (over its ``_conn``)."""

    def children(self, ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self._conn.read(lambda tx: rows(tx, "read_children", ids=list(dict.fromkeys(ids)))) if ids else []:
            out.setdefault(r["parent_id"], []).append(r["id"])
        return out
