"""重点企业和配套企业招商名录表 — the target table (one row per group) as XLSX, CSV and JSON.

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

from app.analysis.results import MODE_LABELS, TARGET_KIND_LABELS, TARGET_ROLE_LABELS, TargetKind, TargetRow
from app.outputs.bundle import ReportData
from app.outputs.style import METHOD, SEED_NOTE, date_label
from graph_schema.text import spreadsheet_safe

COLUMNS = ("序号", "集团（决策主体）", "所在地", "角色", "可补环节", "成员工厂", "本地已有", "补链类型", "企业标签", "规模",
           "落地可能性", "招引价值", "推荐分", "推荐理由")
WIDTHS = (6, 30, 20, 10, 28, 40, 28, 9, 22, 12, 10, 10, 8, 90)
SCALE_COL, FIRST_SCORE_COL, REASON_COL = 10, 11, 14
SHEET_KINDS = (TargetKind.key, TargetKind.supporting, TargetKind.expansion, TargetKind.partner)
SHEET_TITLES = {TargetKind.key: "重点企业", TargetKind.supporting: "配套企业", TargetKind.expansion: "存量增资扩产",
                TargetKind.partner: "区域协同伙伴"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate (the one rule: :func:`graph_schema.text.spreadsheet_safe`)."""
    return spreadsheet_safe(value)


def score_unit(value: float) -> float:
    """A score on the 0–1 scale the dashboard and the API show, three decimals (0.697, never 69.7)."""
    return round(value, 3)


def scale_text(row: TargetRow) -> str:
    if row.revenue is not None:
        return f"{row.revenue:g} 亿元"
    return f"{row.employees} 人" if row.employees is not None else ""


def members_text(row: TargetRow) -> str:
    """The member plants per link: "环节：工厂、工厂；环节：工厂"."""
    by_link: dict[str, list[str]] = {}
    for m in row.members:
        by_link.setdefault(m.node_name, []).append(m.name)
    return "；".join(f"{k}：{'、'.join(v)}" for k, v in by_link.items())


def _values(seq: int, row: TargetRow) -> list[Any]:
    return [seq, row.name, row.region_name, TARGET_ROLE_LABELS[row.role], "、".join(row.node_names), members_text(row),
            "、".join(e.name for e in row.present_via), MODE_LABELS[row.mode], "、".join(row.tags),
            row.revenue if row.revenue is not None else row.employees, score_unit(row.feasibility), score_unit(row.value),
            score_unit(row.score), "；".join(r.zh for r in row.reasons)]


def _sheet(ws, rows: tuple[TargetRow, ...]) -> None:
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="37474F")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for i, row in enumerate(rows, 1):
        ws.append([safe_cell(v) for v in _values(i, row)])
        r = ws.max_row
        scale = ws.cell(r, SCALE_COL)
        scale.number_format = '0.##" 亿元"' if row.revenue is not None else '0" 人"'
        for c in range(FIRST_SCORE_COL, FIRST_SCORE_COL + 3):
            ws.cell(r, c).number_format = "0.000"
        for c in (5, 6, 7, REASON_COL):
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, ws.max_row)}"  # sort by 落地可能性 or 招引价值 in Excel


def about_rows(data: ReportData) -> list[tuple[str, str]]:
    """The 说明 sheet: chain, scope, date, counts, method, scores and the data note."""
    t = data.table
    w = t.weights
    counts = [(TARGET_KIND_LABELS[k], f"{len(t.of_kind(k))} 家") for k in SHEET_KINDS]
    return [("产业链", f"{t.chain_name}（{t.chain}）"), ("范围", f"{t.scope.name}（{t.scope.code}）"),
            ("日期", date_label(data.as_of)), *counts, ("方法", METHOD),
            ("一行一集团", "候选企业沿母公司关系归并到集团顶层（决策主体），一行列出其可补的全部缺口环节及各环节的成员工厂；"
                        "集团在本地已有企业的列入“存量企业增资扩产”，与本地同属一个都市圈或经济区的列入“区域协同伙伴”"),
            ("落地可能性", "0–1，因子加权平均：以商招商（跨集团、本链供应关系）" + f" {w['tie']:g}，本省已有布局 {w['province']:g}，"
                       f"距离 {w['distance']:g}，多地设厂 {w['plants']:g}"),
            ("招引价值", f"0–1，因子加权平均：规模分位 {w['scale']:g}，重点标签 {w['key']:g}，环节优先级 {w['link']:g}，"
                     f"卡脖子环节 {w['choke']:g}，可补环节数 {w['breadth']:g}"),
            ("推荐分", f"{t.balance:g} × 落地可能性 + {1 - t.balance:g} × 招引价值；有以商招商关系者排在同类无关系者之前"),
            ("规模", "有营收时为营收（亿元），否则为员工人数（人）；规模分位为在该环节全部企业中的分位"),
            ("数据说明", data.note or SEED_NOTE)]


def targets_xlsx(data: ReportData) -> bytes:
    """The workbook: sheets 重点企业, 配套企业, 存量企业增资扩产, 区域协同伙伴 and 说明, one row per group."""
    wb = Workbook()
    ws = wb.active
    for n, kind in enumerate(SHEET_KINDS):
        sheet = ws if n == 0 else wb.create_sheet()
        sheet.title = SHEET_TITLES[kind]
        _sheet(sheet, data.table.of_kind(kind))
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
    for kind in SHEET_KINDS:
        for i, row in enumerate(data.table.of_kind(kind), 1):
            values = _values(i, row)
            values[SCALE_COL - 1] = scale_text(row)
            w.writerow([safe_cell(v) for v in [TARGET_KIND_LABELS[kind], *values]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def targets_json(data: ReportData) -> bytes:
    """The table as JSON: the analysis shape (reasons in both languages) plus date, method and data note."""
    doc = data.table.model_dump(mode="json")
    doc.update({"date": data.as_of.isoformat(), "method": METHOD, "note": data.note or SEED_NOTE})
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
