"""``chainmap synth`` (a synthetic national data directory) and ``chainmap bench`` (the scale benchmark)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from app.settings import STORE_CHOICES


def _cache_dir(enterprises: int, seed: int, groups: bool = True) -> Path:
    """Where ``chainmap bench`` keeps the synthetic directory it generates: named by its size, seed, groups and the
    chain templates it was drawn from, so a cached directory is always the one the generator gives today."""
    from app.datadir.synth import chains_fingerprint

    root = Path(os.environ.get("CHAINMAP_BENCH_DIR", Path.home() / ".cache" / "chainmap" / "bench"))
    return root / f"synth-{enterprises}-{seed}{'-groups' if groups else ''}-{chains_fingerprint()}"


def _synth(args, ctx) -> int:
    from app.datadir.synth import synthesize

    s = synthesize(args.out, args.enterprises, args.seed, groups=args.groups)
    print(f"已生成 {s.enterprises} 家企业、{s.links} 条挂链、{s.supply} 条供应关系 → {args.out} "
          f"(wrote {s.enterprises} enterprises, {s.links} links, {s.supply} supply relations)")
    return 0


def _bench(args, ctx) -> int:
    from app.bench.run import run
    from app.datadir.synth import synthesize

    data = args.data_dir
    if data is None:
        data = _cache_dir(args.enterprises, args.seed, args.groups)
        if not (data / "supply.csv").exists():
            synthesize(data, args.enterprises, args.seed, groups=args.groups)
    figures = run(data, args.bench_store or args.store or ctx.settings.store.value, args.queries, args.seed, loaded=args.loaded)
    if args.format == "json":
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for k, v in figures.items():
            print(f"{k:16} {v}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("synth", help="生成合成的全国数据目录 write a synthetic national data directory")
    p.add_argument("--enterprises", type=int, required=True, help="企业数 number of enterprises")
    p.add_argument("--seed", type=int, default=0, help="随机种子 seed (same seed, same files)")
    p.add_argument("--out", type=Path, required=True, help="输出目录 output directory")
    p.add_argument("--no-groups", dest="groups", action="store_false",
                   help="不生成集团（无 parent_id）without groups (no parent_id; the other columns stay the same)")
    p.set_defaults(func=_synth)
    b = sub.add_parser("bench", help="规模基准测试 scale benchmark (load, latency percentiles, baseline)")
    b.add_argument("--enterprises", type=int, default=1_000_000, help="合成企业数 synthetic enterprises (default 1,000,000)")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--data-dir", type=Path, default=None, help="用现有数据目录 benchmark this data directory instead")
    b.add_argument("--no-groups", dest="groups", action="store_false",
                   help="合成数据不含集团 synthetic data without groups (no parent_id)")
    b.add_argument("--store", dest="bench_store", choices=STORE_CHOICES, default=None)
    b.add_argument("--queries", type=int, default=60, help="随机 (产业链, 城市) 组合数 random (chain, city) pairs")
    b.add_argument("--format", choices=["json", "text"], default="text")
    b.add_argument("--loaded", action="store_true",
                   help="Neo4j 已载入该数据（如 neo4j-import）则不再载入 Neo4j already holds this data (say from neo4j-import): "
                        "time the answers only")
    b.set_defaults(func=_bench)
