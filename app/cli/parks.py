"""``chainmap parks CHAIN --city 成都``: the parks of a city side by side, their overlap and a division of labour."""
from __future__ import annotations

from app.analysis.parks import compare_parks
from app.analysis.results import MODE_LABELS, STATUS_LABELS, Mode, Status
from app.cli.output import print_json, print_table


def cmd_parks(args, ctx) -> int:
    build = args.build_threshold if args.build_threshold is not None else ctx.settings.build_threshold
    d = compare_parks(ctx.store, args.chain, args.city, args.weak_threshold, build).model_dump(mode="json")
    if args.format == "json":
        print_json(d)
        return 0
    print(f"{d['chain_name']} ({d['chain']}) · {d['city']['name']} ({d['city']['code']}) 园区对比 parks")
    names = {p["park_id"]: p["name"] for p in d["parks"]}
    rows = [p | {"lead": "是" if p["lead"] else "", "lead_chains": "、".join(p["lead_chains"]),
                 "counts": f"{p['counts']['strong']}/{p['counts']['weak']}/{p['counts']['missing']}",
                 "claimed": f"{len(p['strong'])} 强 + {len(p['targeted'])} 招引"} for p in d["parks"]]
    print_table(rows, [("name", "园区 park"), ("park_id", "编号 id"), ("lead", "主导 lead"), ("lead_chains", "主导产业链"),
                       ("completeness", "完整度"), ("strength", "强度"), ("counts", "强/弱/缺"), ("claimed", "占据 claims")])
    for p in d["parks"]:
        for r in p["reasons"]:
            print(f"- {p['name']}：{r['zh']}")
    links = {x["node_id"]: x["name"] for x in d["links"]}
    if d["overlap"]:
        print("\n重叠 overlap（同质化指数 = 共同占据的环节 / 任一园区占据的环节）")
        print_table([o | {"a": names[o["park_a"]], "b": names[o["park_b"]], "n": len(o["node_ids"]),
                          "both_strong": "、".join(links.get(n, n) for n in o["strong_ids"])} for o in d["overlap"]],
                    [("a", "园区 A"), ("b", "园区 B"), ("index", "同质化 index"), ("n", "重叠环节数"),
                     ("both_strong", "均为强 strong in both")])
    if d["links"]:
        print(f"\n争夺环节与分工建议 contested links and division of labour（共 {len(d['links'])} 个）")
        home = {x["node_id"]: x for x in d["division"]}
        rows = []
        for c in d["links"][:args.top]:
            claims = "、".join(f"{names[x['park_id']]}{STATUS_LABELS[Status(x['status'])]}"
                              + (f"·{MODE_LABELS[Mode(x['mode'])]}" if x["mode"] else "") for x in c["claims"])
            div = home[c["node_id"]]
            rows.append({"name": c["name"], "index": c["index"], "claims": claims, "home": div["park_name"],
                         "why": "；".join(r["zh"] for r in div["reasons"][:2])})
        print_table(rows, [("name", "环节 link"), ("index", "同质化"), ("claims", "各园区 claims"), ("home", "建议承载 home"),
                           ("why", "理由 reason")])
        if len(d["links"]) > args.top:
            print(f"另有 {len(d['links']) - args.top} 个 (more, --top to show)")
    for note in d["notes"]:
        print(f"- {note['zh']}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("parks", help="园区对比 the parks of a city on one chain: overlap and division of labour")
    p.add_argument("chain", help="产业链编号 chain id, e.g. display")
    p.add_argument("--city", required=True, help="城市名称或代码 city name or code (成都, 510100); a county stands for its city")
    p.add_argument("--weak-threshold", type=int, default=None, help="薄弱阈值 weak threshold (default: the chain's)")
    p.add_argument("--build-threshold", type=float, default=None, help="建链阈值 completeness below which to build")
    p.add_argument("--top", type=int, default=15, help="显示前 N 个争夺环节 contested links shown")
    p.add_argument("--format", choices=["table", "json"], default="table", help="输出格式 output format")
    p.set_defaults(func=cmd_parks)
