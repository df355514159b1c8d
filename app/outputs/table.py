"""重点企业和配套企业招商名录表 — the target table as XLSX, CSV and JSON.

Every text cell goes through :func:`safe_cell`, so a name like ``=HYPERLINK(...)`` from imported
data stays text in Excel instead of becoming a formula (CSV/formula injection, OWASP).

>>> safe_cell("=1+1"), safe_cell("-5 万元"), safe_cell("京东方"), safe_cell(0.5)
("'=1+1", "'-5 万元", '京东方', 0.5)
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.analysis.results import MODE_LABELS, TARGET_KIND_LABELS, TargetKind, TargetRow
from app.outputs.bundle import ReportData
from app.outputs.style import METHOD, SEED_NOTE, date_label
from graph_schema.text import spreadsheet_safe

COLUMNS = ("序号", "企业名称", "所在地", "对应环节", "补链类型", "企业标签", "规模", "推荐分", "推荐理由")
WIDTHS = (6, 30, 20, 16, 9, 22, 12, 8, 90)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate (the one rule: :func:`graph_schema.text.spreadsheet_safe`)."""
    return spreadsheet_safe(value)


def score_100(row: TargetRow) -> float:
    """The recommendation score on a 0–100 scale (the analysis score × 100, one decimal)."""
    return round(row.score * 100, 1)


def scale_text(row: TargetRow) -> str:
    if row.revenue is not None:
        return f"{row.revenue:g} 亿元"
    return f"{row.employees} 人" if row.employees is not None else ""


def _values(seq: int, row: TargetRow) -> list[Any]:
    return [seq, row.name, row.region_name, row.node_name, MODE_LABELS[row.mode], "、".join(row.tags),
            row.revenue if row.revenue is not None else row.employees, score_100(row),
            "；".join(r.zh for r in row.reasons)]


def _sheet(ws, rows: tuple[TargetRow, ...]) -> None:
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="37474F")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for i, row in enumerate(rows, 1):
        ws.append([safe_cell(v) for v in _values(i, row)])
        r = ws.max_row
        scale = ws.cell(r, 7)
        scale.number_format = '0.##" 亿元"' if row.revenue is not None else '0" 人"'
        ws.cell(r, 8).number_format = "0.0"
        ws.cell(r, 9).alignment = Alignment(wrap_text=True, vertical="top")
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, ws.max_row)}"


def about_rows(data: ReportData) -> list[tuple[str, str]]:
    """The 说明 sheet: chain, scope, date, counts, method and the data note."""
    t = data.table
    return [("产业链", f"{t.chain_name}（{t.chain}）"), ("范围", f"{t.scope.name}（{t.scope.code}）"),
            ("日期", date_label(data.as_of)), ("重点企业", f"{len(t.key)} 家"), ("配套企业", f"{len(t.supporting)} 家"),
            ("方法", METHOD), ("推荐分", "0–100 分，为各因子得分之和 × 100；因子权重：" +
                              "，".join(f"{k} {v:g}" for k, v in t.weights.items())),
            ("规模", "有营收时为营收（亿元），否则为员工人数（人）"),
            ("数据说明", data.note or SEED_NOTE)]


def targets_xlsx(data: ReportData) -> bytes:
    """The workbook: sheets 重点企业, 配套企业 and 说明."""
    wb = Workbook()
    ws = wb.active
    ws.title = TARGET_KIND_LABELS[TargetKind.key]
    _sheet(ws, data.table.key)
    _sheet(wb.create_sheet(TARGET_KIND_LABELS[TargetKind.supporting]), data.table.supporting)
    about = wb.create_sheet("说明")
    about.append(["项目", "内容"])
    about["A1"].font = about["B1"].font = Font(bold=True)
    for k, v in about_rows(data):
        about.append([safe_cell(k), safe_cell(v)])
        about.cell(about.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def targets_csv(data: ReportData) -> bytes:
    """One CSV (UTF-8 with BOM, so Excel reads the Chinese) with a 类别 column before the table's."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["类别", *COLUMNS])
    for kind, rows in ((TargetKind.key, data.table.key), (TargetKind.supporting, data.table.supporting)):
        for i, row in enumerate(rows, 1):
            values = _values(i, row)
            values[6] = scale_text(row)
            w.writerow([safe_cell(v) for v in [TARGET_KIND_LABELS[kind], *values]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def targets_json(data: ReportData) -> bytes:
    """The table as JSON: the analysis shape (reasons in both languages) plus date, method and data note."""
    doc = data.table.model_dump(mode="json")
    doc.update({"date": data.as_of.isoformat(), "method": METHOD, "note": data.note or SEED_NOTE})
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
