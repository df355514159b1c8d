"""What every output of one chain in one scope is drawn from: the gap report, its panorama, the target
table and the roadmap, each computed once through the analysis services, plus the date and the data note.

An artifact is drawn from some of them only (:data:`NEEDS`): the panorama from the gap report, the
roadmap map from the roadmap, so one map is answered without ranking every target.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.service import resolve_scope
>>> store = toy_store()
>>> data = collect(store, "toy", resolve_scope(store, region="成都"), as_of=date(2025, 1, 2))
>>> data.report.counts.missing, len(data.table.rows) > 0, [p.label for p in data.roadmap.phases]
(4, True, ['近期', '中期', '远期'])
>>> panorama = collect(store, "toy", resolve_scope(store, region="成都"), artifact="panorama")
>>> panorama.table is None and panorama.roadmap is None
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.analysis.panorama import build_panorama
from app.analysis.partners import held_by_partners
from app.analysis.results import GapReport, Panorama, Roadmap, Scope, SnapshotDiff, TargetTable
from app.analysis.service import build_roadmap, gap_report, roadmap_of, target_table
from app.errors import InvalidInput
from app.settings import SEED_DIR
from app.store.base import GraphStore
from graph_schema.models import STAGE_LABELS, Stage

NEEDS = {"panorama": frozenset(), "roadmap": frozenset({"roadmap"}), "targets": frozenset({"table"}),
         "report": frozenset({"table", "roadmap"})}  # the analyses beyond the gap report each artifact is drawn from


@dataclass(frozen=True)
class ReportData:
    """The analyses behind the two maps and the table, and how to caption them (``None``: not needed)."""

    report: GapReport
    table: TargetTable | None
    roadmap: Roadmap | None
    panorama: Panorama
    as_of: date
    note: str | None = None  # None: the seed's demo-data note
    stages: dict[str, str] = field(default_factory=dict)  # leaf id -> 上游 / 中游 / 下游
    changes: SnapshotDiff | None = None  # what changed since a snapshot (the report's change section), when asked

    @property
    def slug(self) -> str:
        """An ASCII name for files: chain id and scope code."""
        return f"{self.report.chain}-{self.report.scope.code}"


def note_for(data_dir: Path) -> str | None:
    """The data note of a data directory: None (the demo-data note) for the seed, else where the data came from."""
    if Path(data_dir).resolve() == SEED_DIR.resolve():
        return None
    return f"用户数据目录“{Path(data_dir).name}”(data directory {Path(data_dir).name})"


def collect(store: GraphStore, chain_id: str, scope: Scope, as_of: date | None = None, note: str | None = None,
            weak_threshold: int | None = None, build_threshold: float | None = None,
            artifact: str | None = None, since: str | None = None) -> ReportData:
    """Run, once each, the analyses ``artifact`` is drawn from (every one without it) for ``chain_id`` in ``scope``;
    with ``since`` (a snapshot label or date, ``latest`` for the last one) also what changed since that snapshot."""
    if artifact is not None and artifact not in NEEDS:
        raise InvalidInput(f"没有产物 {artifact} (no artifact {artifact}; one of {', '.join(NEEDS)})")
    needs = NEEDS[artifact] if artifact else NEEDS["report"]
    template = store.chain(chain_id)
    report = gap_report(store, chain_id, scope, weak_threshold, build_threshold)
    table = target_table(store, chain_id, scope, report=report) if "table" in needs else None
    roadmap = None
    if "roadmap" in needs:  # the best targets per link: from the whole table when there is one, else ranked for it
        roadmap = (roadmap_of(template, report, table.rows, partners=held_by_partners(store, report)) if table is not None
                   else build_roadmap(store, chain_id, scope, report=report))
    panorama = build_panorama(template, report)
    stages = {x.node_id: STAGE_LABELS[Stage(x.stage)] for x in report.links}
    changes = None
    if since is not None:
        from app.analysis.snapshots import changes_since

        changes = changes_since(store, chain_id, scope, None if since == "latest" else since)
    return ReportData(report, table, roadmap, panorama, as_of or date.today(), note, stages, changes)
