"""One row of a registry export as a checked record, with every problem found in it.

A problem is (row, column, value, problem, level): ``error`` rejects the row, ``warning``
keeps it with a note, ``info`` is a note only. The column is the header as the file spells it.

>>> from app.datadir.registry.headers import recognise
>>> cols = recognise(["企业名称", "统一社会信用代码", "成立日期", "参保人数"])
>>> rec, problems = parse_record(2, ["甲公司", "91350100M000100Y43", "2012年3月1日", "-5"], cols)
>>> rec.uscc, rec.founded, [(p.column, p.problem[:6]) for p in problems]
('91350100M000100Y43', '2012-03-01', [('参保人数', '人数不能为负')])
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from app.datadir.registry import values as v
from app.datadir.registry.headers import FIELDS, ColumnMap
from graph_schema.rules import uscc_problem

LEVELS = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class RowProblem:
    row: int | None
    column: str
    value: str
    problem: str
    level: str = "error"

    def __str__(self) -> str:
        where = f"第 {self.row} 行 (row {self.row})" if self.row is not None else "文件 (file)"
        column = f", 列 {self.column}" if self.column else ""
        value = f" = {self.value!r}" if self.value else ""
        return f"[{LEVELS[self.level]} {self.level}] {where}{column}{value}: {self.problem}"


@dataclass
class Record:
    row: int
    name: str = ""
    id: str = ""
    uscc: str = ""
    status: str | None = None
    founded: str | None = None
    revenue: float | None = None          # 亿元
    registered_capital: float | None = None   # 万元
    paid_capital: float | None = None         # 万元
    employees: int | None = None
    tags: tuple[str, ...] = ()
    listed_code: str | None = None
    parent_id: str | None = None
    province: str = ""
    city: str = ""
    county: str = ""
    region_code: str = ""
    address: str = ""
    scope: str = ""
    products: str = ""
    enterprise_type: str = ""
    industry_codes: tuple[str, ...] = ()
    industry_name: str = ""                 # the industry cell as written (a 国标 or 申万 name), for the linker
    former_names: tuple[str, ...] = ()      # 曾用名
    present: frozenset[str] = frozenset()   # fields with a column in the file


def normalise_name(name: str) -> str:
    """The form names are compared in: NFKC, no spaces, brackets unified: ``甲（成都）公司`` = ``甲(成都)公司``."""
    return "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def _type_tags(enterprise_type: str, listed: bool) -> list[str]:
    tags = []
    if listed or "上市" in enterprise_type and "非上市" not in enterprise_type:
        tags.append("上市")
    if any(w in enterprise_type for w in ("外商", "外国", "中外合资", "中外合作", "台港澳", "港澳台")):
        tags.append("外资")
    if "国有" in enterprise_type:
        tags.append("国企")
    return tags


def parse_record(row: int, cells: list, cols: ColumnMap, today: dt.date | None = None) -> tuple[Record, list[RowProblem]]:
    """Parse one data row; ``cells`` are in header order (the header is ``cols``' keys, in file order)."""
    rec = Record(row=row, present=cols.present)
    problems: list[RowProblem] = []
    raw: dict[str, list[tuple[str, object]]] = {}
    for index, header, name in cols.positions:
        cell = cells[index] if index < len(cells) else None
        if cell is not None and v.clean(cell):
            raw.setdefault(name, []).append((header, cell))
    labels = cols.labels

    def first(name: str) -> tuple[str, object] | tuple[str, None]:
        found = raw.get(name)
        return found[0] if found else (labels.get(name) or FIELDS.get(name, name), None)

    def bad(column: str, value, message: str, level: str = "error") -> None:
        problems.append(RowProblem(row, column, v.clean(value), message, level))

    for name in ("name", "id", "province", "city", "county", "region_code", "scope", "products", "enterprise_type"):
        setattr(rec, name, v.clean(first(name)[1]))
    column, cell = first("name")
    if not rec.name:
        bad(column, cell, "企业名称为空 (name is required)")
    elif len(rec.name) > 200:
        bad(column, cell, "企业名称超过 200 字 (name longer than 200 characters)")
    column, cell = first("uscc")
    if cell is not None:
        code = v.clean(cell).upper().replace(" ", "")
        problem = uscc_problem(code)
        if problem:
            bad(column, cell, problem)
        else:
            rec.uscc = code
    addresses = [v.clean(c) for _, c in raw.get("address", [])]
    rec.address = next((a for a in addresses if a), "")
    parsers = {
        "founded": lambda c, h: v.parse_date(c, today),
        "status": lambda c, h: v.parse_status(c),
        "listed_code": lambda c, h: v.parse_listed_code(c),
        "registered_capital": lambda c, h: v.parse_money(c, cols.units.get(h, "万元")),
        "paid_capital": lambda c, h: v.parse_money(c, cols.units.get(h, "万元")),
        # revenue is stored in 亿元; a data-directory ``revenue`` column is already in 亿元
        "revenue": lambda c, h: v.parse_money(c, cols.units.get(h, "亿元" if h == "revenue" else "万元")) / 10000,
    }
    for name, parse in parsers.items():
        column, cell = first(name)
        if cell is not None:
            try:
                setattr(rec, name, parse(cell, column))
            except ValueError as exc:
                bad(column, cell, str(exc))
    column, cell = first("employees")
    if cell is not None:
        try:
            rec.employees, note = v.parse_headcount(cell)
            if note:
                bad(column, cell, note, "info")
        except ValueError as exc:
            bad(column, cell, str(exc))
    if rec.paid_capital is not None and rec.registered_capital is not None and rec.paid_capital > rec.registered_capital:
        column, cell = first("paid_capital")
        bad(column, cell, f"实缴资本 {rec.paid_capital:g} 万元大于注册资本 {rec.registered_capital:g} 万元"
                          " (paid-in exceeds registered capital)", "warning")
    codes: list[str] = []
    for name in ("industry_class", "industry_group", "industry_division", "industry", "industry_section"):
        for column, cell in raw.get(name, []):
            section, found = v.parse_industry(cell)
            expected = {"industry_class": 4, "industry_group": 3, "industry_division": 2}.get(name)
            wrong = [c for c in found if expected and len(c) != expected]
            if wrong or (expected and not found and section is None):
                bad(column, cell, "无法识别的国标行业代码，已忽略；应如 3974 或 C3974 (unrecognised GB/T 4754 code, ignored)", "warning")
            codes.extend(c for c in found if not wrong)
    rec.industry_codes = tuple(dict.fromkeys(codes))
    rec.industry_name = next((v.clean(cell) for name in ("industry_class", "industry_group", "industry", "industry_division")
                              for _, cell in raw.get(name, [])), "")
    tag_cells = [str(c) for _, c in raw.get("tags", [])]
    rec.tags = v.parse_tags(tag_cells)
    extra = [t for t in _type_tags(rec.enterprise_type, rec.listed_code is not None) if t not in rec.tags]
    rec.tags = rec.tags + tuple(extra)
    rec.parent_id = v.clean(first("parent_id")[1]) or None
    rec.former_names = v.parse_former_names([str(c) for _, c in raw.get("former_names", [])], rec.name)
    return rec, problems
