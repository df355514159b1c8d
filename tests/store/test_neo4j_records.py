"""The Neo4j store builds enterprise models from stored properties without validating again: the same models as validating."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.datadir.io import read_data_dir
from app.regions import RegionIndex
from app.settings import SEED_DIR
from app.store.neo4j.records import enterprise_from, enterprise_row, enterprise_stored


def _as_stored(row: dict) -> dict:
    """A row as Neo4j gives it back: lists for tuples, no null properties."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in row.items() if v is not None}


def test_every_seed_enterprise_is_the_validated_model():
    regions = RegionIndex.national()
    for i, e in enumerate(read_data_dir(SEED_DIR).enterprises):
        row = _as_stored(enterprise_row(e, regions))
        if i % 3 == 0:  # some with a group's tags, as regroup_enterprises writes them
            row.update(group_tags=["链主", "上市"], group_name="某集团")
        for plain in (False, True):
            want, got = enterprise_from(row, plain), enterprise_stored(row, plain)
            assert got == want and got.model_dump_json() == want.model_dump_json(), e.id


@pytest.mark.parametrize("change", [
    {"revenue": 3},                  # an integer: validation makes it a float
    {"status": ""},                  # empty: validation makes it 存续
    {"uscc": ""},                    # empty: None
    {"former_names": [" 旧名 ", "旧名"]},  # cleaned and deduplicated
    {"employees": 7.0},              # a whole float: an int
])
def test_values_a_validation_would_change_are_validated(change):
    row = {"id": "a1", "name": "甲", "region_code": "510107", **change}
    assert enterprise_stored(row) == enterprise_from(row)
    assert enterprise_stored(row).model_dump_json() == enterprise_from(row).model_dump_json()


@pytest.mark.parametrize("change", [
    {"region_code": "5101"}, {"id": "a 1"}, {"status": "倒闭"}, {"revenue": -1.0}, {"parent_id": "a1"},
    {"name": None}, {"unknown": 1}, {"tags": "上市"},
])
def test_invalid_stored_values_still_raise(change):
    row = {"id": "a1", "name": "甲", "region_code": "510107", **change}
    with pytest.raises(ValidationError):
        enterprise_stored(row)
