"""Inputs for the output tests: the toy data through the real analyses, and a hand-built large chain.

``big_report(n)`` is a chain of ``n`` leaves with long Chinese and Latin names, every status, core and
choke-point marks and long enterprise names: the worst case for label overlap on the panorama.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from app.analysis.models import (Counts, GapReport, Indicators, KeyEnterprise, LinkStatus, Mode, Phase, Roadmap,
                                 RoadmapItem, RoadmapTarget, Scope, Status, TargetKind, TargetRow, TargetTable)
from app.analysis.service import resolve_scope
from app.outputs.bundle import ReportData, collect
from app.store.base import ScopeKind
from graph_schema.models import RegionLevel
from tests.fixtures.analysis_graphs import toy_store

AS_OF = date(2025, 1, 2)
SCOPE = Scope(ScopeKind.region, "510100", "成都市", RegionLevel.city)
STAGES = ("upstream", "midstream", "downstream")


@lru_cache(maxsize=1)
def toy_data() -> ReportData:
    store = toy_store()
    return collect(store, "toy", resolve_scope(store, region="成都"), as_of=AS_OF)


def _name(i: int) -> str:
    names = ("超高纯电子特气与湿化学品材料", "OLED有机发光材料（蒸镀级）", "玻璃基板", "Mini/Micro LED 芯片外延片",
             "驱动IC", "偏光片")
    return names[i % len(names)] + ("" if i < len(names) else f"{i}")


def big_report(n: int = 60) -> GapReport:
    """A hand-built report of ``n`` links in 3 stages × 4 segments with the longest labels we expect."""
    links = []
    statuses = list(Status)
    for i in range(n):
        stage = STAGES[i * 3 // n]
        seg = i * 12 // n
        status = statuses[i % 3]
        local = 0 if status is Status.missing else 1 + i % 7
        keys = tuple(KeyEnterprise(f"e{i}-{k}", f"某某超长名称光电显示科技集团第{k}号股份有限公司") for k in range(min(local, 4)))
        links.append(LinkStatus(f"big.l{i}", _name(i), f"Link {i}", stage, f"第{seg}环节组（{stage}）", i % 4 == 0,
                                i % 5 == 0, 0.5, status, local, len(keys), 10, None, None, None, keys, (), f"big.s{seg}"))
    counts = Counts(*(sum(x.status is s for x in links) for s in Status))
    return GapReport("big", "新型显示（超长名称测试）", SCOPE, Indicators(0.5, 0.3, counts), tuple(links))


def big_feeds(n: int = 60) -> list[tuple[str, str]]:
    return [(f"big.l{i}", f"big.l{j}") for i in range(n) for j in range(i + 1, n) if (i * 7 + j) % 11 == 0]


def big_roadmap(n: int = 30) -> Roadmap:
    modes = list(Mode)
    phases = []
    for p, phase in enumerate(("near", "mid", "long")):
        items = []
        for i in range(p * n // 3, (p + 1) * n // 3):
            targets = tuple(RoadmapTarget(f"t{i}-{k}", f"外地某某超长名称新材料科技有限公司{k}", 0.9 - k / 10) for k in range(i % 4))
            after = (f"big.l{i - 1}",) if i % 3 else ()
            items.append(RoadmapItem(f"big.l{i}", _name(i), modes[i % 5], 0.9 - i / 100, after, targets))
        phases.append(Phase(phase, tuple(items), 0.4 + 0.2 * p))
    return Roadmap("big", "新型显示", SCOPE, 0.3, tuple(phases))


def injected_table() -> TargetTable:
    """A table whose imported text tries formula injection in every text column."""
    rows = (
        TargetRow("x1", "=HYPERLINK(\"http://evil\",\"点我\")", "110105", "+北京市", "toy.b", "@乙材料", Mode.fill,
                  TargetKind.key, 0.5, {"key": 0.5}, ("-理由",), ("=cmd",), 12.5, None),
        TargetRow("x2", "正常企业有限公司", "420100", "湖北省武汉市", "toy.c", "丙面板", Mode.strengthen,
                  TargetKind.supporting, 0.25, {"key": 0.25}, ("普通理由",), (), None, 300),
    )
    return TargetTable("toy", "示例链", SCOPE, rows, {"key": 1.0})
