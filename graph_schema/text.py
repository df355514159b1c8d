"""One rule set for every text field of the graph model, applied where each model is built.

Every importer (data directory, registry exports, the API) builds the models of :mod:`graph_schema.models`,
so every text that reaches a store has passed :func:`clean_text`:

- Unicode normalised to NFC (``"e\\u0301"`` and ``"é"`` are one name);
- tabs and line breaks become one space, outer spaces are trimmed, a byte-order mark or zero-width space
  is dropped (what a spreadsheet cell carries);
- any other control character (C0/C1, DEL) or bidirectional override is refused — it breaks XML exports,
  spreadsheets and terminals, and can disguise a name;
- more than :data:`MAX_MARKS` combining marks in a row is refused (one letter with 150 marks is 4,000 px wide);
- :data:`TEXT_PATTERN` and :data:`NAME_PATTERN` state the character rule as JSON-Schema patterns for the API;
- each text is at most its field's length (:data:`LIMITS`, else :data:`MAX_TEXT`), each list at most
  :data:`MAX_ITEMS` items.

>>> clean_text("  成都\\t光电\\u200b ", "name")
'成都 光电'
>>> clean_text("e\\u0301", "name") == "\\u00e9"
True
>>> bool(re.fullmatch(TEXT_PATTERN, "成都\\t光电")), bool(re.fullmatch(TEXT_PATTERN, "a\\x01b"))
(True, False)
>>> [bool(re.fullmatch(NAME_PATTERN, t)) for t in ("成都", " x ", "  ", "\\u200b")]
[True, True, False, False]
>>> spreadsheet_safe(" =1+1"), spreadsheet_safe("\\uff1dSUM(A1)"), spreadsheet_safe("成都")
("' =1+1", "'\\uff1dSUM(A1)", '成都')
>>> clean_text("a\\u0001b", "tags")
Traceback (most recent call last):
ValueError: 含控制字符 U+0001，不允许 (control character U+0001 is not allowed)
>>> clean_text("q" + "\\u0301" * 9, "name")
Traceback (most recent call last):
ValueError: 连续组合符号 9 个，超过 4 个 (9 combining marks in a row, at most 4)
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_MARKS = 4
MAX_TEXT = 500
MAX_ITEMS = 50
LIMITS = {"tags": 64, "products": 100, "product": 100, "keywords": 64, "industry_codes": 16, "lead_chains": 32,
          "evidence": 1000, "description": 2000, "region_source": 200, "status": 8, "listed_code": 20, "uscc": 18}
DROPPED = dict.fromkeys(map(ord, "\ufeff\u200b"), None)
SPACES = dict.fromkeys(map(ord, "\t\n\r\x0b\x0c\u2028\u2029\x85"), " ")
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def char_class(chars: str) -> str:
    """A regex character-class body for ``chars``, as ``\\uXXXX`` ranges: read alike by Python, the Rust regex of
    pydantic and ECMA-262 (the dialect of JSON Schema), unlike ``\\s``, which each reads its own way."""
    codes, spans = sorted(map(ord, set(chars))), []
    for c in codes:
        if spans and c == spans[-1][1] + 1:
            spans[-1][1] = c
        else:
            spans.append([c, c])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in spans)


REFUSED = "".join(ch for ch in map(chr, (*range(0x20), *range(0x7f, 0xa0))) if ord(ch) not in SPACES) + "".join(BIDI)
"""The characters :func:`clean_text` refuses (control characters but the spaces it rewrites, bidi overrides)."""
WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())
"""What ``str.strip()`` trims (``str.isspace``; none above U+3000)."""
TEXT_PATTERN = f"^[^{char_class(REFUSED)}]*$"
""":func:`clean_text`'s character rule as a JSON-Schema ``pattern``, so an API schema states what its text fields
refuse (the combining-mark run and the length after normalising are not regular; the field's own words say them)."""
NAME_PATTERN = (f"^[^{char_class(REFUSED)}]*[^{char_class(REFUSED + WHITESPACE + ''.join(map(chr, DROPPED)))}]"
                f"[^{char_class(REFUSED)}]*$")
""":data:`TEXT_PATTERN` with at least one character left after trimming (a name cannot be blank)."""
BLANK = f"[{char_class(''.join(ch for ch in WHITESPACE if ch not in REFUSED))}]*"
"""A regex for the spaces :func:`clean_text` trims, to put at a pattern's edges (``f"^{BLANK}…{BLANK}$"``)."""


def clean_text(value: str, field: str) -> str:
    """``value`` by the rules above, or ValueError saying which rule it breaks."""
    text = unicodedata.normalize("NFC", value.translate(DROPPED).translate(SPACES))
    for ch in text:  # before trimming: a control character is refused at the edges too (TEXT_PATTERN says so)
        if ch in BIDI or unicodedata.category(ch) == "Cc":
            raise ValueError(f"含控制字符 U+{ord(ch):04X}，不允许 (control character U+{ord(ch):04X} is not allowed)")
    text, run = text.strip(), 0
    for ch in text:
        run = run + 1 if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me") else 0
        if run > MAX_MARKS:
            total = _run_at(text, text.index(ch))
            raise ValueError(f"连续组合符号 {total} 个，超过 {MAX_MARKS} 个 ({total} combining marks in a row, at most {MAX_MARKS})")
    limit = LIMITS.get(field, MAX_TEXT)
    if len(text) > limit:
        raise ValueError(f"长度 {len(text)} 超过 {limit} 个字符 (longer than {limit} characters)")
    return text


def _run_at(text: str, i: int) -> int:
    start = i
    while start > 0 and unicodedata.category(text[start - 1]) in ("Mn", "Me"):
        start -= 1
    end = i
    while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Me"):
        end += 1
    return end - start


def salvage_text(value: str, field: str) -> str:
    """``value`` made to pass :func:`clean_text` by dropping what it refuses (control and bidi characters,
    combining marks past :data:`MAX_MARKS` in a row, characters past the length): for text acknowledged
    before these rules, which must load again.

    >>> salvage_text("a\\x01b\\u202e", "tags")
    'ab'
    """
    text = unicodedata.normalize("NFC", value.translate(DROPPED).translate(SPACES)).strip()
    out, run = [], 0
    for ch in text:
        if ch in BIDI or unicodedata.category(ch) == "Cc":
            continue
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        if run <= MAX_MARKS:
            out.append(ch)
    return "".join(out)[: LIMITS.get(field, MAX_TEXT)].strip()


def salvage_fields(data: dict) -> dict:
    """Every text of a model's input dict salvaged (:func:`salvage_text`), lists cut to :data:`MAX_ITEMS`."""
    out = dict(data)
    for field, value in data.items():
        if isinstance(value, str):
            out[field] = salvage_text(value, field)
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            out[field] = [salvage_text(v, field) for v in value[:MAX_ITEMS]]
    return out


def clean_fields(data: Any) -> Any:
    """Every string and list of strings of a model's input dict, cleaned (a ``mode="before"`` validator)."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for field, value in data.items():
        if isinstance(value, str):
            try:
                out[field] = clean_text(value, field)
            except ValueError as exc:
                raise ValueError(f"{field}: {exc}") from None
        elif isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
            if len(value) > MAX_ITEMS:
                raise ValueError(f"{field}: {len(value)} 项，超过 {MAX_ITEMS} 项 ({len(value)} items, at most {MAX_ITEMS})")
            try:
                out[field] = type(value)(clean_text(v, field) for v in value)
            except ValueError as exc:
                raise ValueError(f"{field}: {exc}") from None
    return out


FORMULA_STARTS = ("=", "+", "-", "@")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 (SVG, XLSX) cannot hold, for text stored before the rules above.

    >>> xml_text("a\\x01b")
    'ab'
    """
    return _XML_ILLEGAL.sub("", value)


def spreadsheet_safe(value: Any) -> Any:
    """A cell value no spreadsheet evaluates (CSV/formula injection): text whose first visible character is
    ``= + - @`` — also after leading spaces, tabs or line breaks, and in its full-width form (``＝``) — or that
    starts with a tab, CR or LF gets a leading ``'``. The one home of this rule for CSV and XLSX exports."""
    if not isinstance(value, str) or not value:
        return value
    value = xml_text(value)
    first = value.lstrip(" \t\r\n\u3000\u00a0")[:1]
    if value[:1] in ("\t", "\r", "\n") or unicodedata.normalize("NFKC", first).startswith(FORMULA_STARTS):
        return "'" + value
    return value
