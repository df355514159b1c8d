"""Inputs for the output tests: the toy data through the real analyses, and a hand-built large chain.

``big_panorama(n)`` is a chain of ``n`` leaves with long Chinese and Latin names, every status, core and
choke-point marks and long enterprise names: the worst case for label overlap on the panorama.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from app.analysis.results import (
    Counts,
    KeyEnterprise,
    LinkStatus,
    Mode,
    NotPursued,
    Panorama,
    PanoramaSegment,
    PanoramaStage,
    Phase,
    Reason,
    Roadmap,
    RoadmapItem,
    RoadmapTarget,
    Scope,
    Status,
    TargetKind,
    TargetMember,
    TargetRole,
    TargetRow,
    TargetTable,
)
from app.analysis.service import resolve_scope
from app.analysis.targets import target_weights
from app.outputs.bundle import ReportData, collect
from app.store.base import ScopeKind
from graph_schema.models import RegionLevel
from tests.fixtures.analysis_graphs import toy_store

AS_OF = date(2025, 1, 2)
SCOPE = Scope(kind=ScopeKind.region, code="510100", name="成都市", level=RegionLevel.city)
STAGES = ("upstream", "midstream", "downstream")


@lru_cache(maxsize=1)
def toy_data() -> ReportData:
    store = toy_store()
    return collect(store, "toy", resolve_scope(store, region="成都"), as_of=AS_OF)


def _name(i: int) -> str:
    names = ("超高纯电子特气与湿化学品材料", "OLED有机发光材料（蒸镀级）", "玻璃基板", "Mini/Micro LED 芯片外延片",
             "驱动IC", "偏光片")
    return names[i % len(names)] + ("" if i < len(names) else f"{i}")


def big_panorama(n: int = 60) -> Panorama:
    """A hand-built panorama of ``n`` links in 3 stages × 4 segments with the longest labels we expect."""
    segments: dict[str, dict[int, list[LinkStatus]]] = {stage: {} for stage in STAGES}
    statuses = list(Status)
    for i in range(n):
        stage = STAGES[i * 3 // n]
        seg = i * 12 // n
        status = statuses[i % 3]
        local = 0 if status is Status.missing else 1 + i % 7
        keys = tuple(KeyEnterprise(id=f"e{i}-{k}", name=f"某某超长名称光电显示科技集团第{k}号股份有限公司")
                     for k in range(min(local, 4)))
        segments[stage].setdefault(seg, []).append(LinkStatus(
            node_id=f"big.l{i}", name=_name(i), name_en=f"Link {i}", stage=stage, segment=f"第{seg}环节组（{stage}）",
            segment_id=f"big.s{seg}", is_core=i % 4 == 0, chokepoint=i % 5 == 0, weight=0.5, status=status,
            local_count=local, key_count=len(keys), national_count=10, key_enterprises=keys))
    stages = tuple(PanoramaStage(id=f"big.{stage}", name=stage, name_en=stage, stage=stage, segments=tuple(
        PanoramaSegment(id=f"big.s{seg}", name=links[0].segment, name_en=f"Segment {seg}", links=tuple(links))
        for seg, links in groups.items())) for stage, groups in segments.items())
    every = [x for groups in segments.values() for links in groups.values() for x in links]
    counts = Counts(**{s.value: sum(x.status is s for x in every) for s in Status})
    return Panorama(chain="big", chain_name="新型显示（超长名称测试）", scope=SCOPE, completeness=0.5, strength=0.3,
                    counts=counts, stages=stages, feeds=tuple(big_feeds(n)))


def big_feeds(n: int = 60) -> list[tuple[str, str]]:
    return [(f"big.l{i}", f"big.l{j}") for i in range(n) for j in range(i + 1, n) if (i * 7 + j) % 11 == 0]


def big_roadmap(n: int = 30) -> Roadmap:
    modes = list(Mode)
    phases = []
    for p, phase in enumerate(("near", "mid", "long")):
        items = []
        for i in range(p * n // 3, (p + 1) * n // 3):
            targets = tuple(RoadmapTarget(enterprise_id=f"t{i}-{k}", name=f"外地某某超长名称新材料科技有限公司{k}",
                                          score=0.9 - k / 10) for k in range(i % 4))
            after = (f"big.l{i - 1}",) if i % 3 else ()
            items.append(RoadmapItem(node_id=f"big.l{i}", name=_name(i), mode=modes[i % 5], priority=0.9 - i / 100,
                                     after=after, targets=targets))
        phases.append(Phase(phase=phase, items=tuple(items), target_completeness=0.4 + 0.2 * p))
    left = (NotPursued(node_id="big.x", name="暂不布局的环节", reasons=(Reason(zh="关联密度低", en="low density"),)),)
    return Roadmap(chain="big", chain_name="新型显示", scope=SCOPE, completeness_now=0.3, phases=tuple(phases),
                   not_pursued=left, density_floor=0.15)


def injected_table() -> TargetTable:
    """A table whose imported text tries formula injection in every text column."""
    factors = {"feasibility": {"tie": 0.5}, "value": {"key": 0.5}}
    rows = (
        TargetRow(enterprise_id="x1", name="=HYPERLINK(\"http://evil\",\"点我\")", region_code="110105",
                  region_name="+北京市", kind=TargetKind.key, role=TargetRole.leader, node_ids=("toy.b",),
                  node_names=("@乙材料",), mode=Mode.fill,
                  members=(TargetMember(node_id="toy.b", node_name="@乙材料", enterprise_id="x1p", name="=工厂",
                                        region_code="110105", region_name="北京市"),),
                  feasibility=0.5, value=0.5, score=0.5, factors=factors, reasons=(Reason(zh="-理由", en="-reason"),),
                  tags=("=cmd",), revenue=12.5),
        TargetRow(enterprise_id="x2", name="正常企业有限公司", region_code="420100", region_name="湖北省武汉市",
                  kind=TargetKind.supporting, role=TargetRole.supplier, node_ids=("toy.c",), node_names=("丙面板",),
                  mode=Mode.strengthen, feasibility=0.25, value=0.25, score=0.25, factors=factors,
                  reasons=(Reason(zh="普通理由", en="a plain reason"),), employees=300),
    )
    return TargetTable(chain="toy", chain_name="示例链", scope=SCOPE, weights=target_weights({}), rows=rows)
