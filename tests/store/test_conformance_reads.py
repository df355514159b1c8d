"""Every read primitive of the store contract, on every store, against hand-computed answers.

The toy data (tests/fixtures/builders.py): Chengdu 510100 holds a1 a2 a3 (toy.a, in 武侯区
510107; a1 is 链主+上市) and c1 (toy.c, 上市); Wuhan 420100 holds b1 (toy.b) and c2 (toy.c, in
420111); Beijing 110105 holds d1 (toy.d), e1 (toy.e, 小巨人) and f1 (toy.f, 注销 so never counted).
The park toy-park holds a1 and a2. Supply: b1 → c1 → e1.
"""
from __future__ import annotations

import pytest

from app.errors import NotFound
from app.store.base import EnterpriseQuery, NodeCount, ScopeFilter
from graph_schema.models import LinkGrade, RegionLevel, Role

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)
SICHUAN = ScopeFilter.region("510000", RegionLevel.province)
WUHOU = ScopeFilter.region("510107", RegionLevel.county)
BEIJING = ScopeFilter.region("110000", RegionLevel.city)
PARK = ScopeFilter.park("toy-park")


def test_chain_template_round_trips(store):
    (toy,) = store.chains()
    assert toy.id == "toy" and toy.chain.weak_threshold == 2
    assert toy.leaf_ids == ("toy.a", "toy.b", "toy.c", "toy.d", "toy.e", "toy.f")
    assert [n.id for n in toy.nodes][:3] == ["toy.up", "toy.mat", "toy.a"]
    assert toy.node("toy.a").is_core and toy.node("toy.b").chokepoint and toy.node("toy.b").weight == 0.25
    assert toy.node("toy.a").parent_id == "toy.mat" and toy.node("toy.a").keywords == ("甲材料",)
    assert toy.node("toy.d").proximity_bound and toy.node("toy.f").capital_heavy and not toy.node("toy.a").capital_heavy
    assert toy.suppliers_of("toy.c") == ["toy.a", "toy.b"] and toy.customers_of("toy.c") == ["toy.e", "toy.f"]
    assert store.chain("toy").topological_leaves() == toy.topological_leaves()


def test_unknown_chain_park_enterprise_are_not_found(store):
    for call in (lambda: store.chain("nope"), lambda: store.park("nope"), lambda: store.get_enterprise("nope"),
                 lambda: store.node_counts("nope", None), lambda: store.chain_members("nope", CHENGDU)):
        with pytest.raises(NotFound):
            call()


def test_regions_and_parks(store):
    regions = store.regions()
    assert regions.get("510107").name == "武侯区" and regions.city_of("510107") == "510100"
    assert regions.resolve("成都").code == "510100" and len(regions) > 3000
    (park,) = store.parks()
    assert (park.id, park.name, park.region_code, park.lead_chains) == ("toy-park", "示例园区", "510107", ("toy",))
    assert store.park("toy-park") == park


@pytest.mark.parametrize("scope, expected", [
    (None, {"toy.a": (3, 1), "toy.b": (1, 0), "toy.c": (2, 1), "toy.d": (1, 0), "toy.e": (1, 1)}),
    (CHENGDU, {"toy.a": (3, 1), "toy.c": (1, 1)}),
    (SICHUAN, {"toy.a": (3, 1), "toy.c": (1, 1)}),
    (WUHOU, {"toy.a": (3, 1)}),
    (ScopeFilter.region("420100", RegionLevel.city), {"toy.b": (1, 0), "toy.c": (1, 0)}),
    (BEIJING, {"toy.d": (1, 0), "toy.e": (1, 1)}),
    (PARK, {"toy.a": (2, 1)}),
    (ScopeFilter.region("440300", RegionLevel.city), {}),
    (ScopeFilter.park("no-such-park"), {}),
], ids=["national", "city", "province", "county", "wuhan", "municipality", "park", "empty-city", "unknown-park"])
def test_node_counts(store, scope, expected):
    counts = store.node_counts("toy", scope)
    assert counts == {n: NodeCount(*c) for n, c in expected.items()}
    assert list(counts) == [n for n in store.chain("toy").leaf_ids if n in expected]  # leaf order


def test_city_node_counts_are_the_relatedness_matrix(store):
    assert store.city_node_counts("toy") == {
        "510100": {"toy.a": 3, "toy.c": 1},
        "420100": {"toy.b": 1, "toy.c": 1},
        "110000": {"toy.d": 1, "toy.e": 1},
    }


@pytest.mark.parametrize("node, scope, inside, expected", [
    ("toy.a", CHENGDU, True, ["a1", "a2", "a3"]),
    ("toy.c", CHENGDU, False, ["c2"]),
    ("toy.c", None, True, ["c1", "c2"]),
    ("toy.c", WUHOU, False, ["c1", "c2"]),
    ("toy.a", PARK, True, ["a1", "a2"]),
    ("toy.a", PARK, False, ["a3"]),
    ("toy.f", None, True, []),              # 注销: not a member
    ("toy.mat", None, True, []),             # not a leaf
    ("no.such", None, True, []),
])
def test_node_members(store, node, scope, inside, expected):
    members = store.node_members(node, scope, inside=inside)
    assert [m.enterprise.id for m in members] == expected
    assert all(m.node_id == node and m.role is Role.core for m in members)


def test_chain_members_in_leaf_order(store):
    members = store.chain_members("toy", CHENGDU)
    assert [(m.node_id, m.enterprise.id) for m in members] == [("toy.a", "a1"), ("toy.a", "a2"), ("toy.a", "a3"), ("toy.c", "c1")]
    assert members[0].enterprise == store.get_enterprise("a1")


def test_enterprise_lookups(store):
    a1 = store.get_enterprise("a1")
    assert (a1.name, a1.region_code, a1.tags, a1.revenue, a1.status) == ("甲一材料有限公司", "510107", ("链主", "上市"), 50.0, "存续")
    assert a1.is_key and a1.active and a1.uscc is None and a1.parent_id is None
    assert store.get_enterprise("f1").status == "注销"  # lookups see inactive enterprises too
    assert list(store.enterprises(["c1", "zz", "a1"])) == ["c1", "a1"]
    assert store.enterprises([]) == {}
    links = store.enterprise_links(["c1", "zz"])
    assert list(links) == ["c1"]
    (link,) = links["c1"]
    assert (link.node_id, link.role, link.grade, link.products) == ("toy.c", Role.core, LinkGrade.confirmed, ())
    assert store.park_ids_of("a1") == ["toy-park"] and store.park_ids_of("c1") == []


def test_supply_touches_either_end_once(store):
    pairs = lambda ids: [(s.supplier_id, s.customer_id, s.product) for s in store.supply_of(ids)]  # noqa: E731
    assert pairs(["c1"]) == [("b1", "c1", "乙材料"), ("c1", "e1", "丙面板")]
    assert pairs(["b1", "c1", "e1"]) == [("b1", "c1", "乙材料"), ("c1", "e1", "丙面板")]
    assert pairs(["a1"]) == [] and pairs([]) == []


@pytest.mark.parametrize("query, ids, total", [
    (EnterpriseQuery(), ["a1", "a2", "a3", "b1", "c1", "c2", "d1", "e1", "f1"], 9),
    (EnterpriseQuery(limit=2, offset=1), ["a2", "a3"], 9),
    (EnterpriseQuery(text="面板"), ["c1", "c2"], 2),
    (EnterpriseQuery(text=" e1 "), ["e1"], 1),
    (EnterpriseQuery(tag="上市"), ["a1", "c1"], 2),
    (EnterpriseQuery(include_inactive=False), ["a1", "a2", "a3", "b1", "c1", "c2", "d1", "e1"], 8),
    (EnterpriseQuery(node_id="toy.f"), ["f1"], 1),
    (EnterpriseQuery(chain_id="toy", scope=CHENGDU), ["a1", "a2", "a3", "c1"], 4),
    (EnterpriseQuery(scope=SICHUAN, tag="上市"), ["a1", "c1"], 2),
    (EnterpriseQuery(scope=WUHOU), ["a1", "a2", "a3"], 3),
    (EnterpriseQuery(scope=PARK, text="甲二"), ["a2"], 1),
    (EnterpriseQuery(scope=BEIJING, include_inactive=False, limit=1), ["d1"], 2),
    (EnterpriseQuery(text="没有这家"), [], 0),
])
def test_find_enterprises(store, query, ids, total):
    found, count = store.find_enterprises(query)
    assert ([e.id for e in found], count) == (ids, total)


def test_find_in_unknown_chain_is_not_found(store):
    with pytest.raises(NotFound):
        store.find_enterprises(EnterpriseQuery(chain_id="nope"))


def test_links_by_grade_pages(store):
    page, total = store.links_by_grade(LinkGrade.confirmed, 3, 2)
    assert total == 9 and [(x.enterprise_id, x.node_id) for x in page] == [("a3", "toy.a"), ("b1", "toy.b"), ("c1", "toy.c")]
    assert store.links_by_grade(LinkGrade.uncertain, 10, 0) == ([], 0)


def test_stats(store):
    s = store.stats()
    assert (s.chains, s.nodes, s.leaves, s.enterprises, s.enterprise_links, s.supply_links, s.parks) == (1, 12, 6, 9, 9, 2, 1)
    # linked enterprises sit in 510107 510100 420100 420111 110105, i.e. the cities 510100 420100 110000
    assert (s.regions_with_enterprises, s.cities_with_enterprises) == (5, 3)


def test_ping_answers(store):
    assert store.ping() is None


@pytest.mark.parametrize("scope, share, expected", [
    # toy.a: a1 (50) and a2 (5) ranked by revenue, a3 has neither figure; toy.c: c1 (100) below c2 (200)
    (CHENGDU, 0.2, [("toy.a", "a1", 1.0)]),
    (CHENGDU, 1.0, [("toy.a", "a1", 1.0), ("toy.a", "a2", 0.0), ("toy.c", "c1", 0.0)]),
    # b1 is toy.b's only member, so its top; c2 the larger of toy.c
    (ScopeFilter.region("420100", RegionLevel.city), 0.2, [("toy.b", "b1", 1.0), ("toy.c", "c2", 1.0)]),
    (PARK, 0.2, [("toy.a", "a1", 1.0)]),
    (BEIJING, 0.2, [("toy.e", "e1", 1.0)]),  # d1 has neither revenue nor headcount: never among the top
    (ScopeFilter.region("310000", RegionLevel.province), 0.2, []),
])
def test_leading_members_rank_the_scope_among_the_link_nationwide(store, scope, share, expected):
    found = store.leading_members("toy", scope, share)
    assert [(m.node_id, m.enterprise.id, m.scale) for m in found] == expected
    assert all(m.basis.name == "revenue" for m in found)
