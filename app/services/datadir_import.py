"""Import one data-directory file (``enterprises``, ``enterprise_nodes`` or ``supply``) into the store.

The file is read by the one tabular reader (:mod:`app.datadir.tabular`), and every row is checked
before anything is written: its fields (:func:`app.datadir.rows.parse_rows`), rows repeated in the
file, then the new and changed rows against the store by the one rule set
(:func:`app.store.changes.validate_changes`, so the store does not check them again). Any problem
refuses the whole file with :class:`~app.errors.InvalidInput` listing each one by row and field; a
USCC that belongs to another enterprise is a :class:`~app.errors.Conflict`. Otherwise the new and
changed rows go into the store in one :class:`~app.store.base.ChangeSet`, so importing the same
file twice changes nothing. Rows the store already holds as given were checked when they were
stored, so they are not checked again.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> store = toy_store()
>>> csv = "id,name,region_code\\nn1,新公司,510107\\na1,甲一材料有限公司,510107\\n".encode()
>>> counts = import_datadir_file(store, csv, "enterprises.csv")
>>> counts.rows, counts.created, counts.updated, counts.unchanged
(2, 1, 1, 0)
>>> import_datadir_file(store, csv, "enterprises.csv").unchanged
2
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from app.datadir.rows import COLUMNS, header_finder, header_problems, parse_rows
from app.datadir.rules import file_repeats
from app.datadir.tabular import MAX_ROWS, read_table_bytes
from app.errors import InvalidInput
from app.store.base import ChangeSet, GraphStore
from app.store.changes import validate_changes


class ImportKind(StrEnum):
    enterprises = "enterprises"
    enterprise_nodes = "enterprise_nodes"
    supply = "supply"


_ROW_KIND = {ImportKind.enterprises: "enterprise", ImportKind.enterprise_nodes: "enterprise_node",
             ImportKind.supply: "supply"}


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


_PART = {ImportKind.enterprises: "enterprises", ImportKind.enterprise_nodes: "links", ImportKind.supply: "supply"}


def import_datadir_file(store: GraphStore, data: bytes, filename: str, kind: ImportKind | str = ImportKind.enterprises,
                        max_rows: int = MAX_ROWS) -> ImportCounts:
    """Validate every row of one uploaded data-directory file, then apply it all at once (or raise, write nothing)."""
    kind = ImportKind(kind)
    row_kind = _ROW_KIND[kind]
    file = filename or f"{kind.value}.csv"
    table = read_table_bytes(data, file, header_finder(row_kind), max_rows)
    problems = header_problems(file, table.headers, row_kind, table.header_row)
    if problems:
        raise InvalidInput(f"{file} 缺少必需的列，未写入任何数据 (missing required columns; nothing written)", problems)
    parsed, problems = parse_rows(file, table.records(), row_kind)
    problems += file_repeats(row_kind, parsed, file)
    changes, counts = _changes(store, kind, [item for _, item in parsed])
    part = _PART[kind]
    fresh = {id(item) for item in getattr(changes, part)}
    where = {part: (file, [row for row, item in parsed if id(item) in fresh])}
    checked = validate_changes(store, changes, where, earlier=problems, source=file)
    if len(checked):
        store.apply(checked)
    ignored = [h for h in table.headers if h and h not in COLUMNS[row_kind][1]]
    return ImportCounts(kind.value, rows=len(parsed), ignored_columns=ignored, **counts)
