"""A park-scoped target list asks the store a bounded number of questions, whatever the number of enterprises.

A counting proxy wraps a real store and counts every call of the store contract (on Neo4j also
every read transaction, since :func:`~app.store.base.candidates_via` asks the store itself). The
same park-scoped target list is asked on data sets ten times apart in size; the questions stay
within a bound set by the chain (its leaves), and none is asked per enterprise.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.service import gap_entries, gap_report, target_table
from app.datadir.dataset import DataSet
from app.datadir.io import read_data_dir
from app.datadir.synth import synthesize
from app.settings import SEED_DIR
from app.store.base import GraphStore, RankedLinks
from graph_schema.models import Park, ParkMember
from tests.store.conftest import STORES, make_store

CONTRACT = frozenset(n for n in dir(RankedLinks) if not n.startswith("_") and n != "capabilities")
CHAIN = "display"


class CountingStore:
    """A store that forwards everything to ``inner`` and counts each call of the store contract by name."""

    def __init__(self, inner: GraphStore):
        self._inner = inner
        self.capabilities = inner.capabilities
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str):
        found = getattr(self._inner, name)
        if name not in CONTRACT:
            return found

        def counted(*args, **kwargs):
            self.calls[name] += 1
            return found(*args, **kwargs)

        return counted


def _with_park(ds: DataSet) -> DataSet:
    """``ds`` with a park holding every enterprise of its busiest city (whatever parks it had)."""
    regions = ds.regions
    cities = Counter(regions.city_of(e.region_code) for e in ds.enterprises)
    city, _ = max(((c, n) for c, n in cities.items() if c), key=lambda x: (x[1], x[0]))
    members = [e.id for e in ds.enterprises if regions.city_of(e.region_code) == city]
    ds.parks = [Park(id="count-park", name="计数园区", region_code=city, lead_chains=(CHAIN,))]
    ds.park_members = [ParkMember(park_id="count-park", enterprise_id=i) for i in members]
    return ds


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> dict[str, DataSet]:
    out = {"seed": _with_park(read_data_dir(SEED_DIR))}
    for n in (400, 4000):
        root: Path = tmp_path_factory.mktemp(f"synth{n}")
        synthesize(root, n, seed=5)
        out[f"synth{n}"] = _with_park(read_data_dir(root))
    return out


def _count(kind: str, ds: DataSet, request) -> tuple[Counter, int, int, int]:
    """Store calls, Neo4j read transactions, gap links and target rows of the park's target list."""
    inner = make_store(kind, ds, request)
    store = CountingStore(inner)
    scope = resolve_scope(store, park="count-park")
    report = gap_report(store, CHAIN, scope)
    gaps = len(gap_entries(report))
    reads = [0]
    conn = getattr(inner, "_conn", None)
    if conn is not None:  # Neo4j: count the round trips too
        read = conn.read

        def counted(*args, **kwargs):
            reads[0] += 1
            return read(*args, **kwargs)

        conn.read = counted
    store.calls.clear()
    try:
        rows = target_table(store, CHAIN, scope, limit=10, report=report).rows
    finally:
        if conn is not None:
            del conn.read
    return store.calls, reads[0], gaps, len(rows)


@pytest.mark.parametrize("kind", STORES)
def test_a_park_target_list_asks_a_bounded_number_of_questions(kind, datasets, request):
    leaves = len(datasets["seed"].chains[CHAIN].leaf_ids)
    seen = {}
    for name, ds in datasets.items():
        calls, reads, gaps, rows = _count(kind, ds, request)
        seen[name] = (sum(calls.values()), reads, gaps, len(ds.enterprises))
        assert rows > 0 and gaps > 0, name
        assert calls["park_ids_of"] == 0, name  # no question per enterprise
        assert calls["candidates"] <= gaps and calls["link_columns"] <= gaps, (name, calls)  # one per gap link at most
        # groups: one enterprises question per level of ownership (parents, then theirs), for the candidates, the
        # local members and the supply partners, and per level below the local groups (their other entities, #16);
        # park membership for the local groups and the ties
        assert calls["in_park"] <= 2 and calls["enterprises"] <= 10 and calls["supply_of"] <= 1, (name, calls)
        assert calls["children"] <= 4, (name, calls)
        assert calls["enterprise_links"] <= 2 and calls["chain_members"] <= 1, (name, calls)
        assert sum(calls.values()) <= 2 * gaps + 16, (name, calls)
        if reads:  # Neo4j: five reads per gap link at most (members outside and inside, supply, partners, park), a few more
            assert reads <= 5 * gaps + 16, (name, reads, gaps)
        assert gaps <= leaves
    print(f"\n{kind}: (store calls, Neo4j reads, gap links, enterprises) per data set: {seen}")
    sizes = sorted(seen.values(), key=lambda x: x[3])
    assert sizes[-1][3] >= 10 * sizes[0][3]
    # the questions grow with the gap links (at most the chain's leaves), never with the enterprises
    assert max(calls - 2 * gaps for calls, _, gaps, _ in seen.values()) <= 16
