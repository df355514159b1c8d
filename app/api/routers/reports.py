"""The "two maps one table" (两图一表) as files: panorama, roadmap, target table and the report bundle.

``GET /chains/{chain_id}/report/{artifact}?scope=&format=`` with ``artifact`` one of
``panorama`` (svg, png; viewer), ``roadmap`` (svg, png), ``targets`` (xlsx, csv, json) and ``report``
(html, pdf; also at ``/chains/{chain_id}/report``), the last three for analysts. Each answer carries
its media type and a ``Content-Disposition`` with an ASCII ``filename`` and the Chinese name as
``filename*`` (RFC 6266 / RFC 8187).
"""
from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.analysis.results import Scope
from app.api.deps import Analyst, SettingsDep, StoreDep, Viewer
from app.api.routers.catalog import ChainId
from app.api.scope import ScopeDep
from app.outputs.artifacts import ascii_name, display_name, render
from app.outputs.bundle import collect, note_for

router = APIRouter(prefix="/chains/{chain_id}/report", tags=["两图一表 maps and table"])
INLINE = {"svg", "png", "html", "pdf"}  # shown by a browser; the others are downloads

class MapFormat(StrEnum):
    svg = "svg"
    png = "png"


class TableFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


def content_disposition(ascii_fallback: str, name: str, inline: bool) -> str:
    """``inline|attachment; filename="…"; filename*=UTF-8''…`` (RFC 6266 with RFC 8187 encoding)."""
    safe = ascii_fallback.replace("\\", "_").replace('"', "_")
    return f"{'inline' if inline else 'attachment'}; filename=\"{safe}\"; filename*=UTF-8''{quote(name, safe='')}"


def _file(store, settings, chain_id: str, scope: Scope, artifact: str, fmt: str, since: str | None = None) -> Response:
    data = collect(store, chain_id, scope, note=note_for(settings.data_dir), build_threshold=settings.build_threshold,
                   artifact=artifact, since=since)
    body, media = render(data, artifact, fmt)
    disposition = content_disposition(ascii_name(data, artifact, fmt), display_name(data, artifact, fmt), fmt in INLINE)
    return Response(body, media_type=media, headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


@router.get("/panorama", dependencies=[Viewer], summary="产业链全景图 Panorama map (SVG/PNG)",
            response_class=Response, responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}}})
def panorama(chain_id: ChainId, scope: ScopeDep, store: StoreDep, settings: SettingsDep,
             format: Annotated[MapFormat, Query(description="svg 或 png")] = MapFormat.svg):
    """全景图：各环节按强/弱/缺着色，含本地企业数与重点企业 (every link coloured by status)."""
    return _file(store, settings, chain_id, scope, "panorama", format.value)


@router.get("/roadmap", dependencies=[Analyst], summary="产业生态发展路径图 Roadmap map (SVG/PNG)",
            response_class=Response, responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}}})
def roadmap(chain_id: ChainId, scope: ScopeDep, store: StoreDep, settings: SettingsDep,
            format: Annotated[MapFormat, Query(description="svg 或 png")] = MapFormat.svg):
    """路径图：近期/中期/远期三条泳道 (three phases as swimlanes, links as cards)."""
    return _file(store, settings, chain_id, scope, "roadmap", format.value)


@router.get("/targets", dependencies=[Analyst], summary="招商名录表 Target table (XLSX/CSV/JSON)", response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                         "text/csv": {}, "application/json": {}}}})
def targets(chain_id: ChainId, scope: ScopeDep, store: StoreDep, settings: SettingsDep,
            format: Annotated[TableFormat, Query(description="xlsx、csv 或 json")] = TableFormat.xlsx):
    """重点企业和配套企业招商名录表 (key and supporting target enterprises)."""
    return _file(store, settings, chain_id, scope, "targets", format.value)


@router.get("", dependencies=[Analyst], summary="两图一表报告 Report bundle (HTML/PDF)", response_class=Response,
            responses={200: {"content": {"text/html": {}, "application/pdf": {}}}})
@router.get("/report", dependencies=[Analyst], include_in_schema=False, response_class=Response)
def report(chain_id: ChainId, scope: ScopeDep, store: StoreDep, settings: SettingsDep,
           format: Annotated[ReportFormat, Query(description="html 或 pdf（PDF 需 Chromium，约数秒）")] = ReportFormat.html,
           since: Annotated[str | None, Query(min_length=1, max_length=64, description=(
               "加入自某次快照以来的变化：快照标签、日期（2026-10-01）或 latest "
               "(add a section on what changed since a snapshot: its label, a date, or latest)"))] = None):
    """指标、两张图与名录表合为一页 HTML 或 PDF；给出 since 时加入"自上次评估以来的变化"一节
    (indicators, both maps and the table in one document; with ``since``, what changed since that snapshot)."""
    return _file(store, settings, chain_id, scope, "report", format.value, since)
