"""``chainmap serve``: the HTTP API and the dashboard on uvicorn."""
from __future__ import annotations

import logging
import os
import sys

from app.api.security import LOCAL_HOSTS, parse_api_keys


def cmd_serve(args, ctx) -> int:
    settings = ctx.settings
    keys = parse_api_keys(settings.api_keys)
    if not keys and args.host not in LOCAL_HOSTS:
        print(f"chainmap: 未配置 API 密钥时只能绑定本机地址，拒绝绑定 {args.host} "
              f"(refusing to bind {args.host} without CHAINMAP_API_KEYS)", file=sys.stderr)
        return 2
    print("ChainMap 产业链图谱 — 示例数据为根据公开信息整理的示意性演示数据 (illustrative demo data)" if settings.data_dir.name == "seed"
          else f"ChainMap 产业链图谱 — 数据 {settings.data_dir}")
    if args.workers > 1:  # each worker process loads its own store; loading one here too would only cost time and memory
        print(f"  {args.workers} 个工作进程各自加载数据 ({args.workers} worker processes, each loading the data and "
              f"catching up with the others' writes through the journal)")
    else:
        store = ctx.store
        stats = store.stats()
        for t in store.chains():
            print(f"  {t.id:<8} {t.chain.name}（{t.chain.name_en}）: {len(t.leaf_ids)} 个环节 links")
        print(f"  企业 enterprises {stats.enterprises} · 挂链 links {stats.enterprise_links} · 供应关系 supply {stats.supply_links}"
              f" · 园区 parks {stats.parks} · 城市 cities {stats.cities_with_enterprises}")
    if not keys:
        print("  未配置 API 密钥：服务只对本机开放 (no API keys configured: serving on localhost only)")
    print(f"  打开 Open: http://{args.host}:{args.port}/  ·  API 文档 docs: http://{args.host}:{args.port}/docs", flush=True)
    import uvicorn

    from app.api import server

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.workers > 1:
        os.environ["CHAINMAP_STORE"] = settings.store.value
        os.environ["CHAINMAP_DATA_DIR"] = str(settings.data_dir)
        os.environ["CHAINMAP_STATE_DIR"] = str(settings.state_dir)  # one journal for all workers
        uvicorn.run("app.api.main:app", host=args.host, port=args.port, workers=args.workers, log_level="warning",
                    **server.options())
    else:
        from app.api.main import create_app

        uvicorn.run(create_app(settings, ctx.store), host=args.host, port=args.port, log_level="warning", **server.options())
    return 0


def register(sub) -> None:
    p = sub.add_parser("serve", help="启动服务与看板 serve the API and the dashboard")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=cmd_serve)
