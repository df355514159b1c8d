"""The gap report (缺链分析): every leaf link's status, the five modes' proposals and the local 链主.

>>> from app.analysis.results.common import Reason
>>> e = ModeEntry(node_id="t.b", name="乙", stage="upstream", mode=Mode.fill, priority=0.123456,
...               factors={"weight": 0.1}, reasons=(Reason(zh="缺", en="missing"),))
>>> e.model_dump(mode="json")
{'node_id': 't.b', 'name': '乙', 'name_en': '', 'stage': 'upstream', 'mode': 'fill', 'priority': 0.1235, 'factors': {'weight': 0.1}, \
'reasons': [{'zh': '缺', 'en': 'missing'}]}
"""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from app.analysis.results.common import ChainStatus, Factors, Mode, Num, OptNum, Reason, Reasons, Result, Status

_MODE_ONLY = ("chain_id", "related_node_id", "candidates")


def _absent(value: object) -> bool:
    return value is None


def _mode_only_not_required(schema: dict) -> None:
    schema["required"] = [k for k in schema.get("required", []) if k not in _MODE_ONLY]


class KeyEnterprise(Result):
    id: str
    name: str


class LinkStatus(Result):
    """一个环节在范围内的状态 One leaf link in the scope: presence, status and the indices explaining it."""

    node_id: str
    name: str
    name_en: str
    stage: str
    segment: str | None = None
    segment_id: str | None = None
    is_core: bool
    chokepoint: bool
    weight: Num
    status: Status = Field(description="strong 强 / weak 弱 / missing 缺")
    local_count: int = Field(description="本地企业数 local enterprises")
    key_count: int = Field(description="本地重点企业数 local key enterprises")
    national_count: int = Field(description="全国企业数 enterprises nationwide")
    lq: OptNum = Field(None, description="区位商 location quotient")
    rca: OptNum = Field(None, description="显示性比较优势 revealed comparative advantage")
    density: OptNum = Field(None, description="关联密度 relatedness density")
    density_drivers: tuple[str, ...] = Field(
        (), description="拉动关联密度的本地优势环节（最相近者在前） the scope's specialised links closest to it")
    key_enterprises: tuple[KeyEnterprise, ...] = Field((), description="本地重点企业 key local enterprises")
    local_enterprises: tuple[KeyEnterprise, ...] = Field(
        (), description="本地企业（链主、营收靠前者优先，至多 3 家） local enterprises, leaders and the largest first")
    rule: Literal["count", "leader", "scale"] | None = Field(
        None, description="判强依据：数量 / 链主 / 规模前五分之一 the rule that made the link strong (null unless strong)")
    data_note: Reason | None = Field(
        None, description="数据提示：所在环节组在范围内无一家企业收录 data note: the scope has no enterprise in the whole segment")
    reasons: Reasons = ()


class Candidate(Result):
    """A chain-leader candidate of 建链: an enterprise outside the scope whose partners span other links."""

    enterprise_id: str
    name: str
    region_code: str
    pulls: tuple[str, ...] = Field(description="其供应伙伴所在环节 links its suppliers and customers work in")
    reasons: Reasons = ()


class ModeEntry(Result):
    """一个发展方式建议的环节 One link proposed by a mode (补链/强链/延链/建链/融链), with its priority and reasons.

    ``chain_id`` and ``related_node_id`` are given for 融链 only, ``candidates`` for 建链 only; the
    others leave them ``None`` and they are left out of the JSON.
    """

    model_config = ConfigDict(json_schema_extra=_mode_only_not_required)

    node_id: str
    name: str
    name_en: str = ""
    stage: str
    mode: Mode
    priority: Num
    factors: Factors = {}
    reasons: Reasons = ()
    chain_id: str | None = Field(None, exclude_if=_absent, description="仅融链：另一条产业链 fuse only: the other chain")
    related_node_id: str | None = Field(None, exclude_if=_absent,
                                        description="仅融链：本地强环节 fuse only: the local strong link")
    candidates: tuple[Candidate, ...] | None = Field(None, exclude_if=_absent,
                                                     description="仅建链：链主候选 build only: chain-leader candidates")


class Leader(Result):
    """A local 链主 and its local supporting rate (本地配套率)."""

    enterprise_id: str
    name: str
    node_ids: tuple[str, ...]
    supporting_rate: OptNum = Field(description="本地配套率 local supporting rate (null when nothing feeds its links)")
    supplier_links: tuple[str, ...]
    covered_supplier_links: tuple[str, ...]
    reasons: Reasons = ()


class GapReport(ChainStatus):
    """缺链分析 Everything the gap analysis of one chain in one scope finds."""

    links: tuple[LinkStatus, ...]
    fill: tuple[ModeEntry, ...] = Field((), description="补链 fill")
    strengthen: tuple[ModeEntry, ...] = Field((), description="强链 strengthen")
    extend: tuple[ModeEntry, ...] = Field((), description="延链 extend")
    build: tuple[ModeEntry, ...] = Field((), description="建链 build")
    fuse: tuple[ModeEntry, ...] = Field((), description="融链 fuse")
    leaders: tuple[Leader, ...] = Field((), description="本地链主及其配套率 local chain leaders")
    notes: Reasons = Field((), description="数据提示 data notes (segments with no enterprise in the data)")

    def link(self, node_id: str) -> LinkStatus:
        return next(x for x in self.links if x.node_id == node_id)

    def mode(self, mode: Mode | str) -> tuple[ModeEntry, ...]:
        return getattr(self, Mode(mode).value)
