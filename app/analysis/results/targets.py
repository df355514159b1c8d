"""招商名录 The target list: enterprises outside the scope proposed for its gap links, scores explained."""
from __future__ import annotations

from pydantic import Field

from app.analysis.results.common import Factors, Mode, Num, Reasons, Result, Scope, TargetKind


class TargetRow(Result):
    """One enterprise outside the scope proposed for one gap link, with its score explained."""

    enterprise_id: str
    name: str
    region_code: str
    region_name: str
    node_id: str
    node_name: str
    mode: Mode
    kind: TargetKind = Field(description="key 重点企业 / supporting 配套企业")
    score: Num
    factors: Factors
    reasons: Reasons
    tags: tuple[str, ...] = ()
    revenue: float | None = Field(None, description="营收（亿元） revenue, 100M CNY")
    employees: int | None = Field(None, description="员工人数 headcount")


class TargetTable(Result):
    """招商名录 The target list of one chain for one scope, best first."""

    chain: str
    chain_name: str
    scope: Scope
    weights: dict[str, Num] = Field(description="评分因子权重 factor weights")
    rows: tuple[TargetRow, ...]

    @property
    def key(self) -> tuple[TargetRow, ...]:
        return tuple(r for r in self.rows if r.kind is TargetKind.key)

    @property
    def supporting(self) -> tuple[TargetRow, ...]:
        return tuple(r for r in self.rows if r.kind is TargetKind.supporting)
