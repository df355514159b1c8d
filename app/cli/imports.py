"""``chainmap import | enterprise show | review list|accept|reject``: registry exports and the review queue."""
from __future__ import annotations

import sys
from pathlib import Path

from app.cli.output import print_json, print_table
from app.datadir.tabular import MAX_BYTES, MAX_ROWS
from app.services.enterprises import enterprise_detail, lookup_enterprise
from app.services.import_report import default_paths, rows_path, write_rejects, write_report, write_rows
from app.services.imports import ImportOptions, import_registry_file, load_mapping
from app.services.review import RejectionLog, accept_link, reject_link, rejection_log_path, review_queue

_FORMAT = {"choices": ["table", "json"], "default": "table", "help": "输出格式 output format"}
_SHOWN = 50


class TerminalProgress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, stream=None, width: int = 30):
        self.stream, self.width = stream or sys.stderr, width
        stream = self.stream
        self.enabled = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        share = done / total if total else 1.0
        filled = int(self.width * share)
        self.stream.write(f"\r{phase:<12} [{'#' * filled}{'.' * (self.width - filled)}] {share:6.1%} {done}/{total} 行 rows")
        if phase.startswith("完成"):
            self.stream.write("\n")
        self.stream.flush()


def cmd_import(args, ctx) -> int:
    source = Path(args.file)
    options = ImportOptions(
        skip_invalid=args.skip_invalid, dry_run=args.dry_run,
        mapping=load_mapping(args.mapping) if args.mapping else None,
        rejected_links=RejectionLog(rejection_log_path(ctx.settings)).pairs(),
        progress=TerminalProgress(), max_rows=args.max_rows,
        max_bytes=args.max_mb * 1024 * 1024,
    )
    report = import_registry_file(ctx.store, source, options)
    report_path, rejects_path = default_paths(source)
    report_path = Path(args.report) if args.report else report_path
    write_report(report, report_path)
    per_row = write_rows(report, rows_path(report_path))
    if args.skip_invalid and report.rejected_rows:
        write_rejects(report, Path(args.rejects) if args.rejects else rejects_path)
    if args.format == "json":
        data = report.as_dict()
        data["report_file"], data["rows_file"] = str(report_path), str(per_row)
        print_json(data)
    else:
        shown = [p for p in report.problems if p.level != "info"]
        for p in shown[:_SHOWN]:
            print(p)
        if len(shown) > _SHOWN:
            print(f"… 另有 {len(shown) - _SHOWN} 个问题见报告文件 ({len(shown) - _SHOWN} more in the report file)")
        for line in report.summary_lines():
            print(line)
        print(f"报告 report: {report_path}")
        print(f"逐行结果 per-row outcome (links, grade, evidence): {per_row}")
        if args.skip_invalid and report.rejected_rows:
            print(f"被拒绝的行 rejected rows: {Path(args.rejects) if args.rejects else rejects_path}")
    return 0 if report.applied or (args.dry_run and not report.errors) else 1


def cmd_enterprise_show(args, ctx) -> int:
    e, how = lookup_enterprise(ctx.store, args.id_or_name)
    detail = enterprise_detail(ctx.store, e.id)
    if args.format == "json":
        print_json({**detail, "matched_by": how})
        return 0
    print(f"匹配方式 matched by: {how}")
    sources = {"columns": "地区列 region columns", "address": "地址解析 address", "uscc": "信用代码登记地 USCC division"}
    print(f"{detail['name']}  ({detail['id']})  {detail.get('uscc') or ''}")
    if detail["former_names"]:
        print(f"曾用名 former names: {'、'.join(detail['former_names'])}")
    print(f"状态 status: {detail['status']}  ·  地区 region: {detail['region_name']} ({detail['region_code']}),"
          f" 来源 placed from: {sources.get(detail['region_source'], detail['region_source'] or '数据目录 data directory')}")
    print(f"标签 tags: {'、'.join(detail['tags']) or '-'}  ·  园区 parks: {', '.join(map(str, detail['parks'])) or '-'}")
    print_table(detail["links"], [("node_id", "环节 link"), ("node_name", "名称 name"), ("chain_id", "产业链 chain"),
                                  ("role", "角色 role"), ("grade", "等级 grade"), ("evidence", "证据 evidence")])
    if detail["supply"]:
        print_table(detail["supply"], [("supplier_name", "供应方 supplier"), ("customer_name", "客户 customer"),
                                       ("product", "产品 product")])
    return 0


def cmd_review_list(args, ctx) -> int:
    rows, total = review_queue(ctx.store, args.page_size, args.offset, RejectionLog(rejection_log_path(ctx.settings)))
    if args.format == "json":
        print_json({"data": rows, "count": total})
        return 0
    print_table(rows, [("node_id", "环节 link"), ("node_name", "环节名 link name"), ("strength", "强度 strength"),
                       ("enterprise_id", "企业 enterprise"), ("enterprise_name", "名称 name"), ("evidence", "证据 evidence")])
    print(f"待审核 {total} 条 uncertain links (showing {args.offset + 1}–{args.offset + len(rows)}, "
          "按环节与证据强度排序 sorted by link then evidence strength)")
    return 0


def _review_target(args, ctx) -> tuple[str, str]:
    """The enterprise (id, USCC, stock code or name) and the link (id or leaf name) a review command names."""
    e, how = lookup_enterprise(ctx.store, args.enterprise)
    leaves = {n.id: n for t in ctx.store.chains() for n in t.leaves}
    node = args.node if args.node in leaves else None
    if node is None:
        named = [n.id for n in leaves.values() if n.name == args.node]
        if len(named) != 1:
            from app.errors import NotFound

            raise NotFound(f"没有唯一的环节“{args.node}”，请用环节编号 (no single link named {args.node!r}; use its id)")
        node = named[0]
    print(f"企业匹配方式 enterprise matched by: {how} → {e.name} ({e.id}) · 环节 link: {leaves[node].name} ({node})")
    return e.id, node


def cmd_review_accept(args, ctx) -> int:
    enterprise_id, node_id = _review_target(args, ctx)
    link = accept_link(ctx.store, enterprise_id, node_id)
    print(f"已确认 accepted: {link.enterprise_id} → {link.node_id} ({link.grade.value})")
    return 0


def cmd_review_reject(args, ctx) -> int:
    enterprise_id, node_id = _review_target(args, ctx)
    link = reject_link(ctx.store, enterprise_id, node_id, RejectionLog(rejection_log_path(ctx.settings)))
    print(f"已拒绝 rejected: {link.enterprise_id} → {link.node_id}（再次导入时不再排队 not queued again on re-import）")
    return 0


def cmd_linkbench(args, ctx) -> int:
    from app.datadir.registry.linkbench import DEFAULT_LABELLED_LINKS, DEFAULT_SET, read_link_ids, run, table
    from app.datadir.registry.linking import Linker

    path = Path(args.data) if args.data else DEFAULT_SET
    known = Path(args.labelled_links) if args.labelled_links else DEFAULT_LABELLED_LINKS if not args.data else None
    for p, what in ((path, "标注集 labelled set"), (known, "环节清单 link list")):
        if p is not None and not p.exists():
            print(f"找不到{what} not found: {p}")
            return 2
    result = run(Linker(ctx.store.chains()), path, read_link_ids(known) if known else None, args.part)
    if args.format == "json":
        print_json({"set": str(path), "part": args.part, "with_products": {k: v.as_dict() for k, v in result.with_products.items()},
                    "scope_only": {k: v.as_dict() for k, v in result.scope_only.items()}})
        return 0
    print(f"标注集 labelled set: {path}" + ("" if args.part == "all" else f" ({args.part})"))
    print("\n含主营产品 with 主营产品 (products):")
    print(table(result.with_products))
    print("\n仅经营范围与所属行业 scope and industry only (主营产品 removed):")
    print(table(result.scope_only))
    print("\nconf_P 确认挂链精确率 confirmed precision · rev_P 待审精确率 review precision · recall 召回(确认或待审) found"
          " · conf_R 确认召回 confirmed recall · false 无关/近似企业上的挂链 links on unrelated and near-miss firms"
          " · unlab 标注之后新增环节上的挂链（不计对错） links to links added after the labels, not scored")
    return 0


def register(sub) -> None:
    b = sub.add_parser("linkbench", help="挂链基准 score the linker on a labelled set (precision, recall, review load)")
    b.add_argument("--data", help="标注集 CSV labelled set (default: ../shared/data/linking-dev/companies.csv)")
    b.add_argument("--labelled-links", help="标注所依据的环节编号清单，每行一个 the link ids the labels were written against, one a line "
                   "(default for the default set: seed/chains/labelled_links_v1.txt; links outside it are not scored)")
    b.add_argument("--part", choices=("all", "tune", "heldout"), default="all",
                   help="只评分一部分 score a part only: tune (调参部分 the part tuned on) or heldout (留出部分, ~1/5 by stock code)")
    b.add_argument("--format", **_FORMAT)
    b.set_defaults(func=cmd_linkbench)

    p = sub.add_parser("import", help="导入企查查/天眼查/启信宝导出的企业名单 import a registry export (CSV/XLSX)")
    p.add_argument("file", help="CSV（UTF-8 或 GBK）或 XLSX 文件 file")
    p.add_argument("--mapping", help="表头映射文件 YAML/JSON: 表头 → 字段 (header → field, null to ignore)")
    p.add_argument("--skip-invalid", action="store_true", help="跳过无效行，写入其余行 apply the valid rows, write the rejects file")
    p.add_argument("--dry-run", action="store_true", help="只校验不写入 report without applying")
    p.add_argument("--report", help="问题报告 CSV 路径 (default: <file>.report.csv next to the input)")
    p.add_argument("--rejects", help="被拒绝行 CSV 路径 (default: <file>.rejects.csv)")
    p.add_argument("--max-rows", type=int, default=MAX_ROWS, help=f"行数上限 row limit (default {MAX_ROWS})")
    p.add_argument("--max-mb", type=int, default=MAX_BYTES // 2**20, help=f"文件大小上限 MB size limit (default {MAX_BYTES // 2**20})")
    p.add_argument("--format", **_FORMAT)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("enterprise", help="企业 enterprises")
    esub = p.add_subparsers(dest="enterprise_command", metavar="ACTION", required=True)
    show = esub.add_parser("show", help="查看企业、地区来源与挂链证据 show an enterprise with its links")
    show.add_argument("id_or_name", metavar="ID_OR_NAME",
                      help="编号、信用代码、股票代码（可不带后缀）、全称或简称 id, USCC, stock code, name or short name")
    show.add_argument("--format", **_FORMAT)
    show.set_defaults(func=cmd_enterprise_show)

    p = sub.add_parser("review", help="审核待确认的挂链 review uncertain links")
    rsub = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    lst = rsub.add_parser("list", help="列出待审核挂链 list the review queue")
    lst.add_argument("--page-size", "--limit", dest="page_size", type=int, default=50, help="每页条数 rows per page (default 50)")
    lst.add_argument("--offset", type=int, default=0)
    lst.add_argument("--format", **_FORMAT)
    lst.set_defaults(func=cmd_review_list)
    for name, func, text in (("accept", cmd_review_accept, "确认挂链 confirm a link"),
                             ("reject", cmd_review_reject, "拒绝挂链 reject a link")):
        q = rsub.add_parser(name, help=text)
        q.add_argument("enterprise", metavar="ENTERPRISE",
                       help="企业编号、信用代码、股票代码、全称或简称 id, USCC, stock code, name or short name")
        q.add_argument("node", metavar="LINK", help="环节编号或名称 link id or name")
        q.set_defaults(func=func)
