"""The target list as the dashboard shows it: the rows on screen, in their order, language and number format.

The dashboard's download buttons send the ids of the rows they show (after the page's filters and sort) and
the page's language; this module writes exactly those rows as XLSX or CSV, with the page's columns, scores on
the page's 0–1 scale with three decimals, and words and reasons in that one language only.

>>> from app.analysis.results import Scope, TargetTable
>>> empty = TargetTable(chain="toy", chain_name="示例链", scope=Scope(kind="region", code="510100", name="成都市"), weights={}, rows=())
>>> pick_rows(empty, [])
()
>>> view_csv(empty, (), "en", {}).decode("utf-8-sig").splitlines()[0]
'Score,Feasibility,Value,Group (decision-maker),Location,Role,Gap links,Mode,Kind,Member plants,Already here,Tags,Reasons'
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.analysis.results import MODE_LABELS, TARGET_KIND_LABELS, TARGET_ROLE_LABELS, TargetRow, TargetTable
from app.errors import NotFound
from app.outputs.table import safe_cell

HEADERS = {
    "zh": ("推荐分", "落地可能性", "招引价值", "集团（决策主体）", "所在地", "角色", "可补环节", "方式", "类别", "成员工厂", "本地已有",
           "标签", "推荐理由"),
    "en": ("Score", "Feasibility", "Value", "Group (decision-maker)", "Location", "Role", "Gap links", "Mode", "Kind", "Member plants",
           "Already here", "Tags", "Reasons"),
}
WIDTHS = (8, 10, 10, 34, 18, 10, 30, 8, 14, 40, 26, 22, 90)
SCORE_COLS = 3
ROLE_EN = {"leader": "Chain leader", "maker": "Maker", "core_supplier": "Core supplier",
           "supplier": "Supplier", "service": "Service provider"}
KIND_EN = {"key": "Key", "supporting": "Supporting", "expansion": "Expansion", "partner": "Partner"}
MODE_EN = {"fill": "Fill", "strengthen": "Strengthen", "extend": "Extend", "build": "Build", "fuse": "Fuse"}
TAG_EN = {"链主": "Chain leader", "上市": "Listed", "国企": "State-owned", "外资": "Foreign-owned", "世界500强": "Fortune Global 500",
          "独角兽": "Unicorn", "专精特新": "Specialised SME", "小巨人": "Little giant", "高新技术企业": "High-tech enterprise"}
SEP = {"zh": ("、", "；", "："), "en": (", ", "; ", ": ")}
ABOUT = {
    "zh": (("产业链", "{chain}"), ("范围", "{scope}"), ("行数", "{rows}（页面当前筛选与排序下显示的行）"),
           ("推荐分", "0–1：落地可能性与招引价值的加权和"), ("落地可能性", "0–1：以商招商、本省布局、距离、多地设厂的加权平均"),
           ("招引价值", "0–1：规模分位、重点标签、环节优先级、卡脖子、可补环节数的加权平均")),
    "en": (("Chain", "{chain}"), ("Scope", "{scope}"), ("Rows", "{rows} (the rows the page showed, with its filters and order)"),
           ("Score", "0–1: weighted sum of feasibility and value"),
           ("Feasibility", "0–1: weighted mean of supply ties, presence in the province, distance and plants elsewhere"),
           ("Value", "0–1: weighted mean of scale percentile, key tags, link priority, choke point and links filled")),
}


def pick_rows(table: TargetTable, ids: Sequence[str]) -> tuple[TargetRow, ...]:
    """The rows with these enterprise ids, in the order given; an id not in the table is :class:`NotFound` (the API's
    404, as for any id that names nothing), not a silent gap."""
    by_id = {r.enterprise_id: r for r in table.rows}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise NotFound(f"名录中没有这些企业：{'、'.join(unknown[:5])} (not in the target list: {', '.join(unknown[:5])})")
    return tuple(by_id[i] for i in dict.fromkeys(ids))


def _values(row: TargetRow, lang: str, link_names: Mapping[str, str]) -> list[Any]:
    en = lang == "en"
    list_sep, item_sep, colon = SEP[lang]
    link = (lambda n, name: link_names.get(n, name)) if en else (lambda n, name: name)
    by_link: dict[str, list[str]] = {}
    for m in row.members:
        by_link.setdefault(link(m.node_id, m.node_name), []).append(m.name)
    return [round(row.score, 3), round(row.feasibility, 3), round(row.value, 3), row.name, row.region_name,
            ROLE_EN[row.role.value] if en else TARGET_ROLE_LABELS[row.role],
            list_sep.join(link(n, name) for n, name in zip(row.node_ids, row.node_names, strict=True)),
            MODE_EN[row.mode.value] if en else MODE_LABELS[row.mode],
            KIND_EN[row.kind.value] if en else TARGET_KIND_LABELS[row.kind],
            item_sep.join(f"{k}{colon}{list_sep.join(v)}" for k, v in by_link.items()),
            list_sep.join(e.name for e in row.present_via),
            list_sep.join(TAG_EN.get(x, x) if en else x for x in row.tags),
            item_sep.join((r.en or r.zh) if en else r.zh for r in row.reasons)]


def view_xlsx(table: TargetTable, rows: Sequence[TargetRow], lang: str, link_names: Mapping[str, str]) -> bytes:
    """One sheet of the rows shown (scores as ``0.000``) and an about sheet, all in ``lang``.

    ``link_names`` maps node ids (and the chain id) to their English names.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Targets" if lang == "en" else "招商名录"
    ws.append(list(HEADERS[lang]))
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="37474F")
    for row in rows:
        ws.append([safe_cell(v) for v in _values(row, lang, link_names)])
        for c in range(1, SCORE_COLS + 1):
            ws.cell(ws.max_row, c).number_format = "0.000"
        ws.cell(ws.max_row, len(HEADERS[lang])).alignment = Alignment(wrap_text=True, vertical="top")
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    about = wb.create_sheet("About" if lang == "en" else "说明")
    chain = table.chain_name if lang == "zh" else link_names.get(table.chain, table.chain)
    fill = {"chain": chain, "scope": table.scope.name, "rows": len(rows)}
    for k, v in ABOUT[lang]:
        about.append([k, safe_cell(v.format(**fill))])
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def view_csv(table: TargetTable, rows: Sequence[TargetRow], lang: str, link_names: Mapping[str, str]) -> bytes:
    """The rows shown as CSV (UTF-8 with BOM so Excel reads the Chinese), scores with three decimals."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS[lang])
    for row in rows:
        values = _values(row, lang, link_names)
        values[:SCORE_COLS] = [f"{v:.3f}" for v in values[:SCORE_COLS]]
        w.writerow([safe_cell(v) for v in values])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
