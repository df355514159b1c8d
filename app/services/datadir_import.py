"""Import one data-directory file (``enterprises``, ``enterprise_nodes`` or ``supply``) into the store.

Every row is checked before anything is written: its fields (``app.datadir.rows.parse_rows``), then
against the store and the rest of the file — region codes, chain links (leaves only), the
enterprises a row refers to, rows repeated in the file. Any problem refuses the whole file with
:class:`~app.errors.InvalidInput` listing each one by row and field; a USCC that belongs to another
enterprise is a :class:`~app.errors.Conflict`. Otherwise the new and changed rows go into the store
in one :class:`~app.store.base.ChangeSet`, so importing the same file twice changes nothing.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> store = toy_store()
>>> csv = "id,name,region_code\\nn1,新公司,510107\\na1,甲一材料有限公司,510107\\n".encode()
>>> import_file(store, csv, "enterprises.csv").to_dict()
{'kind': 'enterprises', 'rows': 2, 'created': 1, 'updated': 1, 'unchanged': 0, 'links': 0, 'supply': 0, 'ignored_columns': []}
>>> import_file(store, csv, "enterprises.csv").unchanged
2
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from app.datadir.rows import COLUMNS, header_problems, parse_rows
from app.errors import Conflict, InvalidInput, Problem
from app.services.datadir_upload import MAX_ROWS, Rows, read_upload
from app.store.base import ChangeSet, GraphStore
from graph_schema.models import Enterprise, EnterpriseLink, Supply


class ImportKind(StrEnum):
    enterprises = "enterprises"
    enterprise_nodes = "enterprise_nodes"
    supply = "supply"


_ROW_KIND = {ImportKind.enterprises: "enterprise", ImportKind.enterprise_nodes: "enterprise_node", ImportKind.supply: "supply"}


@dataclass(frozen=True)
class ImportCounts:
    """What an import did: data rows read, enterprises created / updated / unchanged, links and supply written."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links: int = 0
    supply: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _parse(file: str, rows: Rows, kind: str, problems: list[Problem]) -> list[tuple[int, Any]]:
    """Each non-blank row parsed on its own, so every object keeps its spreadsheet row number."""
    out = []
    for row, raw in rows:
        items, found = parse_rows(file, [raw], kind, first_row=row)
        problems.extend(found)
        out.extend((row, item) for item in items)
    return out


def _repeats(file: str, parsed: list[tuple[int, Any]], key, what: str, column: str, problems: list[Problem]) -> None:
    first: dict[Any, int] = {}
    for row, item in parsed:
        k = key(item)
        if k in first:
            problems.append(Problem(f"与第 {first[k]} 行{what}重复 (repeats row {first[k]})", file, row, column, str(k)))
        else:
            first[k] = row


def _check_enterprises(store: GraphStore, file: str, parsed: list[tuple[int, Enterprise]], problems: list[Problem]) -> None:
    regions = store.regions()
    _repeats(file, parsed, lambda e: e.id, "的编号", "id", problems)
    _repeats(file, [(r, e) for r, e in parsed if e.uscc], lambda e: e.uscc, "的统一社会信用代码", "uscc", problems)
    in_file = {e.id for _, e in parsed}
    parents = store.enterprises(sorted({e.parent_id for _, e in parsed if e.parent_id} - in_file))
    for row, e in parsed:
        if e.region_code not in regions:
            problems.append(Problem(f"行政区划代码 {e.region_code} 不存在 (unknown region code)", file, row, "region_code", e.region_code))
        if e.parent_id and (e.parent_id == e.id or (e.parent_id not in in_file and e.parent_id not in parents)):
            problems.append(Problem(f"母公司 {e.parent_id} 不存在 (unknown parent enterprise)", file, row, "parent_id", e.parent_id))


def _known_enterprises(store: GraphStore, ids: set[str]) -> set[str]:
    return set(store.enterprises(sorted(ids)))


def _check_links(store: GraphStore, file: str, parsed: list[tuple[int, EnterpriseLink]], problems: list[Problem]) -> None:
    _repeats(file, parsed, lambda x: (x.enterprise_id, x.node_id), "的挂链", "node_id", problems)
    known = _known_enterprises(store, {x.enterprise_id for _, x in parsed})
    nodes = {n.id: n for t in store.chains() for n in t.nodes}
    for row, x in parsed:
        if x.enterprise_id not in known:
            problems.append(Problem(f"企业 {x.enterprise_id} 不存在 (unknown enterprise)", file, row, "enterprise_id", x.enterprise_id))
        node = nodes.get(x.node_id)
        if node is None:
            problems.append(Problem(f"环节 {x.node_id} 不存在 (unknown chain link)", file, row, "node_id", x.node_id))
        elif not node.is_leaf:
            problems.append(Problem(f"{x.node_id} 不是叶子环节 (IN_NODE must point at a leaf link)", file, row, "node_id", x.node_id))


def _check_supply(store: GraphStore, file: str, parsed: list[tuple[int, Supply]], problems: list[Problem]) -> None:
    _repeats(file, parsed, lambda s: (s.supplier_id, s.customer_id), "的供应关系", "customer_id", problems)
    known = _known_enterprises(store, {s.supplier_id for _, s in parsed} | {s.customer_id for _, s in parsed})
    for row, s in parsed:
        for column, value in (("supplier_id", s.supplier_id), ("customer_id", s.customer_id)):
            if value not in known:
                problems.append(Problem(f"企业 {value} 不存在 (unknown enterprise)", file, row, column, value))
        if s.supplier_id == s.customer_id:
            problems.append(Problem("供应方与客户不能是同一企业 (supplier and customer are the same)", file, row, "customer_id", s.customer_id))


def _uscc_conflicts(store: GraphStore, file: str, parsed: list[tuple[int, Enterprise]]) -> None:
    owners = store.ids_by_uscc(sorted({e.uscc for _, e in parsed if e.uscc}))
    for row, e in parsed:
        owner = owners.get(e.uscc or "")
        if owner is not None and owner != e.id:
            raise Conflict(f"{file} 第 {row} 行：统一社会信用代码 {e.uscc} 已属于企业 {owner}，不能用于 {e.id} "
                           f"(row {row}: USCC {e.uscc} already belongs to enterprise {owner})")


def _changes(store: GraphStore, kind: ImportKind, items: list[Any]) -> tuple[ChangeSet, dict[str, int]]:
    """Only what is new or different goes into the change set."""
    if kind is ImportKind.enterprises:
        stored = store.enterprises([e.id for e in items])
        fresh = [e for e in items if stored.get(e.id) != e]
        created = sum(e.id not in stored for e in fresh)
        return ChangeSet(enterprises=fresh), {"created": created, "updated": len(fresh) - created,
                                              "unchanged": len(items) - len(fresh)}
    if kind is ImportKind.enterprise_nodes:
        links = store.enterprise_links(sorted({x.enterprise_id for x in items}))
        stored = {(x.enterprise_id, x.node_id): x for v in links.values() for x in v}
        fresh = [x for x in items if stored.get((x.enterprise_id, x.node_id)) != x]
        return ChangeSet(links=fresh), {"links": len(fresh)}
    relations = store.supply_of(sorted({s.supplier_id for s in items}))
    stored = {(s.supplier_id, s.customer_id): s for s in relations}
    fresh = [s for s in items if stored.get((s.supplier_id, s.customer_id)) != s]
    return ChangeSet(supply=fresh), {"supply": len(fresh)}


_CHECKS = {ImportKind.enterprises: _check_enterprises, ImportKind.enterprise_nodes: _check_links, ImportKind.supply: _check_supply}


def import_file(store: GraphStore, data: bytes, filename: str, kind: ImportKind | str = ImportKind.enterprises,
                max_rows: int = MAX_ROWS) -> ImportCounts:
    """Validate every row of one uploaded file, then apply it all at once (or raise and apply nothing)."""
    kind = ImportKind(kind)
    row_kind = _ROW_KIND[kind]
    file = filename or f"{kind.value}.csv"
    header, rows = read_upload(data, file, max_rows)
    problems = header_problems(file, header, row_kind)
    if problems:
        raise InvalidInput(f"{file} 缺少必需的列，未写入任何数据 (missing required columns; nothing written)", problems)
    parsed = _parse(file, rows, row_kind, problems)
    _CHECKS[kind](store, file, parsed, problems)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        bad_rows = len({p.row for p in problems})
        raise InvalidInput(f"{file} 有 {bad_rows} 行共 {len(problems)} 个问题，未写入任何数据 "
                           f"({len(problems)} problems in {bad_rows} rows; nothing written)", problems)
    if kind is ImportKind.enterprises:
        _uscc_conflicts(store, file, parsed)
    changes, counts = _changes(store, kind, [item for _, item in parsed])
    if len(changes):
        store.apply(changes)
    ignored = [h for h in header if h and h not in COLUMNS[row_kind][1]]
    return ImportCounts(kind.value, rows=len(parsed), ignored_columns=ignored, **counts)
