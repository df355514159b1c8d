"""Read a table — CSV (UTF-8 with or without BOM, or GBK) or XLSX — into a header and numbered rows, safely.

The one tabular reader of ChainMap: the data directory, the registry import (``chainmap import``)
and the API upload (``POST /imports``) all read through :func:`read_table_bytes`. Row numbers are
the ones a spreadsheet shows. Exports often put a title line or two above the header, so the
caller says which row is the header with a ``find_header`` function over the first
:data:`HEADER_SEARCH` rows.

Limits — the one home of the size and row limits, and one status code
-----------------------------------------------------------------------
:data:`MAX_ROWS` data rows and :data:`MAX_BYTES` per file (the API's request body limit is
``Settings.max_upload_mb``, checked by :class:`app.api.limits.BodyLimit` and the route). An XLSX
archive is opened only when its central directory shows a sane unpacked size (no zip bombs),
and then by ``openpyxl`` in read-only mode with ``defusedxml`` active. Anything over a limit is
:class:`~app.errors.TooLarge` (HTTP 413); a file that cannot be read is
:class:`~app.errors.InvalidInput` (422).

>>> t = read_table_bytes("导出 2024\\nid,name\\n e1 ,甲\\n".encode("gbk"), "e.csv", find_header=lambda rows: 1)
>>> t.headers, t.rows, t.header_row, t.encoding
(['id', 'name'], [(3, [' e1 ', '甲'])], 2, 'gbk')
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TypeVar

from app.errors import InvalidInput, TooLarge

T = TypeVar("T")

MAX_ROWS = 200_000                    # data rows of one file, every importer
MAX_BYTES = 200 * 1024 * 1024         # bytes of one file read from disk (the API body: Settings.max_upload_mb)
MAX_ENTRIES = 1_000                   # files inside an XLSX archive
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100                       # unpacked / packed size of the whole archive
SMALL_UNPACKED_BYTES = 8 * 1024 * 1024  # below this, any ratio is fine
HEADER_SEARCH = 10                    # the header is looked for in this many first rows

FindHeader = Callable[[list[list]], "int | None"]
"""Given the first rows (lists of cells), the index of the header row, or None when none is one."""


def first_row(rows: list[list]) -> int:
    """The header is the first row (a :data:`FindHeader`)."""
    return 0


@dataclass
class Table:
    """The header (spreadsheet row ``header_row``) and the non-blank data rows as (spreadsheet row, cells)."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)
    header_row: int = 1
    encoding: str = "utf-8"
    sheet: str | None = None

    def records(self) -> list[tuple[int, dict]]:
        """Each row as ``(row, {header: cell})``; unnamed columns left out."""
        return [(row, {h: c for h, c in zip(self.headers, cells, strict=False) if h}) for row, cells in self.rows]


def too_many_rows(name: str, max_rows: int) -> TooLarge:
    return TooLarge(f"{name}: 超过 {max_rows} 行的上限，请拆分文件 (more than {max_rows} data rows; split the file)")


def _no_header(name: str) -> InvalidInput:
    return InvalidInput(f"{name}: 前 {HEADER_SEARCH} 行中找不到表头（如 企业名称、统一社会信用代码）"
                        f" (no header row found; use --mapping to name the columns)")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else "gbk")
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{name}: 文件既不是 UTF-8 也不是 GBK 编码，请另存为 UTF-8 CSV "
                       f"(file is neither UTF-8 nor GBK; save it as UTF-8 CSV)")


def _body(rest: Iterable[list], start: int, name: str, max_rows: int | None) -> list[tuple[int, list]]:
    """The rows after the header (index ``start``), numbered, blank ones dropped; refused past ``max_rows``."""
    out = []
    for count, cells in enumerate(rest, start=1):
        if max_rows is not None and count > max_rows:
            raise too_many_rows(name, max_rows)
        if any(c is not None and str(c).strip() for c in cells):
            out.append((start + 1 + count, list(cells)))
    return out


def _read_csv(data: bytes, name: str, find_header: FindHeader, max_rows: int | None, delimiter: str | None) -> Table:
    text, encoding = _decode(data, name)
    if delimiter is None:
        sample = text[:4096]
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        head = list(islice(reader, HEADER_SEARCH))
        start = find_header(head)
        if start is None:
            raise _no_header(name)
        rows = _body(chain(head[start + 1:], reader), start, name, max_rows)
    except csv.Error as exc:
        raise InvalidInput(f"{name}: 第 {reader.line_num} 行 CSV 格式错误：{exc} (malformed CSV)") from None
    headers = [str(c).strip() for c in head[start]] if head else []
    return Table(headers, rows, start + 1, encoding)


def check_archive(data: bytes, name: str) -> None:
    """Refuse a damaged archive (422), or one whose declared unpacked size is out of proportion (a zip bomb, 413)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise InvalidInput(f"{name}: 不是有效的 XLSX 文件 (not a valid XLSX file)") from None
    unpacked = sum(info.file_size for info in entries)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or (
            unpacked > SMALL_UNPACKED_BYTES and unpacked > MAX_RATIO * len(data)):
        raise TooLarge(f"{name}: 解压后体积异常（{unpacked} 字节、{len(entries)} 个部件），拒绝读取 "
                       f"(unpacks to {unpacked} bytes in {len(entries)} parts: refused as a possible zip bomb)")


def _read_xlsx(data: bytes, name: str, find_header: FindHeader, max_rows: int | None) -> Table:
    import openpyxl
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise InvalidInput("读取 XLSX 需要安装 defusedxml (defusedxml is required to read XLSX safely)")
    check_archive(data, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise InvalidInput(f"{name}: 无法读取 XLSX ({type(exc).__name__}) (cannot read the workbook)") from None
    try:
        if not book.worksheets:
            raise InvalidInput(f"{name}: 工作簿没有工作表 (the workbook has no sheet)")
        for sheet in book.worksheets:  # the first sheet with a header
            cells = sheet.iter_rows(values_only=True)
            head = [list(row) for row in islice(cells, HEADER_SEARCH)]
            start = find_header(head)
            if start is None:
                continue
            headers = ["" if c is None else str(c).strip() for c in head[start]] if head else []
            rows = _body(chain(head[start + 1:], cells), start, name, max_rows)
            return Table(headers, rows, start + 1, "xlsx", sheet.title)
    except InvalidInput:
        raise
    except Exception as exc:  # a sheet that fails while streaming is a damaged file too
        raise InvalidInput(f"{name}: 无法读取 XLSX ({type(exc).__name__}) (cannot read the workbook)") from None
    finally:
        book.close()
    raise InvalidInput(f"{name}: 没有任何工作表含可识别的表头 (no sheet has a recognisable header)")


def read_table_bytes(data: bytes, name: str, find_header: FindHeader = first_row, max_rows: int | None = MAX_ROWS,
                     delimiter: str | None = None) -> Table:
    """Read ``data`` named ``name``: XLSX when it is a zip archive (or named ``.xlsx``), else CSV.

    ``delimiter`` None guesses comma or tab from the first 4 KB; ``max_rows`` None reads any number of rows.
    """
    suffix = Path(name).suffix.lower()
    if suffix in {".xls", ".et"}:
        raise InvalidInput(f"{name}: 不支持旧版 .xls，请另存为 .xlsx 或 CSV (legacy .xls is not supported)")
    if data[:4] == b"PK\x03\x04" or suffix == ".xlsx":
        return _read_xlsx(data, name, find_header, max_rows)
    return _read_csv(data, name, find_header, max_rows, delimiter)


def check_size(size: int, name: str, max_bytes: int) -> None:
    """Refuse ``size`` bytes over ``max_bytes`` (413)."""
    if size > max_bytes:
        mb = max_bytes / 1024 / 1024
        raise TooLarge(f"{name}: 文件 {size / 1024 / 1024:.1f} MB 超过 {mb:g} MB 上限 (file over the {mb:g} MB limit)")


def read_table_file(path: Path | str, find_header: FindHeader = first_row, max_rows: int | None = MAX_ROWS,
                    max_bytes: int | None = MAX_BYTES, delimiter: str | None = None) -> Table:
    """:func:`read_table_bytes` of a file, refused before reading when over ``max_bytes``."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"文件不存在：{path} (no such file)")
    if max_bytes is not None:
        check_size(path.stat().st_size, path.name, max_bytes)
    return read_table_bytes(path.read_bytes(), path.name, find_header, max_rows, delimiter)


def read_records(path: Path | str, columns: Sequence[str], make: Callable[..., T]) -> list[tuple[int, T]]:
    """(row number, ``make(*cells)``) for each row of the table at ``path``, the cells of ``columns`` in that order,
    as stripped text ("" when empty); a missing column is :class:`~app.errors.InvalidInput` naming it."""
    table = read_table_file(path)
    missing = [c for c in columns if c not in table.headers]
    if missing:
        raise InvalidInput(f"{Path(path).name}: 缺少列 {', '.join(missing)} (missing columns)")
    at = [table.headers.index(c) for c in columns]
    return [(n, make(*(str(cells[i] if i < len(cells) and cells[i] is not None else "").strip() for i in at)))
            for n, cells in table.rows]
