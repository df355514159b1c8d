"""Zones on every store: a zone scope is inside any of its parts (regions and parks), each member counted once."""
from __future__ import annotations

from app.store.base import EnterpriseQuery, NodeCount, ScopeFilter, inside_scope
from graph_schema.models import RegionLevel

HONGSHAN = ScopeFilter.region("420111", RegionLevel.county)
WUHOU = ScopeFilter.region("510107", RegionLevel.county)
PARK = ScopeFilter.park("toy-park")  # a1, a2 (both in 武侯区 510107)
ZONE = ScopeFilter.zone("z", [HONGSHAN, PARK])
OVERLAP = ScopeFilter.zone("o", [WUHOU, PARK])


def _ids(members):
    return [(m.node_id, m.enterprise.id) for m in members]


def test_counts_and_members_of_a_zone_are_those_of_any_part(store):
    assert store.node_counts("toy", ZONE) == {"toy.a": NodeCount(2, 1), "toy.c": NodeCount(1, 0)}
    assert _ids(store.chain_members("toy", ZONE)) == [("toy.a", "a1"), ("toy.a", "a2"), ("toy.c", "c2")]
    assert _ids(store.node_members("toy.c", ZONE, inside=False)) == [("toy.c", "c1")]
    assert _ids(store.key_members("toy", ZONE, per_node=3)) == [("toy.a", "a1")]


def test_a_member_in_two_parts_counts_once(store):
    assert store.node_counts("toy", OVERLAP)["toy.a"] == NodeCount(3, 1)
    assert _ids(store.node_members("toy.a", OVERLAP)) == [("toy.a", "a1"), ("toy.a", "a2"), ("toy.a", "a3")]
    found, total = store.find_enterprises(EnterpriseQuery(scope=OVERLAP, limit=2))
    assert total == 3 and [e.id for e in found] == ["a1", "a2"]


def test_candidates_and_leaders_of_a_zone(store):
    outside = store.candidates("toy.c", ZONE)
    assert list(outside.ids) == ["c1"]
    assert {m.enterprise.id for m in store.leading_members("toy", ZONE, 0.2)} <= {"a1", "a2", "c2"}
    assert inside_scope(store, ZONE, store.enterprises(["a1", "a3", "c2"]).values()) == {"a1", "c2"}
