"""Bounded load test of the ChainMap API on loopback only.

Starts ``uvicorn app.api.main:app`` on 127.0.0.1 (embedded store over the seed by default, or
``--store neo4j`` with the ``NEO4J_*`` settings), then runs ``--clients`` concurrent readers over
the read endpoints for ``--duration`` seconds plus one writer cycling create → update → delete
of an enterprise. Reports throughput, p50 / p99 latency per endpoint, errors, and the server's
resident memory after warm-up and at the end. Exits 1 on any error or when memory grew by more
than ``--max-rss-growth-mb``. Every loop is bounded in time; nothing leaves this machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
READS = [  # (label, path, role)
    ("chains", "/chains", "viewer"),
    ("gaps", "/chains/display/gaps?scope=合肥", "viewer"),
    ("panorama", "/chains/display/panorama?scope=成都", "viewer"),
    ("compare", "/chains/icv/compare?regions=重庆,武汉", "viewer"),
    ("targets", "/chains/display/targets?scope=成都&limit=50", "analyst"),
    ("roadmap", "/chains/biomed/roadmap?scope=苏州", "analyst"),
    ("search", "/enterprises?q=科技&limit=20", "analyst"),
    ("enterprise", "/enterprises/{eid}", "analyst"),
    ("ranking", "/web/ranking/display?scope=合肥", "viewer"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages split between the processes sharing them (Chromium's many)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """Memory (PSS) of the server and every process under it (the Chromium of PDF renders)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += pss_mb(p)
        except OSError:
            pass
        todo.extend(children.get(p, []))
    return total


def start_server(args, keys: dict[str, str], state: Path) -> tuple[subprocess.Popen, str]:
    port = args.port or free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CHAINMAP_STORE": args.store, "CHAINMAP_STATE_DIR": str(state),
           "CHAINMAP_API_KEYS": ",".join(f"{k}:{role}" for role, k in keys.items())}
    if args.data_dir:
        env["CHAINMAP_DATA_DIR"] = str(args.data_dir)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.api.main:app", "--host", LOOPBACK, "--port", str(port),
                             "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=env)
    base = f"http://{LOOPBACK}:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"loadtest: the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    sys.exit("loadtest: the server did not become ready within 120 s")


class Tally:
    def __init__(self):
        self.latency: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.samples: list[str] = []

    def add(self, label: str, seconds: float, ok: bool, what: str = "") -> None:
        self.latency.setdefault(label, []).append(seconds)
        if not ok:
            self.errors[label] = self.errors.get(label, 0) + 1
            if len(self.samples) < 10:
                self.samples.append(f"{label}: {what}")


async def reader(client: httpx.AsyncClient, keys, ids, tally: Tally, stop: float, n: int) -> None:
    i = n
    while time.monotonic() < stop:
        label, path, role = READS[i % len(READS)]
        path = path.replace("{eid}", ids[i % len(ids)])
        i += 1
        started = time.perf_counter()
        try:
            r = await client.get(path, headers={"X-API-Key": keys[role]})
            tally.add(label, time.perf_counter() - started, r.status_code == 200, f"{r.status_code} {r.text[:120]}")
        except httpx.HTTPError as exc:
            tally.add(label, time.perf_counter() - started, False, repr(exc))


async def pdfs(client: httpx.AsyncClient, keys, tally: Tally, stop: float) -> None:
    """One analyst asking for the PDF report again and again: 200, or 429 when the cap on expensive work is full."""
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            r = await client.get("/chains/display/report?scope=成都&format=pdf", headers={"X-API-Key": keys["analyst"]},
                                 timeout=120)
            label = "pdf" if r.status_code != 429 else "pdf:429"
            tally.add(label, time.perf_counter() - started, r.status_code in (200, 429), f"{r.status_code} {r.text[:120]}")
            if r.status_code == 429:
                await asyncio.sleep(float(r.headers.get("retry-after", "1")))
        except httpx.HTTPError as exc:
            tally.add("pdf", time.perf_counter() - started, False, repr(exc))


async def writer(client: httpx.AsyncClient, keys, tally: Tally, stop: float) -> None:
    admin = {"X-API-Key": keys["admin"]}
    n = 0
    while time.monotonic() < stop:
        eid = f"loadtest-{n}"
        steps = [("create", "POST", "/enterprises", {"id": eid, "name": f"压测企业{n}号", "region_code": "510107",
                                                     "links": [{"node_id": "display.glass_substrate"}]}, 201),
                 ("update", "PATCH", f"/enterprises/{eid}", {"revenue": float(n)}, 200),
                 ("delete", "DELETE", f"/enterprises/{eid}", None, 204)]
        for label, method, path, body, expected in steps:
            started = time.perf_counter()
            try:
                r = await client.request(method, path, headers=admin, json=body)
                tally.add(f"write:{label}", time.perf_counter() - started, r.status_code == expected, f"{r.status_code} {r.text[:160]}")
            except httpx.HTTPError as exc:
                tally.add(f"write:{label}", time.perf_counter() - started, False, repr(exc))
        n += 1
        await asyncio.sleep(0.05)


async def run(args, base: str, keys, pid: int) -> dict:
    limits = httpx.Limits(max_connections=args.clients + args.pdf + 2)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        found = (await client.get("/enterprises?limit=200", headers={"X-API-Key": keys["analyst"]})).json()
        ids = [e["id"] for e in found.get("data", [])] or ["none"]
        warm = Tally()
        await asyncio.gather(*(reader(client, keys, ids, warm, time.monotonic() + args.warmup, n) for n in range(args.clients)))
        rss_start = rss_mb(pid)
        tally, rss, tree = Tally(), [rss_start], [tree_rss_mb(pid)]
        stop = time.monotonic() + args.duration
        started = time.monotonic()

        async def sample() -> None:
            while time.monotonic() < stop:
                await asyncio.sleep(1)
                rss.append(rss_mb(pid))
                tree.append(tree_rss_mb(pid))

        tasks = [reader(client, keys, ids, tally, stop, n) for n in range(args.clients)]
        if not args.no_writer:
            tasks.append(writer(client, keys, tally, stop))
        tasks += [pdfs(client, keys, tally, stop) for _ in range(args.pdf)]
        await asyncio.gather(sample(), *tasks)
        elapsed = time.monotonic() - started
    rows = {}
    for label, values in sorted(tally.latency.items()):
        values.sort()
        rows[label] = {"requests": len(values), "errors": tally.errors.get(label, 0),
                       "p50_ms": round(1000 * statistics.median(values), 1),
                       "p99_ms": round(1000 * values[min(len(values) - 1, int(0.99 * len(values)))], 1)}
    every = sorted(v for values in tally.latency.values() for v in values)
    return {"clients": args.clients, "duration_s": round(elapsed, 1), "store": args.store, "writer": not args.no_writer,
            "requests": len(every), "errors": sum(tally.errors.values()), "throughput_rps": round(len(every) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(every), 1) if every else None,
            "p99_ms": round(1000 * every[min(len(every) - 1, int(0.99 * len(every)))], 1) if every else None,
            "pdf_clients": args.pdf, "tree_rss_max_mb": round(max(tree), 1),
            "rss_after_warmup_mb": round(rss_start, 1), "rss_end_mb": round(rss[-1], 1), "rss_max_mb": round(max(rss), 1),
            "rss_growth_mb": round(rss[-1] - rss_start, 1), "endpoints": rows, "error_samples": tally.samples}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=50, help="concurrent readers (1-200, default 50)")
    p.add_argument("--duration", type=float, default=60, help="seconds of measured load (1-600, default 60)")
    p.add_argument("--warmup", type=float, default=5, help="seconds of unmeasured load first (default 5)")
    p.add_argument("--store", choices=["embedded", "networkx", "neo4j"], default="embedded")
    p.add_argument("--data-dir", type=Path, help="data directory (default: the seed)")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--no-writer", action="store_true", help="readers only")
    p.add_argument("--pdf", type=int, default=0, help="analysts asking for PDF reports alongside (0-20, default 0)")
    p.add_argument("--max-rss-growth-mb", type=float, default=64)
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = p.parse_args()
    if not (0 <= args.pdf <= 20 and 1 <= args.clients <= 200 and 1 <= args.duration <= 600 and 0 <= args.warmup <= 60):
        p.error("clients 1-200, duration 1-600 s, warmup 0-60 s: the load test is bounded")
    keys = {role: f"loadtest-{role}-{secrets.token_hex(8)}" for role in ("viewer", "analyst", "admin")}
    with tempfile.TemporaryDirectory(prefix="chainmap-loadtest-") as state:
        proc, base = start_server(args, keys, Path(state))
        try:
            result = asyncio.run(run(args, base, keys, proc.pid))
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"loadtest: {result['clients']} clients + {'1 writer' if result['writer'] else 'no writer'}, "
          f"{result['duration_s']} s, store {result['store']}")
    print(f"  {result['requests']} requests, {result['throughput_rps']} req/s, p50 {result['p50_ms']} ms, "
          f"p99 {result['p99_ms']} ms, errors {result['errors']}")
    print(f"  server RSS {result['rss_after_warmup_mb']} MB after warm-up → {result['rss_end_mb']} MB at the end "
          f"(max {result['rss_max_mb']}, growth {result['rss_growth_mb']} MB); with its child processes (PSS) max "
          f"{result['tree_rss_max_mb']} MB; {result['pdf_clients']} PDF clients")
    print(f"  {'endpoint':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for label, row in result["endpoints"].items():
        print(f"  {label:<16}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>9}{row['p99_ms']:>9}")
    for sample in result["error_samples"]:
        print(f"  error: {sample}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if result["errors"] or result["rss_growth_mb"] > args.max_rss_growth_mb else 0


if __name__ == "__main__":
    sys.exit(main())
