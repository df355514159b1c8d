"""`chainmap chains | stats | validate` through the real entry point."""
from __future__ import annotations

import json

from app.cli.main import main
from tests.fixtures.builders import write_csv


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_chains_json(toy_dir, capsys):
    code, out, _ = run(capsys, "--data", str(toy_dir), "chains", "--format", "json")
    assert code == 0
    assert json.loads(out) == [{"id": "toy", "name": "示例链", "name_en": "Toy chain", "node_count": 12, "leaf_count": 6}]


def test_stats_json(toy_dir, capsys):
    code, out, _ = run(capsys, "--data", str(toy_dir), "stats", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "chains": 1, "nodes": 12, "leaves": 6, "enterprises": 9, "enterprise_links": 9, "supply_links": 2,
        "parks": 1, "regions_with_enterprises": 5, "cities_with_enterprises": 3,
    }


def test_chains_table_is_human_readable(toy_dir, capsys):
    code, out, _ = run(capsys, "--data", str(toy_dir), "chains")
    assert code == 0 and "示例链" in out and "环节 links" in out


def test_validate_ok(toy_dir, capsys):
    code, out, _ = run(capsys, "--data", str(toy_dir), "validate")
    assert code == 0 and "有效 valid" in out


def test_validate_names_file_row_and_field(toy_dir, capsys):
    write_csv(toy_dir / "supply.csv", ["supplier_id", "customer_id", "product"], [("b1", "c1", "x"), ("b1", "ghost", "y")])
    code, out, err = run(capsys, "--data", str(toy_dir), "validate")
    assert code == 1
    assert "supply.csv, 第 3 行 (row 3), 字段 customer_id: 企业 ghost 不存在 (unknown enterprise)" in out
    assert "Traceback" not in err


def test_unknown_data_dir_is_one_line_error(tmp_path, capsys):
    code, _, err = run(capsys, "--data", str(tmp_path / "nope"), "chains")
    assert code == 1 and err.count("\n") == 1 and "数据目录不存在" in err


def test_export_writes_a_loadable_copy_including_journaled_writes(toy_dir, tmp_path, capsys):
    from app.datadir.io import read_data_dir
    from app.store.base import ChangeSet
    from app.store.embedded.store import EmbeddedStore
    from graph_schema.models import Enterprise

    state = tmp_path / "state"  # the autouse fixture points CHAINMAP_STATE_DIR here
    EmbeddedStore.open(toy_dir, state).apply(ChangeSet(enterprises=[Enterprise(id="n1", name="新企业", region_code="510107")]))
    code, out, _ = run(capsys, "--data", str(toy_dir), "export", "--out", str(tmp_path / "backup"))
    assert code == 0 and "10 家企业" in out
    copy = read_data_dir(tmp_path / "backup")
    assert {e.id for e in copy.enterprises} == {e.id for e in read_data_dir(toy_dir).enterprises} | {"n1"}
