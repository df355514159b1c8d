"""``data_version``: a number that changes with every write and only then, on every store.

The API's answer cache and ETags (app/api/answers.py) key answers by it. On Neo4j it is the data
stamp on the server, so two store objects (two API workers) see each other's writes through it,
and a write made outside ChainMap that bumps the stamp as docs/operations.md says is seen too.
"""
from __future__ import annotations

import dataclasses

import pytest

from app.settings import Settings
from app.store.base import ChangeSet, NodeCount, ScopeFilter
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, RegionLevel, Supply
from graph_schema.template import ChainTemplate

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)
N1 = Enterprise(id="n1", name="新企业n1", region_code="510107")

WRITES = {
    "create": ChangeSet(enterprises=[N1], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.c")]),
    "update": ChangeSet(enterprises=[Enterprise(id="a2", name="改名企业", region_code="510107")]),
    "delete": ChangeSet(delete_enterprises=["a1"]),
    "accept": ChangeSet(links=[EnterpriseLink(enterprise_id="b1", node_id="toy.c", grade=LinkGrade.confirmed)]),
    "reject": ChangeSet(delete_links=[("c1", "toy.c")]),
    "supply": ChangeSet(supply=[Supply(supplier_id="a1", customer_id="c2")]),
}


def test_reads_leave_the_version_alone(store):
    before = store.data_version()
    assert before is not None
    store.node_counts("toy", CHENGDU), store.chain_members("toy", CHENGDU), store.stats(), store.export()
    assert store.data_version() == before


@pytest.mark.parametrize("kind", sorted(WRITES))
def test_every_kind_of_write_changes_the_version(store, kind):
    before = store.data_version()
    store.apply(WRITES[kind])
    after = store.data_version()
    assert after is not None and after != before
    assert store.data_version() == after  # stable until the next write


@pytest.mark.parametrize("replace", [False, True])
def test_a_load_changes_the_version(store, toy_dataset, replace):
    before = store.data_version()
    store.load(toy_dataset, replace=replace)
    assert store.data_version() not in (None, before)


def test_a_refused_write_leaves_the_version_alone(store):
    before = store.data_version()
    with pytest.raises(Exception):  # noqa: B017 — InvalidInput: the link names no enterprise
        store.apply(ChangeSet(links=[EnterpriseLink(enterprise_id="nobody", node_id="toy.c")]))
    assert store.data_version() == before


# -- Neo4j: the stamp on the server


@pytest.fixture
def neo4j_pair(neo4j_server, toy_dataset):
    """Two store objects on one server (two API workers), the toy data loaded by the first."""
    from app.store.neo4j.store import Neo4jStore

    neo4j_server.load(toy_dataset, replace=True)
    other = Neo4jStore.from_settings(Settings())
    yield neo4j_server, other
    other.close()


@pytest.mark.neo4j
def test_two_store_objects_see_each_others_writes_through_the_stamp(neo4j_pair):
    one, two = neo4j_pair
    assert one.data_version() == two.data_version() is not None
    seen = two.data_version()
    one.apply(WRITES["create"])
    assert two.data_version() not in (None, seen)  # at once: no time to live
    assert two.data_version() == one.data_version()
    assert two.node_counts("toy", CHENGDU)["toy.c"] == NodeCount(2, 1)


@pytest.mark.neo4j
def test_a_load_by_another_store_object_shows_its_catalogue_at_once(neo4j_pair, toy_dataset):
    one, two = neo4j_pair
    two.catalog_ttl_s = 3600.0  # would keep the old catalogue, but for the new stamp
    assert "toy.c" in two.chain("toy").by_id
    seen = two.data_version()
    t = toy_dataset.chains["toy"]
    renamed = ChainTemplate(t.chain.model_copy(update={"name": "改名的链"}), list(t.nodes), list(t.feeds), list(t.related))
    one.load(dataclasses.replace(toy_dataset, chains={"toy": renamed}))
    assert two.data_version() not in (None, seen)
    assert two.chain("toy").chain.name == "改名的链"


@pytest.mark.neo4j
def test_no_version_while_a_load_runs_and_a_new_one_after(neo4j_pair, toy_dataset):
    from app.store.neo4j.session import rows

    one, two = neo4j_pair
    seen = one.data_version()
    one._conn.write(lambda tx: rows(tx, "set_data_version", version="half-way", loading=True))  # what a load does first
    assert (one.data_version(), two.data_version()) == (None, None)  # half a load is never cached
    one.load(toy_dataset)
    assert two.data_version() not in (None, seen)


@pytest.mark.neo4j
def test_a_write_outside_chainmap_that_bumps_the_stamp_is_seen(neo4j_pair):
    one, two = neo4j_pair
    seen = two.data_version()

    def by_hand(tx):  # the statement docs/operations.md gives, in the transaction of the write
        tx.run("MATCH (e:Enterprise {id: 'a2'}) SET e.name = '外部改名'").consume()
        tx.run("MERGE (m:Meta {id: 'data'}) SET m.version = randomUUID(), m.loading = false").consume()

    one._conn.write(by_hand)
    assert two.data_version() not in (None, seen)
    assert two.get_enterprise("a2").name == "外部改名"


@pytest.mark.neo4j
def test_a_database_without_a_stamp_has_no_version(neo4j_pair):
    one, _ = neo4j_pair
    one._conn.write(lambda tx: tx.run("MATCH (m:Meta {id: 'data'}) DELETE m").consume())
    assert one.data_version() is None  # written by hand or by an older ChainMap: nothing may be reused
