"""Bulk writes of the Neo4j store: loading a whole data set, and applying one change set.

Loading writes ``UNWIND`` batches of ``batch_size`` rows, one transaction per batch. A load
into a non-empty database writes every row with ``MERGE`` by id: a batch the driver retries, or
a load run twice, leaves the same graph. A ``replace`` load first empties the database a batch
at a time and then writes with ``CREATE`` (no lookup before each write, no old edges to drop):
the rows are first made unique by key in Python, the last row winning exactly as a later
``MERGE … SET`` would, and each batch is one transaction that the driver rolls back whole before
it retries it, so a retried batch cannot leave a duplicate either. A chain template is swapped in
one transaction. Applying a change set is one transaction (all or nothing).

Every write query sets properties by name, never ``SET x = row`` after a ``MERGE`` (the planner
puts an Eager barrier before that), so no load query plans an Eager operator but the three that
drop old edges on an incremental load (``clear_subsidiaries``, ``clear_within``,
``clear_chain_edges``), where Neo4j always separates the read of an edge from its deletion
(``tests/store/test_neo4j_load.py`` checks every plan).
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import neo4j

from app.datadir.dataset import DataSet
from app.errors import Conflict
from app.regions import RegionIndex
from app.store.base import ApplyResult, ChangeSet
from app.store.neo4j.records import (
    GROUP_PARAMS,
    chain_row,
    enterprise_row,
    link_row,
    node_row,
    park_row,
    region_row,
    regions_fingerprint,
    supply_row,
)
from app.store.neo4j.session import Neo4jConnection, batched, plain, rows, single
from graph_schema.template import ChainTemplate
from queries import cypher


@dataclass(frozen=True)
class LoadReport:
    """What one load wrote and how long it took: emptying the database, then writing the rows."""

    rows: int
    wipe_s: float
    write_s: float


def wipe(conn: Neo4jConnection, batch_size: int, keep_regions: bool = False) -> None:
    """Delete every relationship, then every node (but the regions, when kept), ``batch_size`` per transaction."""
    conn.autocommit(cypher("wipe_relationships"), keep_regions=keep_regions, batch_size=batch_size)
    conn.autocommit(cypher("wipe_nodes"), keep_regions=keep_regions, batch_size=batch_size)


def _each_batch(conn: Neo4jConnection, name: str, items: list, size: int, to_row: Callable[[Any], dict] | None = None,
                params: dict | None = None, workers: int = 1) -> None:
    """One transaction per ``size`` items; ``to_row`` turns a chunk's items into rows only when it is sent
    (a million rows as dicts at once would cost gigabytes); ``params`` go with every chunk. ``workers`` > 1 sends
    that many transactions at once: only for rows that touch one node each, with each key once (no two batches
    lock the same node, and the order between them cannot matter)."""
    def send(start: int) -> None:
        chunk = items[start:start + size]
        if to_row is not None:
            chunk = [to_row(x) for x in chunk]
        conn.write(lambda tx, c=chunk: batched(tx, name, c, size, **(params or {})))

    starts = range(0, len(items), size)
    if workers <= 1 or len(starts) <= 1:
        for start in starts:
            send(start)
        return
    with ThreadPoolExecutor(workers) as pool:
        for done in pool.map(send, starts):  # map raises the first failure
            del done


def _last_by(items: Iterable, key: Callable[[Any], Any]) -> list:
    """One item per key, the last one winning, in first-seen order (what MERGE then SET leaves)."""
    return list({key(x): x for x in items}.values())


def _write_templates(tx: neo4j.ManagedTransaction, templates: list[ChainTemplate], fresh: bool, size: int) -> None:
    if not fresh:
        rows(tx, "drop_stale_chain_nodes", chains=[{"id": t.id, "node_ids": list(t.by_id)} for t in templates])
        rows(tx, "clear_chain_edges", chain_ids=[t.id for t in templates])
    batched(tx, "merge_chains", [chain_row(t.chain) for t in templates], size)
    nodes = [n for t in templates for n in t.nodes]
    batched(tx, "merge_chain_nodes", [node_row(n) for n in nodes], size)
    batched(tx, "merge_part_of", [{"id": n.id, "parent_id": n.parent_id} for n in nodes if n.parent_id], size)
    batched(tx, "merge_feeds", [{"source": f.source, "target": f.target, "seq": i}
                                for t in templates for i, f in enumerate(t.feeds)], size)
    batched(tx, "merge_related", [{"source": r.source, "target": r.target, "kind": r.kind.value, "seq": i}
                                  for t in templates for i, r in enumerate(t.related)], size)


def _write_fresh(conn: Neo4jConnection, ds: DataSet, size: int) -> None:
    """Enterprises and their relations into an emptied database: CREATE, each key once."""
    enterprises = _last_by(ds.enterprises, lambda e: e.id)
    _each_batch(conn, "create_enterprises", enterprises, size, lambda e: enterprise_row(e, ds.regions))
    parents = _last_by(({"id": e.id, "parent_id": e.parent_id} for e in enterprises if e.parent_id), lambda r: r["id"])
    _each_batch(conn, "create_subsidiaries", parents, size)
    _each_batch(conn, "regroup_enterprises", [{"id": i} for i in sorted({r["parent_id"] for r in parents})], size,
                params=GROUP_PARAMS)
    _each_batch(conn, "create_links", _last_by(ds.links, lambda x: (x.enterprise_id, x.node_id)), size, link_row)
    _each_batch(conn, "create_supply", _last_by(ds.supply, lambda s: (s.supplier_id, s.customer_id)), size, supply_row)
    members = _last_by(({"enterprise_id": m.enterprise_id, "park_id": m.park_id} for m in ds.park_members),
                       lambda m: (m["enterprise_id"], m["park_id"]))
    _each_batch(conn, "create_park_members", members, size)


def _write_merged(conn: Neo4jConnection, ds: DataSet, size: int, workers: int = 1) -> None:
    """Enterprises and their relations over what the database holds: MERGE by key, old parent edges dropped; the
    per-enterprise steps (each row one node, each id once) ``workers`` transactions at a time."""
    enterprises = _last_by(ds.enterprises, lambda e: e.id)  # what MERGE … SET row after row leaves
    ids = [{"id": e.id} for e in enterprises]
    _each_batch(conn, "clear_uscc", ids, size)
    _each_batch(conn, "clear_subsidiaries", ids, size)  # an edge: it locks the parent too
    _each_batch(conn, "merge_enterprises", enterprises, size, lambda e: enterprise_row(e, ds.regions), workers=workers)
    _each_batch(conn, "merge_subsidiaries", [{"id": e.id, "parent_id": e.parent_id} for e in ds.enterprises if e.parent_id], size)
    _each_batch(conn, "regroup_enterprises", ids, size, params=GROUP_PARAMS)  # written ones and everything below them
    _each_batch(conn, "merge_links", ds.links, size, link_row)
    _each_batch(conn, "merge_supply", ds.supply, size, supply_row)
    _each_batch(conn, "merge_park_members", [m.model_dump() for m in ds.park_members], size)


def load_dataset(conn: Neo4jConnection, ds: DataSet, batch_size: int, replace: bool, workers: int = 1) -> LoadReport:
    """Write ``ds`` (after emptying the database when ``replace``); reports the rows written and the time taken.

    The region list is written only when the database does not already hold exactly that list
    (same fingerprint): the national list is ~3,200 rows that rarely change.
    """
    started = time.perf_counter()
    fingerprint = regions_fingerprint(ds.regions)
    stored = conn.read(lambda tx: single(tx, "read_catalog_version"))["regions"]
    same_regions = stored == fingerprint
    conn.write(lambda tx: rows(tx, "set_data_version", version=uuid.uuid4().hex, loading=True))  # no aggregate cached meanwhile
    if replace:
        wipe(conn, batch_size, keep_regions=same_regions)
    wiped = time.perf_counter()
    regions = [] if same_regions else [region_row(r) for r in ds.regions.regions]
    _each_batch(conn, "merge_regions", regions, batch_size)
    if not replace:  # after a wipe no region written has an old parent edge
        _each_batch(conn, "clear_within", regions, batch_size)
    _each_batch(conn, "merge_within", [{"code": r["code"], "parent_code": r["parent_code"]} for r in regions if r["parent_code"]],
                batch_size)
    if not (same_regions or replace or stored is None):
        fingerprint = "merged:" + uuid.uuid4().hex  # the old list plus this one: a list of its own
    templates = list(ds.chains.values())
    conn.write(lambda tx: _write_templates(tx, templates, replace, batch_size))
    _each_batch(conn, "merge_parks", ds.parks, batch_size, park_row)
    if replace:
        _write_fresh(conn, ds, batch_size)
    else:
        _write_merged(conn, ds, batch_size, workers)
    conn.write(lambda tx: rows(tx, "set_catalog_version", version=uuid.uuid4().hex, regions=fingerprint))
    conn.write(lambda tx: rows(tx, "set_data_version", version=uuid.uuid4().hex, loading=False))
    written = (len(regions) + sum(len(t.nodes) + len(t.feeds) + len(t.related) for t in templates) + len(ds.parks)
               + len(ds.enterprises) + len(ds.links) + len(ds.supply) + len(ds.park_members))
    return LoadReport(written, wiped - started, time.perf_counter() - wiped)


def apply_changes(tx: neo4j.ManagedTransaction, changes: ChangeSet, regions: RegionIndex, size: int) -> ApplyResult:
    """The body of :meth:`Neo4jStore.apply`: one transaction, safe to retry (it reads before it writes).

    Same order as the embedded store (upsert, delete, unlink, link, supply), except that an
    enterprise deleted and not re-written goes first, so its USCC is free for an upsert
    (:func:`~app.store.changes.check_changes` allows taking over the code of a deleted enterprise).
    """
    incoming = [e.id for e in changes.enterprises]
    upserted = set(incoming)
    existing = {p["id"] for p in plain(tx, "read_enterprises", ids=sorted(set(incoming)))["enterprises"]}
    created = sum(eid not in existing for eid in incoming)
    doomed = list(dict.fromkeys(changes.delete_enterprises))
    orphans = [r["id"] for r in rows(tx, "read_children", ids=doomed)] if doomed else []
    first = [eid for eid in doomed if eid not in upserted]
    deleted = single(tx, "delete_enterprises", ids=first)["deleted"] if first else 0
    if changes.enterprises:
        batched(tx, "clear_subsidiaries", [{"id": e.id} for e in changes.enterprises], size)
        batched(tx, "merge_enterprises", [enterprise_row(e, regions) for e in changes.enterprises], size)
        batched(tx, "merge_subsidiaries", [{"id": e.id, "parent_id": e.parent_id} for e in changes.enterprises if e.parent_id], size)
    later = [eid for eid in doomed if eid in upserted]
    if later:
        deleted += single(tx, "delete_enterprises", ids=later)["deleted"]
    regroup = sorted(set(incoming) | set(orphans))
    batched(tx, "regroup_enterprises", [{"id": i} for i in regroup], size, **GROUP_PARAMS)
    batched(tx, "delete_links", [{"enterprise_id": e, "node_id": n} for e, n in changes.delete_links], size)
    batched(tx, "merge_links", [link_row(x) for x in changes.links], size)
    batched(tx, "merge_supply", [supply_row(s) for s in changes.supply], size)
    _check_written(tx, changes)
    rows(tx, "bump_data_version", version=uuid.uuid4().hex)
    return ApplyResult(created, len(incoming) - created, deleted, len(changes.links), len(changes.supply))


def _check_written(tx: neo4j.ManagedTransaction, changes: ChangeSet) -> None:
    """Refuse (and so roll back) a change set whose link or supply rows matched no enterprise.

    ``check_changes`` runs before the transaction; another writer may delete an enterprise in
    between, and then ``MATCH … MERGE`` silently writes nothing. Reading the rows back inside this
    transaction turns that into a Conflict instead of an acknowledged write that is not there.
    """
    missing = []
    if changes.links:
        found = {(r["enterprise_id"], r["node_id"]) for r in rows(tx, "read_links", ids=sorted({x.enterprise_id for x in changes.links}))}
        missing += [f"{x.enterprise_id}→{x.node_id}" for x in changes.links if (x.enterprise_id, x.node_id) not in found]
    if changes.supply:
        ends = sorted({s.supplier_id for s in changes.supply})
        found = {(r["supplier_id"], r["customer_id"]) for r in rows(tx, "read_supply", ids=ends)}
        missing += [f"{s.supplier_id}→{s.customer_id}" for s in changes.supply if (s.supplier_id, s.customer_id) not in found]
    if missing:
        raise Conflict(f"企业在写入期间被删除，{len(missing)} 条关系无法写入，全部未写入：{', '.join(missing[:5])} "
                       f"(an enterprise was deleted meanwhile; nothing written)")


def export_is_whole(found: dict[str, list[dict]]) -> bool:
    """True when every exported relation names an exported enterprise.

    Neo4j reads committed data statement by statement, so an export running beside writes can
    read a link whose enterprise was committed after the enterprises were read; such an export
    would not load back, so the caller reads again.
    """
    ids = {r["enterprise"]["id"] for r in found["enterprises"]}
    ends = ([r["enterprise_id"] for r in found["links"]] + [r["enterprise_id"] for r in found["park_members"]]
            + [x for r in found["supply"] for x in (r["supplier_id"], r["customer_id"])])
    return all(x in ids for x in ends)
