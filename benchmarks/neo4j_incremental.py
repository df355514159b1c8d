"""Incremental load rate into Neo4j: a data directory written over what the database holds (MERGE by key), per step.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/neo4j_incremental.py DIR [--batch 5000]

Reads DIR with the fast reader, then ``Neo4jStore.load(ds, replace=False)`` (``chainmap load`` without ``--replace``):
batched UNWIND writes, MERGE by key, one transaction per batch. Prints the seconds of each named batch query, the
rows written (enterprises + links + supply relations, as ``chainmap bench`` counts them) and rows per second of the
write. Writing a slice of the data the database already holds (same rows) changes no value: a fair repeatable
measure on a bulk-imported database. Not a test.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from app.datadir.fastread import read_data_dir_fast
from app.settings import Settings
from app.store.neo4j import load
from app.store.neo4j.store import Neo4jStore

SPENT: dict[str, float] = defaultdict(float)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--batch", type=int, default=None, help="rows per UNWIND transaction (default: the setting)")
    ap.add_argument("--workers", type=int, default=None, help="write transactions at once (default: the store's)")
    args = ap.parse_args()
    each = load._each_batch

    def timed(conn, name, items, size, *rest, **kw):
        t = time.perf_counter()
        try:
            return each(conn, name, items, size, *rest, **kw)
        finally:
            SPENT[name] += time.perf_counter() - t

    load._each_batch = timed
    t = time.perf_counter()
    ds = read_data_dir_fast(args.data)
    read_s = time.perf_counter() - t
    store = Neo4jStore.from_settings(Settings())
    if args.batch:
        store.batch_size = args.batch
    if args.workers:
        store.write_workers = args.workers
    store.load(ds, replace=False)
    done = store.last_load
    rows = len(ds.enterprises) + len(ds.links) + len(ds.supply)
    print(json.dumps({"read_s": round(read_s, 2), "write_s": round(done.write_s, 2), "rows": rows,
                      "rows_per_s": round(rows / done.write_s), "batch": store.batch_size, "workers": store.write_workers,
                      "steps_s": {k: round(v, 2) for k, v in sorted(SPENT.items(), key=lambda kv: -kv[1])}}, ensure_ascii=False))
    store.close()


if __name__ == "__main__":
    main()
