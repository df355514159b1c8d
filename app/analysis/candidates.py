"""Chain-leader candidates of 建链: enterprises outside the scope whose supply network spans the chain.

For a core link to seed, the candidates are the enterprises of that link outside the scope
tagged 链主 (or, when none is, any key enterprise). Each is scored by the other links of the
chain its known suppliers and customers work in (``pulls``): landing it would pull those links
in. Ordered by how many links they pull, then revenue.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from app.analysis.results import Candidate, Reason, Scope
from app.store.base import GraphStore
from graph_schema.models import CHAIN_LEADER_TAG, KEY_TAGS, Enterprise, LinkGrade
from graph_schema.template import ChainTemplate


def leader_candidates(
    store: GraphStore, template: ChainTemplate, scope: Scope, node_ids: list[str], limit: int = 3
) -> dict[str, tuple[Candidate, ...]]:
    """Up to ``limit`` chain-leader candidates for each of ``node_ids``.

    Examples
    --------
    >>> from app.store.embedded.store import EmbeddedStore
    >>> leader_candidates(EmbeddedStore(), None, None, [])
    {}
    """
    out: dict[str, tuple[Candidate, ...]] = {}
    leaves = set(template.leaf_ids) if node_ids else set()
    for node_id in node_ids:
        pool = _pool(store, node_id, scope)
        if not pool:
            out[node_id] = ()
            continue
        ids = [e.id for e in pool]
        relations = store.supply_of(ids)
        partners: dict[str, set[str]] = defaultdict(set)
        for s in relations:
            if s.supplier_id in ids:
                partners[s.supplier_id].add(s.customer_id)
            if s.customer_id in ids:
                partners[s.customer_id].add(s.supplier_id)
        links = store.enterprise_links(sorted(set().union(*partners.values()))) if partners else {}
        ranked = []
        for e in pool:
            pulls = sorted({x.node_id for p in partners.get(e.id, ()) for x in links.get(p, [])
                            if x.grade is LinkGrade.confirmed and x.node_id in leaves and x.node_id != node_id})
            names = "、".join(template.node(n).name for n in pulls)
            leader = CHAIN_LEADER_TAG in e.tags
            reasons = [Reason(zh=f"{'链主' if leader else '重点'}企业，位于{e.region_code}",
                              en=f"{'chain leader' if leader else 'key enterprise'} in {e.region_code}")]
            if pulls:
                reasons.append(Reason(
                    zh=f"其已知供应商和客户覆盖环节：{names}，引进后可带动配套",
                    en=f"its known suppliers and customers work in {len(pulls)} other links it would pull in"))
            ranked.append((-(len(pulls)), -(e.revenue or 0.0), e.id,
                           Candidate(enterprise_id=e.id, name=e.name, region_code=e.region_code, pulls=tuple(pulls),
                                     reasons=tuple(reasons))))
        ranked.sort(key=lambda r: r[:3])
        out[node_id] = tuple(r[3] for r in ranked[:limit])
    return out


def _pool(store: GraphStore, node_id: str, scope: Scope) -> list[Enterprise]:
    """The link's active enterprises outside the scope tagged 链主, else its key ones: picked in the candidates'
    tag columns (:meth:`GraphStore.candidates`), so only the pool's models are read."""
    c = store.candidates(node_id, scope.filter)
    tags = [set(t) for t in c.tag_sets]
    for wanted in ({CHAIN_LEADER_TAG}, KEY_TAGS):
        ids = [c.ids[k] for k in np.flatnonzero(np.fromiter((not wanted.isdisjoint(t) for t in tags), dtype=bool,
                                                               count=len(tags))[c.tag_of]).tolist()] if len(c) else []
        if ids:
            chosen = set(ids)
            found = {i: e for i, e in c.models.items() if i in chosen} | store.enterprises([i for i in ids if i not in c.models])
            return sorted(found.values(), key=lambda e: e.id)
    return []
