"""The embedded store's writes survive a restart; a torn last journal line is dropped, not applied."""
from __future__ import annotations

import pytest

from app.errors import Conflict, InvalidInput
from app.store.base import ChangeSet, ScopeFilter
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink, RegionLevel

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)


def new_enterprise(eid: str = "n1", **kw) -> Enterprise:
    return Enterprise(id=eid, name=kw.pop("name", f"新企业{eid}"), region_code=kw.pop("region_code", "510107"), **kw)


def test_write_survives_restart(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.apply(ChangeSet(enterprises=[new_enterprise()], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.c")]))
    assert store.node_counts("toy", CHENGDU)["toy.c"].local == 2
    reopened = EmbeddedStore.open(toy_dir, tmp_path / "state")
    assert reopened.node_counts("toy", CHENGDU)["toy.c"].local == 2
    assert reopened.get_enterprise("n1").name == "新企业n1"


def test_torn_last_line_is_dropped(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.apply(ChangeSet(enterprises=[new_enterprise("n1")]))
    store.apply(ChangeSet(enterprises=[new_enterprise("n2")]))
    journal = next((tmp_path / "state").glob("journal-*.log"))
    data = journal.read_bytes()
    journal.write_bytes(data[: len(data) - 7])  # a crash in the middle of the second write
    reopened = EmbeddedStore.open(toy_dir, tmp_path / "state")
    assert reopened.enterprises(["n1", "n2"]).keys() == {"n1"}
    assert journal.read_bytes() == data[: data.index(b"\n") + 1]  # the torn tail is cut off


def test_refused_change_writes_nothing(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    bad = ChangeSet(enterprises=[new_enterprise("n1")], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.mat")])
    with pytest.raises(InvalidInput) as info:
        store.apply(bad)
    assert "toy.mat 不是叶子环节" in str(info.value)
    assert store.enterprises(["n1"]) == {}
    assert all(j.stat().st_size == 0 for j in (tmp_path / "state").glob("journal-*.log"))  # nothing journaled


def test_uscc_owned_by_another_enterprise_conflicts(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.apply(ChangeSet(enterprises=[new_enterprise("n1", uscc="91350100M000100Y43")]))
    with pytest.raises(Conflict):
        store.apply(ChangeSet(enterprises=[new_enterprise("n2", uscc="91350100M000100Y43")]))


def test_deregistering_removes_from_counts_but_keeps_record(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    a2 = store.get_enterprise("a2")
    store.apply(ChangeSet(enterprises=[a2.model_copy(update={"status": "注销"})]))
    assert store.node_counts("toy", CHENGDU)["toy.a"].local == 2
    assert store.get_enterprise("a2").status == "注销"


def test_delete_enterprise_cascades(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.apply(ChangeSet(delete_enterprises=["c1"]))
    assert "toy.c" not in store.node_counts("toy", CHENGDU)
    assert store.supply_of(["b1", "e1"]) == []
    assert store.stats().enterprises == 8
