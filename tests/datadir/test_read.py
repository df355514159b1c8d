"""Reading a data directory: valid data loads; every rule refuses a bad example by file, row and field."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from app.datadir.io import read_data_dir, write_data_dir
from app.errors import InvalidInput
from tests.fixtures.builders import TOY_CHAIN, write_csv, write_toy_dir


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        read_data_dir(path)
    return [str(p) for p in info.value.problems]


def test_toy_dir_loads(toy_dir):
    ds = read_data_dir(toy_dir)
    assert list(ds.chains) == ["toy"]
    assert len(ds.chains["toy"].leaf_ids) == 6
    assert len(ds.enterprises) == 9 and len(ds.links) == 9 and len(ds.supply) == 2


def test_missing_files_fall_back_to_nothing(tmp_path):
    (tmp_path / "chains").mkdir()
    ds = read_data_dir(tmp_path)
    assert ds.chains == {} and ds.enterprises == []
    assert "510100" in ds.regions  # the national list still ships


def _edit_csv(path: Path, row: int, column: str, value: str) -> None:
    import csv

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[row - 2][column] = value
    write_csv(path, list(rows[0].keys()), [list(r.values()) for r in rows])


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "expected"),
    [
        ("enterprises.csv", 3, "uscc", "91350100M000100Y44", "enterprises.csv, 第 3 行 (row 3), 字段 uscc: 统一社会信用代码校验位错误"),
        ("enterprises.csv", 4, "region_code", "999999", "enterprises.csv, 第 4 行 (row 4), 字段 region_code: 行政区划代码 999999 不存在"),
        ("enterprises.csv", 2, "region_code", "5101", "字段 region_code: 行政区划代码应为 6 位数字"),
        ("enterprises.csv", 5, "id", "a1", "enterprises.csv, 第 5 行 (row 5), 字段 id: 编号 a1 重复"),
        ("enterprises.csv", 2, "revenue", "很多", "enterprises.csv, 第 2 行 (row 2), 字段 revenue: 应为数字"),
        ("enterprises.csv", 2, "founded", "2020/01", "字段 founded: 成立日期应为 YYYY 或 YYYY-MM-DD"),
        ("enterprises.csv", 2, "status", "倒闭", "字段 status: 登记状态应为"),
        ("enterprise_nodes.csv", 3, "node_id", "toy.mat", "enterprise_nodes.csv, 第 3 行 (row 3), 字段 node_id: 企业只能挂在叶子环节上"),
        ("enterprise_nodes.csv", 2, "node_id", "toy.zzz", "字段 node_id: 环节 toy.zzz 不存在"),
        ("enterprise_nodes.csv", 2, "enterprise_id", "ghost", "字段 enterprise_id: 企业 ghost 不存在 (unknown enterprise)"),
        ("enterprise_nodes.csv", 2, "role", "boss", "字段 role: 取值无效"),
        ("supply.csv", 2, "customer_id", "ghost", "supply.csv, 第 2 行 (row 2), 字段 customer_id: 企业 ghost 不存在 (unknown enterprise)"),
        ("parks.csv", 2, "lead_chains", "nochain", "字段 lead_chains: 主导产业链 nochain 不存在"),
        ("park_enterprises.csv", 3, "park_id", "nopark", "park_enterprises.csv, 第 3 行 (row 3), 字段 park_id: 园区 nopark 不在园区表中"),
    ],
)
def test_bad_row_is_refused_with_file_row_and_field(toy_dir, file, row, column, value, expected):
    _edit_csv(toy_dir / file, row, column, value)
    problems = problems_of(toy_dir)
    assert any(expected in p for p in problems), problems


def test_duplicate_uscc_is_refused(toy_dir):
    _edit_csv(toy_dir / "enterprises.csv", 2, "uscc", "91350100M000100Y43")
    _edit_csv(toy_dir / "enterprises.csv", 3, "uscc", "91350100M000100Y43")
    assert any("第 3 行" in p and "重复" in p for p in problems_of(toy_dir))


def test_missing_column_is_named(toy_dir):
    write_csv(toy_dir / "supply.csv", ["supplier", "customer_id"], [("b1", "c1")])
    assert any("supply.csv, 第 1 行 (row 1), 字段 supplier_id: 缺少必需的列" in p for p in problems_of(toy_dir))


def _write_chain(root: Path, doc: dict) -> Path:
    return write_toy_dir(root, doc)


def test_feeds_cycle_is_refused(tmp_path):
    doc = copy.deepcopy(TOY_CHAIN)
    doc["feeds"].append(["toy.e", "toy.a"])
    problems = problems_of(_write_chain(tmp_path / "d", doc))
    assert any("chains/toy.yaml" in p and "FEEDS 成环" in p for p in problems)


def test_feeds_between_non_leaves_is_refused(tmp_path):
    doc = copy.deepcopy(TOY_CHAIN)
    doc["feeds"].append(["toy.mat", "toy.c"])
    assert any("FEEDS 只能连接叶子环节" in p for p in problems_of(_write_chain(tmp_path / "d", doc)))


def test_weight_out_of_range_is_refused_with_its_path(tmp_path):
    doc = copy.deepcopy(TOY_CHAIN)
    doc["nodes"][0]["children"][0]["children"][0]["weight"] = 1.5
    problems = problems_of(_write_chain(tmp_path / "d", doc))
    assert any("nodes[0].children[0].children[0].weight" in p for p in problems)


def test_related_to_unknown_link_is_refused(tmp_path):
    doc = copy.deepcopy(TOY_CHAIN)
    doc["related"] = [["toy.c", "other.x", "supply"]]
    assert any("关联边指向不存在的环节 other.x" in p for p in problems_of(_write_chain(tmp_path / "d", doc)))


def test_nothing_is_loaded_when_one_row_is_bad(toy_dir):
    _edit_csv(toy_dir / "enterprises.csv", 9, "region_code", "000000")
    with pytest.raises(InvalidInput) as info:
        read_data_dir(toy_dir)
    assert "未加载任何数据" in info.value.message


def test_write_then_read_round_trips(toy_dir, tmp_path):
    ds = read_data_dir(toy_dir)
    write_data_dir(ds, tmp_path / "copy")
    again = read_data_dir(tmp_path / "copy")
    assert again.enterprises == ds.enterprises and again.links == ds.links and again.supply == ds.supply
    assert again.parks == ds.parks and again.park_members == ds.park_members
    assert again.chains["toy"].nodes == ds.chains["toy"].nodes and again.chains["toy"].feeds == ds.chains["toy"].feeds
