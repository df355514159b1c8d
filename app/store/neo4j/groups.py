"""The Neo4j store's group questions: the direct subsidiaries of enterprises (SUBSIDIARY_OF).

A target list asks for the subsidiaries of every candidate group's top (thousands of ids at 1M enterprises: one index
seek each, ~400 ms a list, though the synthetic national set has no subsidiary at all). The ids of the enterprises
that have any subsidiary are read once per data stamp and kept with the link columns
(:meth:`~app.store.neo4j.ranked.Neo4jRanked._kept`, one budget); the server is then asked only about those.
"""
from __future__ import annotations

import neo4j

from app.store.neo4j.kept import size_of_strings
from app.store.neo4j.session import plain, rows


class Neo4jGroups:
    """The group methods of :class:`~app.store.neo4j.store.Neo4jStore` (over its ``_conn`` and ``_kept``)."""

    def _parents(self) -> frozenset[str]:
        """The ids of the enterprises with a direct subsidiary, for the current data stamp."""
        def read(tx: neo4j.ManagedTransaction) -> tuple[frozenset[str], int]:
            found = frozenset((plain(tx, "read_parents") or {}).get("ids") or ())
            return found, size_of_strings(found) + 64 * len(found) + 256

        return self._kept(("parents",), read)

    def children(self, ids: list[str]) -> dict[str, list[str]]:
        parents = self._parents() if ids else frozenset()
        asked = [i for i in dict.fromkeys(ids) if i in parents]
        out: dict[str, list[str]] = {}
        for r in self._conn.read(lambda tx: rows(tx, "read_children", ids=asked)) if asked else []:
            out.setdefault(r["parent_id"], []).append(r["id"])
        return out
