"""Import a registry export into the store: validate, place, match, link, apply once.

The same function serves ``chainmap import`` and the admin API. Nothing is written unless
every row is valid, or ``skip_invalid`` is set (then the valid rows are written and the
others reported as rejected). Everything goes in one :class:`ChangeSet` through
``store.apply`` — all or nothing. Importing the same file twice changes nothing.

>>> from app.store.embedded.store import EmbeddedStore
>>> from app.datadir.registry.reader import read_bytes
>>> store = EmbeddedStore()
>>> table = read_bytes("企业名称,所属省份,所属城市\\n甲公司,四川省,成都市\\n".encode(), "a.csv")
>>> r = import_registry(store, table, ImportOptions())
>>> (r.created, r.applied, store.get_enterprise(r.enterprise_ids[0]).region_code)
(1, True, '510100')
>>> import_registry(store, table, ImportOptions()).unchanged
1
"""
from __future__ import annotations

import datetime
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from app.datadir.registry.headers import FIELDS, recognise
from app.datadir.registry.linking import Linker, LinkInput
from app.datadir.registry.placement import RegionInput, RegionPlacer
from app.datadir.registry.reader import read_table
from app.datadir.registry.records import Record, RowProblem, parse_record
from app.datadir.tabular import MAX_BYTES, MAX_ROWS, Table
from app.errors import InvalidInput, Problem
from app.services.identity import IdentityMatcher, merge_enterprise, propose_parent
from app.services.import_report import ImportReport, RowLink, RowOutcome
from app.store.base import ChangeSet, GraphStore
from app.store.changes import check_rules
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade

Progress = Callable[[str, int, int], None]


@dataclass
class ImportOptions:
    skip_invalid: bool = False
    dry_run: bool = False
    mapping: dict[str, str | None] | None = None
    max_class_links: int = 3
    rejected_links: set[tuple[str, str]] = field(default_factory=set)   # review decisions to respect
    progress: Progress | None = None
    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS


def load_mapping(path: Path | str) -> dict[str, str | None]:
    """A ``--mapping`` file: YAML or JSON, header → field (see ``FIELDS``) or null to ignore the column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        doc = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise InvalidInput(f"无法读取映射文件 {path}: {exc} (cannot read the mapping file)") from None
    if not isinstance(doc, dict):
        raise InvalidInput(f"映射文件 {path} 应为“表头: 字段”的映射 (the mapping must be header: field)")
    bad = [Problem(f"未知字段 {v}；可用：{', '.join(FIELDS)} (unknown field)", path.name, field=str(k), value=str(v))
           for k, v in doc.items() if v is not None and v not in FIELDS]
    if bad:
        raise InvalidInput(f"映射文件 {path} 有未知字段 (unknown fields in the mapping)", bad)
    return {str(k): v for k, v in doc.items()}


def import_registry_file(store: GraphStore, path: Path | str, options: ImportOptions | None = None) -> ImportReport:
    """Read ``path`` (CSV UTF-8/GBK or XLSX) and import it; see :func:`import_registry`."""
    options = options or ImportOptions()
    table = read_table(path, options.max_bytes, options.max_rows, mapped=tuple(options.mapping or ()))
    return import_registry(store, table, options, source=str(path))


def _tick(options: ImportOptions, phase: str, done: int, total: int) -> None:
    if options.progress is not None:
        options.progress(phase, done, total)


def import_registry(store: GraphStore, table: Table, options: ImportOptions, source: str = "",
                    refused: dict[int, list[RowProblem]] | None = None) -> ImportReport:
    """Import the rows of ``table``; returns the report (``applied`` says whether anything was written).

    The change set is checked once by the rules every importer shares (:func:`app.store.changes.check_rules`);
    a row breaking one is an error of that row, and the import runs again without such rows (``refused``: their
    problems), so the counts are those of the rows that pass and what ``skip_invalid`` applies is checked as
    the set it forms.
    """
    started = time.perf_counter()
    report = ImportReport(source=source, encoding=table.encoding, sheet=table.sheet, header_row=table.header_row,
                          headers=table.headers, dry_run=options.dry_run)
    cols = recognise(table.headers, options.mapping)
    report.ignored_columns = cols.ignored
    for header in cols.ignored:
        report.problems.append(RowProblem(table.header_row, header, "", "未识别的列，已忽略 (unknown column ignored)",
                                          "info"))
    for header in cols.duplicates:
        report.problems.append(RowProblem(table.header_row, header, "",
                                          "与前面的列含义相同，已忽略 (duplicate column ignored)", "warning"))
    if "name" not in cols.recognised:
        raise InvalidInput("找不到“企业名称”列；可用 --mapping 指定 (no 企业名称 column; name it with --mapping)",
                           [Problem("缺少企业名称列 (missing name column)", source, table.header_row, "企业名称")])
    total = len(table.rows)
    report.rows_read = total
    records: list[Record] = []
    row_problems: dict[int, list[RowProblem]] = {}
    today = datetime.date.today()
    for i, (row, cells) in enumerate(table.rows):
        rec, problems = parse_record(row, cells, cols, today)
        problems += (refused or {}).get(row, [])
        records.append(rec)
        row_problems[row] = problems
        if i % 1000 == 0:
            _tick(options, "校验 validate", i, total)
    regions = store.regions()
    placements = RegionPlacer(regions).place_all([
        RegionInput(r.province, r.city, r.county, r.region_code, r.address, r.uscc) for r in records])
    _tick(options, "定位 place", total, total)
    for rec, placed in zip(records, placements, strict=True):
        for level, found in (("error", placed.errors), ("warning", placed.warnings)):
            for name, value, message in found:
                column = cols.label(name)
                row_problems[rec.row].append(RowProblem(rec.row, column, value, message, level))
    matcher = IdentityMatcher(store, regions)
    ok = [(rec, p.code, p.source) for rec, p in zip(records, placements, strict=True)
          if p.code and not _has_error(row_problems[rec.row])]
    targets = matcher.match(ok, row_problems, cols)
    linker = Linker(store.chains(), options.max_class_links)
    existing_links = store.enterprise_links([t.existing.id for t in targets.values() if t.existing is not None])
    changes = ChangeSet()
    rows: dict[str, list[int]] = {"enterprises": [], "links": []}   # the file row of each change
    outcomes = {rec.row: RowOutcome(rec.row, rec.name) for rec in records}
    for n, (rec, code, region_source) in enumerate(ok):
        if _has_error(row_problems[rec.row]):
            continue
        target = targets[rec.row]
        given = _fields(rec, target.id, code, region_source)
        try:
            fresh = Enterprise(**given)
        except ValidationError as exc:
            for e in exc.errors():
                name = str(e["loc"][0]) if e["loc"] else ""
                column = cols.label(name)
                row_problems[rec.row].append(RowProblem(rec.row, column, "", e["msg"].removeprefix("Value error, ")))
            continue
        merged = merge_enterprise(target.existing, fresh, set(given))
        report.enterprise_ids.append(merged.id)
        outcome_row = outcomes[rec.row]
        outcome_row.enterprise_id = merged.id
        source_name = merged.region_source or "-"
        report.region_sources[source_name] = report.region_sources.get(source_name, 0) + 1
        outcome_row.outcome = ("created" if target.existing is None else "updated" if merged != target.existing
                               else "unchanged")
        parent = None if merged.parent_id else propose_parent(store, rec.name, merged.id)
        if parent is not None:
            outcome_row.parent_proposal = parent.id
            row_problems[rec.row].append(RowProblem(rec.row, cols.label("name"), rec.name, (
                f"建议母公司（待审核，未写入）“{parent.name}”({parent.id})：名称中地名括号前的字号相同"
                f" (proposed group parent {parent.id}, for review; not set)"), "info"))
        if target.existing is None:
            report.created += 1
            changes.enterprises.append(merged)
            rows["enterprises"].append(rec.row)
        elif merged != target.existing:
            report.updated += 1
            changes.enterprises.append(merged)
            rows["enterprises"].append(rec.row)
        else:
            report.unchanged += 1
        outcome = linker.link(LinkInput(rec.name, rec.scope, rec.products, rec.industry_codes, rec.industry_name))
        report.weak_not_linked += len(outcome.weak)
        report.excluded_noise += len(outcome.excluded)
        for node_id, evidence in outcome.excluded:
            note = f"未挂 {node_id}（{linker.names[node_id]}）：{evidence}"
            row_problems[rec.row].append(RowProblem(rec.row, "经营范围", "", note, "info"))
        stored = {link.node_id: link for link in existing_links.get(merged.id, [])}
        for match in outcome.links:
            link = EnterpriseLink(enterprise_id=merged.id, node_id=match.node_id, role=match.role,
                                  products=match.products, grade=match.grade, evidence=match.evidence)
            old = stored.get(match.node_id)
            state = "new" if old is None else "changed"
            if old is not None and old.grade is LinkGrade.confirmed:
                report.links_kept_confirmed += old != link
                report.links_unchanged += old == link
                state = "unchanged" if old == link else "kept_confirmed"
            elif old == link:
                report.links_unchanged += 1
                state = "unchanged"
            elif match.grade is LinkGrade.uncertain and (merged.id, match.node_id) in options.rejected_links:
                report.links_previously_rejected += 1
                state = "previously_rejected"
            outcome_row.links.append(RowLink(match.node_id, linker.names[match.node_id], match.grade.value,
                                             match.strength, match.evidence, state))
            if state in ("unchanged", "kept_confirmed", "previously_rejected"):
                continue
            else:
                changes.links.append(link)
                rows["links"].append(rec.row)
                report.links_confirmed += match.grade is LinkGrade.confirmed
                report.links_uncertain += match.grade is LinkGrade.uncertain
        if n % 1000 == 0:
            _tick(options, "挂链 link", n, total)
    name = Path(source).name or None
    check = check_rules(store, changes, {part: (name, numbers) for part, numbers in rows.items()})
    found: dict[int, list[RowProblem]] = {}
    for p in [*check.problems, *check.clashes]:
        found.setdefault(p.row, []).append(RowProblem(p.row, cols.label(p.field), p.value or "", p.message))
    if found:  # again without those rows, so the counts and what is applied are the rows that pass
        return import_registry(store, table, options, source, {**(refused or {}), **found})
    for row, cells in table.rows:
        errors = [p.problem for p in row_problems[row] if p.level == "error"]
        if errors:
            report.rejected += 1
            report.rejected_rows.append((row, list(cells), errors))
    report.problems += [p for rec in records for p in row_problems[rec.row]]
    for rec in records:
        outcomes[rec.row].problems = [f"[{p.level}] {p.column}: {p.problem}" for p in row_problems[rec.row]]
        if _has_error(row_problems[rec.row]):
            outcomes[rec.row].outcome, outcomes[rec.row].links = "rejected", []
    report.rows = [outcomes[rec.row] for rec in records]
    allowed = not options.dry_run and (options.skip_invalid or not report.rejected)
    if allowed and check.checked is not None and len(check.checked):
        _tick(options, "写入 write", total, total)
        store.apply(check.checked)   # checked above: the store does not check it again
        report.applied = True
    elif allowed:
        report.applied = True   # nothing to change: the store already holds every row
    report.elapsed_s = time.perf_counter() - started
    _tick(options, "完成 done", total, total)
    return report


def _has_error(problems: list[RowProblem]) -> bool:
    return any(p.level == "error" for p in problems)


def _fields(rec: Record, enterprise_id: str, region_code: str, region_source: str) -> dict:
    """The Enterprise fields the row gives a value for (an empty cell never erases a stored value)."""
    data = {"id": enterprise_id, "uscc": rec.uscc or None, "name": rec.name, "region_code": region_code,
            "founded": rec.founded, "revenue": rec.revenue, "employees": rec.employees, "tags": rec.tags,
            "listed_code": rec.listed_code, "parent_id": rec.parent_id, "region_source": region_source,
            "status": rec.status, "former_names": rec.former_names}
    return {k: v for k, v in data.items() if v not in (None, ())}
