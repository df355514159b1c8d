"""The outcome of an import: counts, every problem by row and column, and the files written from it.

>>> report = ImportReport(source="x.csv", rows_read=3, created=2, rejected=1)
>>> report.summary_lines()[0]
'读取 3 行 rows read · 新建 2 created · 更新 0 updated · 未变 0 unchanged · 拒绝 1 rejected'
"""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.datadir.registry.records import LEVELS, RowProblem
from graph_schema.text import spreadsheet_safe

REPORT_COLUMNS = ("行 row", "列 column", "值 value", "问题 problem", "级别 level")
ROW_COLUMNS = ("行 row", "企业名称 name", "企业编号 id", "结果 outcome", "挂链 links (等级 grade, 强度 strength)",
               "挂链证据 evidence", "问题 problems", "建议母公司 proposed parent")
OUTCOMES = {"created": "新建", "updated": "更新", "unchanged": "未变", "rejected": "拒绝"}


@dataclass
class RowLink:
    """A link a row gets: its grade, how strong its evidence is, and whether it is new to the store."""

    node_id: str
    node_name: str
    grade: str
    strength: int
    evidence: str
    state: str   # new | changed | unchanged | kept_confirmed | previously_rejected


@dataclass
class RowOutcome:
    """What one row became: created, updated, unchanged or rejected; its links; its problems."""

    row: int
    name: str
    enterprise_id: str = ""
    outcome: str = "rejected"
    links: list[RowLink] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    parent_proposal: str = ""   # a stored group the name points at (XX（成都）有限公司 → XX), for review


@dataclass
class ImportReport:
    """What an import found and did (or, on a dry run or with errors, would have done)."""

    source: str
    encoding: str = ""
    sheet: str | None = None
    header_row: int = 1
    headers: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    links_confirmed: int = 0
    links_uncertain: int = 0
    links_unchanged: int = 0
    links_kept_confirmed: int = 0     # a confirmed link already stored is never downgraded
    links_previously_rejected: int = 0
    weak_not_linked: int = 0          # a term hit with too little evidence (name only, modifier, nothing backs it)
    excluded_noise: int = 0
    region_sources: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    dry_run: bool = False
    elapsed_s: float = 0.0
    problems: list[RowProblem] = field(default_factory=list)
    rejected_rows: list[tuple[int, list, list[str]]] = field(default_factory=list)  # (row, cells, problems)
    enterprise_ids: list[str] = field(default_factory=list)   # ids of every imported row, in file order
    rows: list[RowOutcome] = field(default_factory=list)      # one per data row, in file order

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if p.level == "warning"]

    def summary_lines(self) -> list[str]:
        if self.applied:
            state = "已写入 applied"
        elif self.dry_run:
            state = "试运行，未写入 dry run, nothing applied"
        else:
            state = "有错误，未写入任何数据 (errors: nothing applied; fix them or use --skip-invalid)"
        sources = ", ".join(f"{k} {n}" for k, n in sorted(self.region_sources.items())) or "-"
        return [
            f"读取 {self.rows_read} 行 rows read · 新建 {self.created} created · 更新 {self.updated} updated"
            f" · 未变 {self.unchanged} unchanged · 拒绝 {self.rejected} rejected",
            f"挂链 links: 确认 {self.links_confirmed} confirmed · 待审核 {self.links_uncertain} uncertain (review queue)"
            f" · 未变 {self.links_unchanged} unchanged · 证据不足未挂链 {self.weak_not_linked} too little evidence"
            f" · 噪声排除 {self.excluded_noise} excluded as noise",
            f"地区来源 region placed from: {sources}",
            f"问题 problems: 错误 {len(self.errors)} errors · 警告 {len(self.warnings)} warnings"
            + (f" · 忽略的列 ignored columns: {'、'.join(self.ignored_columns)}" if self.ignored_columns else ""),
            f"{state} · 用时 {self.elapsed_s:.1f} s ({self.rows_read / self.elapsed_s:.0f} 行/秒 rows/s)" if self.elapsed_s
            else state,
        ]

    def as_dict(self) -> dict:
        """JSON-ready: counts and problems (the rejected rows' cells are left out)."""
        data = asdict(self)
        data.pop("rejected_rows")
        data["problems"] = [asdict(p) for p in self.problems]
        return data


def _safe(value) -> str:
    """A cell no spreadsheet evaluates (the one rule, :func:`graph_schema.text.spreadsheet_safe`; these files
    are opened in Excel to fix rows)."""
    return spreadsheet_safe("" if value is None else str(value))


def _open(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8-sig", newline="")  # with a BOM, so Excel shows the Chinese


def write_report(report: ImportReport, path: Path) -> Path:
    """Every problem as one CSV line: row, column, value, problem, level."""
    with _open(path) as fh:
        writer = csv.writer(fh)
        writer.writerow(REPORT_COLUMNS)
        for p in report.problems:
            writer.writerow(["" if p.row is None else p.row, _safe(p.column), _safe(p.value), _safe(p.problem),
                             f"{LEVELS[p.level]} {p.level}"])
    return path


def write_rows(report: ImportReport, path: Path) -> Path:
    """One CSV line per data row: what it became, the links it gets with grade and evidence, its problems."""
    with _open(path) as fh:
        writer = csv.writer(fh)
        writer.writerow(ROW_COLUMNS)
        for r in report.rows:
            links = "；".join(f"{x.node_name}({x.node_id}) {x.grade} {x.strength}" for x in r.links)
            evidence = " | ".join(f"{x.node_id}: {x.evidence}" for x in r.links)
            writer.writerow([r.row, _safe(r.name), r.enterprise_id, f"{OUTCOMES.get(r.outcome, r.outcome)} {r.outcome}",
                             _safe(links), _safe(evidence), _safe(" | ".join(r.problems)), r.parent_proposal])
    return path


def write_rejects(report: ImportReport, path: Path) -> Path:
    """The rejected rows with the original header, plus their row number and problems, ready to fix and re-import."""
    with _open(path) as fh:
        writer = csv.writer(fh)
        writer.writerow([*map(_safe, report.headers), "原行号 source row", "问题 problems"])
        for row, cells, problems in report.rejected_rows:
            cells = [_safe(c) for c in cells]
            cells += [""] * (len(report.headers) - len(cells))
            writer.writerow([*cells[: len(report.headers)], row, _safe(" | ".join(problems))])
    return path


def default_paths(source: Path) -> tuple[Path, Path]:
    """``x.report.csv`` and ``x.rejects.csv`` next to the input ``x.xlsx``."""
    return source.with_name(source.stem + ".report.csv"), source.with_name(source.stem + ".rejects.csv")


def rows_path(report_path: Path) -> Path:
    """The per-row report beside the problem report: ``x.report.csv`` → ``x.rows.csv``."""
    stem = report_path.stem.removesuffix(".report")
    return report_path.with_name(stem + ".rows.csv")
