"""The analyses of one chain in a region or park: panorama, gaps, compare, targets, roadmap, what-if.

Thin: parse and bound the parameters, call one service of :mod:`app.analysis.service`, return its
result model (:mod:`app.analysis.results`, each route's ``response_model``) — the same JSON the CLI
prints with ``--format json``. Panorama, gaps, targets and roadmap answer through
:mod:`app.api.answers`: serialized once, reused until the data changes, revalidated by ETag.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import Field

from app.analysis import service
from app.analysis.results import Compare, GapReport, Panorama, Roadmap, TargetTable, WhatIf
from app.analysis.scope import resolve_named
from app.api import answers, redact
from app.api.deps import Analyst, SettingsDep, StoreDep, Viewer
from app.api.problems import problem_responses
from app.api.routers.catalog import ChainId
from app.api.scope import ScopedBody, ScopeQ, list_pattern, listed
from app.api.security import ApiRole
from graph_schema.models import ID_PATTERN

router = APIRouter(prefix="/chains/{chain_id}", tags=["分析 analyses"])
MAX_COMPARE = 10
MAX_LANDED = 50

WeakQ = Annotated[int | None, Query(ge=1, le=1000, description="薄弱阈值：环节本地企业少于此数为弱 (default: the chain's)")]
BuildQ = Annotated[float | None, Query(ge=0, le=1, description="建链阈值：完整度低于此值时给出建链建议 (default: settings)")]
WeightQ = Annotated[float | None, Query(ge=0, le=10)]
LinksQ = Annotated[list[Annotated[str, Field(min_length=1, max_length=80)]] | None, Query(
    max_length=100, description="环节编号或名称，可重复 link ids or names (repeatable)")]


class WhatIfIn(ScopedBody):
    """落地推演请求 What-if request: the scope and the enterprises to land there."""

    model_config = {"extra": "forbid", "json_schema_extra": {"examples": [{"scope": "成都", "land": ["b1"]}]}}

    land: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        min_length=1, max_length=MAX_LANDED, description=f"要落地的企业编号，最多 {MAX_LANDED} 个 enterprise ids to land")
    weak_threshold: int | None = Field(None, ge=1, le=1000, description="薄弱阈值 weak threshold (default: the chain's)")


def _scope_of(scope: str):
    """The scope resolver :func:`app.api.answers.respond` calls in the thread pool."""
    return lambda store: resolve_named(store, scope)


@router.get("/panorama", response_model=Panorama, summary="产业链全景图数据 Panorama", dependencies=[Viewer],
            responses=answers.NOT_MODIFIED)
async def panorama(request: Request, store: StoreDep, chain_id: ChainId, scope: ScopeQ,
                   weak_threshold: WeakQ = None):
    """上游→中游→下游的环节树，每个环节的状态（强/弱/缺）、本地企业数与重点企业
    (every link of the chain tree with its status, counts and key local enterprises)."""
    build = request.app.state.settings.build_threshold

    def compute(store, scope):
        return service.panorama(store, chain_id, scope, weak_threshold, build)

    question = (chain_id, weak_threshold, build)
    return await answers.respond(request, store, "panorama", question, _scope_of(scope), compute)


@router.get("/gaps", response_model=GapReport, summary="缺链分析 Gap analysis",
            dependencies=[Viewer], responses=answers.NOT_MODIFIED)
async def gaps(request: Request, store: StoreDep, chain_id: ChainId, scope: ScopeQ,
               weak_threshold: WeakQ = None, build_threshold: BuildQ = None):
    """各环节状态、完整度与强度，以及补链、强链、延链、建链、融链建议和本地链主配套率
    (statuses, completeness and strength, the five modes with reasons, and local chain leaders)."""
    build = request.app.state.settings.build_threshold if build_threshold is None else build_threshold
    viewer = getattr(request.state, "role", None) is ApiRole.viewer  # no target enterprises for viewers (app.api.redact)

    def compute(store, scope):
        report = service.gap_report(store, chain_id, scope, weak_threshold, build)
        return redact.gaps_for_viewer(report) if viewer else report

    question = (chain_id, weak_threshold, build, viewer)
    return await answers.respond(request, store, "gaps", question, _scope_of(scope), compute)


@router.get("/compare", response_model=Compare, summary="区域对比 Compare regions", dependencies=[Viewer])
def compare(
    chain_id: ChainId,
    store: StoreDep,
    regions: Annotated[str, Query(min_length=1, max_length=400, examples=["成都,武汉"], json_schema_extra=list_pattern(MAX_COMPARE),
                                  description=f"地区，逗号分隔，最多 {MAX_COMPARE} 个 regions, comma-separated")],
    similar: Annotated[int, Query(ge=0, le=20, description="相似城市个数 how many similar cities")] = 5,
    weak_threshold: WeakQ = None,
):
    """同一产业链在多个地区的完整度、强度与环节企业数，及与第一个地区最相似的城市
    (indicators side by side, and the cities most like the first region)."""
    scopes = [service.resolve_scope(store, region=name) for name in listed(regions, MAX_COMPARE, "地区", "regions")]
    return service.compare_scopes(store, chain_id, scopes, similar, weak_threshold)


@router.get("/targets", response_model=TargetTable, summary="招商名录 Target enterprises", dependencies=[Analyst],
            responses=answers.NOT_MODIFIED)
async def targets(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    chain_id: ChainId,
    scope: ScopeQ,
    limit: Annotated[int, Query(ge=1, le=500, description="每类（重点、配套、增资扩产、区域协同）最多行数 rows per kind")] = 50,
    w_tie: WeightQ = None, w_province: WeightQ = None, w_distance: WeightQ = None, w_plants: WeightQ = None,
    w_scale: WeightQ = None, w_key: WeightQ = None, w_link: WeightQ = None, w_choke: WeightQ = None,
    w_breadth: WeightQ = None,
):
    """缺失与薄弱环节的招商名录：每个集团（决策主体）一行，含落地可能性、招引价值两维评分及理由；本地已有集团企业的
    列为增资扩产，同一都市圈内的列为区域协同伙伴 (one row per group for the gap links, with feasibility and value
    scores and reasons; groups already present are expansion talks, neighbours are partners; weights w_* override
    the defaults)."""
    given = {"tie": w_tie, "province": w_province, "distance": w_distance, "plants": w_plants, "scale": w_scale,
             "key": w_key, "link": w_link, "choke": w_choke, "breadth": w_breadth}
    weights = {k: v for k, v in given.items() if v is not None}
    options = service.target_options(store, settings)

    def compute(store, scope):
        return service.target_table(store, chain_id, scope, limit, weights, options=options)

    question = (chain_id, limit, tuple(sorted(weights.items())))
    return await answers.respond(request, store, "targets", question, _scope_of(scope), compute)


@router.get("/roadmap", response_model=Roadmap, summary="发展路径 Roadmap", dependencies=[Analyst],
            responses=answers.NOT_MODIFIED)
async def roadmap(
    request: Request,
    store: StoreDep,
    chain_id: ChainId,
    scope: ScopeQ,
    weak_threshold: WeakQ = None,
    build_threshold: BuildQ = None,
    targets_per_link: Annotated[int, Query(ge=0, le=10, description="每个环节列出的目标企业数 targets per link")] = 3,
    include: LinksQ = None,
    exclude: LinksQ = None,
    density_floor: Annotated[float | None, Query(ge=0, le=1, description=(
        "关联密度下限：低于它且本地无需求的缺失环节暂不布局 relatedness floor (default 0.15)"))] = None,
):
    """近期、中期、远期三个阶段：先做强本地核心环节与链主，就近配套随后，重资产卡脖子环节远期；另列暂不布局的环节
    (three phases, anchors first and their suppliers after them, with the best targets; and the links not pursued).
    ``include`` / ``exclude`` pin links in or drop them (ids or names, repeatable)."""
    build = request.app.state.settings.build_threshold if build_threshold is None else build_threshold
    pins = tuple(sorted(set(include or ()))), tuple(sorted(set(exclude or ())))

    def compute(store, scope):
        return service.build_roadmap(store, chain_id, scope, weak_threshold, build, targets_per_link,
                                     include=pins[0], exclude=pins[1], density_floor=density_floor)

    question = (chain_id, weak_threshold, build, targets_per_link, *pins, density_floor)
    return await answers.respond(request, store, "roadmap", question, _scope_of(scope), compute)


@router.post("/whatif", response_model=WhatIf, summary="落地推演 What-if", dependencies=[Analyst],
             responses=problem_responses(422, descriptions={422: (
                 "输入无效；要落地的企业须在营，已注销或吊销的不能落地 (invalid input; the enterprises to land must be active: "
                 "a deregistered or revoked one cannot land)")}))
def whatif(chain_id: ChainId, body: WhatIfIn, store: StoreDep):
    """假设给定企业落地该地区或园区，各环节状态与完整度、强度的前后变化
    (statuses, completeness and strength before and after landing the given enterprises)."""
    scope = resolve_named(store, body.scope)
    return service.what_if(store, chain_id, scope, body.land, body.weak_threshold)
