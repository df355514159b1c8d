"""One benchmark run at small scale: every figure the issue names is there, and the answers agree."""
from __future__ import annotations

from app.bench.run import run

KEYS = ("load_s", "rows_per_s", "rss_mb", "panorama_ms", "gaps_ms", "targets_ms", "roadmap_ms", "baseline_ms",
        "baseline_ratio", "status_ms", "status_ratio", "agree")


def test_a_run_reports_every_figure_and_agrees(synth_dir):
    figures = run(synth_dir, "embedded", queries=6, seed=3)
    assert set(KEYS) <= set(figures) and figures["enterprises"] == 3000 and figures["store"] == "embedded"
    assert figures["agree"] is True
    for key in ("panorama_ms", "gaps_ms", "targets_ms", "roadmap_ms", "baseline_ms", "status_ms"):
        p = figures[key]
        assert 0 < p["p50"] <= p["p95"] <= p["p99"]
    assert figures["load_s"] > 0 and figures["rows_per_s"] > 0 and figures["rss_mb"] > 0
