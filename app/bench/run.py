"""One benchmark run: load a (synthetic) data directory, time the analyses, compare with the baseline.

Figures, all from the same run: ``load_s`` and ``rows_per_s`` (CSV rows of enterprises, links
and supply relations loaded per second), ``rss_mb`` (resident memory after load; ``rss_end_mb`` after the
queries), latency
percentiles in milliseconds of panorama (gap report + SVG map), gaps (the gap report, every
mode), targets (top 50 of each kind) and roadmap over a fixed random set of (chain, city)
pairs, ``baseline_ms`` (the same gap answer by a pandas group-by, median) and
``baseline_ratio`` (baseline median / gaps median), ``warm_s`` (Neo4j: reading every link's columns before the
questions, as a worker does at its start; ``links_warmed``, ``kept_mb``), ``targets_prepare_s`` (what target lists keep
per data version, worked out before the questions as a worker does at its start: :func:`app.analysis.targets.prepare`;
``targets_prepared_links``), and ``agree`` (both answers equal on every
link of every pair). The baseline answers only status and counts per link, while ``gaps`` is
the whole report (indices, five modes, key enterprises, reasons); ``status_ms`` and
``status_ratio`` time exactly the baseline's answer from the store's aggregates
(``store.node_counts`` and the same classification), which ``agree`` also checks.
"""
from __future__ import annotations

import random
import time
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np

from app.analysis.coverage import capacity_links, classify
from app.analysis.results import Scope
from app.analysis.service import build_roadmap, gap_report, panorama, target_table
from app.analysis.targets import prepare as prepare_targets
from app.bench.baseline import LinkTable, gap_statuses
from app.outputs.panorama import panorama_svg
from app.settings import StoreKind
from app.store.base import GraphStore, NodeCount, ScopeFilter, ScopeKind
from graph_schema.models import RegionLevel
from graph_schema.template import ChainTemplate


def rss_mb() -> float:
    """Resident memory of this process now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _csv_rows(data_dir: Path) -> int:
    total = 0
    for name in ("enterprises.csv", "enterprise_nodes.csv", "supply.csv"):
        with (data_dir / name).open("rb") as fh:
            total += sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 20), b"")) - 1
    return total


def percentiles(samples: list[float]) -> dict[str, float]:
    a = np.array(samples) * 1000
    return {f"p{q}": round(float(np.percentile(a, q)), 2) for q in (50, 95, 99)}


def _panorama_map(store, chain_id: str, scope: Scope) -> str:
    """What the panorama answer costs: the gap report, its tree and the SVG map."""
    return panorama_svg(panorama(store, chain_id, scope), date.today())


def _timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def open_store(kind: str, data_dir: Path, loaded: bool = False) -> tuple[GraphStore, dict]:
    """The store of ``kind`` over ``data_dir``, and figures of its load beyond the total time (Neo4j: read, wipe, write);
    ``loaded``: Neo4j already holds ``data_dir`` (a bulk import), nothing is loaded."""
    if kind == "neo4j":
        from app.datadir.fastread import read_data_dir_fast
        from app.settings import Settings
        from app.store.neo4j.store import Neo4jStore

        store = Neo4jStore.from_settings(Settings())
        if loaded:
            return store, {"loaded_before": True}
        read_s, ds = _timed(lambda: read_data_dir_fast(data_dir))
        store.load(ds, replace=True)
        done = store.last_load  # reading the files and writing through the driver, apart
        written = len(ds.enterprises) + len(ds.links) + len(ds.supply)
        return store, {"read_s": round(read_s, 2), "wipe_s": round(done.wipe_s, 2), "write_s": round(done.write_s, 2),
                       "write_rows_per_s": round(written / done.write_s) if done.write_s else None}
    from app.store.embedded.store import EmbeddedStore

    return EmbeddedStore.open(data_dir), {}


def run(data_dir: Path, store_kind: str = "embedded", queries: int = 60, seed: int = 0, loaded: bool = False) -> dict:
    """Every figure of one benchmark run over ``data_dir`` (see the module docstring)."""
    data_dir = Path(data_dir)
    rows = _csv_rows(data_dir)
    kind = StoreKind(store_kind)  # "networkx", the embedded store's first name, reads as "embedded"
    load_s, (store, load_figures) = _timed(lambda: open_store(kind, data_dir, loaded))
    if hasattr(store, "warm"):  # Neo4j: read every link's columns before timing, as a worker would at its start
        warm_s, warmed = _timed(store.warm)
        load_figures.update(warm_s=round(warm_s, 2), links_warmed=warmed, kept_mb=round(store.kept_bytes() / 2**20))
    prepare_s, prepared = _timed(partial(prepare_targets, store))  # as a worker does at its start (app.api.main)
    load_figures.update(targets_prepare_s=round(prepare_s, 2), targets_prepared_links=prepared)
    memory = rss_mb()
    regions = store.regions()
    chains = store.chains()
    cities = sorted({c for t in chains for c in store.city_node_counts(t.id)})
    rng = random.Random(seed)
    pairs = [(rng.choice(chains), rng.choice(cities)) for _ in range(queries)]
    table = LinkTable(data_dir, regions)
    times: dict[str, list[float]] = {k: [] for k in ("panorama", "gaps", "targets", "roadmap", "baseline", "status")}
    agree = True
    for template, city in pairs:
        scope = Scope(kind=ScopeKind.region, code=city, name=regions.get(city).name, level=RegionLevel.city)
        dt, report = _timed(partial(gap_report, store, template.id, scope))
        times["gaps"].append(dt)
        times["panorama"].append(_timed(partial(_panorama_map, store, template.id, scope))[0])
        times["targets"].append(_timed(partial(target_table, store, template.id, scope, limit=50))[0])
        times["roadmap"].append(_timed(partial(build_roadmap, store, template.id, scope))[0])
        dt, expected = _timed(partial(gap_statuses, table, template, city))
        times["baseline"].append(dt)
        dt, statuses = _timed(partial(link_statuses, store, template, scope.filter))
        times["status"].append(dt)
        got = {x.node_id: (x.status.value, x.local_count, x.key_count) for x in report.links}
        agree = agree and got == expected == statuses
    gaps = percentiles(times["gaps"])
    baseline = percentiles(times["baseline"])
    status = percentiles(times["status"])
    memory_end = rss_mb()  # with what the store kept while answering (Neo4j: the link columns)
    store.close()
    return {
        "store": kind.value, "enterprises": store_size(data_dir), "queries": queries,
        "load_s": None if loaded else round(load_s, 2), "rows_per_s": None if loaded else round(rows / load_s),
        "rss_mb": round(memory), "rss_end_mb": round(memory_end),
        "panorama_ms": percentiles(times["panorama"]), "gaps_ms": gaps, "targets_ms": percentiles(times["targets"]),
        "roadmap_ms": percentiles(times["roadmap"]), "baseline_ms": baseline,
        "baseline_ratio": round(baseline["p50"] / gaps["p50"], 1) if gaps["p50"] else None, "status_ms": status,
        "status_ratio": round(baseline["p50"] / status["p50"], 1) if status["p50"] else None, "agree": agree,
        **load_figures,
    }


def link_statuses(store: GraphStore, template: ChainTemplate, scope: ScopeFilter) -> dict[str, tuple]:
    """The baseline's answer, (status, local, key) per leaf, from the store's aggregates (capacity rules included)."""
    counts = store.node_counts(template.id, scope)
    capacity = capacity_links(store, template.id, scope)
    t = template.chain.weak_threshold
    out = {}
    for leaf in template.leaves:
        c = counts.get(leaf.id, NodeCount(0, 0))
        out[leaf.id] = (classify(c.local, c.key, leaf.is_core, t, leaf.id in capacity).value, c.local, c.key)
    return out


def store_size(data_dir: Path) -> int:
    with (Path(data_dir) / "enterprises.csv").open("rb") as fh:
        return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 20), b"")) - 1
