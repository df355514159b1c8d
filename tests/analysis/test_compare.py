from __future__ import annotations

import math

import pytest

from app.analysis.compare import compare_scopes
from app.analysis.scope import resolve_scope


def test_scopes_side_by_side(toy):
    c = compare_scopes(toy, "toy", [resolve_scope(toy, region=r) for r in ("成都", "武汉")])
    chengdu, wuhan = c.scopes
    assert chengdu.link_counts == {"toy.a": 3, "toy.b": 0, "toy.c": 1, "toy.d": 0, "toy.e": 0, "toy.f": 0}
    # Wuhan: b1 and c2 are below the count rule (1 < 2; c2 a core link without a key enterprise) but each is the
    # largest of its link nationwide, so the scale rule makes both strong, as in the gap report (issue 17)
    assert wuhan.indicators.completeness == pytest.approx(1.25 / 3) and wuhan.indicators.strength == pytest.approx(1.25 / 3)
    assert wuhan.indicators.counts.model_dump(mode="json") == {"strong": 2, "weak": 0, "missing": 4}


def test_compare_uses_the_status_rule_of_the_gap_report(toy):
    from app.analysis.service import gap_report

    scopes = [resolve_scope(toy, region=r) for r in ("成都", "武汉", "北京")]
    for row, scope in zip(compare_scopes(toy, "toy", scopes, similar=0).scopes, scopes, strict=True):
        report = gap_report(toy, "toy", scope)
        assert row.indicators.counts == report.counts and row.indicators.strength == pytest.approx(report.strength)


def test_most_similar_cities_by_cosine(toy):
    c = compare_scopes(toy, "toy", [resolve_scope(toy, region="成都")])
    # Chengdu (3,0,1,0,0,0) · Wuhan (0,1,1,0,0,0) = 1 / (√10 √2); Beijing shares nothing and is left out
    assert [(s.code, s.similarity) for s in c.similar] == [("420100", pytest.approx(1 / math.sqrt(20)))]
    assert c.model_dump(mode="json")["similar"][0]["name"] == "武汉市"
