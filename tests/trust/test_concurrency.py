"""Concurrent writers lose no update and corrupt no record; readers see whole change sets. Both stores.

Threads stand in for the API server's worker pool (FastAPI runs sync routes in threads over one
store); a second :class:`EmbeddedStore` on the same journal stands in for a second process.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.errors import Conflict, InvalidInput
from app.services.datadir_import import import_datadir_file
from app.store.base import ChangeSet, ScopeFilter
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink, RegionLevel

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)
WRITERS, PER_BATCH = 6, 25


def batch_csv(w: int) -> bytes:
    rows = ["id,name,region_code,tags"] + [f"w{w}_{j},并发企业{w}号{j},510107," for j in range(PER_BATCH)]
    return ("\n".join(rows) + "\n").encode()


def test_parallel_imports_of_disjoint_batches_add_up(store):
    before = store.stats().enterprises
    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(lambda w: import_datadir_file(store, batch_csv(w), f"w{w}.csv"), range(WRITERS)))
    assert [r.created for r in results] == [PER_BATCH] * WRITERS
    assert store.stats().enterprises == before + WRITERS * PER_BATCH
    ids = [f"w{w}_{j}" for w in range(WRITERS) for j in range(PER_BATCH)]
    assert len(store.enterprises(ids)) == len(ids)


def test_concurrent_edits_of_one_enterprise_leave_one_whole_version(store):
    """Each writer writes a self-consistent record (name, revenue, employees all say k): the survivor is one of them."""
    base = store.get_enterprise("a2")

    def edit(k: int) -> None:
        for _ in range(5):
            store.apply(ChangeSet(enterprises=[base.model_copy(update={
                "name": f"甲二材料有限公司第{k}版", "revenue": float(k), "employees": k, "tags": (f"版本{k}",)})]))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(edit, range(1, 9)))
    final = store.get_enterprise("a2")
    k = int(final.employees)
    assert k in range(1, 9)
    assert (final.name, final.revenue, list(final.tags)) == (f"甲二材料有限公司第{k}版", float(k), [f"版本{k}"])
    assert store.enterprise_links(["a2"])["a2"][0].node_id == "toy.a"   # links untouched by field edits


def test_two_enterprises_claiming_one_uscc_at_once_one_wins(store):
    """Two creations racing for one USCC: one succeeds, the other is a Conflict — never two owners."""
    uscc = "91350100M000100Y43"
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def create(eid: str) -> None:
        barrier.wait()
        try:
            store.apply(ChangeSet(enterprises=[Enterprise(id=eid, name=f"抢码企业{eid}", region_code="510107", uscc=uscc)]))
            outcomes[eid] = "ok"
        except Conflict:
            outcomes[eid] = "conflict"

    threads = [threading.Thread(target=create, args=(eid,)) for eid in ("u1", "u2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes.values()) == ["conflict", "ok"], outcomes
    winner = next(eid for eid, o in outcomes.items() if o == "ok")
    assert store.ids_by_uscc([uscc]) == {uscc: winner}
    assert set(store.enterprises(["u1", "u2"])) == {winner}


def test_readers_never_see_half_a_change_set(store):
    """Each change set adds two Chengdu enterprises in toy.d; every read must see an even count."""
    stop = threading.Event()
    seen: list[int] = []
    odd: list[int] = []

    def write() -> None:
        for i in range(15):
            made = [Enterprise(id=f"r{i}_{j}", name=f"快照企业{i}_{j}", region_code="510107") for j in range(2)]
            store.apply(ChangeSet(enterprises=made, links=[EnterpriseLink(enterprise_id=e.id, node_id="toy.d") for e in made]))
        stop.set()

    def read() -> None:
        while not stop.is_set():
            count = store.node_counts("toy", CHENGDU).get("toy.d")
            n = count.local if count else 0
            seen.append(n)
            if n % 2:
                odd.append(n)
            members = store.node_members("toy.d", CHENGDU)
            if len(members) % 2:
                odd.append(-len(members))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    write()
    for t in readers:
        t.join(60)
    assert not odd, f"a reader saw part of a change set: {odd[:10]}"
    assert seen and max(seen) <= 30
    assert store.node_counts("toy", CHENGDU)["toy.d"].local == 30


def test_export_during_writes_is_a_consistent_snapshot(store):
    """A backup taken while writes go on holds every change set whole: no link to an enterprise it lacks."""
    stop = threading.Event()
    problems: list[str] = []

    def write() -> None:
        for i in range(12):
            made = [Enterprise(id=f"x{i}_{j}", name=f"备份企业{i}_{j}", region_code="510107") for j in range(3)]
            store.apply(ChangeSet(enterprises=made, links=[EnterpriseLink(enterprise_id=e.id, node_id="toy.d") for e in made]))
        stop.set()

    def backup() -> None:
        while not stop.is_set():
            ds = store.export()
            ids = {e.id for e in ds.enterprises}
            dangling = [x.enterprise_id for x in ds.links if x.enterprise_id not in ids]
            batch = [e.id for e in ds.enterprises if e.id.startswith("x")]
            linked = [x.enterprise_id for x in ds.links if x.enterprise_id.startswith("x")]
            if dangling or len(batch) % 3 or len(linked) != len(batch):
                problems.append(f"{len(batch)} enterprises, {len(linked)} links, dangling {dangling[:3]}")

    reader = threading.Thread(target=backup)
    reader.start()
    write()
    reader.join(120)
    assert not problems, problems[:5]


def test_link_to_an_enterprise_deleted_meanwhile_is_refused_not_dropped(store, monkeypatch):
    """Another writer deletes the enterprise between this write's checks and its transaction:
    the link must be written or refused, never acknowledged and silently missing."""
    import app.store.changes as changes_module

    if isinstance(store, EmbeddedStore):
        pytest.skip("the embedded store checks and writes under one lock, so no writer can come between")
    original = changes_module.check_changes
    deleted = []

    def check_then_someone_deletes(s, changes):
        original(s, changes)
        if changes.links and not deleted:
            deleted.append(True)
            s.apply(ChangeSet(delete_enterprises=["c2"]))

    monkeypatch.setattr("app.store.neo4j.store.check_changes", check_then_someone_deletes)
    with pytest.raises((Conflict, InvalidInput), match="c2"):
        store.apply(ChangeSet(links=[EnterpriseLink(enterprise_id="c2", node_id="toy.d")]))
    assert deleted
    assert store.enterprises(["c2"]) == {}
    assert "c2" not in store.enterprise_links(["c2"])


def test_second_process_catches_up_and_the_journal_stays_replayable(toy_dir, tmp_path):
    """Server and CLI on one embedded store: each change is checked against the other's writes too."""
    state = tmp_path / "state"
    server = EmbeddedStore.open(toy_dir, state)
    cli = EmbeddedStore.open(toy_dir, state)
    cli.apply(ChangeSet(delete_enterprises=["a1"]))
    with pytest.raises(InvalidInput, match="a1"):  # the server sees the CLI's delete before checking
        server.apply(ChangeSet(links=[EnterpriseLink(enterprise_id="a1", node_id="toy.c")]))
    assert server.enterprises(["a1"]) == {}
    cli.apply(ChangeSet(enterprises=[Enterprise(id="n8", name="命令行企业", region_code="510107")]))
    server.refresh()  # reads catch up too
    assert server.get_enterprise("n8").name == "命令行企业"
    server.apply(ChangeSet(enterprises=[Enterprise(id="n9", name="服务端企业", region_code="510107")]))
    reopened = EmbeddedStore.open(toy_dir, state)           # starts cleanly, with everyone's writes
    assert reopened.enterprises(["a1"]) == {}
    assert {"n8", "n9"} <= set(reopened.enterprises(["n8", "n9"]))
