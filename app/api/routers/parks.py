"""Parks as peers: the parks of a city side by side on one chain, and a park compared with other parks."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.analysis.compare import compare_scopes
from app.analysis.parks import compare_parks
from app.analysis.results import Compare, ParkComparison
from app.analysis.scope import resolve_scope
from app.api.deps import StoreDep, Viewer
from app.api.routers.catalog import ChainId
from app.api.scope import list_pattern, listed

router = APIRouter(prefix="/chains/{chain_id}/parks", tags=["园区 parks"], dependencies=[Viewer])
MAX_PARKS = 10


@router.get("", response_model=ParkComparison, summary="园区对比 Parks of a city")
def parks_of_city(
    chain_id: ChainId,
    store: StoreDep,
    city: Annotated[str, Query(min_length=1, max_length=40, examples=["成都"],
                               description="城市名称或代码（区县代表其所在城市） city name or code; a county stands for its city")],
    weak_threshold: Annotated[int | None, Query(ge=1, le=1000, description="薄弱阈值 weak threshold")] = None,
    build_threshold: Annotated[float | None, Query(ge=0, le=1, description="建链阈值 build threshold")] = None,
):
    """同城各园区在该链上的完整度、强度与各环节状态，园区间重叠（同质化指数）及争夺环节的分工建议
    (every park of the city on the chain, their overlap with a homogeneity index, and a division of labour)."""
    return compare_parks(store, chain_id, city, weak_threshold, build_threshold)


@router.get("/compare", response_model=Compare, summary="园区横向对比 Compare parks")
def compare(
    chain_id: ChainId,
    store: StoreDep,
    parks: Annotated[str, Query(min_length=1, max_length=400, examples=["cd-hitech,cd-medical-city"],
                                json_schema_extra=list_pattern(MAX_PARKS),
                                description=f"园区编号，逗号分隔，最多 {MAX_PARKS} 个 park ids, comma-separated")],
    similar: Annotated[int, Query(ge=0, le=20, description="相似园区个数 how many similar parks")] = 5,
):
    """多个园区在该链上的完整度、强度与环节企业数，及与第一个园区最相似的园区
    (parks side by side, and the parks most like the first)."""
    ids = listed(parks, MAX_PARKS, "园区", "parks")
    return compare_scopes(store, chain_id, [resolve_scope(store, park=p) for p in ids], similar)
