"""The embedded store keeps snapshots in its durable state: they survive a restart and a compaction of the
journal, and a save that fails at COMMIT (full disk: 507, I/O error: 503) keeps nothing."""
from __future__ import annotations

import pytest

from app.errors import InsufficientStorage, StoreUnavailable
from app.store.base import SnapshotRecord
from app.store.embedded.store import EmbeddedStore
from tests.fixtures.failing_disk import FailingCommit


def record(label: str) -> SnapshotRecord:
    return SnapshotRecord("toy", "region", "510100", label, f"2026-10-0{len(label)}T00:00:00Z", '{"k": "v"}')




def test_a_snapshot_survives_a_restart(toy_dir, tmp_path):
    EmbeddedStore.open(toy_dir, tmp_path / "state").save_snapshot(record("Q3"))
    reopened = EmbeddedStore.open(toy_dir, tmp_path / "state")
    assert [(s.label, s.body) for s in reopened.snapshots("toy")] == [("Q3", '{"k": "v"}')]


@pytest.mark.parametrize("message,error,status", [("disk I/O error", StoreUnavailable, 503),
                                                  ("database or disk is full", InsufficientStorage, 507)])
def test_a_failed_commit_keeps_nothing(toy_dir, tmp_path, message, error, status):
    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.save_snapshot(record("Q3"))
    real = store._journal._db()
    store._journal._con = FailingCommit(real, message)
    with pytest.raises(error) as info:
        store.save_snapshot(record("Q4x"))
    assert info.value.status == status and "nothing was changed" in info.value.message
    store._journal._con = real
    assert [s.label for s in store.snapshots()] == ["Q3"]
    assert [s.label for s in EmbeddedStore.open(toy_dir, tmp_path / "state").snapshots()] == ["Q3"]


def test_compacting_the_journal_keeps_the_snapshots(toy_dir, tmp_path):
    from app.store.base import ChangeSet
    from app.store.embedded.compact import compact_journal
    from graph_schema.models import Enterprise

    store = EmbeddedStore.open(toy_dir, tmp_path / "state")
    store.save_snapshot(record("Q3"))
    store.apply(ChangeSet(enterprises=[Enterprise(id="n1", name="新企业", region_code="510107")]))
    assert compact_journal(store, toy_dir) == (1, 1)
    assert [s.label for s in EmbeddedStore.open(toy_dir, tmp_path / "state").snapshots()] == ["Q3"]
