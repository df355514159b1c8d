"""The Neo4j store's :meth:`~app.store.base.GraphStore.local_digests`: picked from the kept link columns, one query for
the models of the firms a gap report names (:mod:`app.store.digest`).

A gap report used to read every local member of its chain (成都 display at 1M enterprises: 100 ms of its 320 ms first
report; 上海 大数据, 54,525 memberships: ~800 ms), and the key and leading members of every chain it fuses with.
The link columns (:mod:`app.store.neo4j.ranked`, kept per data stamp) hold each member's revenue, headcount, own
tags and group tags: what the digest picks by. Per scope and leaf with local members (the kept chain counts), the
positions inside the scope are a lookup in the columns' per-city grouping; the scale rule ranks them in the same
columns. The models of the firms picked, for every scope asked at once (a roadmap asks for each neighbouring city),
are one ``read_enterprises`` query. A digest is kept per (chain, scope, quota, share) and data stamp.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.store.base import ScopeFilter, ScopeKind
from app.store.digest import LeafPick, LocalDigest, digest_of, flags_of, pick, top_leading
from app.store.neo4j.members import MEMBER_BYTES


class Neo4jDigest:
    """The digest half of :class:`~app.store.neo4j.store.Neo4jStore` (over its kept link columns and ``enterprises``)."""

    def _picks(self, chain_id: str, scope: ScopeFilter, per_node: int, top_share: float) -> tuple[dict[str, LeafPick], int]:
        side = self._side(scope) if scope.kind is ScopeKind.park else None
        picks: dict[str, LeafPick] = {}
        everyone: set[str] = set()
        local = self.node_counts(chain_id, scope)  # the leaves with local members (kept per chain and stamp for a city)
        for node_id in [n for n in self.chain(chain_id).leaf_ids if n in local]:
            link = self._link(node_id)
            at = self._inside(link, scope, side)
            if not len(at):
                continue
            ids = link.ids[at].tolist()
            everyone.update(ids)
            own_leader, own_key = (x[link.cols.tagset[at]] for x in flags_of(link.tag_sets))
            if link.group is None:
                grouped = group_leader = np.zeros(len(at), dtype=bool)
            else:
                grouped = np.array([bool(g) for g in link.group_sets], dtype=bool)[link.group[at]]
                group_leader = flags_of(link.group_sets)[0][link.group[at]]
            value, basis = link.cols.scale(np.empty(0, dtype=np.int64), at)
            top = top_leading(ids, value, basis, top_share)
            picks[node_id] = LeafPick(ids, pick(ids, link.cols.revenue[at], link.cols.employees[at], own_leader | group_leader,
                                                own_key, grouped, per_node),
                                      None if top is None else (top, value[top], basis[top]))
        return picks, len(everyone)

    def local_digests(self, chain_id: str, scopes: Sequence[ScopeFilter], per_node: int, top_share: float) -> list[LocalDigest]:
        self.chain(chain_id)  # an unknown chain is NotFound
        out: dict[int, LocalDigest] = {}
        todo = []
        for i, scope in enumerate(scopes):
            kept = self._kept(("digest", chain_id, scope, per_node, top_share), None)
            if kept is not None:
                out[i] = kept
            else:
                todo.append((i, scope, *self._picks(chain_id, scope, per_node, top_share)))
        wanted = sorted(set().union(*(x.wanted() for _, _, picks, _ in todo for x in picks.values())))
        models = self.enterprises(wanted) if wanted else {}
        for i, scope, picks, count in todo:
            out[i] = digest_of(picks, models, count)
            named = sum(len(x.wanted()) for x in picks.values())
            self._keep(("digest", chain_id, scope, per_node, top_share), out[i], MEMBER_BYTES * named + 256 * (len(picks) + 1))
        return [out[i] for i in range(len(scopes))]
