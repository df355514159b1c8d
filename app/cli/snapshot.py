"""``chainmap snapshot save|list|diff``: keep a scope's gap report, and see what changed since the last review."""
from __future__ import annotations

from app.analysis import service
from app.analysis.results import STATUS_LABELS
from app.analysis.scope import resolve_scope
from app.analysis.snapshots import changes_since, list_snapshots, save_snapshot
from app.cli.output import print_json, print_table
from app.errors import InvalidInput


def _scope(args, ctx, required: bool = True):
    if args.region and args.park:
        raise InvalidInput("--region 与 --park 只能给出一个 (give --region or --park, not both)")
    if not (args.region or args.park):
        if required:
            raise InvalidInput("请给出 --region 或 --park (give --region or --park)")
        return None
    return resolve_scope(ctx.store, region=args.region, park=args.park)


def cmd_save(args, ctx) -> int:
    info = save_snapshot(ctx.store, args.chain, _scope(args, ctx), args.label,
                         options=service.target_options(ctx.store, ctx.settings))
    if args.format == "json":
        print_json(info.model_dump(mode="json"))
        return 0
    c = info.counts
    print(f"已保存快照 saved snapshot {info.label} · {info.chain_name} @ {info.scope.name} · {info.taken_at} · "
          f"完整度 {info.completeness:.0%} 强度 {info.strength:.0%} 强/弱/缺 {c.strong}/{c.weak}/{c.missing}")
    return 0


def cmd_list(args, ctx) -> int:
    found = list_snapshots(ctx.store, args.chain, _scope(args, ctx, required=False))
    if args.format == "json":
        print_json(found.model_dump(mode="json"))
        return 0
    if not found.snapshots:
        print("还没有快照 (no snapshot yet): chainmap snapshot save CHAIN --region R")
        return 0
    print_table([s.model_dump(mode="json") | {"scope": f"{s.scope.name} ({s.scope.code})",
                                             "counts": f"{s.counts.strong}/{s.counts.weak}/{s.counts.missing}"}
                 for s in found.snapshots],
                [("label", "标签 label"), ("taken_at", "时间 taken at (UTC)"), ("chain", "产业链 chain"), ("scope", "范围 scope"),
                 ("completeness", "完整度"), ("strength", "强度"), ("counts", "强/弱/缺")])
    return 0


def cmd_diff(args, ctx) -> int:
    d = changes_since(ctx.store, args.chain, _scope(args, ctx), args.since)
    if args.format == "json":
        print_json(d.model_dump(mode="json"))
        return 0
    print(f"{d.chain_name} ({d.chain}) · {d.scope.name} · 自上次评估以来 since {d.since.label} ({d.since.taken_at}) → {d.now}")
    for r in d.reasons:
        print(f"- {r.zh}")
    if d.changed:
        print("\n状态变化 links whose status changed")
        print_table([{"name": c.name, "change": f"{STATUS_LABELS[c.before]} → {STATUS_LABELS[c.after]}",
                      "why": "；".join(r.zh for r in c.reasons)} for c in d.changed],
                    [("name", "环节 link"), ("change", "变化 change"), ("why", "依据 why")])
    for title, rows in (("新进入 entered", d.entered), ("离开 left", d.left)):
        if rows:
            print(f"\n{title}（{len(rows)}）")
            print_table([m.model_dump() for m in rows[:args.top]],
                        [("name", "企业 enterprise"), ("enterprise_id", "编号 id"), ("node_name", "环节 link")])
            if len(rows) > args.top:
                print(f"另有 {len(rows) - args.top} 条 (more, --top to show)")
    if d.landed_targets:
        print("\n已落地的招商目标 targets that landed")
        for t in d.landed_targets:
            print(f"- {t.reasons[0].zh}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("snapshot", help="快照 keep a scope's gap report and see what changed since the last review")
    verbs = p.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    def scoped(q, chain_required: bool = True) -> None:
        if chain_required:
            q.add_argument("chain", help="产业链编号 chain id, e.g. display")
        else:
            q.add_argument("chain", nargs="?", default=None, help="产业链编号 chain id (default: every chain)")
        q.add_argument("--region", help="地区：代码或名称 region code or name (成都, 510100)")
        q.add_argument("--park", help="园区编号 park id")
        q.add_argument("--format", choices=["table", "json"], default="table", help="输出格式 output format")

    s = verbs.add_parser("save", help="保存快照 save the scope's gap report with today's date")
    scoped(s)
    s.add_argument("--label", default=None, help="标签 label, e.g. 2026Q3 (default: the time it is saved)")
    s.set_defaults(func=cmd_save)
    ls = verbs.add_parser("list", help="列出快照 the saved snapshots, oldest first")
    scoped(ls, chain_required=False)
    ls.set_defaults(func=cmd_list)
    d = verbs.add_parser("diff", help="自上次评估以来的变化 what changed since a snapshot")
    scoped(d)
    d.add_argument("--since", default=None, help="快照标签或日期 a snapshot label, or a date (2026-10-01); default: the latest")
    d.add_argument("--top", type=int, default=30, help="每类最多显示 N 家企业 enterprises shown per list")
    d.set_defaults(func=cmd_diff)
