"""What every analysis result shares: the frozen base, rounded numbers, bilingual reasons, scope, indicators.

Numbers are plain floats in the model and rounded to 4 places when serialised (:data:`Num`);
a reason is one :class:`Reason` with its Chinese and English wording, so each reader picks its
language instead of splitting a sentence.

>>> Reason(zh="核心环节", en="core link").model_dump()
{'zh': '核心环节', 'en': 'core link'}
>>> Indicators(completeness=0.123456, strength=0.25, counts=Counts(strong=1, weak=1, missing=2)).model_dump(mode="json")
{'completeness': 0.1235, 'strength': 0.25, 'counts': {'strong': 1, 'weak': 1, 'missing': 2}}
"""
from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from app.store.base import ScopeFilter, ScopeKind
from graph_schema.models import RegionLevel


def _round4(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


Num = Annotated[float, PlainSerializer(_round4, return_type=float)]
"""A float written to 4 decimal places in the JSON (and in ``model_dump``)."""
OptNum = Annotated[float | None, PlainSerializer(_round4, return_type=float | None)]
Completeness = Annotated[Num, Field(description="完整度：非缺失环节权重占比 weighted share of links present")]
Strength = Annotated[Num, Field(description="强度：强环节权重占比 weighted share of strong links")]
Factors = Annotated[dict[str, Num], Field(
    description="各因子加权贡献，之和为得分或优先级 weighted factors adding up to the score or priority")]


class Result(BaseModel):
    """Base of every analysis result: immutable, and no field outside the model."""

    # every field is in the JSON, so the response schema requires it (defaults only help construction)
    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_serialization_defaults_required=True)


class Status(StrEnum):
    strong = "strong"
    weak = "weak"
    missing = "missing"


STATUS_LABELS = {Status.strong: "强", Status.weak: "弱", Status.missing: "缺"}


class Mode(StrEnum):
    fill = "fill"
    strengthen = "strengthen"
    extend = "extend"
    build = "build"
    fuse = "fuse"


MODE_LABELS = {Mode.fill: "补链", Mode.strengthen: "强链", Mode.extend: "延链", Mode.build: "建链", Mode.fuse: "融链"}


class TargetKind(StrEnum):
    key = "key"
    supporting = "supporting"
    expansion = "expansion"
    partner = "partner"


TARGET_KIND_LABELS = {TargetKind.key: "重点企业", TargetKind.supporting: "配套企业",
                      TargetKind.expansion: "存量企业增资扩产", TargetKind.partner: "区域协同伙伴"}


class TargetRole(StrEnum):
    """What a group would be in the chain: its chain leader, a maker of the chain's product that does not lead it,
    a core or a general supplier, or a service provider."""

    leader = "leader"
    maker = "maker"
    core_supplier = "core_supplier"
    supplier = "supplier"
    service = "service"


TARGET_ROLE_LABELS = {TargetRole.leader: "链主", TargetRole.maker: "成品制造商", TargetRole.core_supplier: "核心配套",
                      TargetRole.supplier: "一般配套",
                      TargetRole.service: "服务商"}


class Reason(Result):
    """一条理由 One reason, in Chinese and in English; each reader shows the language it needs."""

    zh: str = Field(description="中文 Chinese")
    en: str = Field(description="English")


Reasons = Annotated[tuple[Reason, ...], Field(description="理由 reasons, each {zh, en}")]


class Scope(Result):
    """A region (with every region within it), a park, or a zone (a national new area or development zone that is
    not a GB/T 2260 region: its regions and park memberships, ``seed/zones.csv``)."""

    kind: ScopeKind = Field(description="地区、园区或新区 region, park or zone")
    code: str = Field(description="行政区划代码、园区编号或新区编号 region code, park id or zone id")
    name: str
    level: RegionLevel | None = Field(None, description="province | city | county；园区、新区为 null (null for a park or zone)")

    @property
    def filter(self) -> ScopeFilter:
        if self.kind == ScopeKind.park:
            return ScopeFilter.park(self.code)
        if self.kind == ScopeKind.zone:
            from app.datadir.zones import default_zones
            from app.regions import RegionIndex

            zone = default_zones(RegionIndex.national()).get(self.code)
            return ScopeFilter.zone(self.code, [ScopeFilter.park(c) if k == "park" else ScopeFilter.region(c, RegionLevel(k))
                                                for k, c, _ in zone.members])
        return ScopeFilter.region(self.code, RegionLevel(self.level))


class Counts(Result):
    strong: int = Field(description="强环节数 strong links")
    weak: int = Field(description="弱环节数 weak links")
    missing: int = Field(description="缺失环节数 missing links")


class Indicators(Result):
    """Chain-level completeness and strength (weighted shares of leaves) and status counts."""

    completeness: Completeness
    strength: Strength
    counts: Counts


class ChainStatus(Result):
    """A chain in a scope with its indicators, written flat (``completeness``, ``strength``, ``counts``)."""

    chain: str
    chain_name: str
    scope: Scope
    completeness: Completeness
    strength: Strength
    counts: Counts

    @property
    def indicators(self) -> Indicators:
        return Indicators(completeness=self.completeness, strength=self.strength, counts=self.counts)
