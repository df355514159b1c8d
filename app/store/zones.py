"""Zones (:attr:`~app.store.base.ScopeKind.zone`) answered from their parts, for stores whose queries take one
region or park (the Neo4j store): a zone holds what any of its parts holds, each member once.

>>> from app.store.base import ScopeFilter
>>> from graph_schema.models import Enterprise, RegionLevel
>>> a, b = (Member("n", Enterprise(id=i, name=i, region_code="510107", tags=t), Role.core) for i, t in (("a", ("上市",)), ("b", ())))
>>> [m.enterprise.id for m in zone_members([[a], [a, b]], True, ["n"])], counts_of([a, b])
(['a', 'b'], {'n': NodeCount(local=2, key=1)})
>>> is_zone(ScopeFilter.zone("z", [ScopeFilter.region("510107", RegionLevel.county)])), is_zone(None)
(True, False)
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from app.store.base import EnterpriseQuery, GraphStore, Member, NodeCount, ScopeFilter, ScopeKind
from graph_schema.models import Enterprise, Role  # noqa: F401  (Role: the example)


def is_zone(scope: ScopeFilter | None) -> bool:
    return scope is not None and scope.kind is ScopeKind.zone


def zone_members(answers: Iterable[list[Member]], inside: bool, node_ids: Sequence[str]) -> list[Member]:
    """Members of a zone from the answers for each of its parts: any part's for ``inside``, else those outside every
    part; one per (leaf, enterprise), in the order of ``node_ids`` then by id (for stores whose queries take one
    region or park)."""
    answers = list(answers)
    keys = [{(m.node_id, m.enterprise.id): m for m in found} for found in answers]
    kept = {k: m for found in keys for k, m in found.items()} if inside else \
        {k: m for k, m in (keys[0] if keys else {}).items() if all(k in other for other in keys[1:])}
    order = {n: i for i, n in enumerate(node_ids)}
    return [kept[k] for k in sorted(kept, key=lambda k: (order.get(k[0], -1), k[1]))]


def zone_find(store: GraphStore, query: EnterpriseQuery) -> tuple[list[Enterprise], int]:
    """:meth:`GraphStore.find_enterprises` in a zone from each part's whole answer (ordered by id, then paged)."""
    found: dict[str, Enterprise] = {}
    for part in query.scope.parts:
        total = store.find_enterprises(replace(query, scope=part, offset=0, limit=0))[1]
        found.update((e.id, e) for e in store.find_enterprises(replace(query, scope=part, offset=0, limit=total))[0])
    page = [found[i] for i in sorted(found)][max(query.offset, 0): max(query.offset, 0) + max(query.limit, 0)]
    return page, len(found)


def counts_of(members: Iterable[Member]) -> dict[str, NodeCount]:
    """:meth:`GraphStore.node_counts` from the active members with a confirmed link (those the member lists hold)."""
    out: dict[str, list[int]] = {}
    for m in members:
        cell = out.setdefault(m.node_id, [0, 0])
        cell[0] += 1
        cell[1] += m.enterprise.is_key
    return {n: NodeCount(*c) for n, c in out.items()}
