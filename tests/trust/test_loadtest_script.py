"""scripts/loadtest runs, stays on loopback and reports its figures (a short run; the real one is 60 s)."""
from __future__ import annotations

import json
import subprocess

from tests.trust.conftest import ROOT, child_env


def test_short_load_run_reports_figures_without_errors(tmp_path):
    out = tmp_path / "load.json"
    r = subprocess.run([str(ROOT / "scripts" / "loadtest"), "--clients", "4", "--duration", "4", "--warmup", "1",
                        "--json", str(out)], env=child_env(), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["errors"] == 0 and figures["requests"] > 20
    assert {"gaps", "targets", "write:create", "write:delete"} <= set(figures["endpoints"])
    assert figures["p50_ms"] <= figures["p99_ms"]
    assert "req/s" in r.stdout and "RSS" in r.stdout


def test_load_run_bounds_are_enforced():
    r = subprocess.run([str(ROOT / "scripts" / "loadtest"), "--clients", "5000"], env=child_env(),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "bounded" in r.stderr
