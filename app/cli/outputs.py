"""``chainmap report CHAIN --region R|--park P --out DIR``: the "two maps one table" files of one chain."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from app.analysis.scope import resolve_scope
from app.errors import InvalidInput
from app.outputs.artifacts import write_all
from app.outputs.bundle import collect, note_for


def cmd_report(args, ctx) -> int:
    if bool(args.region) == bool(args.park):
        raise InvalidInput("请指定 --region 或 --park 之一 (give exactly one of --region and --park)")
    try:
        as_of = date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise InvalidInput(f"日期格式应为 YYYY-MM-DD，实为 {args.date!r} (bad --date)") from exc
    scope = resolve_scope(ctx.store, region=args.region, park=args.park)
    data = collect(ctx.store, args.chain, scope, as_of, note_for(ctx.settings.data_dir),
                   build_threshold=ctx.settings.build_threshold, since=args.since)
    for path in write_all(data, args.out, pdf=not args.no_pdf):
        print(f"{path}\t{path.stat().st_size:,} B")
    return 0


def register(sub) -> None:
    p = sub.add_parser("report", help="生成两图一表 write the panorama, roadmap, target table and report",
                       description="写出 panorama.svg/png、roadmap.svg/png、targets.xlsx/csv/json、report.html/pdf")
    p.add_argument("chain", help="产业链编号 chain id, e.g. display")
    p.add_argument("--region", help="地区名称或代码 region name or code, e.g. 成都 or 510100")
    p.add_argument("--park", help="园区编号 park id")
    p.add_argument("--out", type=Path, required=True, help="输出目录 output directory")
    p.add_argument("--date", help="报告日期 report date YYYY-MM-DD (default today)")
    p.add_argument("--since", default=None,
                   help="加入自某次快照以来的变化：标签、日期或 latest (add the changes since a snapshot: label, date or latest)")
    p.add_argument("--no-pdf", action="store_true", help="不生成 PDF (skip the PDF, which needs Chromium)")
    p.set_defaults(func=cmd_report)
