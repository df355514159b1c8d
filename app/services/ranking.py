"""How a scope ranks among the cities working on a chain, for the dashboard's overview.

Every prefecture-level city with at least one enterprise on the chain is compared with the scope
(:func:`app.analysis.compare.compare_scopes`), then all are ordered by completeness, strength and
code. A province or park scope is placed among the cities by the same numbers.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.scope import resolve_scope
>>> store = toy_store()
>>> r = scope_ranking(store, "toy", resolve_scope(store, region="成都"))
>>> r["rank"], r["total"], [row["scope"]["code"] for row in r["rows"]]
(1, 3, ['510100', '420100', '110000'])
"""
from __future__ import annotations

from typing import Any

from app.analysis.compare import compare_scopes
from app.analysis.results import Scope
from app.analysis.scope import scope_of_region
from app.store.base import GraphStore, ScopeKind


def scope_ranking(store: GraphStore, chain_id: str, scope: Scope | None = None) -> dict[str, Any]:
    """The scope's place (1 = most complete) among the chain's cities, with every row's indicators.

    Without a scope, the cities alone (``rank`` is then ``None``).
    """
    regions = store.regions()
    cities = sorted(store.city_node_counts(chain_id))
    itself = scope.code if scope and scope.kind == ScopeKind.region else None
    others = [scope_of_region(regions, c) for c in cities if c != itself]
    if not others and scope is None:
        template = store.chain(chain_id)
        return {"chain": template.id, "chain_name": template.chain.name, "scope": None, "rank": None, "total": 0,
                "rows": []}
    compared = compare_scopes(store, chain_id, [scope, *others] if scope else others, similar=0)
    rows = [s.model_dump(mode="json") for s in compared.scopes]
    for row in rows:
        row.pop("link_counts", None)
    rows.sort(key=lambda r: (-r["completeness"], -r["strength"], r["scope"]["code"]))
    rank = None
    if scope is not None:
        rank = next(i for i, r in enumerate(rows, 1)
                    if r["scope"]["code"] == scope.code and r["scope"]["kind"] == scope.kind)
    return {"chain": compared.chain, "chain_name": compared.chain_name,
            "scope": scope.model_dump(mode="json") if scope else None,
            "rank": rank, "total": len(rows), "rows": rows}
