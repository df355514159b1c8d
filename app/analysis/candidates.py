"""Chain-leader candidates of 建链: enterprises outside the scope whose supply network spans the chain.

For a core link to seed, the candidates are the enterprises of that link outside the scope
tagged 链主 (or, when none is, any key enterprise). Each is scored by the other links of the
chain its known suppliers and customers work in (``pulls``): landing it would pull those links
in. Ordered by how many links they pull, then revenue.
"""
from __future__ import annotations

from collections import defaultdict

from app.analysis.results import Candidate, Reason, Scope
from app.store.base import GraphStore
from graph_schema.models import CHAIN_LEADER_TAG, GROUP_TAGS, KEY_TAGS, Enterprise, LinkGrade
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
    """The link's active enterprises outside the scope that are 链主, else its key ones — by their own tags or
    their group's (the group rule, :attr:`Enterprise.is_leader` / :attr:`Enterprise.is_key`): picked in the
    candidates' tag columns (:meth:`GraphStore.candidates`) and their parents' models, so only the pool's and
    the parents' models are read."""
    c = store.candidates(node_id, scope.filter)
    if not len(c):
        return []
    parents = store.enterprises(sorted({p for p in c.parents if p})) if len(c.parents) else {}

    def tags(i: int) -> set[str]:
        own = set(c.tag_sets[c.tag_of[i]])
        parent = parents.get(c.parents[i]) if len(c.parents) else None
        return own if parent is None else own | (set(parent.tags) | set(parent.group_tags)).intersection(GROUP_TAGS)

    entries = [(c.ids[i], tags(i)) for i in range(len(c))]
    for wanted in ({CHAIN_LEADER_TAG}, KEY_TAGS | set(GROUP_TAGS)):
        ids = [i for i, t in entries if not wanted.isdisjoint(t)]
        if ids:
            found = {i: c.models[i] for i in ids if i in c.models} | store.enterprises([i for i in ids if i not in c.models])
            return sorted(found.values(), key=lambda e: e.id)
    return []
