"""Request and response schemas of the HTTP API (pydantic at the boundary)."""
from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph_schema.models import FOUNDED_PATTERN, ID_PATTERN, REGION_CODE_PATTERN, STATUS_PATTERN, LinkGrade, RegionLevel, Role
from graph_schema.rules import USCC_PATTERN
from graph_schema.text import NAME_PATTERN, TEXT_PATTERN

T = TypeVar("T")


def text(max_length: int, pattern: str = TEXT_PATTERN, **field: Any) -> Any:
    """A text field whose schema states, as a ``pattern``, the rule the graph model enforces on it
    (:mod:`graph_schema.text`, :mod:`graph_schema.rules`): the model refuses in words, the schema says the same."""
    return Field(max_length=max_length, json_schema_extra={"pattern": pattern}, **field)


Tag = Annotated[str, text(64)]
Product = Annotated[str, text(100)]
FormerName = Annotated[str, text(200)]
Uscc = Annotated[str, text(18, USCC_PATTERN)]
Founded = Annotated[str, text(10, FOUNDED_PATTERN)]
ListedCode = Annotated[str, text(20)]


class Page(BaseModel, Generic[T]):
    """列表包装 List wrapper: one page of items and the total count."""

    data: list[T]
    count: int = Field(description="符合条件的总数 total matching items")


class ChainSummary(BaseModel):
    id: str
    name: str
    name_en: str
    description: str = ""
    node_count: int
    leaf_count: int


class NodePublic(BaseModel):
    id: str
    name: str
    name_en: str
    stage: str
    level: int
    parent_id: str | None
    is_leaf: bool
    is_core: bool
    chokepoint: bool
    capital_heavy: bool = False
    proximity_bound: bool = False
    weight: float
    keywords: list[str]


class ChainDetail(ChainSummary):
    weak_threshold: int
    nodes: list[NodePublic]
    feeds: list[tuple[str, str]]
    related: list[dict]


class RegionPublic(BaseModel):
    code: str
    name: str
    full_name: str
    level: RegionLevel
    parent_code: str | None = None
    lon: float | None = None
    lat: float | None = None


class ParkPublic(BaseModel):
    id: str
    name: str
    region_code: str
    region_name: str
    lead_chains: list[str]


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    node_id: str = Field(pattern=ID_PATTERN)
    role: Role = Role.core
    products: list[Product] = Field(default_factory=list, max_length=30)


class EnterpriseBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uscc: Uscc | None = Field(None, description="统一社会信用代码，校验位须正确 unified social credit code (its check digit must be right)")
    name: str = text(200, NAME_PATTERN, min_length=1, description="企业名称 legal name")
    region_code: str = Field(pattern=REGION_CODE_PATTERN, description="行政区划代码，须为现行区划 GB/T 2260 (a region that exists)")
    founded: Founded | None = Field(None, description="成立日期 YYYY or YYYY-MM-DD, a real date from 1800 to next year")
    revenue: float | None = Field(None, ge=0, le=1e9, description="营业收入（亿元） revenue, CNY 100 million")
    employees: int | None = Field(None, ge=0, le=10_000_000)
    tags: list[Tag] = Field(default_factory=list, max_length=30)
    listed_code: ListedCode | None = None
    status: str = text(8, STATUS_PATTERN, default="存续", description="登记状态，空为存续 registration status (blank: 存续)")
    parent_id: str | None = Field(None, pattern=ID_PATTERN, description="母公司编号：须已存在、不能是自己 parent (stored, not itself)")
    former_names: list[FormerName] = Field(default_factory=list, max_length=20, description="曾用名 former registered names")


class EnterpriseCreate(EnterpriseBase):
    id: str = Field(pattern=ID_PATTERN, description="企业编号 id")
    links: list[LinkIn] = Field(default_factory=list, max_length=50, description="挂链 links to chain links")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"id": "cd-demo-1", "name": "成都示例光电科技有限公司", "region_code": "510107",
                                         "tags": ["高新技术企业"], "status": "存续"}]},
    )


class EnterpriseUpdate(BaseModel):
    """Fields to change; absent fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    uscc: Uscc | None = None
    # absent: unchanged; these cannot be cleared, so null is not a value (the schema says so: no "null" type)
    name: str = text(200, NAME_PATTERN, default=None, min_length=1)  # type: ignore[assignment]
    region_code: str = Field(None, pattern=REGION_CODE_PATTERN)  # type: ignore[assignment]
    founded: Founded | None = None
    revenue: float | None = Field(None, ge=0, le=1e9)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    tags: list[Tag] = Field(None, max_length=30)  # type: ignore[assignment]
    listed_code: ListedCode | None = None
    status: str = text(8, STATUS_PATTERN, default=None)  # type: ignore[assignment]
    parent_id: str | None = Field(None, pattern=ID_PATTERN)


class LinkPublic(BaseModel):
    node_id: str
    node_name: str
    chain_id: str
    role: Role
    grade: LinkGrade
    products: list[str] = []
    evidence: str = ""


class SupplyPublic(BaseModel):
    supplier_id: str
    supplier_name: str
    customer_id: str
    customer_name: str
    product: str = ""


class EnterprisePublic(BaseModel):
    id: str
    uscc: str | None
    name: str
    region_code: str
    region_name: str
    founded: str | None
    revenue: float | None
    employees: int | None
    tags: list[str]
    listed_code: str | None
    status: str
    active: bool
    parent_id: str | None
    former_names: list[str] = []


class EnterpriseDetail(EnterprisePublic):
    region_source: str = ""
    links: list[LinkPublic]
    supply: list[SupplyPublic]
    parks: list[str]


class FieldProblem(BaseModel):
    """一个问题：位置（文件、行、字段）与原因 One problem: where it is and what is wrong."""

    message: str
    file: str | None = None
    row: int | None = Field(None, description="电子表格行号（表头为第 1 行） spreadsheet row, header is row 1")
    field: str | None = None
    value: str | None = None
    location: str | None = Field(None, description="query / path / body / header")


class ProblemDetails(BaseModel):
    """RFC 9457 问题详情 problem details (``application/problem+json``)."""

    type: str = Field(examples=["https://chainmap.dev/problems/notfound"])
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = Field(None, description="逐行逐字段的问题 every problem, by row and field")
    candidates: list[dict] | None = Field(None, description="名称有歧义时的候选 candidates of an ambiguous name")
