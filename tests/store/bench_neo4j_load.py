"""Benchmark: load rate (rows/s) of the seed data and of a synthetic set into Neo4j, per batch size.

A script that prints figures, not a test (STYLE: benchmarks are scripts). It empties the
database at NEO4J_URI, so point it at a scratch server (scripts/neo4j-local)::

    eval "$(scripts/neo4j-local env)"
    .venv/bin/python -m tests.store.bench_neo4j_load --synthetic 100000 --batch 500 2000 5000

Rows are every node and relationship row written: regions, template nodes and edges, parks,
enterprises, IN_NODE links, SUPPLIES and IN_PARK rows. The synthetic set spreads enterprises
over the seed chains' leaves and over real counties, 1–3 links each, with one supply relation
per four enterprises; it is drawn from a fixed random seed, so runs are comparable.
"""
from __future__ import annotations

import argparse
import random
import time

from app.datadir.dataset import DataSet
from app.datadir.io import read_data_dir
from app.settings import SEED_DIR, Settings
from app.store.neo4j.store import Neo4jStore
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, ParkMember, RegionLevel, Role, Supply

TAGS = ("高新技术企业", "专精特新", "上市", "小巨人", "链主")


def synthetic(seed: DataSet, n: int, rng: random.Random) -> DataSet:
    """``n`` made-up enterprises over the seed chains, plus the seed's own rows."""
    counties = [r.code for r in seed.regions.regions if r.level is RegionLevel.county]
    leaves = sorted(seed.leaf_ids())
    enterprises, links, supply, members = list(seed.enterprises), list(seed.links), list(seed.supply), list(seed.park_members)
    for i in range(n):
        eid = f"syn{i:07d}"
        tags = tuple(t for t in TAGS if rng.random() < 0.04)
        enterprises.append(Enterprise(id=eid, name=f"合成企业{i}有限公司", region_code=rng.choice(counties), tags=tags,
                                      revenue=round(rng.lognormvariate(1, 1.5), 2), status="注销" if rng.random() < 0.03 else "存续"))
        for node in rng.sample(leaves, rng.randint(1, 3)):
            links.append(EnterpriseLink(enterprise_id=eid, node_id=node, role=rng.choice(list(Role)),
                                        grade=LinkGrade.uncertain if rng.random() < 0.1 else LinkGrade.confirmed))
        if i and i % 4 == 0:
            supply.append(Supply(supplier_id=eid, customer_id=f"syn{rng.randrange(i):07d}", product="合成产品"))
        if seed.parks and rng.random() < 0.05:
            members.append(ParkMember(park_id=rng.choice(seed.parks).id, enterprise_id=eid))
    supply = list({(s.supplier_id, s.customer_id): s for s in supply}.values())
    return DataSet(chains=seed.chains, enterprises=enterprises, links=links, supply=supply, parks=seed.parks,
                   park_members=members, regions=seed.regions)


def rows_of(ds: DataSet) -> int:
    return (len(ds.regions) + sum(len(t.nodes) + len(t.feeds) + len(t.related) for t in ds.chains.values())
            + len(ds.parks) + len(ds.enterprises) + len(ds.links) + len(ds.supply) + len(ds.park_members))


def measure(store: Neo4jStore, name: str, ds: DataSet, batch: int) -> None:
    store.batch_size = batch
    store.load(DataSet(regions=ds.regions), replace=True)  # empty, regions in place: time the data itself
    start = time.perf_counter()
    store.load(ds, replace=True)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    store.load(ds)  # the same data again: MERGE finds everything
    again = time.perf_counter() - start
    data_rows = rows_of(ds) - len(ds.regions)
    print(f"{name:>16} batch {batch:>6}: {data_rows:>8} rows in {cold:7.2f} s = {data_rows / cold:9.0f} rows/s"
          f" | reload {again:6.2f} s = {data_rows / again:9.0f} rows/s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100_000, help="synthetic enterprises (0: seed only)")
    parser.add_argument("--batch", type=int, nargs="+", default=[500, 2000, 5000])
    args = parser.parse_args()
    store = Neo4jStore.from_settings(Settings())
    store.ping()
    seed = read_data_dir(SEED_DIR)
    sets = [("seed", seed)]
    if args.synthetic:
        sets.append((f"synthetic {args.synthetic}", synthetic(seed, args.synthetic, random.Random(20240601))))
    for name, ds in sets:
        print(f"{name}: {len(ds.enterprises)} enterprises, {len(ds.links)} links, {len(ds.supply)} supply, "
              f"{len(ds.park_members)} park members", flush=True)
        for batch in args.batch:
            measure(store, name, ds, batch)
    store.close()


if __name__ == "__main__":
    main()
