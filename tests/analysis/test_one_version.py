"""An answer that reads the store several times is computed on one data version: a write that lands between the
ranking's column reads and its model reads (what the load test's writer did, once a StopIteration and a 500) gives
the answer of the data after the write, as if asked afresh."""
from __future__ import annotations

from app.analysis.service import resolve_scope, target_table
from app.store.base import ChangeSet
from tests.fixtures.analysis_graphs import toy_store


def _write_during_first_model_read(store, change):
    read = store.enterprises
    done = []

    def enterprises(ids):
        if not done:
            done.append(True)
            del store.enterprises  # the write reads as usual
            store.apply(change)
        return read(ids)

    store.enterprises = enterprises
    return done


def _promoted(store, row):
    """The row's plants made 链主 and 上市 (a write that changes roles and kinds)."""
    plants = store.enterprises([m.enterprise_id for m in row.members])
    return ChangeSet(enterprises=[e.model_copy(update={"tags": ("链主", "上市")}) for e in plants.values()])


def test_a_target_list_mixes_no_data_from_before_and_after_a_write():
    store = toy_store()
    scope = resolve_scope(store, region="510100")
    before = target_table(store, "toy", scope, limit=5)
    last = min((r for r in before.rows if r.kind.value in ("key", "supporting")), key=lambda r: r.score)
    done = _write_during_first_model_read(store, _promoted(store, last))
    during = target_table(store, "toy", scope, limit=5)
    assert done, "the write landed during the computation"
    assert during == target_table(store, "toy", scope, limit=5)
    assert during != before

