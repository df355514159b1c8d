"""Where a Neo4j answer spends its time: per analysis call, the time in each named query, the read transactions, the rest.

Runs the pairs ``chainmap bench`` runs (same seed, same order) against the Neo4j of ``NEO4J_URI``, already
holding the data (a bulk import), and prints one line per call and a summary per analysis: wall time,
time inside named queries (server plus the driver's decoding), read transactions, and the time spent
turning link records into columns. Not a test: a tool for reading where the milliseconds go.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/neo4j_profile.py --queries 60 [--warm] [--only gaps,targets]
"""
from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from functools import partial

import numpy as np

from app.analysis.results import Scope
from app.analysis.service import build_roadmap, gap_report, target_table
from app.settings import Settings
from app.store.base import ScopeKind
from app.store.neo4j import members, ranked, session
from app.store.neo4j import store as store_mod
from app.store.neo4j.store import Neo4jStore
from graph_schema.models import RegionLevel

SPENT: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def _timed_query(fn):
    def run(tx, name, **params):
        t = time.perf_counter()
        try:
            return fn(tx, name, **params)
        finally:
            SPENT[name] += time.perf_counter() - t
            CALLS[name] += 1
    return run


def _instrument(store: Neo4jStore) -> None:
    for mod in (store_mod, ranked, members):
        for fn in ("rows", "single"):
            if hasattr(mod, fn):
                setattr(mod, fn, _timed_query(getattr(session, fn)))
    conn_read = store._conn.read

    def read(work, *args):
        CALLS["(transactions)"] += 1
        return conn_read(work, *args)

    store._conn.read = read
    of = ranked._Link.of

    def link_of(members):
        t = time.perf_counter()
        try:
            return of(members)
        finally:
            SPENT["(columns from records)"] += time.perf_counter() - t
            CALLS["(columns from records)"] += 1

    ranked._Link.of = staticmethod(link_of)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--warm", action="store_true", help="warm the store first (Neo4jStore.warm) and say how long it took")
    ap.add_argument("--only", default="gaps,targets,roadmap")
    args = ap.parse_args()
    store = Neo4jStore.from_settings(Settings())
    _instrument(store)
    regions = store.regions()
    chains = store.chains()
    if args.warm and hasattr(store, "warm"):
        t = time.perf_counter()
        store.warm()
        print(f"warm {time.perf_counter() - t:.1f} s")
    cities = sorted({c for t in chains for c in store.city_node_counts(t.id)})
    rng = random.Random(args.seed)
    pairs = [(rng.choice(chains), rng.choice(cities)) for _ in range(args.queries)]
    kinds = {"gaps": gap_report, "targets": partial(target_table, limit=50), "roadmap": build_roadmap}
    only = args.only.split(",")
    wall: dict[str, list[float]] = defaultdict(list)
    per_kind: dict[str, dict[str, float]] = {k: defaultdict(float) for k in only}
    for template, city in pairs:
        scope = Scope(kind=ScopeKind.region, code=city, name=regions.get(city).name, level=RegionLevel.city)
        for kind in only:
            SPENT.clear()
            CALLS.clear()
            t = time.perf_counter()
            kinds[kind](store, template.id, scope)
            dt = time.perf_counter() - t
            wall[kind].append(dt)
            for k, v in SPENT.items():
                per_kind[kind][k] += v
            per_kind[kind]["(transactions)"] += CALLS["(transactions)"]
            top = sorted(SPENT.items(), key=lambda kv: -kv[1])[:4]
            print(f"{kind:8} {template.id:8} {city} {dt * 1000:8.0f} ms tx={CALLS['(transactions)']:3d} "
                  + " ".join(f"{k}={v * 1000:.0f}ms/{CALLS[k]}" for k, v in top), flush=True)
    for kind in only:
        a = np.array(wall[kind]) * 1000
        print(f"== {kind}: p50 {np.percentile(a, 50):.0f} p95 {np.percentile(a, 95):.0f} p99 {np.percentile(a, 99):.0f} ms; "
              f"total {a.sum():.0f} ms; " + ", ".join(f"{k} {v * (1 if k == '(transactions)' else 1000):.0f}"
                                                  for k, v in sorted(per_kind[kind].items(), key=lambda kv: -kv[1])))
    store.close()


if __name__ == "__main__":
    main()
