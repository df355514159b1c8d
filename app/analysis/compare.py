"""Compare one chain across scopes, and find the places most like a scope on that chain.

Each scope's statuses follow the gap report's rule (:func:`app.analysis.coverage.verdict`: counts, a local
链主, or a local firm in a link's national top fifth). Similarity is the cosine of link-count vectors (one entry
per leaf of the chain). A region is compared with each prefecture-level city (``GraphStore.city_node_counts``), a park with each other
park (:func:`park_node_counts`): parks are peers of parks, never of cities. Cities inside the
scope and places with nothing in common (similarity 0) are left out.

>>> round(cosine({"a": 3, "c": 1}, {"b": 1, "c": 1}, ["a", "b", "c"]), 4)
0.2236
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from app.analysis.coverage import capacity_links, classify, indicators
from app.analysis.results import Compare, Scope, ScopeSummary, Similar
from app.analysis.scope import contains
from app.errors import InvalidInput
from app.store.base import GraphStore, NodeCount, ScopeFilter, ScopeKind


def cosine(u: Mapping[str, float], v: Mapping[str, float], cols: Iterable[str]) -> float:
    """Cosine similarity of two sparse vectors over ``cols`` (0 when either is all zero)."""
    cols = list(cols)
    dot = sum(u.get(c, 0) * v.get(c, 0) for c in cols)
    nu = math.sqrt(sum(u.get(c, 0) ** 2 for c in cols))
    nv = math.sqrt(sum(v.get(c, 0) ** 2 for c in cols))
    return dot / (nu * nv) if nu and nv else 0.0


def park_node_counts(store: GraphStore, chain_id: str) -> dict[str, dict[str, int]]:
    """Enterprise counts per park id and leaf, for the parks with at least one enterprise on the chain."""
    out = {}
    for park in store.parks():
        counts = {n: c.local for n, c in store.node_counts(chain_id, ScopeFilter.park(park.id)).items() if c.local}
        if counts:
            out[park.id] = counts
    return out


def _peers(store: GraphStore, chain_id: str, first: Scope) -> list[tuple[str, str, ScopeKind, Mapping[str, int]]]:
    """(code, name, kind, link counts) of every place the first scope may be like: parks for a park, else cities."""
    if first.kind == ScopeKind.park:
        names = {p.id: p.name for p in store.parks()}
        return [(p, names[p], ScopeKind.park, v) for p, v in park_node_counts(store, chain_id).items() if p != first.code]
    regions = store.regions()
    return [(c, regions.get(c).name if c in regions else c, ScopeKind.region, v)
            for c, v in store.city_node_counts(chain_id).items()
            if not (contains(regions, first, c) or c == first.code)]


def compare_scopes(store: GraphStore, chain_id: str, scopes: list[Scope], similar: int = 5,
                   weak_threshold: int | None = None) -> Compare:
    """Indicators and link counts of each scope side by side; the places most similar to the first.

    The first scope's peers are cities when it is a region and parks when it is a park.

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> from app.analysis.scope import resolve_scope
    >>> store = toy_store()
    >>> c = compare_scopes(store, "toy", [resolve_scope(store, region="成都"), resolve_scope(store, region="武汉")])
    >>> [(s.code, round(s.similarity, 4)) for s in c.similar]
    [('420100', 0.2236)]
    >>> from tests.fixtures.park_graphs import park_store
    >>> store = park_store()
    >>> [(s.code, s.kind.value) for s in compare_scopes(store, "toy", [resolve_scope(store, park="cd-west")]).similar]
    [('cd-east', 'park')]
    """
    if not scopes:
        raise InvalidInput("请至少给出一个地区 (give at least one region)")
    template = store.chain(chain_id)
    threshold = template.chain.weak_threshold if weak_threshold is None else weak_threshold
    rows = []
    for scope in scopes:
        counts = store.node_counts(chain_id, scope.filter)
        strong = capacity_links(store, chain_id, scope.filter)  # the status rule of the gap report, capacity included
        zero = NodeCount(0, 0)
        statuses = {n.id: classify(counts.get(n.id, zero).local, counts.get(n.id, zero).key, n.is_core, threshold,
                                   n.id in strong) for n in template.leaves}
        ind = indicators(template, statuses)
        rows.append(ScopeSummary(scope=scope, completeness=ind.completeness, strength=ind.strength, counts=ind.counts,
                                 link_counts={n: counts.get(n, zero).local for n in template.leaf_ids}))
    first = rows[0]
    found = []
    for code, name, kind, vector in (_peers(store, chain_id, first.scope) if similar else ()):
        sim = cosine(first.link_counts, vector, template.leaf_ids)
        if sim > 0:
            found.append(Similar(code=code, name=name, kind=kind, similarity=sim))
    found.sort(key=lambda s: (-round(s.similarity, 9), s.code))
    return Compare(chain=template.id, chain_name=template.chain.name, scopes=tuple(rows),
                   similar=tuple(found[:similar]))
