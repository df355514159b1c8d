"""The prefilter of a cut target list (``Capability.member_columns``, :mod:`app.analysis.target_prefilter`) on the random
graphs with groups of ``test_targets_groups_property``: lowered so it bounds and leaves out groups even on small graphs,
every cut list stays the whole list cut, and some prefiltered shortlists are ranked."""
from __future__ import annotations

import pytest

import app.analysis.target_prefilter as prefilter
import app.analysis.targets as targets
from app.analysis.results import TargetKind
from app.store.base import Capability
from tests.analysis.test_targets_groups_property import _check, _store, _table


@pytest.fixture
def eager(monkeypatch):
    """The prefilter on every list (no size floor), its first cut at 16 × limit entries of each class."""
    seen = {"tried": 0, "left_out": 0, "valid": 0}
    inner, shortlists = prefilter.prefiltered, targets.shortlists

    def counted(*args, **kwargs):
        pools, pre = inner(*args, **kwargs)
        seen["tried"] += 1
        seen["left_out"] += sum(pre.dropped.values()) > 0
        return pools, pre

    def watched(*args, **kwargs):
        for x in shortlists(*args, **kwargs):
            seen["valid"] += len(args) > 10 and args[10] is not None  # floors at or above the cuts
            yield x

    monkeypatch.setattr(prefilter, "SMALL", 0)
    monkeypatch.setattr(prefilter, "SPARE", (1, 4))
    monkeypatch.setattr(targets, "SPARE", (1, 4))
    monkeypatch.setattr(targets, "prefiltered", counted)
    monkeypatch.setattr(targets, "shortlists", watched)
    return seen


@pytest.mark.parametrize("seed", range(100, 124))
def test_the_prefilter_leaves_groups_out_and_the_cut_lists_stay_exact(seed, eager):
    store = _store(seed, (200, 300), parented=0.35, near=0.15, holdings=12 if seed % 2 else 0)
    assert Capability.member_columns in store.capabilities
    _check(store, seed)
    assert eager["tried"] and eager["left_out"], eager  # it ran, and left groups out of some lists


def test_the_prefilter_ranks_some_lists_it_cut(eager):
    for seed in range(100, 112):
        _check(_store(seed, (200, 300), parented=0.35, near=0.15, holdings=12 if seed % 2 else 0), seed)
    assert eager["valid"] > 0, eager  # some prefiltered shortlists had floors at or above their cuts


@pytest.mark.parametrize("weights", [{"link": 3.0, "choke": 2.0}, {"key": 3.0, "breadth": 0.0}, {"province": 3.0, "distance": 3.0},
                                     {"plants": 3.0, "scale": 0.0}])
def test_each_factor_of_the_bound_holds_when_it_weighs_most(weights, eager):
    for seed in range(100, 116):
        store = _store(seed, (200, 300), parented=0.35, near=0.15, holdings=12 if seed % 2 else 0)
        for region in ("合肥", "武汉", "toy-park"):
            every = _table(store, region, weights=weights)
            for limit in (1, 2, 3):
                cut = _table(store, region, limit=limit, weights=weights)
                for kind in TargetKind:
                    assert [r for r in cut if r.kind is kind] == [r for r in every if r.kind is kind][:limit], (seed, region, limit)
    assert eager["valid"] > 0, eager
