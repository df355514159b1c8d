"""The target table: XLSX sheets and columns read back with openpyxl, CSV with BOM, JSON, formula injection."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from openpyxl import load_workbook

from app.outputs.table import COLUMNS, SHEET_KINDS, safe_cell, targets_csv, targets_json, targets_xlsx
from tests.outputs.builders import injected_table, toy_data


def _book(data):
    return load_workbook(io.BytesIO(targets_xlsx(data)))


def test_sheets_columns_and_rows_match_the_target_analysis():
    data = toy_data()
    wb = _book(data)
    assert wb.sheetnames == ["重点企业", "配套企业", "存量增资扩产", "区域协同伙伴", "说明"]
    for sheet, kind in zip(wb.sheetnames[:4], SHEET_KINDS, strict=True):
        ws, rows = wb[sheet], data.table.of_kind(kind)
        assert [c.value for c in ws[1]] == list(COLUMNS)
        got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
        assert [g[1] for g in got] == [r.name for r in rows]  # one row per group
        assert [g[0] for g in got] == list(range(1, len(rows) + 1))
        assert [g[4] for g in got] == ["、".join(r.node_names) for r in rows]
        assert [g[12] for g in got] == [round(r.score, 3) for r in rows]  # the page's 0–1 scale (issue 22)
        assert [(g[10], g[11]) for g in got] == [(round(r.feasibility, 3), round(r.value, 3)) for r in rows]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:N")
    # toy, Chengdu: e1 (小巨人, buys from c1) is a key target of 戊终端; d1 (no tags, no size) a supporting one
    assert "戊一终端有限公司" in [r.name for r in data.table.key]
    assert "丁一模组有限公司" in [r.name for r in data.table.supporting]


def test_numbers_are_numbers_with_units_in_the_format():
    wb = _book(toy_data())
    ws = wb["重点企业"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "戊一终端有限公司")
    assert row[9].value == 8 and row[9].data_type == "n" and "亿元" in row[9].number_format
    # numbers, not text (a whole number such as 52.0 reads back from the file as 52)
    assert all(isinstance(row[c].value, int | float) and row[c].data_type == "n" for c in (10, 11, 12))


def test_about_sheet_names_chain_scope_date_method_and_note():
    about = dict((a.value, b.value) for a, b in _book(toy_data())["说明"].iter_rows(min_row=2))
    assert about["产业链"] == "示例链（toy）" and about["范围"] == "成都市（510100）" and about["日期"] == "2025年1月2日"
    assert "完备度" in about["方法"] and "示意性演示数据" in about["数据说明"]


def test_formula_injection_is_neutralised_in_xlsx_and_csv():
    data = replace(toy_data(), table=injected_table())
    ws = _book(data)["重点企业"]
    cells = [c for c in ws[2]]
    assert cells[1].value.startswith("'=HYPERLINK") and cells[1].data_type == "s"
    assert cells[2].value == "'+北京市" and cells[4].value == "'@乙材料" and cells[5].value.startswith("'@乙材料")
    assert cells[8].value == "'=cmd" and cells[13].value == "'-理由"
    rows = list(csv.reader(io.StringIO(targets_csv(data).decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=") and rows[1][3] == "'+北京市"
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r)
    assert safe_cell(-3) == -3  # numbers stay numbers


def test_csv_is_utf8_with_bom_and_has_a_kind_column():
    data = toy_data()
    raw = targets_csv(data)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["类别", *COLUMNS] and len(rows) == 1 + len(data.table.rows)
    assert {r[0] for r in rows[1:]} <= {"重点企业", "配套企业", "存量企业增资扩产", "区域协同伙伴"}


def test_json_is_the_analysis_shape_with_date_and_note():
    data = toy_data()
    doc = json.loads(targets_json(data))
    assert doc["rows"] == data.table.model_dump(mode="json")["rows"]
    assert doc["date"] == "2025-01-02" and "示意性" in doc["note"]
