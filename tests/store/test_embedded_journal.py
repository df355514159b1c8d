"""The embedded store's writes survive a restart; a journal of the former format is migrated (torn last line dropped)."""
from __future__ import annotations

import pytest

from app.errors import ChainMapError, Conflict, InvalidInput
from app.store.base import ChangeSet, ScopeFilter
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink, RegionLevel

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)


def journal_rows(state) -> int:
    import sqlite3

    with sqlite3.connect(next(state.glob("journal-*.sqlite"))) as con:
        return con.execute("SELECT COUNT(*) FROM changes").fetchone()[0]


def new_enterprise(eid: str = "n1", **kw) -> Enterprise:
    return Enterprise(id=eid, name=kw.pop("name", f"新企业{eid}"), region_code=kw.pop("region_code", "510107"), **kw)


def test_write_survives_restart(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.apply(ChangeSet(enterprises=[new_enterprise()], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.c")]))
    assert store.node_counts("toy", CHENGDU)["toy.c"].local == 2
    reopened = EmbeddedStore.open(toy_dir, tmp_path / "state")
    assert reopened.node_counts("toy", CHENGDU)["toy.c"].local == 2
    assert reopened.get_enterprise("n1").name == "新企业n1"


def test_former_journal_is_migrated_once_and_its_torn_last_line_dropped(toy_dir, tmp_path):
    """A state directory of the former line format is read once into SQLite; a torn last line was never acknowledged."""
    import zlib

    from app.store.embedded.journal import encode

    state = tmp_path / "state"
    store = EmbeddedStore.open(toy_dir, state)
    sqlite_path = next(state.glob("journal-*.sqlite"))
    store.close()
    for p in state.iterdir():
        p.unlink()
    lines = [b"%08x " % zlib.crc32(body) + body + b"\n"
             for body in (encode(ChangeSet(enterprises=[new_enterprise(n)])) for n in ("n1", "n2"))]
    legacy = sqlite_path.with_suffix(".log")
    legacy.write_bytes(lines[0] + lines[1][:-7])  # a crash in the middle of the second write
    reopened = EmbeddedStore.open(toy_dir, state)
    assert reopened.enterprises(["n1", "n2"]).keys() == {"n1"}
    assert not legacy.exists() and legacy.with_name(legacy.name + ".migrated").exists()
    reopened.apply(ChangeSet(enterprises=[new_enterprise("n3")]))
    assert EmbeddedStore.open(toy_dir, state).enterprises(["n1", "n2", "n3"]).keys() == {"n1", "n3"}


def test_former_journal_damaged_before_its_end_is_refused_with_the_way_out(toy_dir, tmp_path):
    state = tmp_path / "state"
    EmbeddedStore.open(toy_dir, state).close()
    legacy = next(state.glob("journal-*.sqlite")).with_suffix(".log")
    next(state.glob("journal-*.sqlite")).unlink()
    legacy.write_bytes(b"00000000 {}\n00000000 {}\n")
    with pytest.raises(ChainMapError, match="第 1 行已损坏.*从备份恢复"):
        EmbeddedStore.open(toy_dir, state)
    assert legacy.exists(), "the former journal is left where it was"


def test_refused_change_writes_nothing(toy_dir, tmp_path):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    bad = ChangeSet(enterprises=[new_enterprise("n1")], links=[EnterpriseLink(enterprise_id="n1", node_id="toy.mat")])
    with pytest.raises(InvalidInput) as info:
        store.apply(bad)
    assert "toy.mat 不是叶子环节" in str(info.value)
    assert store.enterprises(["n1"]) == {}
    assert journal_rows(tmp_path / "state") == 0  # nothing journaled


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
