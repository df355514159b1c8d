from __future__ import annotations

import math

import pytest

from app.analysis.compare import compare_scopes
from app.analysis.scope import resolve_scope


def test_scopes_side_by_side(toy):
    c = compare_scopes(toy, "toy", [resolve_scope(toy, region=r) for r in ("成都", "武汉")])
    chengdu, wuhan = c.scopes
    assert chengdu.link_counts == {"toy.a": 3, "toy.b": 0, "toy.c": 1, "toy.d": 0, "toy.e": 0, "toy.f": 0}
    # Wuhan: b1 (1 < 2, weak) and c2 (weak: core without a key enterprise)
    assert wuhan.indicators.completeness == pytest.approx(1.25 / 3) and wuhan.indicators.strength == 0
    assert wuhan.indicators.counts.model_dump(mode="json") == {"strong": 0, "weak": 2, "missing": 4}


def test_most_similar_cities_by_cosine(toy):
    c = compare_scopes(toy, "toy", [resolve_scope(toy, region="成都")])
    # Chengdu (3,0,1,0,0,0) · Wuhan (0,1,1,0,0,0) = 1 / (√10 √2); Beijing shares nothing and is left out
    assert [(s.code, s.similarity) for s in c.similar] == [("420100", pytest.approx(1 / math.sqrt(20)))]
    assert c.model_dump(mode="json")["similar"][0]["name"] == "武汉市"
