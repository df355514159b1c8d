"""Density by hand on the toy chain.

City matrix x: Chengdu a3 c1; Wuhan b1 c1; Beijing d1 e1 (f1 注销 is not counted); total 8.
RCA: Chengdu a (3/4)/(3/8) = 2, c (1/4)/(2/8) = 1 → M {a, c}; Wuhan {b, c}; Beijing {d, e}.
Ubiquity a1 b1 c2 d1 e1 f0; φ(a,c) = 1/2, φ(b,c) = 1/2, φ(d,e) = 1, every other pair 0.
Density Chengdu: a (1 + .5)/(1 + .5) = 1; b .5/(1 + .5) = 1/3; c (1 + .5)/(1 + .5 + .5) = .75; d, e, f 0.
"""
from __future__ import annotations

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.service import gap_report
from tests.reference.relatedness import proximity


def _density(store, region):
    r = gap_report(store, "toy", resolve_scope(store, region=region))
    return {x.node_id.removeprefix("toy."): x.density for x in r.links}, r


def test_density_of_a_city(toy):
    density, r = _density(toy, "成都")
    assert density == pytest.approx({"a": 1.0, "b": 1 / 3, "c": 0.75, "d": 0.0, "e": 0.0, "f": 0.0})
    assert r.link("toy.a").rca == pytest.approx(2.0)
    assert r.link("toy.c").rca == pytest.approx(1.0)


def test_a_province_is_one_aggregated_row(toy):
    density, _ = _density(toy, "四川")  # Chengdu is the only Sichuan city with enterprises
    assert density == pytest.approx({"a": 1.0, "b": 1 / 3, "c": 0.75, "d": 0.0, "e": 0.0, "f": 0.0})


def test_a_county_is_split_off_its_city(toy):
    # 武侯区 row {a: 3}; Chengdu keeps {c: 1}: now a and c never co-occur, φ(a, c) = 0.
    density, r = _density(toy, "510107")
    assert density == pytest.approx({"a": 1.0, "b": 0.0, "c": 0.0, "d": 0.0, "e": 0.0, "f": 0.0})
    assert r.link("toy.a").rca == pytest.approx((3 / 3) / (3 / 8))


def test_proximity_is_the_smaller_conditional_probability():
    m = {"x": {"p", "q"}, "y": {"p"}, "z": {"p", "q"}, "w": {"r"}}
    phi = proximity(m, ["p", "q", "r"])
    # P(q|p) = 2/3, P(p|q) = 1: min 2/3
    assert phi["p"]["q"] == pytest.approx(2 / 3) and phi["q"]["p"] == pytest.approx(2 / 3)
    assert phi["p"]["r"] == 0.0 and phi["r"]["r"] == 1.0
