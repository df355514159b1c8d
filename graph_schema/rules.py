"""Validation rules of the graph model that are more than a field type.

>>> uscc_problem("91350100M000100Y43") is None
True
>>> uscc_check_digit("91350100M000100Y4")
'3'
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph_schema.text import BLANK

# GB 32100-2015: 31 characters (digits and capitals without I, O, Z, S, V), weights 3^(i) mod 31.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_USCC_CLASS = f"[{USCC_CHARSET}{USCC_CHARSET[10:].lower()}]"
USCC_PATTERN = f"^{BLANK}(?:{_USCC_CLASS}{{2}}[0-9]{{6}}{_USCC_CLASS}{{10}})?{BLANK}$"
"""A USCC as a JSON-Schema pattern: 18 characters of the GB 32100 set (either case), a division code at 3–8, or blank;
the check digit is arithmetic (:func:`uscc_problem` checks it, in words)."""
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_digit(first17: str) -> str:
    """The 18th character of a unified social credit code, from its first 17 (GB 32100-2015)."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code, in words; ``None`` when it is valid."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，实为 {len(code)} 位 (USCC must have 18 characters)"
    bad = sorted({c for c in code if c not in _USCC_VALUE})
    if bad:
        return f"统一社会信用代码含非法字符 {''.join(bad)} (USCC has invalid characters)"
    if not code[2:8].isdigit():
        return "统一社会信用代码第 3–8 位应为行政区划码 (positions 3–8 must be a division code)"
    expected = uscc_check_digit(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：应为 {expected}，实为 {code[17]} (check digit should be {expected})"
    return None


def feeds_cycle(edges: Iterable[tuple[str, str]]) -> list[str] | None:
    """A cycle among FEEDS edges as a list of node ids, or ``None`` when they are acyclic."""
    graph = nx.DiGraph(list(edges))
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return [u for u, _ in cycle] + [cycle[0][0]]
