"""Snapshots and what changed since the last review: save a scope's gap report, list the saved ones, diff one with now.

Reading (list, diff) needs the analyst role, as the target list does: a snapshot keeps the scope's target
groups. Saving one is a write to the store, so it is the admin's, as every other write of the API is
(what-if alone writes nothing).
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from app.analysis import service
from app.analysis.results import SnapshotDiff, SnapshotInfo, SnapshotList
from app.analysis.snapshots import MAX_LABEL, changes_since, list_snapshots, save_snapshot
from app.api.deps import Admin, Analyst, SettingsDep, StoreDep
from app.api.problems import problem_responses
from app.api.routers.catalog import ChainId
from app.api.scope import OptionalScopeQ, ScopedBody, ScopeDep, scope_of
from graph_schema.text import NAME_PATTERN

router = APIRouter(prefix="/chains/{chain_id}/snapshots", tags=["快照 snapshots"])


class SnapshotIn(ScopedBody):
    """保存快照请求 Save a snapshot of the scope's gap report."""

    model_config = {"extra": "forbid", "json_schema_extra": {"examples": [{"scope": "成都", "label": "2026Q3"}]}}

    label: Annotated[str, Field(min_length=1, max_length=MAX_LABEL, json_schema_extra={"pattern": NAME_PATTERN})] | None = Field(
        None, description="标签：不能为空白、不含控制字符 label, not blank, no control characters (default: the time it is saved)")


@router.post("", response_model=SnapshotInfo, status_code=201, summary="保存快照 Save a snapshot", dependencies=[Admin],
             responses=problem_responses(409, descriptions={409: "该范围已有同名快照 the label is already used for this scope"}))
def save(chain_id: ChainId, body: SnapshotIn, store: StoreDep, settings: SettingsDep):
    """保存该范围的缺链分析（状态、企业、重点企业、招商名录）及日期；一个事务，标签已用则 409
    (keep the scope's gap report with its date, in one transaction; a label already used is a 409)."""
    scope = scope_of(store, body.scope)
    return save_snapshot(store, chain_id, scope, body.label, options=service.target_options(store, settings))


@router.get("", response_model=SnapshotList, summary="快照列表 Saved snapshots", dependencies=[Analyst])
def saved(chain_id: ChainId, store: StoreDep, scope: OptionalScopeQ = None):
    """该链（及范围）已保存的快照，按时间先后 (the chain's saved snapshots, of one scope when given, oldest first)."""
    return list_snapshots(store, chain_id, scope_of(store, scope))


@router.get("/diff", response_model=SnapshotDiff, summary="自上次评估以来 Changes since a snapshot",
            dependencies=[Analyst])
def diff(chain_id: ChainId, store: StoreDep, scope: ScopeDep,
         since: Annotated[str | None, Query(min_length=1, max_length=MAX_LABEL, examples=["2026Q3", "2026-10-01"],
                                            description="快照标签或日期（缺省：最近一次） a label or a date; default: the latest")] = None):
    """状态变化的环节、进入与离开的企业、完整度与强度前后对比、已落地的上次招商目标
    (links whose status changed, enterprises that entered or left, completeness and strength before and after,
    earlier targets that landed)."""
    return changes_since(store, chain_id, scope, since)
