"""Durable state on a full disk and after damage (issue 20, items 1 and 2).

The state directory sits on a small tmpfs (a real ENOSPC; skipped where tmpfs cannot be mounted) or
an I/O error is injected at COMMIT: every acknowledged write survives a restart, every refused one
left nothing, in memory or on disk, and start-up after damage says what happened and the way out.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.errors import InsufficientStorage, StateDamaged, StoreUnavailable
from app.settings import Settings
from app.store.base import ChangeSet
from app.store.embedded.journal import journal_path
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink
from tests.api.conftest import KEYS, as_role
from tests.fixtures.failing_disk import FailingCommit
from tests.trust.conftest import PYTHON, child_env


def batch(n: int, size: int = 60) -> ChangeSet:
    made = [Enterprise(id=f"d{n}_{j}", name=f"磁盘测试企业{n}号{j}" + "很长的名称" * 20, region_code="510107",
                       tags=[f"标签{k}" for k in range(8)]) for j in range(size)]
    return ChangeSet(enterprises=made, links=[EnterpriseLink(enterprise_id=e.id, node_id="toy.d") for e in made])


def held(store: EmbeddedStore, n: int, size: int = 60) -> int:
    return len(store.enterprises([f"d{n}_{j}" for j in range(size)]))


@pytest.fixture
def small_disk():
    """A 1.5 MB tmpfs of our own, unmounted afterwards; skipped where mounting is not allowed."""
    mount = Path(f"/tmp/chainmap-tmpfs-{uuid.uuid4().hex[:8]}")
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(mount)], capture_output=True)
    if r.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
        mount.rmdir()


def test_full_disk_refuses_whole_writes_and_keeps_every_acknowledged_one(toy_dir, small_disk):
    state = small_disk / "state"
    filler = small_disk / "filler"
    filler.write_bytes(os.urandom(300_000))  # space to free later
    store = EmbeddedStore.open(toy_dir, state)
    acked, refused = [], []
    for n in range(200):
        try:
            store.apply(batch(n))
            acked.append(n)
        except InsufficientStorage as exc:
            assert "磁盘已满" in exc.message and "nothing was changed" in exc.message
            assert exc.status == 507
            refused.append(n)
            assert held(store, n) == 0, "a refused write changed the store in memory"
            if len(refused) >= 3:
                break
    assert acked and len(refused) == 3, f"the disk never filled: {len(acked)} batches acknowledged"
    filler.unlink()  # space freed: the next write goes through
    store.apply(batch(1000))
    acked.append(1000)
    store.close()
    reopened = EmbeddedStore.open(toy_dir, state)
    assert [n for n in acked if held(reopened, n) != 60] == [], "an acknowledged write was lost"
    assert [n for n in refused if held(reopened, n)] == [], "a refused write came back after the restart"
    reopened.close()  # closing checkpoints the WAL into the database, on a disk that is nearly full again
    again = EmbeddedStore.open(toy_dir, state)
    assert [n for n in acked if held(again, n) != 60] == [] and [n for n in refused if held(again, n)] == []


def test_full_disk_answers_507_through_the_api_and_the_refused_write_is_absent_after_restart(toy_dir, small_disk):
    settings = Settings(data_dir=toy_dir, state_dir=small_disk / "state",
                        api_keys=",".join(f"{k}:{role}" for role, k in KEYS.items()))
    statuses = []
    with TestClient(create_app(settings)) as client:
        for n in range(300):
            body = {"id": f"api{n}", "name": f"接口企业{n}" + "名" * 100, "region_code": "510107",
                    "tags": [f"标签{k}" * 8 for k in range(20)]}
            r = client.post("/enterprises", json=body, headers=as_role("admin"))
            statuses.append(r.status_code)
            if r.status_code == 507:
                assert r.headers["content-type"].startswith("application/problem+json")
                assert "磁盘已满" in r.json()["detail"]
                break
        assert statuses[-1] == 507, f"never refused: {statuses[-5:]}"
    assert set(statuses[:-1]) == {201} or set(statuses[:-1]) == {200}
    refused = f"api{len(statuses) - 1}"
    reopened = EmbeddedStore.open(toy_dir, small_disk / "state")
    assert len(reopened.enterprises([f"api{n}" for n in range(len(statuses) - 1)])) == len(statuses) - 1
    assert reopened.enterprises([refused]) == {}




@pytest.mark.parametrize("message,error,status", [("disk I/O error", StoreUnavailable, 503),
                                                  ("database or disk is full", InsufficientStorage, 507)])
def test_io_error_at_commit_refuses_the_write_and_leaves_nothing(toy_dir, tmp_path, message, error, status):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.apply(batch(0))
    real = store._journal._con
    store._journal._con = FailingCommit(real, message)
    with pytest.raises(error) as info:
        store.apply(batch(1))
    assert info.value.status == status and "nothing was changed" in info.value.message
    assert held(store, 1) == 0
    store._journal._con = real
    store.apply(batch(2))
    reopened = EmbeddedStore.open(toy_dir, tmp_path / "state")
    assert (held(reopened, 0), held(reopened, 1), held(reopened, 2)) == (60, 0, 60)


def damage(state: Path, toy_dir: Path, sql: str) -> None:
    with sqlite3.connect(journal_path(toy_dir, state)) as con:
        con.execute(sql)


def test_changed_byte_stops_start_up_in_words_and_truncate_is_the_way_out(toy_dir, tmp_path):
    state = tmp_path / "state"
    store = EmbeddedStore.open(toy_dir, state)
    for n in range(3):
        store.apply(batch(n, 5))
    store.close()
    damage(state, toy_dir, "UPDATE changes SET body = CAST(replace(CAST(body AS TEXT), '磁盘', '硬盘') AS BLOB) WHERE seq = 3")
    with pytest.raises(StateDamaged, match=r"第 3 条变更已损坏.*校验和不符.*chainmap state truncate --from 3"):
        EmbeddedStore.open(toy_dir, state)
    env = child_env(CHAINMAP_DATA_DIR=str(toy_dir), CHAINMAP_STATE_DIR=str(state))
    check = subprocess.run([PYTHON, "-m", "app.cli.main", "state", "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 1 and "第 3 条" in check.stdout, check.stdout + check.stderr
    fix = subprocess.run([PYTHON, "-m", "app.cli.main", "state", "truncate", "--from", "3"], env=env,
                         capture_output=True, text=True)
    assert fix.returncode == 0, fix.stderr
    reopened = EmbeddedStore.open(toy_dir, state)
    assert (held(reopened, 0, 5), held(reopened, 1, 5), held(reopened, 2, 5)) == (5, 5, 0)


def test_valid_checksum_but_bad_content_is_named_not_a_traceback(toy_dir, tmp_path):
    import zlib

    state = tmp_path / "state"
    EmbeddedStore.open(toy_dir, state).apply(batch(0, 5))
    body = b'{"enterprises":[{"id":"x"}],"links":[],"supply":[],"delete_enterprises":[],"delete_links":[]}'
    damage(state, toy_dir, f"INSERT INTO changes (crc, body) VALUES ({zlib.crc32(body)}, X'{body.hex()}')")
    with pytest.raises(StateDamaged, match=r"第 2 条变更已损坏.*内容无效"):
        EmbeddedStore.open(toy_dir, state)
    body = b'{"enterprises":[],"links":[{"enterprise_id":"nobody","node_id":"toy.d"}],"supply":[],' \
           b'"delete_enterprises":[],"delete_links":[]}'
    damage(state, toy_dir, f"UPDATE changes SET crc = {zlib.crc32(body)}, body = X'{body.hex()}' WHERE seq = 2")
    with pytest.raises(StateDamaged, match=r"第 2 条变更已损坏.*无法应用"):
        EmbeddedStore.open(toy_dir, state)


def test_damage_appended_while_serving_answers_503_in_words_and_readyz_says_so(api_settings):
    with TestClient(create_app(api_settings)) as client:
        assert client.get("/readyz").status_code == 200
        damage(api_settings.state_dir, api_settings.data_dir, "INSERT INTO changes (crc, body) VALUES (1, X'00')")
        r = client.get("/readyz")
        assert r.status_code == 503 and "已损坏" in r.json()["detail"] and "truncate" in r.json()["detail"]
        r = client.get("/chains", headers=as_role("viewer"))
        assert r.status_code in (200, 503)  # a read that does not catch up may still answer from memory
        r = client.post("/enterprises", json={"id": "z1", "name": "新企业", "region_code": "510107"}, headers=as_role("admin"))
        assert r.status_code == 503 and "已损坏" in r.json()["detail"]
        assert client.get("/healthz").status_code == 200


def test_compaction_keeps_the_state_and_a_second_process_keeps_going(toy_dir, tmp_path):
    from app.store.embedded.compact import compact_journal

    state = tmp_path / "state"
    store = EmbeddedStore.open(toy_dir, state)
    other = EmbeddedStore.open(toy_dir, state)
    for n in range(4):
        store.apply(batch(n, 5))
    a2 = store.get_enterprise("a2")
    store.apply(ChangeSet(enterprises=[a2.model_copy(update={"revenue": 77.0})]))
    store.apply(ChangeSet(delete_enterprises=["c1", "d0_1"]))
    store.apply(ChangeSet(enterprises=[Enterprise(id="c1", name="重新登记的丙一", region_code="510107")]))
    store.apply(ChangeSet(delete_links=[("d1_0", "toy.d")]))
    other.refresh()
    expected = store.export()
    assert compact_journal(store, toy_dir) == (8, 2)
    after = EmbeddedStore.open(toy_dir, state).export()
    for part in ("enterprises", "links", "supply", "park_members"):
        assert getattr(after, part) == getattr(expected, part), part
    other.apply(ChangeSet(enterprises=[Enterprise(id="late", name="压缩后企业", region_code="510107")]))
    store.refresh()
    assert store.get_enterprise("late").name == "压缩后企业"
    assert EmbeddedStore.open(toy_dir, state).get_enterprise("late").name == "压缩后企业"


def test_text_acknowledged_before_the_text_rules_still_loads_salvaged(toy_dir, tmp_path):
    import zlib

    state = tmp_path / "state"
    EmbeddedStore.open(toy_dir, state).close()
    body = ('{"enterprises":[{"id":"old1","name":"旧\\u0001企业","region_code":"510107","tags":["a\\u0001b"]}],'
            '"links":[],"supply":[],"delete_enterprises":[],"delete_links":[]}').encode()
    damage(state, toy_dir, f"INSERT INTO changes (crc, body) VALUES ({zlib.crc32(body)}, X'{body.hex()}')")
    e = EmbeddedStore.open(toy_dir, state).get_enterprise("old1")
    assert (e.name, e.tags) == ("旧企业", ("ab",))


def test_review_rejections_of_the_former_json_file_are_read_in_once(toy_dir, tmp_path):
    import json

    from app.services.review import RejectionLog

    path = tmp_path / "state" / "review-rejections-abc.sqlite"
    path.parent.mkdir(parents=True)
    path.with_suffix(".json").write_text(json.dumps([["c1", "toy.d"]]), encoding="utf-8")
    log = RejectionLog(path)
    assert log.pairs() == {("c1", "toy.d")}
    log.add("a1", "toy.a")
    assert RejectionLog(path).pairs() == {("c1", "toy.d"), ("a1", "toy.a")}
    assert path.with_name(path.name[: -len(".sqlite")] + ".json.migrated").exists()


def test_the_cli_says_what_is_damaged_in_one_line_with_the_way_out(toy_dir, tmp_path):
    state = tmp_path / "state"
    EmbeddedStore.open(toy_dir, state).apply(batch(0, 3))
    damage(state, toy_dir, "UPDATE changes SET crc = crc + 1 WHERE seq = 1")
    env = child_env(CHAINMAP_DATA_DIR=str(toy_dir), CHAINMAP_STATE_DIR=str(state))
    r = subprocess.run([PYTHON, "-m", "app.cli.main", "stats"], env=env, capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "第 1 条变更已损坏" in r.stderr and "chainmap state truncate --from 1" in r.stderr


def test_a_rejection_interrupted_before_its_deletion_is_finished_by_the_next_queue_listing(tmp_path):
    from app.services.review import RejectionLog, reject_link, review_queue
    from tests.fixtures.registry.samples import toy_store

    store = toy_store()
    (row,), total = review_queue(store)
    pair = (row["enterprise_id"], row["node_id"])
    log = RejectionLog(tmp_path / "review-rejections.sqlite")
    apply = store.apply

    def crash(changes):
        raise OSError("磁盘已满 (simulated crash between the two commits)")

    store.apply = crash
    with pytest.raises(OSError):
        reject_link(store, *pair, log)
    store.apply = apply
    assert pair in RejectionLog(log.path).pairs()  # the decision was committed first …
    assert any(link.node_id == pair[1] for link in store.enterprise_links([pair[0]])[pair[0]])  # … the link is still there
    assert review_queue(store, log=RejectionLog(log.path)) == ([], 0)  # the next listing finishes the rejection
    assert all(link.node_id != pair[1] for link in store.enterprise_links([pair[0]]).get(pair[0], []))
