"""Where candidates are, seen from the scope's anchor (:mod:`app.analysis.target_places`), and what a worker prepares at its
start (:func:`app.analysis.targets.prepare`): the same answers whichever way they are worked out."""
from __future__ import annotations

import threading

import numpy as np
import pytest

import app.analysis.target_places as places_mod
import app.analysis.targets as targets
from app.analysis.scope import distance_km, distances_km
from app.analysis.target_places import Near, Places, code_table
from app.datadir.areas import default_areas
from app.regions import RegionIndex
from tests.analysis.test_targets_groups_property import _store, _table

REGIONS = RegionIndex.national()
CODES = sorted(r.code for r in REGIONS.regions)[::7] + ["999999"]  # every level, and a code no region has


@pytest.mark.parametrize("anchor", ["510100", "430100", "440700", "650100", "110000", "999999"])
def test_a_list_at_once_and_one_code_alone_give_the_same_facts(anchor):
    areas = default_areas(REGIONS)
    many = Places(REGIONS, areas, anchor)
    facts = many.facts(CODES)
    for n, code in enumerate(CODES):
        alone = Places(REGIONS, areas, anchor)(code)  # in no list of that request: worked out alone
        close, km, province, area, city = alone
        assert many(code) == alone, code  # read from the list
        assert facts[n, 0] == close and facts[n, 1] == province and facts[n, 2] == area, code
        assert (np.isnan(facts[n, 4]) and km is None) or facts[n, 4] == km, code
        assert many.city_no[city] == facts[n, 3], code
        assert 0.0 <= close <= 1.0
    assert Places(REGIONS, areas, anchor)("999999")[:2] == (0.0, None)  # no coordinates: not close, no distance


def test_one_point_and_many_have_the_same_distance():
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(73, 135, 500), rng.uniform(18, 53, 500)
    for origin in zip(lon[:20].tolist(), lat[:20].tolist(), strict=True):
        many = distances_km(origin, lon, lat)
        assert many.tolist() == [distance_km(origin, p) for p in zip(lon.tolist(), lat.tolist(), strict=True)]
        picked = rng.choice(500, 37, replace=False)
        assert distances_km(origin, lon[picked], lat[picked]).tolist() == many[picked].tolist()  # whatever it is asked with
    assert round(distance_km((104.07, 30.67), (104.07, 30.67)), 9) == 0.0


def test_the_area_of_many_codes_is_the_area_of_each_with_or_without_bits(monkeypatch):
    areas = default_areas(REGIONS)
    near = Near(Places(REGIONS, areas, "510100"))
    each = [near(c) for c in CODES]
    assert near.many(CODES).tolist() == each and any(each) and not all(each)
    real = code_table

    def no_bits(regions, areas, codes, keep=True):  # more areas than bits: one code at a time
        t = real(regions, areas, codes, keep=False)
        t.bit = t.areas = None
        return t

    monkeypatch.setattr(places_mod, "code_table", no_bits)
    assert Near(Places(REGIONS, areas, "510100")).many(CODES).tolist() == each
    assert Places(REGIONS, areas, "510100").facts(CODES)[:, 2].astype(bool).tolist() == each


def test_a_prepared_store_gives_the_same_lists_from_what_prepare_kept(monkeypatch):
    """After ``prepare`` the bounds of a cut list read what it kept (nothing is worked out again) and the lists are those
    of a store not prepared."""
    import app.analysis.target_prefilter as prefilter

    monkeypatch.setattr(prefilter, "SMALL", 0)  # the prefilter on every cut list, even on a small graph
    monkeypatch.setattr(prefilter, "_KEPT", {})
    store = _store(101, (200, 300), parented=0.35, near=0.15, holdings=12)
    fresh = {r: _table(store, r, limit=3) for r in ("合肥", "武汉", "toy-park")}
    assert prefilter._KEPT  # the lists were bounded: they read what prepare keeps
    monkeypatch.setattr(prefilter, "_KEPT", {})
    assert targets.prepare(store) == sum(len(t.leaf_ids) for t in store.chains())
    kept = dict(prefilter._KEPT)
    assert {r: _table(store, r, limit=3) for r in fresh} == fresh
    assert prefilter._KEPT == kept  # every bound read what prepare kept


def test_a_store_without_member_columns_has_nothing_to_prepare():
    class Plain:
        capabilities = frozenset()

        @staticmethod
        def regions():
            return REGIONS

    assert targets.prepare(Plain()) == 0


def test_the_prefilter_s_scratch_arrays_are_kept_per_thread():
    """A scratch array is kept for the next question of the same thread (no new pages), never shared with another."""
    import app.analysis.target_prefilter as prefilter

    mine = prefilter._scratch("test", 1000, np.float64)
    assert np.shares_memory(prefilter._scratch("test", 800, np.float64), mine)  # kept, a view when fewer are asked
    assert not np.shares_memory(prefilter._scratch("test", 2000, np.float64), mine)  # more: a new one
    theirs = []
    t = threading.Thread(target=lambda: theirs.append(prefilter._scratch("test", 1000, np.float64)))
    t.start()
    t.join()
    assert not np.shares_memory(theirs[0], prefilter._scratch("test", 1000, np.float64))
