"""The embedded store built from whole columns holds exactly what one write at a time builds."""
from __future__ import annotations

import pytest

from app.datadir.dataset import DataSet
from app.datadir.fastread import read_columns
from app.datadir.io import read_data_dir
from app.settings import SEED_DIR
from app.store.base import ChangeSet
from app.store.embedded.store import EmbeddedStore


def _indexes(store: EmbeddedStore) -> dict:
    """Every index of the store in a form that does not depend on internal numbering (codes by text)."""
    t = store._table
    code = lambda no: t.codes[no] if no >= 0 else None  # noqa: E731
    num = lambda x: None if x != x else x  # noqa: E731  (NaN: unknown)
    return {
        "rows": {i: t.rows[r] for i, r in t.slot.items()},
        "numeric": {i: (num(t.revenue[r]), num(t.employees[r]), code(t.city[r]), code(t.province[r]), code(t.county[r]),
                        t.active[r], t.key[r], t.tag_sets[t.tagset[r]]) for i, r in t.slot.items()},
        "links": {t.rows[r][0]: dict(v) for r, v in store._links.items() if v},
        "members": {n: {t.rows[r][0] for r in rows} for n, rows in store._members.items() if rows},
        "city_members": {(n, code(c)): {t.rows[r][0] for r in rows}
                         for n, by in store._city_members.items() for c, rows in by.items() if rows},
        "key_rank": {(n, code(c)): [(p, t.rows[r][0]) for p, r in ranked]
                     for n, by in store._key_rank.items() for c, ranked in by.items() if ranked},
        "agg": {(level, n, c): list(cell) for level, by in store._agg.items() for n, cells in by.items()
                for c, cell in cells.items() if cell != [0, 0]},
        "national": {n: list(c) for n, c in store._national.items() if c != [0, 0]},
        "supply": {(t.rows[s][0], t.rows[c][0]): p for (s, c), p in store._supply.items()},
        "uscc": dict(store._uscc),
        "children": {k: set(v) for k, v in store._children.items() if v},
    }


def _one_at_a_time(ds: DataSet) -> EmbeddedStore:
    store = EmbeddedStore(DataSet(chains=ds.chains, parks=ds.parks, park_members=[], regions=ds.regions))
    store.apply(ChangeSet(enterprises=list(ds.enterprises), links=list(ds.links), supply=list(ds.supply)))
    return store


@pytest.mark.parametrize("source", ["seed", "synth"])
def test_bulk_build_equals_incremental_writes(source, synth_dir):
    path = SEED_DIR if source == "seed" else synth_dir
    ds = read_data_dir(path)
    bulk = _indexes(EmbeddedStore.open(path))
    assert bulk == _indexes(_one_at_a_time(ds))
    assert bulk["members"] and bulk["key_rank"] and bulk["supply"]  # the comparison covers real content
    assert bulk == _indexes(EmbeddedStore(ds))  # from models, without the reader's positions


def test_writes_after_a_bulk_build_keep_the_indexes_exact(synth_dir):
    ds, columns = read_columns(synth_dir)
    store = EmbeddedStore(ds, None, columns)
    full = read_data_dir(synth_dir)
    gone = [e.id for e in full.enterprises[::7]]
    moved = [e.model_copy(update={"region_code": "440305", "tags": ("上市",)})  # not below a deleted parent (synth has groups)
             for e in full.enterprises[1::11] if e.id not in set(gone) and e.parent_id not in set(gone)]
    store.apply(ChangeSet(enterprises=moved, delete_enterprises=gone))
    expected = _one_at_a_time(full)
    expected.apply(ChangeSet(enterprises=moved, delete_enterprises=gone))
    assert _indexes(store) == _indexes(expected)


def test_models_are_what_model_construct_builds():
    from app.store.embedded.table import FIELDS, constructor
    from graph_schema.models import Enterprise, EnterpriseLink

    store = EmbeddedStore.open(SEED_DIR)
    t = store._table
    for row in range(0, len(t.rows), 37):
        tags, name = t.group(row)  # the group rule's inherited tags travel with the model
        fast = t.model(row)
        ref = Enterprise.model_construct(**dict(zip(FIELDS, t.rows[row], strict=True)), group_tags=tags, group_name=name)
        assert fast == ref and fast.model_fields_set == ref.model_fields_set and fast.model_dump() == ref.model_dump()
        assert (fast.is_key, fast.active) == (ref.is_key, ref.active)
    link = {"enterprise_id": "e", "node_id": "n", "role": "core", "products": (), "grade": "confirmed", "evidence": ""}
    assert constructor(EnterpriseLink)(dict(link)) == EnterpriseLink.model_construct(**link)


def test_city_partners_equal_the_partners_of_the_city_rows(synth_dir):
    import numpy as np

    store = EmbeddedStore.open(synth_dir)
    full = read_data_dir(synth_dir)
    for _ in range(2):
        t, arrays = store._table, store._arrays
        num = t.numeric()
        for city in sorted({c for c in num["city"].tolist() if c >= 0}):
            local = np.flatnonzero((num["city"] == city) & num["active"])
            expected = arrays.partner_rows(store._supply, local)
            got = arrays.city_partners(store._supply, num["city"], num["active"], city, store._version)
            assert got.tolist() == expected.tolist()
        # after writes: deactivations, moves and deletions change who is a local partner
        gone = [e.id for e in full.enterprises[::13]]
        store.apply(ChangeSet(
            enterprises=[e.model_copy(update={"status": "注销"}) for e in full.enterprises[5::17] if e.id not in set(gone)],
            delete_enterprises=gone))
        full = store.export()
