"""The patterns the API schema states for text fields agree with the rules the graph model enforces: a character
the pattern lets through is kept, one it refuses is refused, so a schema-valid request is not refused for it."""
from __future__ import annotations

import re
import unicodedata

import pytest

from graph_schema.models import FOUNDED_PATTERN, STATUS_PATTERN, STATUSES, Enterprise
from graph_schema.rules import USCC_PATTERN
from graph_schema.text import BIDI, NAME_PATTERN, TEXT_PATTERN, clean_text

# every character up to U+3100 (controls, spaces, marks, CJK punctuation) and the bidi overrides
CHARS = [chr(c) for c in range(0x3100) if not 0xD800 <= c <= 0xDFFF] + sorted(BIDI) + ["\ufeff", "\u200b"]


def _kept(value: str, field: str = "tags") -> bool:
    try:
        clean_text(value, field)
    except ValueError:
        return False
    return True


def _enterprise(**fields) -> bool:
    try:
        Enterprise(id="e1", name=fields.pop("name", "企业"), region_code="510100", **fields)
    except ValueError:
        return False
    return True


def test_the_text_pattern_refuses_exactly_what_clean_text_refuses():
    for ch in CHARS:
        for text in (f"a{ch}b", f"{ch}ab", f"ab{ch}"):
            if unicodedata.combining(ch):
                continue  # one mark is kept by both; a run of them is the rule no pattern states
            assert bool(re.fullmatch(TEXT_PATTERN, text)) is _kept(text), (hex(ord(ch)), text)


def test_the_name_pattern_refuses_exactly_the_names_the_model_refuses():
    for ch in CHARS:
        if unicodedata.combining(ch):
            continue
        for text in (ch, f" {ch} ", f"{ch}企业"):
            assert bool(re.fullmatch(NAME_PATTERN, text)) is _enterprise(name=text), (hex(ord(ch)), text)


@pytest.mark.parametrize(("status", "ok"), [*((s, True) for s in STATUSES), ("", True), (" 存续\u3000", True),
                                            ("存续中", False), ("active", False), ("存续\x01", False)])
def test_the_status_pattern(status, ok):
    assert bool(re.fullmatch(STATUS_PATTERN, status)) is ok is _enterprise(status=status)


@pytest.mark.parametrize(("founded", "shape", "real"), [
    ("2015", True, True), ("2015-06-01", True, True), ("", True, True), (" 2015 ", True, True),
    ("2015-6-1", False, False), ("二〇一五", False, False), ("١٢٣٤", False, False),
    ("2020-13-45", True, False), ("1700", True, False)])  # the last two: a real date, from 1800 — not regular
def test_the_founded_pattern_states_the_shape_and_the_model_the_calendar(founded, shape, real):
    assert bool(re.fullmatch(FOUNDED_PATTERN, founded)) is shape
    assert _enterprise(founded=founded) is real


@pytest.mark.parametrize(("uscc", "shape", "valid"), [
    ("91350100M000100Y43", True, True), ("91350100m000100y43", True, True), ("", True, True),
    ("91350100M000100Y44", True, False),  # the check digit: arithmetic, not a pattern
    ("91350100M000100Y4", False, False), ("9135010XM000100Y43", False, False), ("91350100M000100I43", False, False)])
def test_the_uscc_pattern_states_the_shape_and_the_model_the_check_digit(uscc, shape, valid):
    assert bool(re.fullmatch(USCC_PATTERN, uscc)) is shape
    assert _enterprise(uscc=uscc) is valid


def test_the_snapshot_label_pattern_is_the_rule_of_a_label():
    from app.analysis.snapshots import check_label
    from app.errors import InvalidInput

    def kept(label: str) -> bool:
        try:
            check_label(label)
        except InvalidInput:
            return False
        return True

    for ch in CHARS:
        if not unicodedata.combining(ch):
            for label in (ch, f"2026{ch}Q3"):
                assert bool(re.fullmatch(NAME_PATTERN, label)) is kept(label), (hex(ord(ch)), label)
