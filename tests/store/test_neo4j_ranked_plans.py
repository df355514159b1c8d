"""The queries of Neo4j's ranked links (app/store/neo4j/ranked.py) and the scope-only enterprise search plan index
seeks, no Eager, no cartesian product.

Each starts from a unique index (the link's ChainNode id, the park's id) or the indexed region code of the
scope's enterprises; docs/scaling.md quotes their PROFILE at 100k enterprises.
"""
from __future__ import annotations

import pytest

from app.store.neo4j.shapes import FindQuery, PartnersQuery
from queries import QUERIES

pytestmark = pytest.mark.neo4j

RANKED = {"link_columns": "NodeUniqueIndexSeek", **{q.value: "NodeIndexSeek" for q in PartnersQuery}}
RANKED[PartnersQuery.park.value] = "NodeUniqueIndexSeek"
RANKED.update({FindQuery[s].value: "NodeIndexSeek" for s in ("province", "city", "county")})
RANKED[FindQuery.park.value] = "NodeUniqueIndexSeek"  # a scope-only search (the gap report's data note)
PARAMS = {"node_id": "x", "confirmed": "confirmed", "code": "510100", "province": "510000", "city": "510100",
          "county": "510104", "park": "p", "include_inactive": False, "offset": 0, "limit": 1}


def _operators(plan) -> list[str]:
    return [plan.operator_type.split("@")[0], *(op for child in plan.children for op in _operators(child))]


@pytest.mark.parametrize("name", sorted(RANKED))
def test_ranked_queries_seek_an_index_without_eager_or_cartesian_product(neo4j_server, name):
    def plan(tx):
        return tx.run("EXPLAIN " + QUERIES[name], PARAMS).consume().plan

    summary = neo4j_server._conn.read(plan)
    ops = _operators(_Plan(summary))
    assert not {"Eager", "CartesianProduct", "AllNodesScan", "NodeByLabelScan"} & set(ops), ops
    assert RANKED[name] in ops, ops


class _Plan:
    """The driver's plan dict read as a tree of operators."""

    def __init__(self, raw: dict):
        self.operator_type = raw["operatorType"]
        self.children = [_Plan(c) for c in raw.get("children", [])]
