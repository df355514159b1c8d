"""``chainmap neo4j-import prepare|finish OUT``: an initial national load through Neo4j's bulk importer.

``prepare`` (server up) writes the importer's files of the data directory and the saved snapshots
into ``OUT``, with the importer's arguments in ``OUT/import.args`` (one a line); then the importer
runs with the database offline (``scripts/neo4j-local import OUT`` does all three steps; see
docs/scaling.md for the compose deployment); ``finish`` (server up again) writes the schema,
templates, regions, parks, stamps and snapshots (:mod:`app.store.neo4j.bulk`).
"""
from __future__ import annotations

import time
from pathlib import Path

from app.errors import InvalidInput


def _neo4j(ctx):
    from app.store.neo4j.store import Neo4jStore

    if not isinstance(ctx.store, Neo4jStore):
        raise InvalidInput("neo4j-import 只用于 Neo4j 存储 (neo4j-import needs --store neo4j)")
    return ctx.store


def cmd_prepare(args, ctx) -> int:
    from app.datadir.fastread import read_data_dir_fast
    from app.store.neo4j.bulk import write_import_files

    store = _neo4j(ctx)
    started = time.perf_counter()
    ds = read_data_dir_fast(ctx.settings.data_dir)
    read = time.perf_counter()
    _, written = write_import_files(ds, args.out, store._conn.database, store.snapshots())
    print(f"已写出 wrote {written} 行 rows for neo4j-admin in {args.out} "
          f"(read {read - started:.1f} s, write {time.perf_counter() - read:.1f} s)")
    return 0


def cmd_finish(args, ctx) -> int:
    from app.datadir.fastread import read_data_dir_fast
    from app.store.neo4j.bulk import finish_import

    store = _neo4j(ctx)
    started = time.perf_counter()
    finish_import(store._conn, read_data_dir_fast(ctx.settings.data_dir), args.out, store.batch_size)
    print(f"已完成 finished the bulk load in {time.perf_counter() - started:.1f} s: schema, templates, regions, parks, stamps")
    return 0


def register(sub) -> None:
    p = sub.add_parser("neo4j-import", help="用 neo4j-admin 批量导入 initial load through Neo4j's bulk importer")
    steps = p.add_subparsers(dest="step", metavar="STEP")
    steps.required = True
    q = steps.add_parser("prepare", help="写出导入文件 write the importer's files (server up)")
    q.add_argument("out", type=Path)
    q.set_defaults(func=cmd_prepare)
    q = steps.add_parser("finish", help="导入后补齐 schema、模板与标记 complete the load after the importer (server up)")
    q.add_argument("out", type=Path)
    q.set_defaults(func=cmd_finish)
