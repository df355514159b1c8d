"""The array path of scope relatedness gives the very floats of the plain composition."""
from __future__ import annotations

import random

from app.analysis.relatedness import scope_relatedness
from tests.reference.relatedness import scope_relatedness_reference


def test_array_path_equals_the_reference_on_random_matrices():
    rng = random.Random(5)
    leaves = [f"n{i}" for i in range(9)]
    for trial in range(200):
        cities = [f"c{i}" for i in range(rng.randint(1, 12))]
        x = {c: {n: rng.randint(1, 9) for n in leaves if rng.random() < 0.5} for c in cities}
        scope_x = {n: rng.randint(0, 5) for n in leaves if rng.random() < 0.5}
        covered = set(rng.sample(cities, rng.randint(0, min(2, len(cities)))))
        split = set(rng.sample(cities, 1)) if trial % 3 == 0 else set()
        got = scope_relatedness(x, scope_x, leaves, covered, split)
        assert got == scope_relatedness_reference(x, scope_x, leaves, covered, split)
        assert scope_relatedness(x, scope_x, leaves, covered, split) == got  # from the kept array
