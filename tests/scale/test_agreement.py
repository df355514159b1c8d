"""The fast paths and the straightforward computations agree, on every link of every chain, for many scopes."""
from __future__ import annotations

import random

import pytest

from app.analysis.results import Scope, TargetKind
from app.analysis.service import gap_entries, gap_report
from app.analysis.targets import rank_targets
from app.bench.baseline import LinkTable, gap_statuses
from app.store.base import ScopeFilter, ScopeKind
from app.store.members import key_members_from
from graph_schema.models import RegionLevel


def _scopes(store, count: int, seed: int, counties_wanted: int = 8, provinces_wanted: int = 5) -> list[Scope]:
    """``count`` random cities, then counties of the first five of them and provinces of them all."""
    regions = store.regions()
    codes = sorted({e for t in store.chains() for e in store.city_node_counts(t.id)})
    rng = random.Random(seed)
    picked = rng.sample(codes, count)
    counties = sorted({r.code for r in regions.regions if r.level is RegionLevel.county and regions.city_of(r.code) in picked[:5]})
    provinces = sorted({regions.province_of(c) for c in picked})
    out = [Scope(kind=ScopeKind.region, code=c, name=regions.get(c).name, level=RegionLevel.city) for c in picked]
    out += [Scope(kind=ScopeKind.region, code=c, name=regions.get(c).name, level=RegionLevel.county)
            for c in counties[:counties_wanted]]
    out += [Scope(kind=ScopeKind.region, code=c, name=regions.get(c).name, level=RegionLevel.province)
            for c in provinces[:provinces_wanted]]
    return out


def test_gap_statuses_agree_with_a_group_by(synth_store, synth_dir):
    table = LinkTable(synth_dir, synth_store.regions())
    for scope in _scopes(synth_store, 12, seed=1)[:12]:  # the baseline groups by city: cities only
        for template in synth_store.chains():
            report = gap_report(synth_store, template.id, scope)
            got = {x.node_id: (x.status.value, x.local_count, x.key_count) for x in report.links}
            assert got == gap_statuses(table, template, scope.code), (template.id, scope.code)


@pytest.mark.parametrize("seed", [2])
def test_cut_target_lists_are_prefixes_of_the_whole_ranking(synth_store, seed):
    """``limit`` keeps the first rows of each kind and ``per_link`` the first key/supporting rows of each link."""
    for scope in _scopes(synth_store, 3, seed, counties_wanted=2, provinces_wanted=2):
        for template in synth_store.chains():
            gaps = gap_entries(gap_report(synth_store, template.id, scope))
            every = rank_targets(synth_store, scope, template, gaps)
            assert len({r.enterprise_id for r in every}) == len(every)  # one row per group
            for limit in (0, 5):
                kept = {r.enterprise_id for k in TargetKind for r in [x for x in every if x.kind is k][:limit]}
                assert rank_targets(synth_store, scope, template, gaps, limit=limit) == tuple(r for r in every if r.enterprise_id in kept)
            kept = {r.enterprise_id for link, _ in gaps for r in [x for x in every if link.node_id in x.node_ids
                                                                   and x.kind in (TargetKind.key, TargetKind.supporting)][:3]}
            assert rank_targets(synth_store, scope, template, gaps, per_link=3) == tuple(r for r in every if r.enterprise_id in kept)


def test_key_members_are_the_prefix_of_every_member(synth_store):
    for scope in _scopes(synth_store, 10, seed=4):
        f = ScopeFilter(scope.kind, scope.code, scope.level)
        for template in synth_store.chains():
            expected = key_members_from(synth_store.chain_members(template.id, f), 3)
            got = synth_store.key_members(template.id, f, 3)
            assert sorted((m.node_id, m.enterprise.id) for m in got) == sorted((m.node_id, m.enterprise.id) for m in expected)
