"""Snapshots on both stores: saved in one transaction, listed oldest first, a label used twice refused, and the
snapshot → import → diff cycle (issue 18, item 3): one enterprise added to a missing link shows the link
missing → weak and the enterprise as entered; removed again, the reverse."""
from __future__ import annotations

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.snapshots import changes_since, list_snapshots, save_snapshot
from app.errors import Conflict, NotFound
from app.store.base import ChangeSet, SnapshotRecord
from graph_schema.models import Enterprise, EnterpriseLink


def test_saved_snapshots_are_listed_oldest_first_and_a_label_is_used_once(store):
    store.save_snapshot(SnapshotRecord("toy", "region", "510100", "Q4", "2026-12-01T00:00:00Z", '{"x": 1}'))
    store.save_snapshot(SnapshotRecord("toy", "region", "510100", "Q3", "2026-10-01T00:00:00Z", "{}"))
    store.save_snapshot(SnapshotRecord("toy", "park", "toy-park", "Q4", "2026-12-01T00:00:00Z", "{}"))
    with pytest.raises(Conflict):
        store.save_snapshot(SnapshotRecord("toy", "region", "510100", "Q4", "2026-12-02T00:00:00Z", "{}"))
    saved = store.snapshots("toy")
    assert [(s.scope_code, s.label) for s in saved] == [("510100", "Q3"), ("510100", "Q4"), ("toy-park", "Q4")]
    assert saved[1].body == '{"x": 1}' and saved[1].taken_at == "2026-12-01T00:00:00Z"
    assert store.snapshots("other") == []
    assert len(store.snapshots()) == 3


def test_snapshot_import_diff_cycle(store):
    chengdu = resolve_scope(store, region="成都")
    info = save_snapshot(store, "toy", chengdu, label="before", now="2026-10-01T09:00:00Z")
    assert info.counts.missing >= 1 and info.label == "before"
    with pytest.raises(NotFound, match="no snapshot labelled"):
        changes_since(store, "toy", chengdu, since="no-such-label")

    store.apply(ChangeSet(enterprises=[Enterprise(id="snap1", name="成都乙材料新厂", region_code="510104")],
                          links=[EnterpriseLink(enterprise_id="snap1", node_id="toy.b")]))
    d = changes_since(store, "toy", chengdu, since="before", now="2026-11-01T09:00:00Z")
    assert [(c.node_id, c.before.value, c.after.value) for c in d.changed] == [("toy.b", "missing", "weak")]
    assert [(e.enterprise_id, e.node_id, e.name) for e in d.entered] == [("snap1", "toy.b", "成都乙材料新厂")]
    assert d.left == () and d.completeness.after > d.completeness.before
    assert d.since.label == "before" and d.now == "2026-11-01T09:00:00Z"
    b1 = next(t for t in d.landed_targets) if d.landed_targets else None
    assert b1 is None  # a new firm of no listed group is an entry, not a landed target

    save_snapshot(store, "toy", chengdu, label="after", now="2026-11-01T10:00:00Z")
    store.apply(ChangeSet(delete_enterprises=["snap1"]))
    back = changes_since(store, "toy", chengdu, now="2026-12-01T09:00:00Z")  # the latest: "after"
    assert back.since.label == "after"
    assert [(c.node_id, c.before.value, c.after.value) for c in back.changed] == [("toy.b", "weak", "missing")]
    assert [(e.enterprise_id, e.node_id, e.name) for e in back.left] == [("snap1", "toy.b", "成都乙材料新厂")]
    assert back.entered == () and back.completeness.after == d.completeness.before
    by_date = changes_since(store, "toy", chengdu, since="2026-10-15")  # the last snapshot that day or before
    assert by_date.since.label == "before" and by_date.changed == ()
    assert [s.label for s in list_snapshots(store, "toy", chengdu).snapshots] == ["before", "after"]


def test_a_landed_target_is_named(store):
    """b1 (乙材料, 武汉) is on 成都's target list for the missing link toy.b; a new 成都 plant of b1 lands it."""
    chengdu = resolve_scope(store, region="成都")
    save_snapshot(store, "toy", chengdu, label="list", now="2026-10-01T09:00:00Z")
    store.apply(ChangeSet(enterprises=[Enterprise(id="b1cd", name="乙一材料（成都）有限公司", region_code="510104",
                                                  parent_id="b1")],
                          links=[EnterpriseLink(enterprise_id="b1cd", node_id="toy.b")]))
    d = changes_since(store, "toy", chengdu, since="list")
    assert [(t.enterprise_id, t.via, t.node_ids) for t in d.landed_targets] == [("b1", ("b1cd",), ("toy.b",))]
    assert "已落地" in d.landed_targets[0].reasons[0].zh


def test_no_snapshot_yet_is_not_found(store):
    with pytest.raises(NotFound, match="save one first"):
        changes_since(store, "toy", resolve_scope(store, region="长沙"))


def test_snapshots_survive_a_replace_load(store, toy_dataset):
    """A review is not data: reloading the data set with ``replace`` keeps every saved snapshot (issue 18)."""
    store.save_snapshot(SnapshotRecord("toy", "region", "510100", "kept", "2026-12-01T00:00:00Z", '{"x": 1}'))
    store.load(toy_dataset, replace=True)
    assert [(s.label, s.body) for s in store.snapshots("toy")] == [("kept", '{"x": 1}')]
    with pytest.raises(Conflict):
        store.save_snapshot(SnapshotRecord("toy", "region", "510100", "kept", "2026-12-02T00:00:00Z", "{}"))
