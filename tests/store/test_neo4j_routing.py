"""The cluster code path (docs/scaling.md) against the local server through a routing ``neo4j://`` URI.

A single server answers the routing procedure as a one-member cluster (writer, reader and router at
once), so the driver takes the same path as against a cluster or AuraDB: it fetches a routing table,
sends every read transaction to a READ member and every write to the leader, and the store's shared
bookmark manager makes a read see the write this process made just before (read-your-writes).
"""
from __future__ import annotations

import pytest
from neo4j import exceptions as nx

from app.analysis.scope import resolve_scope
from app.analysis.service import gap_report
from app.settings import Settings
from app.store.base import ChangeSet
from app.store.neo4j.store import Neo4jStore
from graph_schema.models import Enterprise, EnterpriseLink

pytestmark = pytest.mark.neo4j


@pytest.fixture
def routed(neo4j_server, toy_dataset):
    """The toy data loaded, and a second store on the same server through ``neo4j://`` (routing)."""
    from tests.store.conftest import _fresh

    neo4j_server.load(toy_dataset, replace=True)
    neo4j_server._conn.write(_fresh)
    uri = Settings().neo4j_uri
    assert uri.startswith(("bolt://", "neo4j://")), uri
    store = Neo4jStore.from_settings(Settings(neo4j_uri="neo4j://" + uri.split("://", 1)[1]))
    yield store
    store.close()


def test_the_routing_table_names_readers_writers_and_routers(routed):
    table = routed._conn.read(lambda tx: tx.run("CALL dbms.routing.getRoutingTable({}, $db)", db=routed._conn.database).single())
    roles = {s["role"] for s in table["servers"]}
    assert roles == {"READ", "WRITE", "ROUTE"}


def test_reads_are_routed_as_reads(routed):
    """A store read goes out in READ access mode: the server refuses a write sent through it."""
    with pytest.raises(nx.ClientError, match="read access mode"):
        routed._conn.read(lambda tx: tx.run("CREATE (:RoutingProbe) RETURN 1").consume())
    assert routed._conn.read(lambda tx: tx.run("MATCH (n:RoutingProbe) RETURN count(n) AS n").single()["n"]) == 0


def test_a_read_after_a_write_sees_it_and_analyses_answer(routed):
    before = routed.data_version()
    chengdu = resolve_scope(routed, region="成都")
    assert gap_report(routed, "toy", chengdu).links
    routed.apply(ChangeSet(enterprises=[Enterprise(id="routed1", name="成都路由测试厂", region_code="510104")],
                           links=[EnterpriseLink(enterprise_id="routed1", node_id="toy.b")]))
    assert routed.data_version() not in (None, before)  # the read after the write sees its stamp (bookmarks)
    assert routed.get_enterprise("routed1").name == "成都路由测试厂"
    assert "routed1" not in routed.candidates("toy.b", chengdu.filter).ids  # inside the scope now
    assert "routed1" in routed.candidates("toy.b", resolve_scope(routed, region="武汉").filter).ids
