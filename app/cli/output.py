"""Printing for the CLI: JSON, or aligned tables that account for the width of Chinese characters."""
from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from pydantic import BaseModel


def plain(obj: Any) -> Any:
    """Dataclasses, pydantic models, enums and tuples as JSON-ready data."""
    if isinstance(obj, BaseModel):
        return plain(obj.model_dump(mode="json"))
    if is_dataclass(obj) and not isinstance(obj, type):
        return plain(asdict(obj))
    if isinstance(obj, dict):
        return {str(plain(k)): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [plain(v) for v in obj]
    if hasattr(obj, "value") and not isinstance(obj, int | float | str):
        return obj.value
    return obj


def print_json(obj: Any) -> None:
    json.dump(plain(obj), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list | tuple):
        return ";".join(map(str, value))
    return str(getattr(value, "value", value))


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    """Print ``rows`` under ``columns`` (key, header) as an aligned text table."""
    cells = [[_cell(r.get(key)) for key, _ in columns] for r in rows]
    headers = [h for _, h in columns]
    widths = [max([_width(h)] + [_width(c[i]) for c in cells]) for i, h in enumerate(headers)]
    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print(line(c))
