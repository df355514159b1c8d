"""Enterprises: search, read, create, update and delete."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.api.audit import note
from app.api.deps import Admin, Analyst, StoreDep
from app.api.problems import problem_responses
from app.api.schemas import EnterpriseCreate, EnterpriseDetail, EnterprisePublic, EnterpriseUpdate, Page
from app.api.scope import OptionalScopeQ, scope_of
from app.errors import Conflict
from app.services.enterprises import enterprise_detail, enterprise_public, make_enterprise, search_text
from app.store.base import ChangeSet, EnterpriseQuery
from graph_schema.models import ID_PATTERN, EnterpriseLink

router = APIRouter(prefix="/enterprises", tags=["企业 enterprises"])
DATA_RULES_422 = (
    "输入无效，errors 逐项列出；模式之外还有依赖已存数据或校验计算的规则：行政区划、母公司与环节须已存在，母公司不能是自己，"
    "成立日期须为 1800 年至明年的真实日期，信用代码校验位须正确，连续组合符号不超过 4 个 (invalid input, every problem in "
    "errors — besides what the schema states, rules on stored data or arithmetic: the region, the parent and the links "
    "must exist, the parent is not the enterprise itself, founded is a real date from 1800 to next year, the USCC check "
    "digit is right, at most 4 combining marks in a row)")
EnterpriseId = Annotated[str, Path(pattern=ID_PATTERN, description="企业编号 enterprise id")]


@router.get("", response_model=Page[EnterprisePublic], summary="企业搜索 Search enterprises", dependencies=[Analyst])
def search_enterprises(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=100, description=(
        "名称片段、简称、编号、股票代码或统一社会信用代码 name part, short name, id, stock code or USCC"))] = None,
    chain: Annotated[str | None, Query(max_length=32, description="产业链 chain id")] = None,
    node: Annotated[str | None, Query(max_length=128, description="环节 link id")] = None,
    scope: OptionalScopeQ = None,
    tag: Annotated[str | None, Query(max_length=20, description="标签 tag, e.g. 链主")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
):
    """按名称、产业链、环节、范围（地区、新区或园区）、标签筛选企业，分页返回 (filtered, paginated; a park scope lists its own
    enterprises)."""
    within = scope_of(store, scope)
    if chain:
        store.chain(chain)
    found, count = store.find_enterprises(
        EnterpriseQuery(text=search_text(store, q), chain_id=chain, node_id=node, scope=within.filter if within else None, tag=tag,
                        limit=limit, offset=offset))
    return {"data": [enterprise_public(store, e) for e in found], "count": count}


@router.get("/{enterprise_id}", response_model=EnterpriseDetail, summary="企业详情 Enterprise", dependencies=[Analyst])
def get_enterprise(enterprise_id: EnterpriseId, store: StoreDep):
    """企业及其所在环节、供应关系和园区 (with its links, supply relations and parks)."""
    return enterprise_detail(store, enterprise_id)


@router.post("", response_model=EnterpriseDetail, status_code=201, summary="新增企业 Create", dependencies=[Admin],
             responses=problem_responses(409, 422, descriptions={409: "编号或统一社会信用代码已存在 id or USCC already taken",
                                                                 422: DATA_RULES_422}))
def create_enterprise(body: EnterpriseCreate, store: StoreDep):
    """新增一家企业，可同时挂链 (create an enterprise, optionally with its links)."""
    if store.enterprises([body.id]):
        raise Conflict(f"企业编号 {body.id} 已存在 (enterprise {body.id} exists)")
    e = make_enterprise(body.model_dump(exclude={"links"}))
    store.apply(ChangeSet(enterprises=[e], links=[EnterpriseLink(enterprise_id=e.id, **x.model_dump()) for x in body.links]))
    note(enterprise=e.id, rows=1, created=1, links=len(body.links))
    return enterprise_detail(store, e.id)


@router.patch("/{enterprise_id}", response_model=EnterpriseDetail, summary="修改企业 Update", dependencies=[Admin],
              responses=problem_responses(409, 422, descriptions={
                  409: "统一社会信用代码已属于另一企业 USCC belongs to another enterprise", 422: DATA_RULES_422}))
def update_enterprise(enterprise_id: EnterpriseId, body: EnterpriseUpdate, store: StoreDep):
    """只修改请求中给出的字段 (changes only the fields given)."""
    current = store.get_enterprise(enterprise_id)
    changes = body.model_dump(exclude_unset=True)
    updated = make_enterprise({**current.model_dump(), **changes})
    store.apply(ChangeSet(enterprises=[updated]))
    note(enterprise=enterprise_id, rows=1, updated=1, fields=sorted(changes))
    return enterprise_detail(store, enterprise_id)


@router.delete("/{enterprise_id}", status_code=204, summary="删除企业 Delete", dependencies=[Admin])
def delete_enterprise(enterprise_id: EnterpriseId, store: StoreDep):
    """删除企业及其挂链、供应关系 (deletes the enterprise with its links and relations)."""
    store.get_enterprise(enterprise_id)
    store.apply(ChangeSet(delete_enterprises=[enterprise_id]))
    note(enterprise=enterprise_id, rows=1, deleted=1)
    return Response(status_code=204)
