"""Read a registry export (CSV in UTF-8 or GBK, or XLSX) into a header and numbered rows, safely.

Exports often put a title line or two above the header, so the header is the first of the
first ten rows in which at least two cells are recognised column names. Row numbers are the
ones a spreadsheet shows. Files over the size or row limit are refused before parsing;
XLSX files are read with ``openpyxl`` in read-only mode with ``defusedxml`` active, and an
archive whose unpacked size is out of proportion (a zip bomb) is refused.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from app.datadir.registry.headers import header_score, normalise_header
from app.errors import InvalidInput

MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000
_MAX_UNPACKED_RATIO = 100
_HEADER_SEARCH = 10


@dataclass
class Table:
    """The header (row ``header_row``) and the data rows as (spreadsheet row number, cells)."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)
    header_row: int = 1
    encoding: str = "utf-8"
    sheet: str | None = None


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else "gbk")
        except UnicodeDecodeError:
            continue
    raise InvalidInput("文件既不是 UTF-8 也不是 GBK 编码 (file is neither UTF-8 nor GBK)")


def _split_header(raw_rows, name: str, extra: frozenset[str] = frozenset()) -> tuple[int, list[str]]:
    best, best_score = None, 1
    for i, cells in enumerate(raw_rows[:_HEADER_SEARCH]):
        score = header_score(list(cells), extra)
        if score > best_score:
            best, best_score = i, score
            break
    if best is None:
        raise InvalidInput(f"{name}: 前 {_HEADER_SEARCH} 行中找不到表头（如 企业名称、统一社会信用代码）"
                           f" (no header row found; use --mapping to name the columns)")
    return best, ["" if c is None else str(c).strip() for c in raw_rows[best]]


def _check_rows(count: int, max_rows: int, name: str) -> None:
    if count > max_rows:
        raise InvalidInput(f"{name}: 超过 {max_rows} 行的上限，请拆分文件 (more than {max_rows} rows; split the file)")


def read_csv_bytes(data: bytes, name: str, max_rows: int = MAX_ROWS, extra: frozenset[str] = frozenset()) -> Table:
    text, encoding = _decode(data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    raw = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    start, headers = _split_header(raw, name, extra)
    body = raw[start + 1:]
    _check_rows(len(body), max_rows, name)
    rows = [(start + 2 + i, cells) for i, cells in enumerate(body) if any(c.strip() for c in cells)]
    return Table(headers, rows, start + 1, encoding)


def read_xlsx_bytes(data: bytes, name: str, max_rows: int = MAX_ROWS, extra: frozenset[str] = frozenset()) -> Table:
    import openpyxl
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise InvalidInput("读取 XLSX 需要安装 defusedxml (defusedxml is required to read XLSX safely)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InvalidInput(f"{name}: 不是有效的 XLSX 文件 (not a valid XLSX file)") from None
    if unpacked > max(len(data) * _MAX_UNPACKED_RATIO, 10 * 1024 * 1024) or unpacked > 4 * MAX_BYTES:
        raise InvalidInput(f"{name}: 解压后体积异常（{unpacked} 字节），拒绝读取 (suspicious unpacked size)")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InvalidInput(f"{name}: 无法读取 XLSX ({type(exc).__name__}: {exc})") from None
    try:
        for sheet in book.worksheets:
            head, body_rows = [], []
            iterator = sheet.iter_rows(values_only=True)
            for cells in iterator:
                head.append(list(cells))
                if len(head) >= _HEADER_SEARCH:
                    break
            try:
                start, headers = _split_header(head, name, extra)
            except InvalidInput:
                continue
            body = head[start + 1:]
            for cells in iterator:
                body.append(list(cells))
                _check_rows(len(body), max_rows, name)
            for i, cells in enumerate(body):
                if any(c is not None and str(c).strip() for c in cells):
                    body_rows.append((start + 2 + i, cells))
            return Table(headers, body_rows, start + 1, "xlsx", sheet.title)
    finally:
        book.close()
    raise InvalidInput(f"{name}: 没有任何工作表含可识别的表头 (no sheet has a recognisable header)")


def read_table(path: Path | str, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, mapped=()) -> Table:
    """Read ``path`` (``.csv``/``.tsv``/``.txt`` or ``.xlsx``), refusing files over the limits.

    ``mapped`` are the headers a ``--mapping`` names, which count as recognised when looking for the header row.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"文件不存在：{path} (no such file)")
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidInput(f"{path.name}: 文件 {size / 1e6:.1f} MB 超过 {max_bytes / 1e6:.0f} MB 上限 (file too large)")
    return read_bytes(path.read_bytes(), path.name, max_rows, mapped)


def read_bytes(data: bytes, name: str, max_rows: int = MAX_ROWS, mapped=()) -> Table:
    """Read an uploaded export: XLSX when it is a zip archive, else CSV."""
    extra = frozenset(normalise_header(h) for h in mapped)
    suffix = Path(name).suffix.lower()
    if suffix in {".xls", ".et"}:
        raise InvalidInput(f"{name}: 不支持旧版 .xls，请另存为 .xlsx 或 CSV (legacy .xls is not supported)")
    if data[:4] == b"PK\x03\x04" or suffix == ".xlsx":
        return read_xlsx_bytes(data, name, max_rows, extra)
    return read_csv_bytes(data, name, max_rows, extra)
