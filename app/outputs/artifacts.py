"""Each artifact of the bundle in each format: its bytes, media type and file names.

==========  =====================  ====================================
artifact    formats                file
==========  =====================  ====================================
panorama    svg, png               产业链全景图 ``panorama.svg|png``
roadmap     svg, png               产业生态发展路径图 ``roadmap.svg|png``
targets     xlsx, csv, json        招商名录表 ``targets.xlsx|csv|json``
report      html, pdf              两图一表报告 ``report.html|pdf``
==========  =====================  ====================================

>>> from tests.outputs.builders import toy_data
>>> body, media = render(toy_data(), "targets", "csv")
>>> media, body[:3] == b"\\xef\\xbb\\xbf"
('text/csv; charset=utf-8', True)
>>> display_name(toy_data(), "panorama", "svg")
'示例链产业链全景图_成都市_20250102.svg'
"""
from __future__ import annotations

from pathlib import Path

from app.errors import InvalidInput
from app.outputs.bundle import ReportData
from app.outputs.panorama import panorama_svg
from app.outputs.raster import svg_to_png
from app.outputs.report import html_to_pdf, report_html
from app.outputs.roadmap_map import roadmap_svg
from app.outputs.table import XLSX_TYPE, targets_csv, targets_json, targets_xlsx

FORMATS = {"panorama": ("svg", "png"), "roadmap": ("svg", "png"), "targets": ("xlsx", "csv", "json"),
           "report": ("html", "pdf")}
MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png", "xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8",
               "json": "application/json", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}
TITLES = {"panorama": "产业链全景图", "roadmap": "产业生态发展路径图", "targets": "招商名录表", "report": "两图一表报告"}


def _svg(data: ReportData, artifact: str) -> str:
    if artifact == "panorama":
        return panorama_svg(data.panorama, data.as_of, data.note)
    return roadmap_svg(data.roadmap, data.as_of, data.note, data.stages)


def render(data: ReportData, artifact: str, fmt: str) -> tuple[bytes, str]:
    """``(bytes, media type)`` of one artifact in one format."""
    if fmt not in FORMATS.get(artifact, ()):
        allowed = "; ".join(f"{a}: {', '.join(f)}" for a, f in FORMATS.items())
        raise InvalidInput(f"不支持的输出 {artifact}.{fmt} (unsupported artifact/format; allowed {allowed})")
    if artifact in ("panorama", "roadmap"):
        svg = _svg(data, artifact)
        body = svg.encode("utf-8") if fmt == "svg" else svg_to_png(svg)
    elif artifact == "targets":
        body = {"xlsx": targets_xlsx, "csv": targets_csv, "json": targets_json}[fmt](data)
    else:
        html = report_html(data)
        body = html.encode("utf-8") if fmt == "html" else html_to_pdf(html)
    return body, MEDIA_TYPES[fmt]


def display_name(data: ReportData, artifact: str, fmt: str) -> str:
    """The Chinese download name: chain, artifact, scope and date."""
    return f"{data.report.chain_name}{TITLES[artifact]}_{data.report.scope.name}_{data.as_of:%Y%m%d}.{fmt}"


def ascii_name(data: ReportData, artifact: str, fmt: str) -> str:
    """The ASCII fallback name, e.g. ``display-510100-panorama.svg``."""
    return f"{data.slug}-{artifact}.{fmt}"


def write_all(data: ReportData, out_dir: Path, pdf: bool = True) -> list[Path]:
    """Write every artifact to ``out_dir`` as ``panorama.svg`` … ``report.pdf``; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    maps = {a: _svg(data, a) for a in ("panorama", "roadmap")}
    for artifact, svg in maps.items():
        written.append(_write(out_dir / f"{artifact}.svg", svg.encode("utf-8")))
        written.append(_write(out_dir / f"{artifact}.png", svg_to_png(svg)))
    for fmt, fn in (("xlsx", targets_xlsx), ("csv", targets_csv), ("json", targets_json)):
        written.append(_write(out_dir / f"targets.{fmt}", fn(data)))
    html = report_html(data, maps["panorama"], maps["roadmap"])
    written.append(_write(out_dir / "report.html", html.encode("utf-8")))
    if pdf:
        written.append(_write(out_dir / "report.pdf", html_to_pdf(html)))
    return written


def _write(path: Path, body: bytes) -> Path:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(body)
    tmp.replace(path)
    return path
