"""Benchmark (a script, not a test): one analysis of one chain for one city on the seed data.

Run ``.venv/bin/python -m tests.analysis.bench_analysis [CHAIN] [REGION] [REPEAT]``; prints the
median and the worst wall time of each service over REPEAT runs (store loading not included).
"""
from __future__ import annotations

import statistics
import sys
import time

from app.analysis import service
from app.analysis.scope import resolve_scope
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore


def _time(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm caches (region index, templates)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def main(argv: list[str]) -> None:
    chain, region, repeat = (argv + ["display", "成都", "50"][len(argv):])[:3]
    start = time.perf_counter()
    store = EmbeddedStore.open(SEED_DIR)
    print(f"load seed: {(time.perf_counter() - start) * 1000:.0f} ms, {store.stats().enterprises} enterprises")
    scope = resolve_scope(store, region=region)
    report = service.gap_report(store, chain, scope)
    landed = [r.enterprise_id for r in service.target_table(store, chain, scope, report=report).rows[:3]]
    cases = {
        "gap_report": lambda: service.gap_report(store, chain, scope),
        "target_table (incl. gap_report)": lambda: service.target_table(store, chain, scope),
        "build_roadmap (incl. both)": lambda: service.build_roadmap(store, chain, scope),
        "what_if (3 candidates)": lambda: service.what_if(store, chain, scope, landed),
        "compare (3 cities)": lambda: service.compare_scopes(
            store, chain, [scope, resolve_scope(store, region="合肥"), resolve_scope(store, region="武汉")]),
    }
    for name, fn in cases.items():
        median, worst = _time(fn, int(repeat))
        print(f"{name:34s} median {median:7.2f} ms   max {worst:7.2f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
