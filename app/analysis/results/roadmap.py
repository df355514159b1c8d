"""产业生态发展路径图数据 The roadmap: the links a plan pursues in three phases, anchors first, and those it does not.

>>> from app.analysis.results.common import Reason
>>> NotPursued(node_id="t.x", name="某环节", reasons=(Reason(zh="按用户选择暂不布局", en="dropped by the user"),)).model_dump(mode="json")
{'node_id': 't.x', 'name': '某环节', 'name_en': '', 'reasons': [{'zh': '按用户选择暂不布局', 'en': 'dropped by the user'}]}
>>> Phase(phase="near", items=(), target_completeness=0.5).label
'近期'
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.analysis.results.common import Mode, Num, Reasons, Result, Scope

PHASE_LABELS = {"near": "近期", "mid": "中期", "long": "远期"}


class RoadmapTarget(Result):
    enterprise_id: str
    name: str
    score: Num


class RoadmapItem(Result):
    node_id: str
    name: str
    name_en: str = ""
    mode: Mode
    priority: Num
    after: tuple[str, ...] = Field(
        (), description="在其后：它所服务的已规划下游环节（客户在前） the planned customer links it serves, placed first")
    targets: tuple[RoadmapTarget, ...] = ()
    reasons: Reasons = ()


class NotPursued(Result):
    """暂不布局 A gap link the plan leaves out, with why (有所为有所不为)."""

    node_id: str
    name: str
    name_en: str = ""
    reasons: Reasons = ()


class Phase(Result):
    """One phase; ``label`` (近期 / 中期 / 远期) follows from ``phase``."""

    phase: Literal["near", "mid", "long"]
    label: str = Field(default_factory=lambda data: PHASE_LABELS[data["phase"]], description="近期 / 中期 / 远期")
    items: tuple[RoadmapItem, ...]
    target_completeness: Num = Field(
        description="目标完整度：本期及之前规划的缺失环节都落地后的完整度 completeness once every missing link planned up "
                    "to this phase has a local enterprise")


class Roadmap(Result):
    """产业生态发展路径图数据 The development path in three phases, and the links it does not pursue."""

    chain: str
    chain_name: str
    scope: Scope
    completeness_now: Num
    phases: tuple[Phase, ...]
    not_pursued: tuple[NotPursued, ...] = Field((), description="暂不布局的环节及理由 links not pursued, with why")
    included: tuple[str, ...] = Field((), description="用户固定纳入的环节 links the user pinned in")
    excluded: tuple[str, ...] = Field((), description="用户排除的环节 links the user dropped")
    density_floor: Num = Field(description="关联密度下限：低于它且本地无需求的缺失环节暂不布局 relatedness floor")
