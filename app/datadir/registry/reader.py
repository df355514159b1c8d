"""Read a registry export (CSV in UTF-8 or GBK, or XLSX) into a header and numbered rows.

The reading itself, and its size and row limits, are the one tabular reader's
(:mod:`app.datadir.tabular`); what is the registry's own is where the header is. Exports often put
a title line or two above it, so the header is the first of the first ten rows in which at least
two cells are recognised column names (or named in the ``--mapping``), on the first sheet that has one.

>>> t = read_bytes("企查查导出\\n企业名称,所属城市\\n甲公司,成都市\\n".encode("gbk"), "a.csv")
>>> t.header_row, t.headers, t.rows, t.encoding
(2, ['企业名称', '所属城市'], [(3, ['甲公司', '成都市'])], 'gbk')
"""
from __future__ import annotations

from pathlib import Path

from app.datadir.registry.headers import header_score, normalise_header
from app.datadir.tabular import MAX_BYTES, MAX_ROWS, FindHeader, Table, read_table_bytes, read_table_file


def _registry_header(mapped=()) -> FindHeader:
    extra = frozenset(normalise_header(h) for h in mapped)

    def find(rows: list[list]) -> int | None:
        return next((i for i, cells in enumerate(rows) if header_score(list(cells), extra) > 1), None)
    return find


def read_table(path: Path | str, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, mapped=()) -> Table:
    """Read ``path`` (``.csv``/``.tsv``/``.txt`` or ``.xlsx``), refusing files over the limits.

    ``mapped`` are the headers a ``--mapping`` names, which count as recognised when looking for the header row.
    """
    return read_table_file(path, _registry_header(mapped), max_rows, max_bytes)


def read_bytes(data: bytes, name: str, max_rows: int = MAX_ROWS, mapped=()) -> Table:
    """Read an uploaded export: XLSX when it is a zip archive, else CSV."""
    return read_table_bytes(data, name, _registry_header(mapped), max_rows)
