"""What every store declares it can do, checked on every store: the base questions target lists ask,
and each declared :class:`~app.store.base.Capability` answering exactly as the base contract does.

The toy data (tests/fixtures/builders.py): Chengdu holds a1 a2 a3 (toy.a; a1 and a2 in the park
toy-park) and c1 (toy.c, revenue 100); Wuhan b1 (toy.b, revenue 3) and c2 (toy.c, revenue 20);
Beijing d1, e1 (toy.e). Supply: b1 → c1 → e1. No headcounts.
"""
from __future__ import annotations

import numpy as np
import pytest

from app.store.base import (
    Capability,
    GraphStore,
    RankedLinks,
    ScopeFilter,
    candidates_via,
    ranked_links,
)
from app.store.scale import ScaleBasis
from graph_schema.models import RegionLevel

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)
BEIJING = ScopeFilter.region("110000", RegionLevel.city)
PARK = ScopeFilter.park("toy-park")
LEAVES = ("toy.a", "toy.b", "toy.c", "toy.d", "toy.e", "toy.f")


def test_capabilities_are_declared_not_probed(store):
    assert isinstance(store, GraphStore)
    assert isinstance(store.capabilities, frozenset) and all(isinstance(c, Capability) for c in store.capabilities)
    ranked = ranked_links(store)
    assert (ranked is not None) == (Capability.ranked_links in store.capabilities)
    if ranked is not None:
        assert isinstance(ranked, RankedLinks)


def test_park_membership_of_many_enterprises_in_one_question(store):
    assert store.in_park("toy-park", ["a1", "a2", "a3", "c1", "nope"]) == {"a1", "a2"}
    assert store.in_park("toy-park", ["a2", "a2"]) == {"a2"}
    assert store.in_park("toy-park", []) == set() and store.in_park("no-such-park", ["a1"]) == set()


@pytest.mark.parametrize("node, scope, expected", [
    ("toy.a", PARK, {"a3": (False, 0.0, ScaleBasis.unknown)}),
    ("toy.b", CHENGDU, {"b1": (True, 1.0, ScaleBasis.revenue)}),   # supplies c1 in Chengdu
    ("toy.b", PARK, {"b1": (False, 1.0, ScaleBasis.revenue)}),     # c1 is not in the park
    ("toy.c", BEIJING, {"c1": (True, 0.0, ScaleBasis.revenue), "c2": (False, 1.0, ScaleBasis.revenue)}),
    ("toy.e", CHENGDU, {"e1": (True, 1.0, ScaleBasis.revenue)}),   # buys from c1
    ("toy.f", CHENGDU, {}),                                        # f1 is deregistered
], ids=["park", "supplier", "park-partner-outside", "two-ranked", "customer", "inactive"])
def test_candidates_carry_partner_and_scale(store, node, scope, expected):
    c = store.candidates(node, scope)
    got = {c.ids[i]: (bool(c.partner[i]), float(c.scale[i]), ScaleBasis(int(c.basis[i]))) for i in range(len(c))}
    assert got == expected
    codes = [c.region_codes[c.region_of[i]] for i in range(len(c))]
    assert codes == [store.get_enterprise(i).region_code for i in c.ids]
    assert all(m.id in c.ids for m in c.models.values())


def _columns(c) -> dict:
    return {c.ids[i]: (float(c.revenue[i]) if c.revenue[i] == c.revenue[i] else None, c.tag_sets[c.tag_of[i]],
                       c.region_codes[c.region_of[i]], bool(c.partner[i]), float(c.scale[i]), int(c.basis[i]))
            for i in range(len(c))}


@pytest.mark.parametrize("scope", [CHENGDU, BEIJING, PARK], ids=["city", "municipality", "park"])
def test_a_declared_ranked_links_answers_as_the_base_contract(store, scope):
    ranked = ranked_links(store)
    if ranked is None:
        pytest.skip(f"{type(store).__name__} declares no ranked links")
    for node in LEAVES:
        cols, gone, partners, tag_sets, codes = ranked.link_columns(node, scope)
        outside = np.setdiff1d(np.arange(len(cols.rows)), gone)
        base = _columns(candidates_via(store, node, scope))
        assert _columns(ranked.candidates(node, scope)) == base
        assert _columns(ranked.candidates(node, scope, outside)) == base
        assert len(partners) >= len(cols.rows) and len(cols.scale_all) == len(cols.rows)
