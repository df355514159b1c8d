"""The target list on random small graphs with groups: the store's group columns (``Capability.group_columns``) give
exactly the rows of the generic path (models read along ``parent_id``), and every cut list is the whole list cut.

Each graph is the ``pan`` chain of :mod:`tests.fixtures.analysis_graphs` plus random enterprises: regions in and
around 合肥 (its area holds 芜湖) and elsewhere, parents among the earlier ones (groups of one to three levels, some
inactive), links in ``pan`` and in ``toy`` (another chain), tags, sizes, supply relations and park memberships
(scopes: three cities and a park).
"""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from app.analysis.results import TargetKind
from app.analysis.scope import resolve_scope
from app.analysis.service import gap_entries, gap_report, target_table
from app.analysis.targets import TargetOptions, rank_targets
from app.store.base import Capability
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink, ParkMember, Supply
from tests.fixtures.analysis_graphs import pan_dataset
from tests.fixtures.target_graphs import hefei_areas
from tests.scale.test_targets_fast import _cut

REGIONS = ("340100", "340104", "340200", "420100", "440300", "440305", "110105", "310115", "500103", "510104")
ELSEWHERE = ("320100", "330100", "370100", "410100", "430100", "610100", "350100", "360100", "450100", "530100", "520100",
             "210100", "220100", "230100", "130100", "140100", "150100", "620100", "640100", "650100", "460100")
NODES = ("pan.glass", "pan.film", "pan.chem", "pan.panel", "pan.module", "pan.tv", "toy.a", "toy.c")
TAGS = ((), (), (), ("上市",), ("链主",), ("世界500强",), ("小巨人",), ("专精特新",))


class Generic:
    """The same store without its group columns: the target list reads models along ``parent_id``."""

    def __init__(self, inner: EmbeddedStore):
        self._inner = inner
        self.capabilities = inner.capabilities - {Capability.group_columns, Capability.member_columns}

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def candidates(self, node_id, scope, *args, **kwargs):
        return replace(self._inner.candidates(node_id, scope, *args, **kwargs), groups=None)


def _store(seed: int, size: tuple[int, int] = (20, 45), parented: float = 0.45, near: float = 1.0, holdings: int = 0) -> EmbeddedStore:
    """A random graph: ``size`` enterprises, a share ``parented`` with a parent (among the first ``holdings``, tagged
    heads working in no link, when there are any), ``near`` in :data:`REGIONS`."""
    rng = random.Random(seed)
    ds = pan_dataset()
    ids = []
    for n in range(rng.randint(*size)):
        i = f"r{n:03d}"
        holding = n < holdings  # a group's head working in no link: only its own tags, place and size count
        parent = rng.choice(ids[:holdings] if holdings and n >= holdings else ids[-40:]) if ids and rng.random() < parented else None
        ds.enterprises.append(Enterprise(
            id=i, name=f"随机{n}有限公司", region_code=rng.choice(REGIONS if rng.random() < near else ELSEWHERE),
            tags=rng.choice(TAGS[3:] if holding else TAGS), parent_id=parent,
            status="注销" if rng.random() < 0.08 else "存续", revenue=round(rng.uniform(1, 500), 1) if rng.random() < 0.6 else None,
            employees=rng.randint(10, 5000) if rng.random() < 0.3 else None))
        for node in () if holding else rng.sample(NODES, rng.choice((0, 1, 1, 2))):
            ds.links.append(EnterpriseLink(enterprise_id=i, node_id=node))
        ids.append(i)
    ds.park_members += [ParkMember(park_id="toy-park", enterprise_id=i) for i in ids if rng.random() < 0.15]
    local = ["L1", "g1", "h1", *ids]
    ds.supply += [Supply(supplier_id=a, customer_id=b, product=rng.choice(("膜材", "玻璃", "原料", "数据", "")))
                  for a, b in (rng.sample(local, 2) for _ in range(rng.randint(3, 12)))]
    return EmbeddedStore(ds)


def _table(store, where, **kw):
    options = TargetOptions(areas=hefei_areas(store.regions()), **kw.pop("options", {}))
    scope = resolve_scope(store, park="toy-park") if where == "toy-park" else resolve_scope(store, region=where)
    return target_table(store, "pan", scope, options=options, **kw).rows


@pytest.mark.parametrize("seed", range(30))
def test_group_columns_give_the_generic_rows_and_cut_lists_are_exact(seed):
    _check(_store(seed), seed)


@pytest.mark.parametrize("seed", range(100, 124))
def test_on_larger_graphs_the_shortlists_cut_and_stay_exact(seed):
    """Graphs of 200 to 300 enterprises: a first shortlist leaves candidates out (16 per class and limit)."""
    _check(_store(seed, (200, 300), parented=0.35, near=0.15, holdings=12 if seed % 2 else 0), seed)


def _check(store, seed):
    for region in ("合肥", "芜湖", "武汉", "toy-park"):
        for options in ({}, {"partners_apart": False}):
            every = _table(store, region, options=options)
            assert every == _table(Generic(store), region, options=options), (seed, region, options)
            for limit in (1, 2, 4):
                cut = _table(store, region, limit=limit, options=options)
                for kind in TargetKind:
                    assert [r for r in cut if r.kind is kind] == [r for r in every if r.kind is kind][:limit], (seed, region, limit)
            scope = resolve_scope(store, park="toy-park") if region == "toy-park" else resolve_scope(store, region=region)
            gaps = gap_entries(gap_report(store, "pan", scope))
            o = TargetOptions(areas=hefei_areas(store.regions()), **options)
            for per_link in (1, 2):
                fast = rank_targets(store, scope, store.chain("pan"), gaps, per_link=per_link, options=o)
                assert fast == _cut(every, gaps, per_link=per_link), (seed, region, per_link)
