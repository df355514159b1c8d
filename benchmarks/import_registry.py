"""Measure the registry import on a synthetic export: ``python benchmarks/import_registry.py [ROWS]``.

Writes a 企查查-style CSV of ROWS rows (default 100,000) built from the seed chain keywords
(most rows with a USCC, some placed by address or USCC only, some trading noise), then imports
it into the seed store with a journal in a temporary directory, and again to show that a
re-import changes nothing. Prints rows per second for each step, by wall clock and by CPU
time (the CPU figure is the one to compare on a shared machine); asserts nothing.
"""
from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.datadir.registry.reader import read_table  # noqa: E402
from app.services.imports import ImportOptions, import_registry  # noqa: E402
from app.settings import SEED_DIR  # noqa: E402
from app.store.embedded.store import EmbeddedStore  # noqa: E402
from graph_schema.rules import USCC_CHARSET, uscc_check_digit  # noqa: E402

PLACES = [("四川省", "成都市", "武侯区", "510107"), ("湖北省", "武汉市", "洪山区", "420111"),
          ("广东省", "深圳市", "南山区", "440305"), ("江苏省", "苏州市", "吴中区", "320506"),
          ("北京市", "北京市", "海淀区", "110108"), ("安徽省", "合肥市", "蜀山区", "340104")]
HEADER = ["企业名称", "统一社会信用代码", "登记状态", "成立日期", "注册资本", "所属省份", "所属城市", "所属区县",
          "企业地址", "国标行业小类", "参保人数", "经营范围", "企业标签"]


def code_for(i: int, division: str) -> str:
    body, n = "", i
    for _ in range(9):
        body, n = USCC_CHARSET[n % 31] + body, n // 31
    first = "91" + division + body
    return first + uscc_check_digit(first)


def write_export(path: Path, rows: int, keywords: list[str], seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(rows):
            province, city, county, division = rng.choice(PLACES)
            kw = rng.sample(keywords, 2)
            kind = rng.random()
            scope = (f"{kw[0]}的销售；技术咨询" if kind < 0.1 else f"{kw[0]}；{kw[1]}" if kind < 0.2
                     else f"一般项目：{kw[0]}的研发、生产、销售；{kw[1]}制造；技术服务（除依法须经批准的项目外）")
            placed = rng.random()
            columns = (province, city, county) if placed < 0.7 else ("", "", "")
            address = f"{province}{city}{county}科技大道{i % 900 + 1}号" if placed < 0.9 else ""
            code = code_for(i + 1, division) if rng.random() < 0.9 or not address else ""
            w.writerow([f"测试企业{i:06d}{'贸易' if kind < 0.1 else '科技'}有限公司", code, "存续", f"20{i % 24:02d}-0{i % 9 + 1}-1{i % 9}",
                        f"{rng.randint(10, 50000)}万元人民币", *columns, address, "", rng.randint(0, 3000), scope,
                        "高新技术企业" if i % 7 == 0 else ""])


def main(rows: int) -> None:
    store_dir = Path(tempfile.mkdtemp(prefix="chainmap-bench-"))
    store = EmbeddedStore.open(SEED_DIR, store_dir)
    keywords = sorted({kw for t in store.chains() for leaf in t.leaves for kw in leaf.keywords})
    source = store_dir / "export.csv"
    started = time.perf_counter()
    write_export(source, rows, keywords)
    print(f"生成 generated {rows} rows ({source.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    table = read_table(source)
    read_s = time.perf_counter() - started
    print(f"读取 read: {read_s:.1f} s ({rows / read_s:,.0f} rows/s)")
    for label in ("首次导入 first import", "再次导入 re-import"):
        started, cpu = time.perf_counter(), time.process_time()
        report = import_registry(store, table, ImportOptions(skip_invalid=True), str(source))
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{label}: {took:.1f} s wall ({rows / took:,.0f} rows/s), {cpu:.1f} s CPU ({rows / cpu:,.0f} rows/s per core)"
              f" — created {report.created}, updated {report.updated},"
              f" unchanged {report.unchanged}, rejected {report.rejected}, links confirmed {report.links_confirmed},"
              f" uncertain {report.links_uncertain}, unchanged {report.links_unchanged}, noise {report.excluded_noise};"
              f" regions {report.region_sources}")
    journal = sum(p.stat().st_size for p in store_dir.glob("journal-*"))
    print(f"日志 journal: {journal / 1e6:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
