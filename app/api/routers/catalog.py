"""Chains, regions and parks: the reference data."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import StoreDep, Viewer
from app.api.schemas import ChainDetail, ChainSummary, ParkPublic, RegionPublic
from graph_schema.template import ChainTemplate

router = APIRouter(tags=["参考数据 reference data"], dependencies=[Viewer])
ChainId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,31}$", description="产业链编号 chain id", examples=["display"])]


def _summary(t: ChainTemplate) -> dict:
    c = t.chain
    return {"id": c.id, "name": c.name, "name_en": c.name_en, "description": c.description,
            "node_count": len(t.nodes), "leaf_count": len(t.leaf_ids)}


@router.get("/chains", response_model=list[ChainSummary], summary="产业链列表 List chains")
def list_chains(store: StoreDep):
    """全部产业链及其节点、环节数 (every chain with its node and link counts)."""
    return [_summary(t) for t in store.chains()]


@router.get("/chains/{chain_id}", response_model=ChainDetail, summary="产业链模板 Chain template")
def get_chain(chain_id: ChainId, store: StoreDep):
    """产业链的环节树、FEEDS 供给关系与融链关联 (the template tree, FEEDS and RELATED_TO)."""
    t = store.chain(chain_id)
    return {
        **_summary(t),
        "weak_threshold": t.chain.weak_threshold,
        "nodes": [{**n.model_dump(mode="json", exclude={"chain_id", "order", "industry_codes"})} for n in t.nodes],
        "feeds": [(f.source, f.target) for f in t.feeds],
        "related": [r.model_dump(mode="json") for r in t.related],
    }


@router.get("/regions", response_model=list[RegionPublic], summary="行政区划搜索 Search regions")
def search_regions(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=40, description="名称或代码 name or code", examples=["成都"])],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
):
    """按名称或代码搜索行政区划 (search regions by name or code)."""
    regions = store.regions()
    return [{**r.model_dump(mode="json"), "full_name": regions.full_name(r.code)} for r in regions.search(q, limit)]


@router.get("/parks", response_model=list[ParkPublic], summary="园区列表 List parks")
def list_parks(store: StoreDep):
    """全部产业园区 (every industrial park)."""
    regions = store.regions()
    return [{**p.model_dump(mode="json"), "region_name": regions.full_name(p.region_code)} for p in store.parks()]
