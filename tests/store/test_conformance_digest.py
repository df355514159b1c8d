"""``local_digests`` on every store: the few local firms a gap report names, equal to picking them from every member.

The reference is :func:`app.store.digest.digest_from` over ``chain_members`` and ``leading_members`` (what the gap
report read before, issue 21); each store picks from its own columns instead and must give the same digest, for
every scope shape, quota and share, on the toy data and on the seed (groups, several 链主, parks).
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from app.analysis.coverage import NAMED, TOP_SHARE
from app.analysis.partners import held_by_partners
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.analysis.service import gap_report
from app.datadir.io import read_data_dir
from app.errors import NotFound
from app.settings import SEED_DIR
from app.store.base import GraphStore, ScopeFilter
from app.store.digest import Picked, digest_from, pick
from graph_schema.models import RegionLevel
from tests.store.conftest import make_store
from tests.store.test_call_counts import CountingStore
from tests.store.test_conformance_zones import HONGSHAN, OVERLAP, PARK, WUHOU, ZONE

TOY_SCOPES = [WUHOU, HONGSHAN, PARK, ZONE, OVERLAP, ScopeFilter.region("510100", RegionLevel.city),
              ScopeFilter.region("420000", RegionLevel.province), ScopeFilter.region("110000", RegionLevel.province)]


def _reference(store: GraphStore, chain_id: str, scope: ScopeFilter, per_node: int, share: float, leaves=None):
    def kept(members):
        return [m for m in members if leaves is None or m.node_id in leaves]

    return digest_from(kept(store.chain_members(chain_id, scope)), kept(store.leading_members(chain_id, scope, share)), per_node)


def test_a_digest_names_what_the_gap_report_cites(store):
    (d,) = store.local_digests("toy", [WUHOU], 2, TOP_SHARE)
    a = d.links["toy.a"]  # a1 链主;上市 revenue 50, a2 revenue 5, a3 no revenue: all three in 武侯区
    assert ([e.id for e in a.names], [e.id for e in a.keys], [e.id for e in a.leaders], a.via_group) == (["a1", "a2"], ["a1"], ["a1"], ())
    assert a.leading.enterprise.id == "a1" and a.leading.scale == 1.0 and d.enterprises == 3
    assert set(d.links) == {"toy.a"} and d.capacity == {"toy.a"}


@pytest.mark.parametrize("per_node", [0, 1, NAMED])
@pytest.mark.parametrize("share", [TOP_SHARE, 0.6])
def test_a_digest_is_the_pick_from_every_member(store, per_node, share):
    got = store.local_digests("toy", TOY_SCOPES, per_node, share)
    assert got == [_reference(store, "toy", s, per_node, share) for s in TOY_SCOPES]
    got = store.local_digests("toy", TOY_SCOPES, per_node, share, leaves=["toy.c"])
    assert got == [_reference(store, "toy", s, per_node, share, {"toy.c"}) for s in TOY_SCOPES]
    assert any(d.links for d in got) and all(set(d.links) <= {"toy.c"} for d in got)


def test_an_empty_scope_and_an_unknown_chain(store):
    (empty,) = store.local_digests("toy", [ScopeFilter.region("650100", RegionLevel.city)], NAMED, TOP_SHARE)
    assert (dict(empty.links), empty.enterprises, empty.capacity) == ({}, 0, frozenset())
    assert store.local_digests("toy", [], NAMED, TOP_SHARE) == []
    with pytest.raises(NotFound):
        store.local_digests("no-such-chain", [WUHOU], NAMED, TOP_SHARE)


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=[pytest.mark.neo4j, pytest.mark.slow])])
def seed_store(request):
    if not (SEED_DIR / "enterprises.csv").exists():
        pytest.skip("seed/enterprises.csv is not there yet")
    return make_store(request.param, read_data_dir(SEED_DIR), request)


def _seed_scopes(store: GraphStore) -> list[ScopeFilter]:
    regions = store.regions()
    ds = store.export()
    cities = Counter(regions.city_of(e.region_code) for e in ds.enterprises if regions.city_of(e.region_code))
    grouped = Counter(regions.city_of(e.region_code) for e in ds.enterprises if e.parent_id and regions.city_of(e.region_code))
    busiest = [c for c, _ in cities.most_common(6)] + [c for c, _ in grouped.most_common(4)]
    parks = [p for p, _ in Counter(m.park_id for m in ds.park_members).most_common(3)]
    scopes = [ScopeFilter.region(c, RegionLevel.city) for c in dict.fromkeys(busiest)]
    scopes.append(ScopeFilter.region(regions.province_of(busiest[0]), RegionLevel.province))
    scopes.extend(ScopeFilter.park(p) for p in parks)
    scopes.append(ScopeFilter.zone("z", [ScopeFilter.park(parks[0]), ScopeFilter.region(busiest[1], RegionLevel.city)]))
    return scopes


def test_seed_digests_are_the_pick_from_every_member(seed_store):
    scopes = _seed_scopes(seed_store)
    via_group = 0
    for t in seed_store.chains():
        for per_node in (1, NAMED):
            got = seed_store.local_digests(t.id, scopes, per_node, TOP_SHARE)
            assert got == [_reference(seed_store, t.id, s, per_node, TOP_SHARE) for s in scopes], (t.id, per_node)
            via_group += sum(len(x.via_group) for d in got for x in d.links.values())
        some = t.leaf_ids[::3]
        got = seed_store.local_digests(t.id, scopes, NAMED, TOP_SHARE, leaves=some)
        assert got == [_reference(seed_store, t.id, s, NAMED, TOP_SHARE, set(some)) for s in scopes], t.id
    assert via_group  # the seed's groups are exercised


def test_a_gap_report_reads_no_member_list_and_partners_ask_once(seed_store):
    counting = CountingStore(seed_store)
    chengdu = resolve_scope(seed_store, region="成都")
    report = gap_report(counting, "display", chengdu)
    assert counting.calls["chain_members"] == counting.calls["node_members"] == 0
    assert counting.calls["key_members"] == counting.calls["leading_members"] == 0
    counting.calls.clear()
    every_link_missing = report.model_copy(update={"links": tuple(x.model_copy(update={"status": Status.missing})
                                                                  for x in report.links)})
    held = held_by_partners(counting, every_link_missing)
    assert held and counting.calls["local_digests"] == 1  # one question whatever the number of partner cities


@pytest.mark.parametrize("seed", range(20))
def test_pick_settles_ties_by_id_with_or_without_an_order(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    ids = [f"e{int(x):03d}" for x in rng.permutation(200)[:n]]
    revenue = rng.choice([np.nan, 0.0, 1.0, 2.0], n)  # unknown and zero rank alike: ties at every cut
    employees = rng.choice([np.nan, 5.0, 9.0], n)
    leader, own_key, grouped = (rng.random(n) < p for p in (0.1, 0.3, 0.2))
    leader &= own_key | grouped
    order = np.argsort(np.argsort(np.array(ids)))
    for per_node in (0, 1, 3, n + 1):
        def prominent(p):
            return (not leader[p], -np.nan_to_num(revenue[p]), -np.nan_to_num(employees[p]), ids[p])

        expected = Picked(sorted(range(n), key=prominent)[:per_node],
                          sorted((p for p in range(n) if own_key[p] or grouped[p]), key=prominent)[:per_node],
                          sorted((p for p in range(n) if grouped[p] and not own_key[p]), key=lambda p: ids[p])[:per_node],
                          sorted((p for p in range(n) if leader[p]), key=lambda p: ids[p]))
        assert pick(ids, revenue, employees, leader, own_key, grouped, per_node) == expected
        assert pick(ids, revenue, employees, leader, own_key, grouped, per_node, order) == expected
