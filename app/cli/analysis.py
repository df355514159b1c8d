"""``chainmap gaps | targets | roadmap | whatif | compare``: the gap analyses of one chain in a scope.

``--format json`` prints the result model's JSON (reasons with both languages); the tables show
the Chinese of each reason.
"""
from __future__ import annotations

from app.analysis import service
from app.analysis.results import MODE_LABELS, STATUS_LABELS, TARGET_KIND_LABELS, TARGET_ROLE_LABELS, Mode, Status
from app.analysis.scope import resolve_scope
from app.cli.output import print_json, print_table

_FORMAT = {"choices": ["table", "json"], "default": "table", "help": "输出格式 output format"}


def _scope(args, ctx):
    return resolve_scope(ctx.store, region=args.region, park=getattr(args, "park", None))


def _why(reasons: list[dict]) -> str:
    """The first reason of a JSON row, in Chinese (the table's language)."""
    return reasons[0]["zh"] if reasons else ""


def _header(d: dict) -> None:
    s = d["scope"]
    print(f"{d['chain_name']} ({d['chain']}) · {s['name']} ({s['code']})")


def cmd_gaps(args, ctx) -> int:
    build = args.build_threshold if args.build_threshold is not None else ctx.settings.build_threshold
    report = service.gap_report(ctx.store, args.chain, _scope(args, ctx), args.weak_threshold, build)
    d = report.model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    _header(d)
    print(f"完整度 completeness {d['completeness']:.1%} · 强度 strength {d['strength']:.1%} · "
          f"强 {d['counts']['strong']} / 弱 {d['counts']['weak']} / 缺 {d['counts']['missing']}\n")
    rows = [x | {"status": f"{STATUS_LABELS[Status(x['status'])]} {x['status']}"} for x in d["links"]]
    print_table(rows, [("name", "环节 link"), ("stage", "stage"), ("status", "状态 status"), ("local_count", "本地 local"),
                       ("key_count", "重点 key"), ("lq", "LQ"), ("rca", "RCA"), ("density", "密度 density")])
    for mode in Mode:
        if d[mode.value]:
            print(f"\n{MODE_LABELS[mode]} {mode.value}")
            print_table([e | {"why": _why(e["reasons"])} for e in d[mode.value]],
                        [("name", "环节 link"), ("priority", "优先级 priority"), ("why", "理由 reason")])
    if d["leaders"]:
        print("\n链主本地配套率 local supporting rate of chain leaders")
        print_table(d["leaders"], [("name", "链主 leader"), ("supporting_rate", "配套率 rate"),
                                   ("supplier_links", "供给环节 feeding links")])
    return 0


def cmd_targets(args, ctx) -> int:
    weights = dict(_weight(w) for w in args.weight or [])
    table = service.target_table(ctx.store, args.chain, _scope(args, ctx), args.limit, weights,
                                 options=service.target_options(ctx.store, ctx.settings))
    d = table.model_dump(mode="json")
    if args.format == "json":
        print_json(d["rows"])
        return 0
    _header(d)
    for kind in TARGET_KIND_LABELS:
        rows = [r | {"why": _why(r["reasons"]), "links": "、".join(r["node_names"]), "role": TARGET_ROLE_LABELS[r["role"]]}
                for r in d["rows"] if r["kind"] == kind.value]
        print(f"\n{TARGET_KIND_LABELS[kind]} {kind.value}")
        print_table(rows, [("name", "集团 group"), ("region_name", "地区 region"), ("role", "角色 role"),
                           ("links", "可补环节 links"), ("feasibility", "落地 feasibility"), ("value", "价值 value"),
                           ("score", "得分 score"), ("why", "理由 reason")])
    return 0


def _weight(text: str) -> tuple[str, float]:
    from app.errors import InvalidInput

    name, _, value = text.partition("=")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise InvalidInput(f"权重应写作 因子=数值，如 supply=0.4 (weights are factor=value): {text}") from None


def cmd_roadmap(args, ctx) -> int:
    roadmap = service.build_roadmap(ctx.store, args.chain, _scope(args, ctx))
    d = roadmap.model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    _header(d)
    print(f"当前完整度 completeness now {d['completeness_now']:.1%}")
    for p in d["phases"]:
        print(f"\n{p['label']} {p['phase']} → 完整度 {p['completeness_after']:.1%}")
        rows = [i | {"targets": [t["name"] for t in i["targets"]]} for i in p["items"]]
        print_table(rows, [("name", "环节 link"), ("mode", "方式 mode"), ("priority", "优先级"), ("after", "在其后 after"),
                           ("targets", "目标企业 targets")])
    return 0


def cmd_whatif(args, ctx) -> int:
    result = service.what_if(ctx.store, args.chain, _scope(args, ctx), args.land.split(","), args.weak_threshold)
    d = result.model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    _header(d)
    for key in ("before", "after"):
        print(f"{key}: 完整度 {d[key]['completeness']:.1%} · 强度 {d[key]['strength']:.1%} · {d[key]['counts']}")
    print_table(d["changed"], [("name", "环节 link"), ("before", "之前 before"), ("after", "之后 after")])
    for reason in d["reasons"]:
        print(f"- {reason['zh']}")
    return 0


def cmd_compare(args, ctx) -> int:
    scopes = [resolve_scope(ctx.store, region=r) for r in args.regions.split(",") if r.strip()]
    result = service.compare_scopes(ctx.store, args.chain, scopes, args.similar)
    d = result.model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    rows = [{"name": s["scope"]["name"], "completeness": s["completeness"], "strength": s["strength"], **s["counts"]}
            for s in d["scopes"]]
    print_table(rows, [("name", "地区 scope"), ("completeness", "完整度"), ("strength", "强度"), ("strong", "强"),
                       ("weak", "弱"), ("missing", "缺")])
    if d["similar"]:
        print(f"\n与{d['scopes'][0]['scope']['name']}最相似的城市 most similar cities")
        print_table(d["similar"], [("name", "城市 city"), ("code", "代码 code"), ("similarity", "相似度 similarity")])
    return 0


def register(sub) -> None:
    def common(p, scope: bool = True) -> None:
        p.add_argument("chain", help="产业链编号 chain id, e.g. display")
        if scope:
            p.add_argument("--region", help="地区：代码或名称 region code or name (成都, 510100)")
            p.add_argument("--park", help="园区编号 park id")
        p.add_argument("--format", **_FORMAT)

    p = sub.add_parser("gaps", help="缺链分析 gap analysis of a chain in a region or park")
    common(p)
    p.add_argument("--weak-threshold", type=int, default=None, help="薄弱阈值 weak threshold (default: the chain's)")
    p.add_argument("--build-threshold", type=float, default=None, help="建链阈值 completeness below which to build")
    p.set_defaults(func=cmd_gaps)
    p = sub.add_parser("targets", help="招商目标企业 target enterprises for the gap links")
    common(p)
    p.add_argument("--limit", type=int, default=None, help="每类最多行数 rows per kind (key, supporting, expansion, partner)")
    p.add_argument("--weight", action="append", help="因子权重 factor weight, e.g. tie=0.5 (repeatable; tie province distance plants / "
                                                  "scale key link choke breadth)")
    p.set_defaults(func=cmd_targets)
    p = sub.add_parser("roadmap", help="发展路径 development path in three phases")
    common(p)
    p.set_defaults(func=cmd_roadmap)
    p = sub.add_parser("whatif", help="落地推演 what-if: land enterprises in the scope")
    common(p)
    p.add_argument("--land", required=True, help="企业编号，逗号分隔 enterprise ids, comma-separated")
    p.add_argument("--weak-threshold", type=int, default=None)
    p.set_defaults(func=cmd_whatif)
    p = sub.add_parser("compare", help="区域对比 compare scopes on one chain")
    common(p, scope=False)
    p.add_argument("--regions", required=True, help="地区，逗号分隔 regions, comma-separated")
    p.add_argument("--similar", type=int, default=5, help="相似城市个数 how many similar cities")
    p.set_defaults(func=cmd_compare)
