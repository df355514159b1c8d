"""The bulk importer's files (app/store/neo4j/bulk.py): typed columns, one row per key, the arguments naming each file."""
from __future__ import annotations

import csv

from app.store.base import SnapshotRecord
from app.store.neo4j.bulk import ARRAY, SNAPSHOTS, write_import_files


def _read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_the_files_hold_every_row_once_with_typed_columns(tmp_path, toy_dataset):
    snap = SnapshotRecord("toy", "region", "510100", "Q4", "2026-12-01T00:00:00Z", '{"x": 1}')
    args, written = write_import_files(toy_dataset, tmp_path, "neo4j", [snap])
    ds = toy_dataset
    assert written == (len({e.id for e in ds.enterprises}) + len({(x.enterprise_id, x.node_id) for x in ds.links})
                       + len({(s.supplier_id, s.customer_id) for s in ds.supply})
                       + len({(m.enterprise_id, m.park_id) for m in ds.park_members})
                       + sum(1 for e in ds.enterprises if e.parent_id))
    enterprises = _read(tmp_path / "enterprises.csv")
    header = enterprises[0]
    assert header[0] == "id:ID(Enterprise)" and "revenue:double" in header and "tags:string[]" in header
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in enterprises[1:]}
    c1 = next(e for e in ds.enterprises if e.id == "c1")
    assert float(by_id["c1"]["revenue:double"]) == c1.revenue and by_id["c1"]["city_code"] == "510100"
    assert by_id["c1"]["tags:string[]"] == ARRAY.join(c1.tags) and by_id["f1"]["active:boolean"] == "false"
    nodes = {r[0] for r in _read(tmp_path / "chain_nodes.csv")[1:]}
    assert {x.node_id for x in ds.links} <= nodes
    assert args[0] == "neo4j" and f"--array-delimiter={ARRAY}" in args
    assert sum(a.startswith(("--nodes=", "--relationships=")) for a in args) == 7
    assert (tmp_path / SNAPSHOTS).read_text(encoding="utf-8").count('"Q4"') == 1


def test_empty_strings_stay_strings_and_missing_values_stay_missing(tmp_path, toy_dataset):
    write_import_files(toy_dataset, tmp_path)
    text = (tmp_path / "enterprises.csv").read_text(encoding="utf-8")
    assert ',"",' in text or ',""\n' in text  # region_source "" is written quoted: an empty string, not a missing value
    assert ",," in text                       # a missing uscc / revenue: no property


def test_the_files_are_never_written_over_a_data_directory(tmp_path, toy_dataset):
    """``prepare OUT`` with OUT a data directory (its enterprises.csv, links.csv and supply.csv share the importer's names)
    is refused and leaves it as it was; a directory of an earlier prepare is written again."""
    import pytest

    from app.errors import InvalidInput

    data = tmp_path / "data"
    (data / "chains").mkdir(parents=True)
    (data / "enterprises.csv").write_text("id,name\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="choose an empty directory"):
        write_import_files(toy_dataset, data)
    assert (data / "enterprises.csv").read_text(encoding="utf-8") == "id,name\n"
    other = tmp_path / "other"
    other.mkdir()
    (other / "supply.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        write_import_files(toy_dataset, other)
    again = tmp_path / "import"
    args, _ = write_import_files(toy_dataset, again)
    assert write_import_files(toy_dataset, again)[0] == args  # its own files: written again
    assert (again / "import.args").read_text(encoding="utf-8").split("\n")[:-1] == args  # one a line
