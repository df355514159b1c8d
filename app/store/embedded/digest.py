"""The embedded store's :meth:`~app.store.base.GraphStore.local_digests`: picked from the table's columns, models
built only for the firms a gap report names (:mod:`app.store.digest`).

Per scope and leaf: the rows inside the scope (the same index as the member lists), their revenue, headcount and
tag set columns, the group tags of the key rows only (a group tag makes a row key), and the leaf's ranked columns
for the scale rule (as :meth:`~app.store.embedded.store.EmbeddedStore.leading_members` ranks them).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from app.store.base import ScopeFilter
from app.store.digest import LeafPick, LocalDigest, digest_of, flags_of, pick, top_leading
from graph_schema.models import CHAIN_LEADER_TAG


class _Ids:
    """The ids of some table rows, read only where asked (a sort settles a few ties, a digest names a few firms)."""

    def __init__(self, table, rows: list[int]):
        self._table, self._rows = table, rows

    def __getitem__(self, p: int) -> str:
        return self._table.rows[self._rows[p]][0]

    def __len__(self) -> int:
        return len(self._rows)


class EmbeddedDigest:
    """The digest half of :class:`~app.store.embedded.store.EmbeddedStore` (over its table, member index and columns)."""

    def local_digests(self, chain_id: str, scopes: Sequence[ScopeFilter], per_node: int, top_share: float,
                      leaves: Collection[str] | None = None) -> list[LocalDigest]:
        leaves = [n for n in self.chain(chain_id).leaf_ids if leaves is None or n in leaves]
        with self._lock:
            t = self._table
            num = t.numeric()
            leader_of, key_of = flags_of(t.tag_sets)
            out = []
            for scope in scopes:
                picks: dict[str, LeafPick] = {}
                everyone: set[int] = set()
                for node_id in leaves:
                    inside = self._inside_rows(node_id, scope)
                    if not inside:
                        continue
                    everyone |= inside
                    rows = sorted(inside)
                    at = np.array(rows, dtype=np.int64)
                    tagset = num["tagset"][at]
                    leader, own_key = leader_of[tagset], key_of[tagset]
                    grouped = num["key"][at] & ~own_key  # key only through a group tag
                    if t.groups:  # a 链主 through its group (group tags make a row key)
                        for p in np.flatnonzero(num["key"][at] & ~leader).tolist():
                            leader[p] = CHAIN_LEADER_TAG in t.group(rows[p])[0]
                    ids = _Ids(t, rows)
                    cols = self._columns(node_id)
                    value, basis = cols.scale(np.empty(0, dtype=np.int64), cols.positions(at))
                    top = top_leading(ids, value, basis, top_share)
                    picks[node_id] = LeafPick(ids, pick(ids, num["revenue"][at], num["employees"][at], leader, own_key, grouped,
                                                        per_node), None if top is None else (top, value[top], basis[top]))
                wanted = set().union(*(x.wanted() for x in picks.values()))
                models = {i: t.model(t.slot[i]) for i in wanted}
                out.append(digest_of(picks, models, len(everyone)))
            return out
