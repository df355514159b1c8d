"""The results of the analyses: one frozen pydantic model per result, the contract of the analysis layer.

The analyses return these models; the HTTP API declares them as ``response_model``; the CLI, the
outputs (maps, table, report) and the web page read them. ``model_dump(mode="json")`` gives the
JSON every reader sees: numbers rounded to 4 places, reasons as ``{"zh": …, "en": …}``.

Entry points (``app.analysis.service``), each taking the store first:
``resolve_scope(store, region=None, park=None) -> Scope``,
``gap_report(store, chain_id, scope, weak_threshold=None, build_threshold=None) -> GapReport``,
``panorama(store, chain_id, scope, weak_threshold=None, build_threshold=None) -> Panorama``,
``target_table(store, chain_id, scope, limit=None, weights=None) -> TargetTable``,
``build_roadmap(store, chain_id, scope) -> Roadmap``,
``what_if(store, chain_id, scope, landed_ids) -> WhatIf`` and
``compare_scopes(store, chain_id, scopes, similar=5) -> Compare`` and
``compare_parks(store, chain_id, city) -> ParkComparison`` (:mod:`app.analysis.parks`).

>>> s = Scope(kind="region", code="510100", name="成都市", level="city")
>>> s.model_dump(mode="json")
{'kind': 'region', 'code': '510100', 'name': '成都市', 'level': 'city'}
"""
from app.analysis.results.common import (
    MODE_LABELS,
    STATUS_LABELS,
    TARGET_KIND_LABELS,
    TARGET_ROLE_LABELS,
    ChainStatus,
    Counts,
    Indicators,
    Mode,
    Num,
    Reason,
    Result,
    Scope,
    Status,
    TargetKind,
    TargetRole,
)
from app.analysis.results.gaps import Candidate, GapReport, KeyEnterprise, Leader, LinkStatus, ModeEntry
from app.analysis.results.panorama import Panorama, PanoramaSegment, PanoramaStage
from app.analysis.results.parks import ContestedLink, Division, ParkClaim, ParkComparison, ParkOverlap, ParkSummary
from app.analysis.results.roadmap import PHASE_LABELS, NotPursued, Phase, Roadmap, RoadmapItem, RoadmapTarget
from app.analysis.results.scenarios import Compare, ScopeSummary, Similar, StatusChange, WhatIf
from app.analysis.results.snapshots import (
    CountsShift,
    LandedTarget,
    LinkChange,
    MemberChange,
    Shift,
    Snapshot,
    SnapshotDiff,
    SnapshotInfo,
    SnapshotLink,
    SnapshotList,
    SnapshotTarget,
)
from app.analysis.results.targets import LocalEntity, TargetMember, TargetRow, TargetTable

__all__ = ["MODE_LABELS", "PHASE_LABELS", "STATUS_LABELS", "TARGET_KIND_LABELS", "TARGET_ROLE_LABELS", "Candidate", "ChainStatus",
           "Compare", "ContestedLink", "Counts", "CountsShift", "Division", "GapReport", "Indicators", "KeyEnterprise", "LandedTarget",
           "Leader", "LinkChange", "LinkStatus", "LocalEntity", "MemberChange", "Mode", "ModeEntry", "NotPursued", "Num", "Panorama",
           "PanoramaSegment", "PanoramaStage", "ParkClaim", "ParkComparison", "ParkOverlap", "ParkSummary", "Phase", "Reason", "Result",
           "Roadmap", "RoadmapItem", "RoadmapTarget", "Scope", "ScopeSummary", "Shift", "Similar", "Snapshot", "SnapshotDiff",
           "SnapshotInfo", "SnapshotLink", "SnapshotList", "SnapshotTarget", "Status", "StatusChange", "TargetKind", "TargetMember",
           "TargetRole", "TargetRow", "TargetTable", "WhatIf"]
