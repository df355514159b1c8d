"""The prefilter of a cut target list (``Capability.member_columns``, :mod:`app.analysis.target_prefilter`) on the random
graphs with groups of ``test_targets_groups_property``: lowered so it bounds and leaves out groups even on small graphs,
every cut list stays the whole list cut, and some prefiltered shortlists are ranked."""
from __future__ import annotations

import numpy as np
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
    inner, settled = prefilter.prefiltered, targets.settled

    def counted(*args, **kwargs):
        pools, pre = inner(*args, **kwargs)
        seen["tried"] += 1
        seen["left_out"] += sum(pre.dropped.values()) > 0
        seen["cuts"] = pre.cuts
        return pools, pre

    def watched(*args):
        ok = settled(*args)
        seen["valid"] += ok and args[6] is seen.get("cuts") and bool(args[6])  # a list ranked over the groups the bound kept
        return ok

    monkeypatch.setattr(prefilter, "SMALL", 0)
    monkeypatch.setattr(prefilter, "SPARE", (1, 4))
    monkeypatch.setattr(targets, "SPARE", (1, 4))
    monkeypatch.setattr(targets, "prefiltered", counted)
    monkeypatch.setattr(targets, "settled", watched)
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
    assert eager["valid"] > 0, eager  # some lists ranked over the groups the bound kept were settled


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


def _bounds_and_rows(store, region: str, weights: dict, partners_apart: bool):
    """Per group of the whole list (limit none): its row, its bound ``U`` (the highest over its entries), whether the
    bound keeps it always, and the kinds the bound says it may be of."""
    from app.analysis.scope import anchor_code, resolve_scope
    from app.analysis.service import gap_entries, gap_report
    from app.analysis.target_groups import presence_of
    from app.analysis.target_places import Near, Places
    from app.analysis.targets import TargetOptions, rank_targets, target_weights
    from tests.fixtures.target_graphs import hefei_areas

    scope = resolve_scope(store, park="toy-park") if region == "toy-park" else resolve_scope(store, region=region)
    o = TargetOptions(areas=hefei_areas(store.regions()), partners_apart=partners_apart)
    anchor, w = anchor_code(store, scope), target_weights(weights)
    place = Places(store.regions(), o.areas, anchor)
    near = Near(place) if partners_apart else None
    gaps = gap_entries(gap_report(store, "pan", scope))
    found = prefilter.members(store, gaps, scope)
    if not found:
        return []
    b = prefilter.bounds(found, w, o.balance, place, store.chain("pan"), partners_apart, presence_of(store, scope, near))
    order = {gid: int(no) for _, _, m in found for gid, no in zip(m.every.groups.top.tolist(), m.every.groups.top_order.tolist(),
                                                                   strict=True)}
    out = []
    for row in rank_targets(store, scope, store.chain("pan"), gaps, weights, options=o):
        at = b.top == order[row.enterprise_id]
        kinds = {name for name, mine in b.kinds.items() if mine[at].any()}
        out.append((row, float(b.u[at].max()), bool(b.forced[at].any()), kinds))
    return out


@pytest.mark.parametrize("weights", [{}, {"link": 3.0, "choke": 2.0}, {"key": 3.0, "breadth": 3.0}, {"province": 3.0, "distance": 3.0},
                                     {"plants": 3.0, "scale": 3.0}])
def test_every_group_scores_at_most_its_bound_and_is_of_a_kind_the_bound_allows(weights, monkeypatch):
    """The bound term by term: a group alone in one gap link is bounded tightly, so a term left out or weakened shows
    as a score above its bound; a kind the bound does not allow would be cut against another kind's cut. Two upstream
    links are choke points here (the chain ``pan`` has none), so the ``choke`` term counts too."""
    import copy

    import tests.analysis.test_targets_groups_property as graphs
    from tests.fixtures import analysis_graphs

    def choked():
        ds, spec = analysis_graphs.pan_dataset(), copy.deepcopy(analysis_graphs.PAN_CHAIN)
        for node in spec["nodes"][0]["children"][1:]:
            node["chokepoint"] = True
        ds.chains["pan"] = analysis_graphs.template(spec)
        return ds

    monkeypatch.setattr(graphs, "pan_dataset", choked)
    monkeypatch.setattr(prefilter, "SMALL", 0)
    tight = checked = 0
    for seed in range(100, 110):
        store = _store(seed, (200, 300), parented=0.35, near=0.15, holdings=12 if seed % 2 else 0)
        for region in ("合肥", "武汉", "toy-park"):
            for partners_apart in (True, False):
                for row, u, forced, kinds in _bounds_and_rows(store, region, weights, partners_apart):
                    if forced:  # kept whatever its bound (a tie)
                        continue
                    checked += 1
                    assert row.score <= u, (seed, region, row.enterprise_id, row.score, u)
                    assert row.kind.value in kinds, (seed, region, row.enterprise_id, row.kind, kinds)
                    tight += u - row.score < 1e-6
    assert checked > 1000 and tight > 50, (checked, tight)  # many groups, many of them bounded exactly


def test_a_cut_from_a_sample_threshold_is_the_cut_of_the_whole_gather():
    rng = np.random.default_rng(7)
    for n, share, k in ((5000, 0.6, 100), (5000, 0.02, 90), (5000, 0.05, 300), (300, 0.5, 10), (40, 1.0, 39)):
        u = np.round(rng.random(n) * 3, 2)  # ties on purpose
        mask = rng.random(n) < share
        mask[: n // 3] &= rng.random(n // 3) < 0.1  # a block of the sample mostly out
        assert prefilter._cut_of(u, mask, k) == prefilter._cut(u[mask], k), (n, share, k)
    u = np.where(np.arange(1600) % 16 == 0, 1.0, 0.5)  # the sample sees only the high values: too few above its threshold
    assert prefilter._cut_of(u, np.ones(1600, dtype=bool), 150) == 0.5
