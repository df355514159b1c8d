"""Compare one chain across scopes, and find the cities most like a scope on that chain.

Similarity is the cosine of link-count vectors (one entry per leaf of the chain) between the
scope and each prefecture-level city (``GraphStore.city_node_counts``); cities inside the scope
and cities with nothing in common (similarity 0) are left out.

>>> round(cosine({"a": 3, "c": 1}, {"b": 1, "c": 1}, ["a", "b", "c"]), 4)
0.2236
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from app.analysis.coverage import classify, indicators
from app.analysis.results import Compare, Scope, ScopeSummary, Similar
from app.analysis.scope import contains
from app.errors import InvalidInput
from app.store.base import GraphStore, NodeCount, ScopeKind


def cosine(u: Mapping[str, float], v: Mapping[str, float], cols: Iterable[str]) -> float:
    """Cosine similarity of two sparse vectors over ``cols`` (0 when either is all zero)."""
    cols = list(cols)
    dot = sum(u.get(c, 0) * v.get(c, 0) for c in cols)
    nu = math.sqrt(sum(u.get(c, 0) ** 2 for c in cols))
    nv = math.sqrt(sum(v.get(c, 0) ** 2 for c in cols))
    return dot / (nu * nv) if nu and nv else 0.0


def compare_scopes(store: GraphStore, chain_id: str, scopes: list[Scope], similar: int = 5,
                   weak_threshold: int | None = None) -> Compare:
    """Indicators and link counts of each scope side by side; the cities most similar to the first.

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> from app.analysis.scope import resolve_scope
    >>> store = toy_store()
    >>> c = compare_scopes(store, "toy", [resolve_scope(store, region="成都"), resolve_scope(store, region="武汉")])
    >>> [(s.code, round(s.similarity, 4)) for s in c.similar]
    [('420100', 0.2236)]
    """
    if not scopes:
        raise InvalidInput("请至少给出一个地区 (give at least one region)")
    template = store.chain(chain_id)
    threshold = template.chain.weak_threshold if weak_threshold is None else weak_threshold
    rows = []
    for scope in scopes:
        counts = store.node_counts(chain_id, scope.filter)
        zero = NodeCount(0, 0)
        statuses = {n.id: classify(counts.get(n.id, zero).local, counts.get(n.id, zero).key, n.is_core, threshold)
                    for n in template.leaves}
        ind = indicators(template, statuses)
        rows.append(ScopeSummary(scope=scope, completeness=ind.completeness, strength=ind.strength, counts=ind.counts,
                                 link_counts={n: counts.get(n, zero).local for n in template.leaf_ids}))
    first = rows[0]
    regions = store.regions()
    found = []
    for city, vector in store.city_node_counts(chain_id).items():
        if first.scope.kind == ScopeKind.region and (contains(regions, first.scope, city) or city == first.scope.code):
            continue
        sim = cosine(first.link_counts, vector, template.leaf_ids)
        if sim > 0:
            found.append(Similar(code=city, name=regions.get(city).name if city in regions else city, similarity=sim))
    found.sort(key=lambda s: (-round(s.similarity, 9), s.code))
    return Compare(chain=template.id, chain_name=template.chain.name, scopes=tuple(rows),
                   similar=tuple(found[:similar]))
