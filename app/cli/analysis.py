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


def _counts(c: dict) -> str:
    return f"强 {c['strong']} / 弱 {c['weak']} / 缺 {c['missing']}"


_RULES = {"count": "数量", "leader": "链主", "scale": "规模前20%"}


def cmd_gaps(args, ctx) -> int:
    build = args.build_threshold if args.build_threshold is not None else ctx.settings.build_threshold
    report = service.gap_report(ctx.store, args.chain, _scope(args, ctx), args.weak_threshold, build)
    d = report.model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    _header(d)
    print(f"完整度 completeness {d['completeness']:.1%} · 强度 strength {d['strength']:.1%} · {_counts(d['counts'])}\n")
    names = {x["node_id"]: x["name"] for x in d["links"]}
    rows = [x | {"status": f"{STATUS_LABELS[Status(x['status'])]} {x['status']}", "rule": _RULES.get(x["rule"], "")}
            for x in d["links"]]
    print_table(rows, [("name", "环节 link"), ("stage", "stage"), ("status", "状态 status"), ("rule", "判强依据 rule"),
                       ("local_count", "本地 local"), ("key_count", "重点 key"), ("lq", "LQ"), ("rca", "RCA"),
                       ("density", "密度 density")])
    for note in d["notes"]:
        print(f"- {note['zh']}")
    for mode in Mode:
        entries = d[mode.value]
        if entries:
            print(f"\n{MODE_LABELS[mode]} {mode.value}（共 {len(entries)} 个）")
            print_table([e | {"why": "；".join(r["zh"] for r in e["reasons"][:2])} for e in entries[:args.top]],
                        [("name", "环节 link"), ("priority", "优先级 priority"), ("why", "理由 reason")])
            if len(entries) > args.top:
                rest = "、".join(e["name"] for e in entries[args.top:])
                print(f"另有 {len(entries) - args.top} 个 (more, --top to show): {rest}")
    if d["leaders"]:
        print("\n链主本地配套率 local supporting rate of chain leaders")
        rows = [x | {"missing": "、".join(names[n] for n in x["supplier_links"] if n not in x["covered_supplier_links"])}
                for x in d["leaders"]]
        print_table(rows, [("name", "链主 leader"), ("supporting_rate", "配套率 rate"),
                           ("missing", "本地缺少的供给环节 feeding links with no local enterprise")])
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


def _links(text: list[str] | None) -> list[str]:
    return [x for t in text or [] for x in t.replace("，", ",").split(",") if x.strip()]


def cmd_roadmap(args, ctx) -> int:
    roadmap = service.build_roadmap(ctx.store, args.chain, _scope(args, ctx), include=_links(args.include),
                                    exclude=_links(args.exclude), density_floor=args.density_floor)
    d = roadmap.model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    _header(d)
    names = {n.id: n.name for n in ctx.store.chain(args.chain).leaves}
    print(f"当前完整度 completeness now {d['completeness_now']:.1%}")
    for p in d["phases"]:
        print(f"\n{p['label']} {p['phase']} → 目标完整度 target completeness {p['target_completeness']:.1%}")
        rows = [i | {"mode": MODE_LABELS[Mode(i["mode"])], "after": "、".join(names.get(n, n) for n in i["after"]),
                     "targets": "、".join(t["name"] for t in i["targets"]), "why": _why(i["reasons"])} for i in p["items"]]
        print_table(rows, [("name", "环节 link"), ("mode", "方式 mode"), ("priority", "优先级"), ("after", "在其后 after"),
                           ("why", "理由 reason"), ("targets", "目标企业 targets")])
    if d["not_pursued"]:
        print(f"\n暂不布局 not pursued（共 {len(d['not_pursued'])} 个）")
        print_table([x | {"why": "；".join(r["zh"] for r in x["reasons"])} for x in d["not_pursued"]],
                    [("name", "环节 link"), ("why", "理由 reason")])
    return 0


def cmd_whatif(args, ctx) -> int:
    result = service.what_if(ctx.store, args.chain, _scope(args, ctx), args.land.split(","), args.weak_threshold)
    d = result.model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    _header(d)
    for key, label in (("before", "之前 before"), ("after", "之后 after")):
        print(f"{label}：完整度 {d[key]['completeness']:.1%} · 强度 {d[key]['strength']:.1%} · {_counts(d[key]['counts'])}")
    rows = [c | {k: f"{STATUS_LABELS[Status(c[k])]} {c[k]}" for k in ("before", "after")} for c in d["changed"]]
    print_table(rows, [("name", "环节 link"), ("before", "之前 before"), ("after", "之后 after")])
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
    p.add_argument("--top", type=int, default=10, help="每种方式显示前 N 个 links shown per mode (the rest are named)")
    p.set_defaults(func=cmd_gaps)
    p = sub.add_parser("targets", help="招商目标企业 target enterprises for the gap links")
    common(p)
    p.add_argument("--limit", type=int, default=None, help="每类最多行数 rows per kind (key, supporting, expansion, partner)")
    p.add_argument("--weight", action="append", help="因子权重 factor weight, e.g. tie=0.5 (repeatable; tie province distance plants / "
                                                  "scale key link choke breadth)")
    p.set_defaults(func=cmd_targets)
    p = sub.add_parser("roadmap", help="发展路径 development path in three phases")
    common(p)
    p.add_argument("--include", action="append", help="固定纳入的环节（编号或名称，逗号分隔，可重复） links to pin in")
    p.add_argument("--exclude", action="append", help="排除的环节（编号或名称，逗号分隔，可重复） links to drop")
    p.add_argument("--density-floor", type=float, default=None,
                   help="关联密度下限 relatedness below which a missing link without local demand is not pursued (0.15)")
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
