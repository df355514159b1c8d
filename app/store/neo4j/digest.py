"""The Neo4j store's :meth:`~app.store.base.GraphStore.local_digests`: picked from the kept link columns, one query for
the models of the firms a gap report names (:mod:`app.store.digest`).

A gap report used to read every local member of its chain (成都 display at 1M enterprises: 100 ms of its 320 ms first
report; 上海 大数据, 54,525 memberships: ~800 ms), and the key and leading members of every chain it fuses with.
The link columns (:mod:`app.store.neo4j.ranked`, kept per data stamp) hold each member's revenue, headcount, own
tags and group tags: what the digest picks by. Per scope and leaf with local members (the kept chain counts), the
positions inside the scope are a lookup in the columns' per-city grouping; the scale rule ranks them in the same
columns. The models of the firms picked, for every scope asked at once (a roadmap asks for each neighbouring city),
are one ``read_enterprises`` query. A digest is kept per (chain, scope, quota, share, leaves) and data stamp; a roadmap
asks its neighbouring cities about the report's missing links only.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from app.store.base import ScopeFilter, ScopeKind
from app.store.digest import LeafPick, LocalDigest, digest_of, pick, top_leading
from app.store.neo4j.members import MEMBER_BYTES


class Neo4jDigest:
    """The digest half of :class:`~app.store.neo4j.store.Neo4jStore` (over its kept link columns and ``enterprises``)."""

    def _picks(self, chain_id: str, scope: ScopeFilter, per_node: int, top_share: float,
               leaves: frozenset[str] | None) -> tuple[dict[str, LeafPick], int]:
        side = self._side(scope) if scope.kind is ScopeKind.park else None
        picks: dict[str, LeafPick] = {}
        everyone: set[str] = set()
        local = self.node_counts(chain_id, scope)  # the leaves with local members (kept per chain and stamp for a city)
        for node_id in [n for n in self.chain(chain_id).leaf_ids if n in local and (leaves is None or n in leaves)]:
            link = self._link(node_id)
            at = self._inside(link, scope, side)
            if not len(at):
                continue
            ids = link.ids[at].tolist()
            everyone.update(ids)
            leader_of, key_of, any_of, group_leader_of = link.flags()
            tagset = link.cols.tagset[at]
            own_leader, own_key = leader_of[tagset], key_of[tagset]
            if link.group is None:
                grouped = group_leader = np.zeros(len(at), dtype=bool)
            else:
                grouped, group_leader = any_of[link.group[at]], group_leader_of[link.group[at]]
            value, basis = link.cols.scale(np.empty(0, dtype=np.int64), at)
            top = top_leading(ids, value, basis, top_share)
            picks[node_id] = LeafPick(ids, pick(ids, link.cols.revenue[at], link.cols.employees[at], own_leader | group_leader,
                                                own_key, grouped, per_node, link.order()[at]),
                                      None if top is None else (top, value[top], basis[top]))
        return picks, len(everyone)

    def local_digests(self, chain_id: str, scopes: Sequence[ScopeFilter], per_node: int, top_share: float,
                      leaves: Collection[str] | None = None) -> list[LocalDigest]:
        self.chain(chain_id)  # an unknown chain is NotFound
        only = None if leaves is None else frozenset(leaves)
        out: dict[int, LocalDigest] = {}
        todo = []
        for i, scope in enumerate(scopes):
            kept = self._kept(("digest", chain_id, scope, per_node, top_share, only), None)
            if kept is not None:
                out[i] = kept
            else:
                todo.append((i, scope, *self._picks(chain_id, scope, per_node, top_share, only)))
        wanted = sorted(set().union(*(x.wanted() for _, _, picks, _ in todo for x in picks.values())))
        models = self.enterprises(wanted) if wanted else {}
        for i, scope, picks, count in todo:
            out[i] = digest_of(picks, models, count)
            named = sum(len(x.wanted()) for x in picks.values())
            self._keep(("digest", chain_id, scope, per_node, top_share, only), out[i], MEMBER_BYTES * named + 256 * (len(picks) + 1))
        return [out[i] for i in range(len(scopes))]
