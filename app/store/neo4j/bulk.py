"""An initial national load through Neo4j's own bulk importer (``neo4j-admin database import full``).

Three steps, the middle one with the database offline:

1. :func:`write_import_files` writes the big part of a validated data set (enterprises, their
   links, supply relations, subsidiaries and park memberships, with the derived properties the
   store filters on, see :mod:`app.store.neo4j.records`) as the importer's CSV files, plus stub
   ``ChainNode`` / ``Park`` nodes for their ends, and returns the importer's arguments. The saved
   snapshots (reviews) are kept beside them: the importer replaces the whole database.
2. The importer builds the database (``scripts/neo4j-local import`` runs it with the Neo4j
   Community tool of the launcher's classpath; in the compose deployment it is
   ``neo4j-admin database import full`` in the stopped ``neo4j`` container, see docs/scaling.md).
3. :func:`finish_import` with the server up again: the schema (constraints and indexes, awaited
   online), then templates, regions and parks through the ordinary load (MERGE by id over the
   stubs), the stamps, and the snapshots back.

Values travel as typed CSV columns: every string quoted (so an empty string stays one), a
missing value as an empty unquoted field (no property, as a null write leaves none), arrays
split on U+001F (text hygiene refuses control characters in every field, so none can hold it). No value holds a
line break (hygiene makes them spaces; :func:`_cell` refuses one), so the importer is told fields never span lines
(``--multiline-fields=false``, its faster mode: measured in docs/scaling.md §3).

>>> _cell(None), _cell(""), _cell('a"b'), _cell(2.5), _cell(True), _cell(("x", "y"))
('', '""', '"a""b"', '2.5', 'true', '"x\\x1fy"')
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from app.datadir.dataset import DataSet
from app.errors import InvalidInput
from app.store.base import SnapshotRecord
from app.store.neo4j.load import _last_by, load_dataset
from app.store.neo4j.records import enterprise_row
from app.store.neo4j.session import Neo4jConnection, rows
from queries import cypher

ARRAY = "\x1f"
SNAPSHOTS = "snapshots.json"
ARGS = "import.args"  # the importer's arguments, one a line (scripts/neo4j-local import reads them)
FILES = ("enterprises.csv", "subsidiaries.csv", "chain_nodes.csv", "parks.csv", "links.csv", "supply.csv", "park_members.csv",
         SNAPSHOTS, ARGS)
INDEX_WAIT_S = 1800

_ENTERPRISE = (("id", "id:ID(Enterprise)"), ("uscc", "uscc"), ("name", "name"), ("region_code", "region_code"),
               ("founded", "founded"), ("revenue", "revenue:double"), ("employees", "employees:long"),
               ("tags", "tags:string[]"), ("listed_code", "listed_code"), ("status", "status"), ("parent_id", "parent_id"),
               ("region_source", "region_source"), ("city_code", "city_code"), ("province_code", "province_code"),
               ("active", "active:boolean"), ("key", "key:boolean"))


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v) if isinstance(v, float) else str(v)
    if isinstance(v, tuple | list):
        v = ARRAY.join(v)
    v = str(v)
    if "\n" in v or "\r" in v:  # text hygiene turns line breaks into spaces, so the importer reads one line a row
        raise ValueError(f"line break in a bulk import value: {v[:40]!r}")
    return '"' + v.replace('"', '""') + '"'


def _write(path: Path, header: Iterable[str], rows: Iterable[Iterable]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for row in rows:
            fh.write(",".join(map(_cell, row)) + "\n")
            n += 1
    return n


def write_import_files(ds: DataSet, out: Path, database: str = "neo4j",
                       snapshots: Iterable[SnapshotRecord] = ()) -> tuple[list[str], int]:
    """The importer's files for ``ds`` in ``out`` and its arguments (after ``database import full``); rows written.

    Rows are made unique by key exactly as the ``replace`` load makes them (the last one wins). ``out`` is refused when
    it holds a data directory or files of the same names not written here before (a data directory's ``enterprises.csv``
    would be overwritten), and the arguments are written to ``out/import.args``.
    """
    if (out / "chains").exists() or (not (out / ARGS).exists() and any((out / name).exists() for name in FILES)):
        raise InvalidInput(f"{out} 里已有数据目录或同名文件，导入文件会覆盖它们；请换一个空目录 (the importer's files would "
                           f"overwrite a data directory or other files in {out}: choose an empty directory)")
    out.mkdir(parents=True, exist_ok=True)
    enterprises = _last_by(ds.enterprises, lambda e: e.id)
    ids = {e.id for e in enterprises}
    written = _write(out / "enterprises.csv", [h for _, h in _ENTERPRISE],
                     ([row[f] for f, _ in _ENTERPRISE] for row in (enterprise_row(e, ds.regions) for e in enterprises)))
    written += _write(out / "subsidiaries.csv", [":START_ID(Enterprise)", ":END_ID(Enterprise)"],
                      ((e.id, e.parent_id) for e in enterprises if e.parent_id and e.parent_id in ids))
    _write(out / "chain_nodes.csv", ["id:ID(ChainNode)"], ((n.id,) for t in ds.chains.values() for n in t.nodes))
    _write(out / "parks.csv", ["id:ID(Park)"], ((p.id,) for p in _last_by(ds.parks, lambda p: p.id)))
    written += _write(out / "links.csv", [":START_ID(Enterprise)", ":END_ID(ChainNode)", "role", "products:string[]", "grade",
                                          "evidence"],
                      ((x.enterprise_id, x.node_id, x.role.value, x.products, x.grade.value, x.evidence)
                       for x in _last_by(ds.links, lambda x: (x.enterprise_id, x.node_id))))
    written += _write(out / "supply.csv", [":START_ID(Enterprise)", ":END_ID(Enterprise)", "product"],
                      ((s.supplier_id, s.customer_id, s.product) for s in _last_by(ds.supply, lambda s: (s.supplier_id, s.customer_id))))
    written += _write(out / "park_members.csv", [":START_ID(Enterprise)", ":END_ID(Park)"],
                      ((m.enterprise_id, m.park_id) for m in _last_by(ds.park_members, lambda m: (m.enterprise_id, m.park_id))))
    (out / SNAPSHOTS).write_text(json.dumps([asdict(s) for s in snapshots], ensure_ascii=False), encoding="utf-8")
    args = [database, "--overwrite-destination=true", f"--array-delimiter={ARRAY}", "--multiline-fields=false",
            "--skip-duplicate-nodes=false", "--bad-tolerance=0", "--high-parallel-io=on",
            f"--report-file={out / 'import.report'}",
            f"--nodes=Enterprise={out / 'enterprises.csv'}", f"--nodes=ChainNode={out / 'chain_nodes.csv'}",
            f"--nodes=Park={out / 'parks.csv'}", f"--relationships=SUBSIDIARY_OF={out / 'subsidiaries.csv'}",
            f"--relationships=IN_NODE={out / 'links.csv'}", f"--relationships=SUPPLIES={out / 'supply.csv'}",
            f"--relationships=IN_PARK={out / 'park_members.csv'}"]
    (out / ARGS).write_text("\n".join(args) + "\n", encoding="utf-8")
    return args, written


def finish_import(conn: Neo4jConnection, ds: DataSet, out: Path, batch_size: int) -> None:
    """After the importer: schema (indexes awaited online), templates, regions, parks and stamps, then the snapshots."""
    conn.forget_bookmarks()  # the import restarted the transaction history
    conn.ensure_schema()
    conn.autocommit(cypher("await_indexes"), seconds=INDEX_WAIT_S)
    load_dataset(conn, DataSet(chains=ds.chains, parks=ds.parks, regions=ds.regions), batch_size, replace=False)
    kept = json.loads((out / SNAPSHOTS).read_text(encoding="utf-8")) if (out / SNAPSHOTS).exists() else []
    if kept:
        records = [SnapshotRecord(**s) for s in kept]
        conn.write(lambda tx: [rows(tx, "create_snapshot", key=r.key, **asdict(r)) for r in records])
