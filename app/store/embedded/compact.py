"""Compaction of the embedded store's journal: every committed change replaced by the net change.

The net change is the difference between the data directory and the store's current state, as at
most two change sets: first the enterprises to delete (gone, or deleted and created again — deleting
them again drops what the deletion dropped: links, supply relations, park memberships), then every
enterprise, link and supply relation that differs. Replaying it over the data directory gives the
same state as replaying the whole journal (the compaction test checks the export, row for row).

>>> from app.store.base import ChangeSet
>>> from graph_schema.models import Enterprise
>>> base = DataSet(enterprises=[Enterprise(id="a", name="甲", region_code="510107")])
>>> now = DataSet(enterprises=[Enterprise(id="b", name="乙", region_code="510107")])
>>> [(c.delete_enterprises, [e.id for e in c.enterprises]) for c in net_changes(base, now)]
[(['a'], []), ([], ['b'])]
"""
from __future__ import annotations

from pathlib import Path

from app.datadir.dataset import DataSet
from app.errors import InvalidInput
from app.store.base import ChangeSet


def net_changes(base: DataSet, current: DataSet) -> list[ChangeSet]:
    """The change sets that turn ``base`` into ``current`` (the state a journal reached over it)."""
    now = {e.id: e for e in current.enterprises}
    before = {e.id: e for e in base.enterprises}
    now_supply = {(s.supplier_id, s.customer_id): s for s in current.supply}
    now_members = {(m.park_id, m.enterprise_id) for m in current.park_members}
    # enterprises a deletion touched: gone now, or holding fewer supply relations / park memberships than at the start
    redo = {eid for eid in before if eid not in now}
    redo |= {m.enterprise_id for m in base.park_members if (m.park_id, m.enterprise_id) not in now_members}
    in_park = {m.enterprise_id for m in current.park_members}
    for s in base.supply:  # a relation only goes with a deleted end; a re-created end has no park membership
        pair = (s.supplier_id, s.customer_id)
        if pair not in now_supply and not redo & set(pair):
            ends = {x for x in pair if x not in in_park}
            if not ends:
                raise InvalidInput(f"无法压缩：供应关系 {pair[0]} → {pair[1]} 已消失而两端仍在园区中 "
                                   f"(cannot compact: supply {pair} vanished while both ends are park members)")
            redo |= ends
    first = ChangeSet(delete_enterprises=sorted(redo)) if redo else None
    # the state after ``first``: what base holds of the enterprises that were not deleted again
    kept = {eid: e for eid, e in before.items() if eid not in redo}
    orphaned = {eid for eid, e in kept.items() if e.parent_id in redo}
    base_links = {(x.enterprise_id, x.node_id): x for x in base.links if x.enterprise_id not in redo}
    base_supply = {(s.supplier_id, s.customer_id): s for s in base.supply if s.supplier_id not in redo and s.customer_id not in redo}
    now_links = {(x.enterprise_id, x.node_id): x for x in current.links}
    second = ChangeSet(
        enterprises=[e for eid, e in sorted(now.items()) if kept.get(eid) != e or eid in orphaned],
        delete_links=sorted(k for k in base_links if k not in now_links),
        links=[x for k, x in sorted(now_links.items()) if base_links.get(k) != x],
        supply=[s for k, s in sorted(now_supply.items()) if base_supply.get(k) != s],
    )
    empty = not (second.enterprises or second.delete_links or second.links or second.supply)
    return [c for c in (first, None if empty else second) if c is not None]


def compact_journal(store, data_dir: Path) -> tuple[int, int]:
    """Replace the journal of ``store`` (opened over ``data_dir``) by its net change; (rows before, after)."""
    from app.datadir.io import read_data_dir

    if store._journal is None:
        return 0, 0
    base = read_data_dir(data_dir)

    def fold(others):
        for changes in others:
            store._apply_in_memory(changes)
        return net_changes(base, store.export())

    with store._lock:
        return store._journal.compact(fold)
