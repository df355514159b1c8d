"""The Neo4j store's member lists: a link's or a chain's active members inside (or outside) a scope.

One query per scope shape (``members_<shape>`` / ``members_inside_<shape>``) answers one record
of collected ``[leaf, role, properties]`` triples (a record per member cost the driver ~30 µs each:
54,525 members of 大数据 in 上海 at 1M enterprises). Each enterprise's model is built once per answer,
however many of the chain's leaves it works in. A chain's members inside a scope (a target list's local groups, a
snapshot) are kept per (chain, scope) and data stamp with the link columns (:mod:`app.store.neo4j.ranked`, one
budget); a gap report no longer reads them (:mod:`app.store.neo4j.digest`).
"""
from __future__ import annotations

from collections.abc import Callable

import neo4j

from app.store.base import Member, ScopeFilter
from app.store.members import key_members_from
from app.store.neo4j.records import enterprise_stored
from app.store.neo4j.session import plain
from app.store.neo4j.shapes import InsideMembersQuery, MembersQuery, scope_shape
from app.store.zones import is_zone, zone_members
from graph_schema.models import Enterprise, LinkGrade, Role

_CONFIRMED = LinkGrade.confirmed.value
MEMBER_BYTES = 1600
"""Bytes a kept member costs, estimated (tracemalloc at 1M: an Enterprise model with its strings, the Member, a pointer)."""


def _read_members(tx: neo4j.ManagedTransaction, node_ids: list[str], scope: ScopeFilter | None, inside: bool,
                  key_only: bool = False, model_of: Callable[[dict], Enterprise] = enterprise_stored) -> list[Member]:
    if is_zone(scope):
        return zone_members((_read_members(tx, node_ids, p, inside, key_only, model_of) for p in scope.parts), inside, node_ids)
    shape = scope_shape(scope)
    # Many leaves inside a region (a chain's members): start from the region's enterprises, fewer than the
    # leaves' members nationwide; one leaf: start from the leaf (PROFILE at 1M: 10k rows against 85k in 深圳).
    by_region = inside and len(node_ids) > 1 and shape in InsideMembersQuery.__members__
    name = InsideMembersQuery[shape] if by_region else MembersQuery[shape]
    found = plain(tx, name, node_ids=node_ids, code=scope.code if scope else None, inside=inside,
                   confirmed=_CONFIRMED, key_only=key_only)
    order = {n: i for i, n in enumerate(node_ids)}
    models: dict = {}
    out = []
    for node_id, role, props in sorted(found["members"] if found else [], key=lambda r: (order[r[0]], r[2]["id"])):
        model = models.get(props["id"])
        if model is None:
            model = models[props["id"]] = model_of(props)
        out.append(Member(node_id, model, Role(role)))
    return out


class Neo4jMembers:
    """The member methods of :class:`~app.store.neo4j.store.Neo4jStore` (over its ``_conn`` and ``_kept``)."""

    def _members(self, node_ids: list[str], scope: ScopeFilter | None, inside: bool, key_only: bool = False) -> list[Member]:
        return self._conn.read(lambda tx: _read_members(tx, node_ids, scope, inside, key_only, self._enterprise))

    def node_members(self, node_id: str, scope: ScopeFilter | None, inside: bool = True) -> list[Member]:
        return self._members([node_id], scope, inside)

    def chain_members(self, chain_id: str, scope: ScopeFilter) -> list[Member]:
        leaves = list(self.chain(chain_id).leaf_ids)

        def read(tx: neo4j.ManagedTransaction) -> tuple[tuple[Member, ...], int]:
            found = tuple(_read_members(tx, leaves, scope, True, model_of=self._enterprise))
            return found, MEMBER_BYTES * len(found) + 256

        return list(self._kept(("members", chain_id, scope), read))

    def key_members(self, chain_id: str, scope: ScopeFilter, per_node: int) -> list[Member]:
        """Kept per (chain, scope, quota) and stamp: a gap report asks again for every chain it fuses with."""
        key = ("key", chain_id, scope, per_node)
        kept = self._kept(key, None)
        if kept is not None:
            return list(kept)
        members = self._kept(("members", chain_id, scope), None)
        if members is not None:  # the chain's members are kept (a gap report read them): pick the key ones there
            found = key_members_from(list(members), per_node)
        else:  # else only the key enterprises travel: key_members_from would drop the others anyway
            found = key_members_from(self._members(list(self.chain(chain_id).leaf_ids), scope, True, key_only=True), per_node)
        self._keep(key, tuple(found), MEMBER_BYTES * len(found) + 256)
        return found
