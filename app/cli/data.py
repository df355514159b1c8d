"""``chainmap chains | stats | validate | load``: the data itself."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from app.cli.output import print_json, print_table
from app.datadir.io import read_data_dir, write_data_dir
from app.datadir.zones import read_zones
from app.errors import InvalidInput

_FORMAT = {"choices": ["table", "json"], "default": "table", "help": "输出格式 output format"}


def cmd_chains(args, ctx) -> int:
    rows = [
        {"id": t.id, "name": t.chain.name, "name_en": t.chain.name_en, "node_count": len(t.nodes), "leaf_count": len(t.leaf_ids)}
        for t in ctx.store.chains()
    ]
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, [("id", "编号 id"), ("name", "产业链"), ("name_en", "chain"), ("node_count", "节点 nodes"),
                           ("leaf_count", "环节 links")])
    return 0


def cmd_stats(args, ctx) -> int:
    stats = asdict(ctx.store.stats())
    if args.format == "json":
        print_json(stats)
    else:
        print_table([{"k": k, "v": v} for k, v in stats.items()], [("k", "指标 figure"), ("v", "数值 value")])
    return 0


def cmd_validate(args, ctx) -> int:
    try:
        ds = read_data_dir(ctx.settings.data_dir)
        zones = Path(ctx.settings.data_dir) / "zones.csv"
        if zones.exists():  # its park members must be parks of this directory
            read_zones(zones, ds.regions, {p.id for p in ds.parks})
    except InvalidInput as exc:
        for problem in exc.problems or [exc.message]:
            print(problem, file=sys.stdout)
        print(f"无效：{len(exc.problems)} 个问题 (invalid: {len(exc.problems)} problems)", file=sys.stderr)
        return 1
    print(f"有效 valid: {ctx.settings.data_dir} — {len(ds.chains)} 条产业链, {len(ds.enterprises)} 家企业")
    return 0


def cmd_load(args, ctx) -> int:
    ds = read_data_dir(ctx.settings.data_dir)
    ctx.store.load(ds, replace=args.replace)
    print_json(asdict(ctx.store.stats())) if args.format == "json" else print(
        f"已加载 loaded {len(ds.enterprises)} 家企业 enterprises from {ctx.settings.data_dir}"
    )
    return 0


def cmd_export(args, ctx) -> int:
    ds = ctx.store.export()
    write_data_dir(ds, args.out)
    print(f"已导出 exported {len(ds.chains)} 条产业链, {len(ds.enterprises)} 家企业, {len(ds.links)} 条挂链, "
          f"{len(ds.supply)} 条供应关系 to {args.out}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("chains", help="列出产业链 list chains")
    p.add_argument("--format", **_FORMAT)
    p.set_defaults(func=cmd_chains)
    p = sub.add_parser("stats", help="数据统计 data statistics")
    p.add_argument("--format", **_FORMAT)
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("validate", help="校验数据目录 validate the data directory")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("load", help="把数据目录载入存储 load the data directory into the store")
    p.add_argument("--replace", action="store_true", help="先清空 empty the store first")
    p.add_argument("--format", **_FORMAT)
    p.set_defaults(func=cmd_load)
    p = sub.add_parser("export", help="导出完整数据目录（备份） export a complete data directory (backup)")
    p.add_argument("--out", type=Path, required=True, help="输出目录 output directory")
    p.set_defaults(func=cmd_export)
