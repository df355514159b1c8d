"""Each link's members kept ordered for targets: the shortlist visits few of them and stays right after writes."""
from __future__ import annotations

import random

import pytest

from app.analysis.results import Scope, TargetKind
from app.analysis.service import gap_entries, gap_report
from app.analysis.targets import rank_targets
from tests.reference.targets import rank_targets_reference
from app.datadir.synth import synthesize
from app.store.base import ChangeSet, ScopeKind
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import EnterpriseLink, Supply


@pytest.fixture
def store(tmp_path):
    synthesize(tmp_path, 1500, seed=23)
    return EmbeddedStore.open(tmp_path)


def _city(store, code: str) -> Scope:
    return Scope(kind=ScopeKind.region, code=code, name=store.regions().get(code).name, level="city")


def _busiest(store) -> tuple[str, Scope]:
    """The chain and city with the most gap links that have members elsewhere (many candidates)."""
    template = store.chains()[0]
    cities = sorted(store.city_node_counts(template.id), key=lambda c: -sum(store.city_node_counts(template.id)[c].values()))
    return template.id, _city(store, cities[len(cities) // 2])


def _agree(store, chain: str, scope: Scope) -> None:
    gaps = gap_entries(gap_report(store, chain, scope))
    every = rank_targets_reference(store, scope, gaps)
    for limit in (1, 5):
        best = [r for r in every if r.kind is TargetKind.key][:limit] + [r for r in every if r.kind is TargetKind.supporting][:limit]
        assert rank_targets(store, scope, gaps, limit=limit) == tuple(sorted(best, key=lambda r: (-round(r.score, 9), r.enterprise_id, r.node_id)))
    best = [r for r in every if sum(x.node_id == r.node_id for x in every[:every.index(r) + 1]) <= 2]
    assert list(rank_targets(store, scope, gaps, per_link=2)) == best


def test_the_shortlist_visits_a_small_part_of_the_members(store, monkeypatch):
    from app.analysis import targets

    chain, scope = _busiest(store)
    gaps = gap_entries(gap_report(store, chain, scope))
    seen = {}

    def spy(*args, **kw):
        seen.update(shortlist(*args, **kw))
        return seen

    shortlist = targets.shortlist
    monkeypatch.setattr(targets, "shortlist", spy)
    rows = rank_targets(store, scope, gaps, limit=3)
    members = sum(len(store.link_columns(link.node_id, scope.filter)[0].rows) for link, _ in gaps)
    assert rows and members > 500
    assert sum(len(v) for v in seen.values()) < members / 5


def test_orders_follow_every_kind_of_write(store):
    """Tags, revenue, status, links and supply relations change; the kept orders must follow."""
    chain, scope = _busiest(store)
    _agree(store, chain, scope)  # builds and keeps the orders
    rng = random.Random(3)
    gaps = gap_entries(gap_report(store, chain, scope))
    top = rank_targets(store, scope, gaps, limit=5)
    first, last = store.get_enterprise(top[0].enterprise_id), store.get_enterprise(top[-1].enterprise_id)
    outside = [m.enterprise for m in store.node_members(gaps[0][0].node_id, scope.filter, inside=False)]
    local = [m.enterprise for m in store.node_members(gaps[-1][0].node_id, scope.filter, inside=True)] or \
        [m.enterprise for m in store.chain_members(chain, scope.filter)]
    far = rng.choice(outside)
    writes = [
        ChangeSet(enterprises=[first.model_copy(update={"revenue": 0.0, "tags": ()}),
                               last.model_copy(update={"revenue": 10_000.0, "tags": ("链主",)})]),
        ChangeSet(enterprises=[rng.choice(outside).model_copy(update={"status": "注销"})]),
        ChangeSet(supply=[Supply(supplier_id=far.id, customer_id=local[0].id, product="件")]),
        ChangeSet(links=[EnterpriseLink(enterprise_id=far.id, node_id=gaps[-1][0].node_id)]),
        ChangeSet(delete_enterprises=[top[1].enterprise_id]),
    ]
    for changes in writes:
        store.apply(changes)
        _agree(store, chain, scope)


def test_a_partly_sorted_order_gives_the_best_members_first_however_far_it_is_asked():
    import numpy as np

    from app.analysis.target_shortlist import StaticOrder

    rng = np.random.default_rng(4)
    static = rng.integers(0, 300, 5000) / 300  # many ties
    order = StaticOrder(np.arange(5000), static.copy(), np.arange(5000))
    for end in (1, 40, 300, 301, 1200, 5000):
        pos, values, county = order.prefix(end)
        assert values.tolist() == sorted(static, reverse=True)[:end]
        assert (static[pos] == values).all() and (county == pos).all()
        assert len(set(pos.tolist())) == end
