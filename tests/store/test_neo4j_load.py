"""The Neo4j bulk load: write plans free of Eager, the fresh (CREATE) path equal to the MERGE path."""
from __future__ import annotations

import re

import pytest

from app.datadir.dataset import DataSet
from app.store.neo4j.records import ENTERPRISE_PROPERTIES, LINK_PROPERTIES
from graph_schema.models import Chain, ChainNode, EnterpriseLink, Park, ParkMember, Region, Supply
from queries import QUERIES

# Dropping an edge on an incremental load: Neo4j always separates reading an edge from deleting it.
EAGER_ALLOWED = {"clear_subsidiaries", "clear_within", "clear_chain_edges"}
LOAD_QUERIES = sorted(n for n in QUERIES if n.split("_", 1)[0] in {"merge", "create", "clear"})


def _set_names(name: str, var: str) -> set[str]:
    return set(re.findall(rf"\b{var}\.(\w+) = row\.\1\b", QUERIES[name]))


@pytest.mark.parametrize(("name", "var", "fields"), [
    ("merge_enterprises", "e", set(ENTERPRISE_PROPERTIES) - {"id"}),
    ("merge_links", "r", set(LINK_PROPERTIES)),
    ("merge_chains", "c", set(Chain.model_fields) - {"id"}),
    ("merge_chain_nodes", "n", set(ChainNode.model_fields) - {"id"}),
    ("merge_parks", "p", set(Park.model_fields) - {"id"}),
    ("merge_regions", "r", set(Region.model_fields) - {"code"}),
])
def test_upserts_set_every_model_field_by_name(name, var, fields):
    # a field added to a model and forgotten here would silently never reach Neo4j on an upsert
    assert _set_names(name, var) == fields


def test_create_links_writes_every_link_property():
    assert set(re.findall(r"(\w+): row\.\1", QUERIES["create_links"])) == set(LINK_PROPERTIES)


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"].split("@")[0], *(op for child in plan.get("children", []) for op in _operators(child))]


@pytest.mark.neo4j
@pytest.mark.parametrize("name", LOAD_QUERIES)
def test_load_queries_plan_no_eager(neo4j_server, name):
    def plan(tx):
        return tx.run("EXPLAIN " + QUERIES[name], rows=[]).consume().plan

    ops = _operators(neo4j_server._conn.read(plan))
    assert ("Eager" in ops) == (name in EAGER_ALLOWED), ops


@pytest.mark.neo4j
def test_replace_load_with_repeated_rows_equals_a_merge_load(neo4j_server, toy_dataset):
    # Rows repeated with other values: the CREATE path keeps the last, as MERGE … SET does.
    first = toy_dataset.enterprises[0]
    link = toy_dataset.links[0]
    supply = toy_dataset.supply[0]
    member = ParkMember(park_id=toy_dataset.parks[0].id, enterprise_id=first.id)
    doubled = DataSet(
        chains=toy_dataset.chains, regions=toy_dataset.regions, parks=toy_dataset.parks,
        enterprises=[first.model_copy(update={"name": "旧名"}), *toy_dataset.enterprises],
        links=[*toy_dataset.links, EnterpriseLink(**{**link.model_dump(), "evidence": "后写"})],
        supply=[*toy_dataset.supply, Supply(supplier_id=supply.supplier_id, customer_id=supply.customer_id, product="后写")],
        park_members=[*toy_dataset.park_members, member, member],
    )
    neo4j_server.load(doubled, replace=True)
    fresh = neo4j_server.export()
    neo4j_server.load(DataSet(regions=toy_dataset.regions), replace=True)
    neo4j_server.load(doubled)  # the MERGE path over an empty database
    merged = neo4j_server.export()
    assert fresh.enterprises == merged.enterprises and fresh.links == merged.links
    assert fresh.supply == merged.supply and fresh.park_members == merged.park_members
    assert len(fresh.enterprises) == len(toy_dataset.enterprises)
    assert next(e for e in fresh.enterprises if e.id == first.id).name == first.name
    assert [x.evidence for x in fresh.links if (x.enterprise_id, x.node_id) == (link.enterprise_id, link.node_id)] == ["后写"]
    assert neo4j_server.last_load.rows > 0 and neo4j_server.last_load.write_s > 0
