"""A city scope (its own row of the city matrix) takes the kept matrix parts: the very floats of the full computation."""
from __future__ import annotations

import random

from app.analysis.relatedness import SCOPE_ROW, scope_relatedness
from tests.reference.relatedness import density, partition, presence, proximity, rca


def _plain(x, scope_x, leaves, covered):
    rows = partition(x, scope_x, covered, set())
    r = rca(rows, leaves)
    m = presence(r)
    phi = proximity(m, leaves)
    return r[SCOPE_ROW], frozenset(m[SCOPE_ROW]), density(m[SCOPE_ROW], phi, leaves)


def test_a_city_row_and_an_empty_city_give_the_plain_floats():
    rng = random.Random(8)
    leaves = [f"n{i}" for i in range(10)]
    for _ in range(150):
        cities = [f"c{i}" for i in range(rng.randint(1, 15))]
        x = {c: {n: rng.randint(1, 30) for n in leaves if rng.random() < 0.5} for c in cities}
        city = rng.choice(cities)
        for scope_x, covered in ((x[city], {city}), ({}, {"elsewhere"})):
            got = scope_relatedness(x, scope_x, leaves, covered, set())
            assert (got.rca, got.present, got.density) == _plain(x, scope_x, leaves, covered)
            assert scope_relatedness(x, scope_x, leaves, covered, set()) == got  # from the kept parts
