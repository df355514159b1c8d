"""Turn rows of text (CSV or spreadsheet cells) into domain objects, collecting every problem.

Row numbers are the ones a spreadsheet shows (the header is usually row 1, the first data row row 2).

>>> rows = [(2, {"id": "e1", "name": "甲公司", "region_code": "51010"})]
>>> items, problems = parse_rows("enterprises.csv", rows, "enterprise")
>>> items, [str(p) for p in problems]
([], ['enterprises.csv, 第 2 行 (row 2), 字段 region_code: 行政区划代码应为 6 位数字 (region_code must be 6 digits)'])
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from app.datadir.tabular import FindHeader, Table
from app.errors import Problem
from graph_schema.models import Enterprise, EnterpriseLink, Park, ParkMember, Supply

COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required columns, every column in file order)
    "enterprise": (
        ("id", "name", "region_code"),
        ("id", "uscc", "name", "region_code", "founded", "revenue", "employees", "tags", "listed_code",
         "status", "parent_id", "region_source", "former_names"),
    ),
    "enterprise_node": (
        ("enterprise_id", "node_id"),
        ("enterprise_id", "node_id", "role", "products", "grade", "evidence"),
    ),
    "supply": (("supplier_id", "customer_id"), ("supplier_id", "customer_id", "product")),
    "park": (("id", "name", "region_code"), ("id", "name", "region_code", "lead_chains")),
    "park_member": (("park_id", "enterprise_id"), ("park_id", "enterprise_id")),
}
MODELS: dict[str, type[BaseModel]] = {
    "enterprise": Enterprise,
    "enterprise_node": EnterpriseLink,
    "supply": Supply,
    "park": Park,
    "park_member": ParkMember,
}
FILES = {
    "enterprise": "enterprises.csv",
    "enterprise_node": "enterprise_nodes.csv",
    "supply": "supply.csv",
    "park": "parks.csv",
    "park_member": "park_enterprises.csv",
}
Located = list[tuple[int, Any]]
"""Objects with the spreadsheet row each came from."""
_LIST_FIELDS = {"tags", "products", "lead_chains", "former_names"}
_FRIENDLY = {
    "region_code": "行政区划代码应为 6 位数字 (region_code must be 6 digits)",
    "id": "编号只能含字母、数字、-、_、.，且不超过 128 个字符 (id: letters, digits, - _ . only)",
}


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # a spreadsheet date cell
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _convert(raw: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column in columns:
        value = _clean(raw.get(column))
        if value is None:
            continue
        if column in _LIST_FIELDS:
            value = tuple(part.strip() for part in value.replace("；", ";").split(";") if part.strip())
        data[column] = value
    return data


def _message(error: dict) -> str:
    field = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "string_pattern_mismatch" and field in _FRIENDLY:
        return _FRIENDLY[field]
    if error["type"] == "missing":
        return "必填字段为空 (required field is empty)"
    if error["type"] in {"float_parsing", "int_parsing", "float_type", "int_from_float"}:
        return "应为数字 (must be a number)"
    if error["type"] == "enum":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"取值无效，应为 {allowed} 之一 (must be one of {allowed})"
    msg = error["msg"]
    return msg.removeprefix("Value error, ")


def parse_rows(file: str, rows: Iterable[tuple[int, dict[str, Any]]], kind: str) -> tuple[Located, list[Problem]]:
    """Parse numbered ``rows`` of one ``kind`` (see :data:`COLUMNS`); the objects with their row numbers, and every
    problem found. Blank rows are skipped."""
    _, columns = COLUMNS[kind]
    model = MODELS[kind]
    items, problems = [], []
    for row, raw in rows:
        data = _convert(raw, columns)
        if not data:
            continue  # blank line
        try:
            items.append((row, model(**data)))
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else None
                value = raw.get(field) if field else None
                problems.append(Problem(_message(error), file, row, field, None if value is None else str(value)))
    return items, problems


def header_problems(file: str, header: Iterable[str] | None, kind: str, row: int = 1) -> list[Problem]:
    """Problems with a file's header row: missing required columns."""
    present = {h.strip() for h in (header or []) if h}
    required, _ = COLUMNS[kind]
    return [
        Problem(f"缺少必需的列 {column} (missing required column)", file, row, column)
        for column in required
        if column not in present
    ]


def header_finder(kind: str) -> FindHeader:
    """The header of a ``kind`` file: the first row naming two of its columns (title rows above it are skipped),
    else the first row (whose missing columns :func:`header_problems` then names)."""
    names = set(COLUMNS[kind][1])

    def find(rows: list[list]) -> int:
        for i, cells in enumerate(rows):
            if sum(1 for c in cells if c is not None and str(c).strip() in names) >= 2:
                return i
        return 0
    return find


def read_rows(table: Table, file: str, kind: str) -> tuple[Located, list[Problem]]:
    """The objects of a table read with :func:`header_finder`, or the problems of its header or rows."""
    problems = header_problems(file, table.headers, kind, table.header_row)
    if problems:
        return [], problems
    return parse_rows(file, table.records(), kind)
