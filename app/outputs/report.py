"""The report bundle: one self-contained HTML page (inline CSS and SVG, no external request) with the
indicators, the local 链主 and their local supporting rates, both maps and the table; and its PDF.

The PDF is printed by headless Chromium (Debian's ``chromium`` package, installed by the project's
setup): it renders the same HTML, CJK fonts included, with the page's print CSS (A3 landscape).

>>> from tests.outputs.builders import toy_data
>>> html = report_html(toy_data())
>>> html.startswith("<!DOCTYPE html>") and "产业链全景图" in html and "<svg" in html
True
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.analysis.results import STATUS_LABELS, Status, TargetKind
from app.errors import ChainMapError
from app.outputs.bundle import ReportData
from app.outputs.panorama import panorama_svg
from app.outputs.roadmap_map import roadmap_svg
from app.outputs.style import METHOD, STATUS_STROKE, data_note, date_label
from app.outputs.table import COLUMNS, FIRST_SCORE_COL, SCALE_COL, SHEET_KINDS, SHEET_TITLES, _values, scale_text
from app.outputs.text import FONT_FAMILY, percent

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIMEOUT_S = 180
_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["j2", "html"]))


def _leaders(data: ReportData) -> list[dict[str, str]]:
    names = {x.node_id: x.name for x in data.report.links}
    return [{"name": x.name, "links": "、".join(names.get(n, n) for n in x.node_ids), "rate": percent(x.supporting_rate),
             "covered": f"{len(x.covered_supplier_links)} / {len(x.supplier_links)}",
             "reasons": "；".join(r.zh for r in x.reasons)} for x in data.report.leaders]


def _sheet_rows(data: ReportData, kind: TargetKind) -> list[list[str]]:
    out = []
    for i, row in enumerate(data.table.of_kind(kind), 1):
        values = _values(i, row)
        values[SCALE_COL - 1] = scale_text(row)
        for c in range(FIRST_SCORE_COL - 1, FIRST_SCORE_COL + 2):
            values[c] = f"{values[c]:.1f}"
        out.append([str(v) for v in values])
    return out


def _changes(data: ReportData) -> dict | None:
    d = data.changes
    if d is None:
        return None

    def who(rows) -> str:
        return "、".join(f"{m.name}（{m.node_name}）" for m in rows)

    return {"since": f"{d.since.label}（{d.since.taken_at[:10]}）", "summary": "；".join(r.zh for r in d.reasons),
            "changed": [{"name": c.name, "change": f"{STATUS_LABELS[c.before]} → {STATUS_LABELS[c.after]}",
                         "why": "；".join(r.zh for r in c.reasons)} for c in d.changed],
            "entered": who(d.entered), "left": who(d.left), "landed": [t.reasons[0].zh for t in d.landed_targets]}


def report_html(data: ReportData, panorama: str | None = None, roadmap: str | None = None) -> str:
    """The report page; pass the maps' SVG when already drawn."""
    r = data.report
    panorama = panorama or panorama_svg(data.panorama, data.as_of, data.note)
    roadmap = roadmap or roadmap_svg(data.roadmap, data.as_of, data.note, data.stages)
    strip = re.compile(r"^<\?xml[^>]*>\s*")
    return _env.get_template("report.html.j2").render(
        title=f"{r.chain_name}产业链“两图一表”", scope_label=r.scope.name, date=date_label(data.as_of),
        font_family=Markup(FONT_FAMILY), colors={s.value: STATUS_STROKE[s] for s in Status},
        completeness=percent(r.completeness), strength=percent(r.strength), counts=r.counts,
        targets_key=len(data.table.key), targets_supporting=len(data.table.supporting), leaders=_leaders(data),
        panorama_svg=Markup(strip.sub("", panorama)), roadmap_svg=Markup(strip.sub("", roadmap)), columns=COLUMNS,
        sheets=[{"kind": k.value, "title": SHEET_TITLES[k], "rows": _sheet_rows(data, k)} for k in SHEET_KINDS],
        method=METHOD, note=data_note(data.note), changes=_changes(data),
    )


def chromium_path() -> str | None:
    """The Chromium (or Chrome) executable, ``CHAINMAP_CHROMIUM`` first."""
    for name in (os.environ.get("CHAINMAP_CHROMIUM"), *CHROMIUM_CANDIDATES):
        found = name and shutil.which(name)
        if found:
            return found
    return None


def _lowest_priority() -> None:
    os.nice(19)


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` to PDF with headless Chromium (a throw-away profile, no network, no header/footer)."""
    exe = chromium_path()
    if exe is None:
        raise ChainMapError("无法生成 PDF：未找到 Chromium (PDF needs chromium; install Debian's chromium package)")
    with tempfile.TemporaryDirectory(prefix="chainmap-pdf-") as tmp:
        page, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
               f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            # at the lowest CPU priority: the gap reports and the dashboard come first on a small machine
            done = subprocess.run(cmd, capture_output=True, timeout=PDF_TIMEOUT_S, check=False, preexec_fn=_lowest_priority)
        except subprocess.TimeoutExpired as exc:
            raise ChainMapError(f"Chromium 生成 PDF 超时 (Chromium took longer than {PDF_TIMEOUT_S}s)") from exc
        if not pdf.exists() or pdf.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ChainMapError(f"Chromium 未能生成 PDF (Chromium printed no PDF, exit {done.returncode}): {' | '.join(tail)}")
        return pdf.read_bytes()
