"""Turn rows of text (CSV or spreadsheet cells) into domain objects, collecting every problem.

Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row is row 2.

>>> items, problems = parse_rows("enterprises.csv", [{"id": "e1", "name": "甲公司", "region_code": "51010"}], "enterprise")
>>> items, [str(p) for p in problems]
([], ['enterprises.csv, 第 2 行 (row 2), 字段 region_code: 行政区划代码应为 6 位数字 (region_code must be 6 digits)'])
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from app.errors import Problem
from graph_schema.models import Enterprise, EnterpriseLink, Park, ParkMember, Supply

COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required columns, every column in file order)
    "enterprise": (
        ("id", "name", "region_code"),
        ("id", "uscc", "name", "region_code", "founded", "revenue", "employees", "tags", "listed_code",
         "status", "parent_id", "region_source"),
    ),
    "enterprise_node": (("enterprise_id", "node_id"), ("enterprise_id", "node_id", "role", "products", "grade", "evidence")),
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
_LIST_FIELDS = {"tags", "products", "lead_chains"}
_FRIENDLY = {
    "region_code": "行政区划代码应为 6 位数字 (region_code must be 6 digits)",
    "id": "编号只能含字母、数字、-、_、.，且不超过 128 个字符 (id: letters, digits, - _ . only)",
}


def _clean(value: Any) -> Any:
    if value is None:
        return None
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


def parse_rows(
    file: str,
    rows: Iterable[dict[str, Any]],
    kind: str,
    first_row: int = 2,
    on_row: Callable[[int], None] | None = None,
) -> tuple[list[Any], list[Problem]]:
    """Parse ``rows`` of one ``kind`` (see :data:`COLUMNS`); returns the objects and every problem found."""
    _, columns = COLUMNS[kind]
    model = MODELS[kind]
    items, problems = [], []
    for offset, raw in enumerate(rows):
        row = first_row + offset
        if on_row is not None:
            on_row(row)
        data = _convert(raw, columns)
        if not data:
            continue  # blank line
        try:
            items.append(model(**data))
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else None
                value = raw.get(field) if field else None
                problems.append(Problem(_message(error), file, row, field, None if value is None else str(value)))
    return items, problems


def header_problems(file: str, header: Iterable[str] | None, kind: str) -> list[Problem]:
    """Problems with a file's header row: missing required columns."""
    present = {h.strip() for h in (header or []) if h}
    required, _ = COLUMNS[kind]
    return [
        Problem(f"缺少必需的列 {column} (missing required column)", file, 1, column)
        for column in required
        if column not in present
    ]
