"""``chainmap state check | compact | truncate``: the embedded store's journal in the state directory.

``check`` lists every damaged change in words; ``truncate --from N`` drops change N and the later ones
(the way out a damaged journal names); ``compact`` replaces the journal by its net change.
"""
from __future__ import annotations

import sys

from app.settings import StoreKind


def _journal(ctx):
    from app.store.embedded.journal import Journal, journal_path

    if ctx.settings.store is StoreKind.neo4j:
        print("chainmap: Neo4j 存储没有变更日志 (the Neo4j store keeps no journal)", file=sys.stderr)
        return None
    return Journal(journal_path(ctx.settings.data_dir, ctx.settings.state_dir))


def cmd_check(args, ctx) -> int:
    journal = _journal(ctx)
    if journal is None:
        return 2
    rows, problems = journal.check()
    print(f"变更日志 journal {journal.path}: {rows} 条变更 changes")
    for p in problems:
        print(f"  损坏 damaged: {p}")
    if problems:
        print("  出路 way out: chainmap state truncate --from <第一条损坏的编号 first damaged number>，或从备份重新开始 "
              "(or start again from a backup)")
    return 1 if problems else 0


def cmd_truncate(args, ctx) -> int:
    journal = _journal(ctx)
    if journal is None:
        return 2
    dropped = journal.truncate(args.first)
    print(f"已去掉第 {args.first} 条起的 {dropped} 条变更 (dropped {dropped} changes from number {args.first} on)")
    return 0


def cmd_compact(args, ctx) -> int:
    from app.store.embedded.compact import compact_journal

    if _journal(ctx) is None:
        return 2
    before, after = compact_journal(ctx.store, ctx.settings.data_dir)
    print(f"变更日志已压缩：{before} 条 → {after} 条 (journal compacted: {before} changes → {after})")
    return 0


def register(sub) -> None:
    p = sub.add_parser("state", help="状态目录中的变更日志 the embedded store's journal (check, compact, truncate)")
    ssub = p.add_subparsers(dest="state_command", metavar="ACTION")
    ssub.required = True
    ssub.add_parser("check", help="检查变更日志 check every change of the journal").set_defaults(func=cmd_check)
    ssub.add_parser("compact", help="压缩变更日志 replace the journal by its net change").set_defaults(func=cmd_compact)
    t = ssub.add_parser("truncate", help="去掉第 N 条起的变更 drop change N and the later ones")
    t.add_argument("--from", dest="first", type=int, required=True, help="第一条要去掉的变更编号 first change to drop")
    t.set_defaults(func=cmd_truncate)
