"""Writes through the store contract, on every store: apply (all or nothing), load, export."""
from __future__ import annotations

import pytest

from app.errors import Conflict, InvalidInput, NotFound
from app.store.base import ApplyResult, ChangeSet, NodeCount, ScopeFilter
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, RegionLevel, Role, Supply
from graph_schema.rules import uscc_check_digit

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)


def uscc(serial: str) -> str:
    first17 = "91510107" + serial.rjust(9, "0")
    return first17 + uscc_check_digit(first17)


def new(eid: str, **kw) -> Enterprise:
    return Enterprise(id=eid, name=kw.pop("name", f"新企业{eid}"), region_code=kw.pop("region_code", "510107"), **kw)


def snapshot(store) -> tuple:
    ds = store.export()
    return (sorted(ds.chains), ds.enterprises, ds.links, ds.supply, ds.parks, ds.park_members)


def test_create_with_link_counts_at_once(store):
    result = store.apply(ChangeSet(enterprises=[new("n1")], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.c")]))
    assert result == ApplyResult(created=1, links=1)
    assert store.node_counts("toy", CHENGDU)["toy.c"] == NodeCount(2, 1)
    assert store.get_enterprise("n1").name == "新企业n1"
    assert [m.enterprise.id for m in store.node_members("toy.c", CHENGDU)] == ["c1", "n1"]


def test_update_status_and_tags_move_the_counts(store):
    a2, a3 = store.get_enterprise("a2"), store.get_enterprise("a3")
    result = store.apply(ChangeSet(enterprises=[a2.model_copy(update={"status": "注销"}),
                                                a3.model_copy(update={"tags": ("链主",)})]))
    assert result == ApplyResult(updated=2)
    assert store.node_counts("toy", CHENGDU)["toy.a"] == NodeCount(2, 2)  # a2 gone, a3 now key
    assert [m.enterprise.id for m in store.node_members("toy.a", CHENGDU)] == ["a1", "a3"]
    assert store.get_enterprise("a2").status == "注销"


def test_moving_an_enterprise_moves_it_between_scopes(store):
    c2 = store.get_enterprise("c2")
    store.apply(ChangeSet(enterprises=[c2.model_copy(update={"region_code": "510104"})]))  # to 锦江区, Chengdu
    assert store.node_counts("toy", CHENGDU)["toy.c"] == NodeCount(2, 1)
    assert "toy.c" not in store.node_counts("toy", ScopeFilter.region("420100", RegionLevel.city))
    assert store.city_node_counts("toy")["420100"] == {"toy.b": 1}


def test_delete_enterprise_takes_links_supply_and_park(store):
    result = store.apply(ChangeSet(delete_enterprises=["c1", "a1"]))
    assert result == ApplyResult(deleted=2)
    with pytest.raises(NotFound):
        store.get_enterprise("c1")
    assert store.supply_of(["b1", "e1"]) == []
    assert store.node_counts("toy", CHENGDU) == {"toy.a": NodeCount(2, 0)}
    assert store.park_ids_of("a1") == [] and store.node_counts("toy", ScopeFilter.park("toy-park")) == {"toy.a": NodeCount(1, 0)}
    s = store.stats()
    assert (s.enterprises, s.enterprise_links, s.supply_links) == (7, 7, 0)


def test_links_upsert_delete_and_grades(store):
    store.apply(ChangeSet(
        links=[EnterpriseLink(enterprise_id="a1", node_id="toy.a", role=Role.supporting, products=("甲料",)),
               EnterpriseLink(enterprise_id="d1", node_id="toy.e", grade=LinkGrade.uncertain, evidence="名称含“终端”")],
        delete_links=[("a2", "toy.a"), ("a2", "toy.e")],  # the second does not exist: nothing to do
    ))
    assert store.node_counts("toy", CHENGDU)["toy.a"] == NodeCount(2, 1)
    assert store.node_counts("toy", None)["toy.e"] == NodeCount(1, 1)  # uncertain links do not count
    (a1_link,) = store.enterprise_links(["a1"])["a1"]
    assert (a1_link.role, a1_link.products) == (Role.supporting, ("甲料",))
    assert [m.role for m in store.node_members("toy.a", CHENGDU)] == [Role.supporting, Role.core]
    assert [x.node_id for x in store.enterprise_links(["d1"])["d1"]] == ["toy.d", "toy.e"]
    page, total = store.links_by_grade(LinkGrade.uncertain, 10, 0)
    assert total == 1 and page[0].evidence == "名称含“终端”"
    assert store.enterprise_links(["a2"]) == {}


def test_supply_upsert_by_pair(store):
    store.apply(ChangeSet(supply=[Supply(supplier_id="a1", customer_id="c2", product="甲材料")]))
    store.apply(ChangeSet(supply=[Supply(supplier_id="a1", customer_id="c2", product="甲材料二代")]))
    assert [(s.supplier_id, s.customer_id, s.product) for s in store.supply_of(["a1"])] == [("a1", "c2", "甲材料二代")]
    assert store.stats().supply_links == 3


def test_subsidiary_forgets_a_deleted_parent(store):
    store.apply(ChangeSet(enterprises=[new("n2", parent_id="a1")]))
    assert store.get_enterprise("n2").parent_id == "a1"
    store.apply(ChangeSet(delete_enterprises=["a1"]))
    assert store.get_enterprise("n2").parent_id is None


def test_uscc_lookup_and_reuse_after_delete(store):
    u1, u2 = uscc("1"), uscc("2")
    store.apply(ChangeSet(enterprises=[new("n1", uscc=u1), new("n2", uscc=u2)]))
    assert store.ids_by_uscc([u2, u1, uscc("3")]) == {u2: "n2", u1: "n1"}
    # the code of an enterprise deleted in the same change is free again
    assert store.apply(ChangeSet(enterprises=[new("n3", uscc=u1)], delete_enterprises=["n1"])) == ApplyResult(created=1, deleted=1)
    assert store.ids_by_uscc([u1, u2]) == {u1: "n3", u2: "n2"}


@pytest.mark.parametrize("changes, error", [
    (ChangeSet(enterprises=[new("n1"), new("n2", region_code="999999")]), InvalidInput),
    (ChangeSet(enterprises=[new("n1")], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.mat")]), InvalidInput),
    (ChangeSet(links=[EnterpriseLink(enterprise_id="ghost", node_id="toy.a")]), InvalidInput),
    (ChangeSet(enterprises=[new("n1")], supply=[Supply(supplier_id="n1", customer_id="n1")]), InvalidInput),
    (ChangeSet(enterprises=[new("n1")], delete_enterprises=["ghost"]), InvalidInput),
    (ChangeSet(enterprises=[new("n1", parent_id="ghost")]), InvalidInput),
    (ChangeSet(enterprises=[new("n1", uscc=uscc("7")), new("n2", uscc=uscc("7"))]), Conflict),
], ids=["unknown-region", "non-leaf", "unknown-enterprise", "self-supply", "delete-unknown", "unknown-parent", "duplicate-uscc"])
def test_refused_changes_write_nothing(store, changes, error):
    before = snapshot(store)
    with pytest.raises(error):
        store.apply(changes)
    assert snapshot(store) == before


@pytest.mark.parametrize("taker", ["n2", "n3"])
def test_uscc_of_another_enterprise_is_a_conflict(store, taker):
    store.apply(ChangeSet(enterprises=[new("n1", uscc=uscc("5")), new("n2", uscc=uscc("6"))]))
    before = snapshot(store)
    with pytest.raises(Conflict):  # n2: a swap would need two steps; n3: a new enterprise
        store.apply(ChangeSet(enterprises=[new(taker, uscc=uscc("5"))], links=[EnterpriseLink(enterprise_id=taker, node_id="toy.a")]))
    assert snapshot(store) == before


def test_export_is_what_was_loaded(store, toy_dataset):
    ds = store.export()
    assert ds.enterprises == sorted(toy_dataset.enterprises, key=lambda e: e.id)
    assert ds.links == sorted(toy_dataset.links, key=lambda x: (x.enterprise_id, x.node_id))
    assert ds.supply == sorted(toy_dataset.supply, key=lambda s: (s.supplier_id, s.customer_id))
    assert (ds.parks, ds.park_members) == (toy_dataset.parks, sorted(toy_dataset.park_members, key=lambda m: (m.park_id, m.enterprise_id)))
    assert [n.id for n in ds.chains["toy"].nodes] == [n.id for n in toy_dataset.chains["toy"].nodes]


def test_load_twice_is_the_same_graph(store, toy_dataset):
    before, stats = snapshot(store), store.stats()
    store.load(toy_dataset)
    assert (snapshot(store), store.stats()) == (before, stats)


def test_load_merges_and_replace_starts_over(store, toy_dataset):
    store.apply(ChangeSet(enterprises=[new("n1")], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.a")]))
    store.load(toy_dataset)  # merge by id: n1 stays, toy rows are as in the data set
    assert store.node_counts("toy", CHENGDU)["toy.a"] == NodeCount(4, 1)
    store.load(toy_dataset, replace=True)
    assert store.enterprises(["n1"]) == {} and store.node_counts("toy", CHENGDU)["toy.a"] == NodeCount(3, 1)
    assert store.stats().enterprises == 9
