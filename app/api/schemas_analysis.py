"""Response schemas of the analysis endpoints: the ``to_dict()`` shapes of :mod:`app.analysis.models`.

Each model mirrors one result class field for field, so the HTTP answer is exactly what
``chainmap gaps|roadmap|whatif|compare --format json`` prints, and OpenAPI documents it.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from app.analysis.models import Mode, Status, TargetKind
from graph_schema.models import ID_PATTERN

MAX_LANDED = 50


class ScopeOut(BaseModel):
    kind: Literal["region", "park"] = Field(description="地区或园区 region or park")
    code: str = Field(description="行政区划代码或园区编号 region code or park id")
    name: str
    level: str | None = Field(None, description="province | city | county；园区为 null (null for a park)")


class CountsOut(BaseModel):
    strong: int = Field(description="强环节数 strong links")
    weak: int = Field(description="弱环节数 weak links")
    missing: int = Field(description="缺失环节数 missing links")


class IndicatorsOut(BaseModel):
    completeness: float = Field(description="完整度：非缺失环节权重占比 weighted share of links present")
    strength: float = Field(description="强度：强环节权重占比 weighted share of strong links")
    counts: CountsOut


class KeyEnterpriseOut(BaseModel):
    id: str
    name: str


class LinkStatusOut(BaseModel):
    """一个环节在范围内的状态 One leaf link in the scope."""

    node_id: str
    name: str
    name_en: str
    stage: str
    segment: str | None
    segment_id: str | None
    is_core: bool
    chokepoint: bool
    weight: float
    status: Status = Field(description="strong 强 / weak 弱 / missing 缺")
    local_count: int = Field(description="本地企业数 local enterprises")
    key_count: int = Field(description="本地重点企业数 local key enterprises")
    national_count: int = Field(description="全国企业数 enterprises nationwide")
    lq: float | None = Field(description="区位商 location quotient")
    rca: float | None = Field(description="显示性比较优势 revealed comparative advantage")
    density: float | None = Field(description="关联密度 relatedness density")
    key_enterprises: list[KeyEnterpriseOut] = Field(description="本地重点企业 key local enterprises")
    reasons: list[str] = Field(description="理由（中文在前） reasons, Chinese first")


class CandidateOut(BaseModel):
    enterprise_id: str
    name: str
    region_code: str
    pulls: list[str] = Field(description="其供应伙伴所在环节 links its suppliers and customers work in")
    reasons: list[str]


class ModeEntryOut(BaseModel):
    """一个发展方式建议的环节 One link proposed by a mode (补链/强链/延链/建链/融链)."""

    node_id: str
    name: str
    stage: str
    mode: Mode
    priority: float
    factors: dict[str, float]
    reasons: list[str]
    chain_id: str | None = Field(None, description="仅融链：另一条产业链 fuse only: the other chain")
    related_node_id: str | None = Field(None, description="仅融链：本地强环节 fuse only: the local strong link")
    candidates: list[CandidateOut] | None = Field(None, description="仅建链：链主候选 build only: chain-leader candidates")


class LeaderOut(BaseModel):
    enterprise_id: str
    name: str
    node_ids: list[str]
    supporting_rate: float | None = Field(description="本地配套率 local supporting rate")
    supplier_links: list[str]
    covered_supplier_links: list[str]
    reasons: list[str]


class GapReportOut(BaseModel):
    """缺链分析 The gap analysis of one chain in one scope."""

    chain: str
    chain_name: str
    scope: ScopeOut
    completeness: float = Field(description="完整度：非缺失环节权重占比 weighted share of links present")
    strength: float = Field(description="强度：强环节权重占比 weighted share of strong links")
    counts: CountsOut
    links: list[LinkStatusOut]
    fill: list[ModeEntryOut] = Field(description="补链 fill")
    strengthen: list[ModeEntryOut] = Field(description="强链 strengthen")
    extend: list[ModeEntryOut] = Field(description="延链 extend")
    build: list[ModeEntryOut] = Field(description="建链 build")
    fuse: list[ModeEntryOut] = Field(description="融链 fuse")
    leaders: list[LeaderOut] = Field(description="本地链主及其配套率 local chain leaders")


class PanoramaSegmentOut(BaseModel):
    id: str
    name: str
    name_en: str
    links: list[LinkStatusOut]


class PanoramaStageOut(BaseModel):
    id: str
    name: str
    name_en: str
    stage: str
    segments: list[PanoramaSegmentOut]


class PanoramaOut(BaseModel):
    """产业链全景图数据 Panorama data: the chain tree with every link's status, counts and key local enterprises."""

    chain: str
    chain_name: str
    scope: ScopeOut
    completeness: float = Field(description="完整度：非缺失环节权重占比 weighted share of links present")
    strength: float = Field(description="强度：强环节权重占比 weighted share of strong links")
    counts: CountsOut
    stages: list[PanoramaStageOut]
    feeds: list[list[str]] = Field(description="环节间供给关系 [from, to] supply flow between links")
    leaders: list[LeaderOut]


class TargetRowOut(BaseModel):
    enterprise_id: str
    name: str
    region_code: str
    region_name: str
    node_id: str
    node_name: str
    mode: Mode
    kind: TargetKind = Field(description="key 重点企业 / supporting 配套企业")
    score: float
    factors: dict[str, float] = Field(description="各因子加权贡献，之和为得分 weighted factors adding up to the score")
    reasons: list[str]
    tags: list[str]
    revenue: float | None
    employees: int | None


class TargetTableOut(BaseModel):
    """招商名录 The target list of one chain for one scope, best first."""

    chain: str
    chain_name: str
    scope: ScopeOut
    weights: dict[str, float]
    rows: list[TargetRowOut]


class RoadmapTargetOut(BaseModel):
    enterprise_id: str
    name: str
    score: float


class RoadmapItemOut(BaseModel):
    node_id: str
    name: str
    mode: Mode
    priority: float
    after: list[str] = Field(description="在其后（供给它的已规划环节） planned links that feed it")
    targets: list[RoadmapTargetOut]
    reasons: list[str]


class PhaseOut(BaseModel):
    phase: Literal["near", "mid", "long"]
    label: str = Field(description="近期 / 中期 / 远期")
    items: list[RoadmapItemOut]
    completeness_after: float


class RoadmapOut(BaseModel):
    """产业生态发展路径图数据 The development path in three phases."""

    chain: str
    chain_name: str
    scope: ScopeOut
    completeness_now: float
    phases: list[PhaseOut]


class StatusChangeOut(BaseModel):
    node_id: str
    name: str
    before: Status
    after: Status


class WhatIfOut(BaseModel):
    """落地推演 Indicators before and after landing enterprises in the scope."""

    chain: str
    chain_name: str
    scope: ScopeOut
    landed: list[str]
    before: IndicatorsOut
    after: IndicatorsOut
    changed: list[StatusChangeOut]
    reasons: list[str]


class ScopeSummaryOut(BaseModel):
    scope: ScopeOut
    completeness: float = Field(description="完整度：非缺失环节权重占比 weighted share of links present")
    strength: float = Field(description="强度：强环节权重占比 weighted share of strong links")
    counts: CountsOut
    link_counts: dict[str, int] = Field(description="每个环节的本地企业数 local enterprises per link")


class SimilarOut(BaseModel):
    code: str
    name: str
    similarity: float


class CompareOut(BaseModel):
    """区域对比 One chain across scopes, and the cities most similar to the first."""

    chain: str
    chain_name: str
    scopes: list[ScopeSummaryOut]
    similar: list[SimilarOut]


class WhatIfIn(BaseModel):
    """落地推演请求 What-if request: the scope and the enterprises to land there."""

    model_config = {"extra": "forbid", "json_schema_extra": {"examples": [{"region": "成都", "land": ["b1"]}]}}

    region: str | None = Field(None, min_length=1, max_length=40, description="地区：代码或名称 region code or name")
    park: str | None = Field(None, pattern=ID_PATTERN, description="园区编号 park id")
    land: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        min_length=1, max_length=MAX_LANDED, description=f"要落地的企业编号，最多 {MAX_LANDED} 个 enterprise ids to land")
    weak_threshold: int | None = Field(None, ge=1, le=1000, description="薄弱阈值 weak threshold (default: the chain's)")
