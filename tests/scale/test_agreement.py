"""The fast path and the straightforward computation agree, on every link of every chain, for many scopes."""
from __future__ import annotations

import random

import pytest

from app.analysis.results import Scope
from app.analysis.service import gap_entries, gap_report
from app.analysis.targets import rank_targets
from app.bench.baseline import LinkTable, gap_statuses
from app.store.base import ScopeFilter, ScopeKind, key_members_from
from graph_schema.models import RegionLevel
from tests.reference.targets import rank_targets_reference


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
def test_targets_agree_with_the_one_by_one_ranking(synth_store, seed):
    for scope in _scopes(synth_store, 3, seed, counties_wanted=2, provinces_wanted=2):
        for template in synth_store.chains():
            gaps = gap_entries(gap_report(synth_store, template.id, scope))
            for limit in (None, 0, 5):
                assert rank_targets(synth_store, scope, gaps, limit=limit) == rank_targets_reference(synth_store, scope, gaps, limit=limit)
            every = rank_targets_reference(synth_store, scope, gaps)
            best = [r for r in every if sum(x.node_id == r.node_id for x in every[:every.index(r) + 1]) <= 3]
            assert list(rank_targets(synth_store, scope, gaps, per_link=3)) == best


def test_key_members_are_the_prefix_of_every_member(synth_store):
    for scope in _scopes(synth_store, 10, seed=4):
        f = ScopeFilter(scope.kind, scope.code, scope.level)
        for template in synth_store.chains():
            expected = key_members_from(synth_store.chain_members(template.id, f), 3)
            got = synth_store.key_members(template.id, f, 3)
            assert sorted((m.node_id, m.enterprise.id) for m in got) == sorted((m.node_id, m.enterprise.id) for m in expected)
