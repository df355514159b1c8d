"""The review queue of uncertain links (待审核挂链), for admins: list, accept, reject."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from app.api.audit import note
from app.api.deps import Admin, SettingsDep, StoreDep
from app.api.problems import problem_responses
from app.api.schemas import Page
from app.services.review import RejectionLog, accept_link, reject_link, rejection_log_path, review_queue
from graph_schema.models import ID_PATTERN, LinkGrade, Role

router = APIRouter(prefix="/review", tags=["挂链审核 review"], dependencies=[Admin])
EnterpriseId = Annotated[str, Path(pattern=ID_PATTERN, description="企业编号 enterprise id")]
NodeId = Annotated[str, Path(pattern=ID_PATTERN, description="环节编号 link id", examples=["display.glass_substrate"])]


class ReviewItem(BaseModel):
    """一条待审核挂链 An uncertain link waiting for review, with its evidence."""

    enterprise_id: str
    enterprise_name: str
    node_id: str
    node_name: str
    chain_id: str
    chain_name: str
    role: Role
    evidence: str = Field(description="挂链依据 why the link was proposed")
    strength: int = Field(0, description="证据强度 evidence strength: 3 product term, 2 scope term, 1 industry or other")


class ReviewedLink(BaseModel):
    """审核后的挂链 The link as it stands after the decision (a rejected link is deleted)."""

    enterprise_id: str
    node_id: str
    role: Role
    grade: LinkGrade
    products: list[str]
    evidence: str
    decision: str = Field(description="accepted | rejected")


def _reviewed(link, decision: str) -> dict:
    return {"enterprise_id": link.enterprise_id, "node_id": link.node_id, "role": link.role.value,
            "grade": link.grade.value, "products": list(link.products), "evidence": link.evidence, "decision": decision}


@router.get("", response_model=Page[ReviewItem], summary="待审核挂链 Review queue")
def list_queue(
    store: StoreDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
):
    """证据不足、等待人工确认的企业挂链，按环节和证据强度排序分页返回
    (uncertain links waiting for a reviewer, sorted by link then evidence strength, paginated)."""
    rows, total = review_queue(store, limit, offset, RejectionLog(rejection_log_path(settings)))
    return {"data": rows, "count": total}


@router.post("/{enterprise_id}/{node_id}/accept", response_model=ReviewedLink, summary="确认挂链 Accept")
def accept(enterprise_id: EnterpriseId, node_id: NodeId, store: StoreDep):
    """把待审核挂链确认为 confirmed，之后计入分析；已确认的挂链原样返回
    (confirms the link so analyses count it; an already confirmed link is returned as it is)."""
    link = accept_link(store, enterprise_id, node_id)
    note(enterprise=enterprise_id, node=node_id, rows=1)
    return _reviewed(link, "accepted")


@router.post("/{enterprise_id}/{node_id}/reject", response_model=ReviewedLink, summary="驳回挂链 Reject",
             responses=problem_responses(409, descriptions={409: "挂链已确认，不在审核队列中 the link is confirmed, not under review"}))
def reject(enterprise_id: EnterpriseId, node_id: NodeId, store: StoreDep, settings: SettingsDep):
    """删除待审核挂链并记住该决定，之后导入同一数据不再提出 (deletes the link and remembers the decision,
    so a later import of the same export does not propose it again)."""
    link = reject_link(store, enterprise_id, node_id, RejectionLog(rejection_log_path(settings)))
    note(enterprise=enterprise_id, node=node_id, rows=1)
    return _reviewed(link, "rejected")
