"""落地推演与区域对比 What-if (indicators before and after landing enterprises) and compare (scopes side by side).

>>> StatusChange(node_id="t.b", name="乙材料", before="missing", after="strong").model_dump(mode="json")
{'node_id': 't.b', 'name': '乙材料', 'before': 'missing', 'after': 'strong'}
"""
from __future__ import annotations

from pydantic import Field

from app.analysis.results.common import Completeness, Counts, Indicators, Num, Reasons, Result, Scope, Status, Strength
from app.store.base import ScopeKind


class StatusChange(Result):
    node_id: str
    name: str
    before: Status
    after: Status


class WhatIf(Result):
    """落地推演 Indicators before and after landing enterprises in the scope."""

    chain: str
    chain_name: str
    scope: Scope
    landed: tuple[str, ...]
    before: Indicators
    after: Indicators
    changed: tuple[StatusChange, ...]
    reasons: Reasons = ()


class ScopeSummary(Result):
    scope: Scope
    completeness: Completeness
    strength: Strength
    counts: Counts
    link_counts: dict[str, int] = Field(description="每个环节的本地企业数 local enterprises per link")

    @property
    def indicators(self) -> Indicators:
        return Indicators(completeness=self.completeness, strength=self.strength, counts=self.counts)


class Similar(Result):
    """A place like the first scope: a city for a region, a park (``code`` its id) for a park."""

    code: str
    name: str
    kind: ScopeKind = Field(ScopeKind.region, description="城市或园区 a city, or a park for a park scope")
    similarity: Num


class Compare(Result):
    """区域对比 One chain across scopes, and the cities most similar to the first."""

    chain: str
    chain_name: str
    scopes: tuple[ScopeSummary, ...]
    similar: tuple[Similar, ...] = ()
