"""产业生态发展路径图数据 The roadmap: gap links in three phases, each after the planned links feeding it."""
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
    mode: Mode
    priority: Num
    after: tuple[str, ...] = Field((), description="在其后（供给它的已规划环节） planned links that feed it")
    targets: tuple[RoadmapTarget, ...] = ()
    reasons: Reasons = ()


class Phase(Result):
    """One phase; ``label`` (近期 / 中期 / 远期) follows from ``phase``."""

    phase: Literal["near", "mid", "long"]
    label: str = Field(default_factory=lambda data: PHASE_LABELS[data["phase"]], description="近期 / 中期 / 远期")
    items: tuple[RoadmapItem, ...]
    completeness_after: Num


class Roadmap(Result):
    """产业生态发展路径图数据 The development path in three phases."""

    chain: str
    chain_name: str
    scope: Scope
    completeness_now: Num
    phases: tuple[Phase, ...]
