"""Read one uploaded data-directory file — CSV (UTF-8, BOM accepted) or XLSX — into header and rows, safely.

Row numbers are the ones a spreadsheet shows (the header is row 1). Limits are checked before and
while reading: a file over ``max_rows`` data rows is refused with :class:`TooLarge` (413); an XLSX
archive is opened only after its central directory shows a sane unpacked size (no zip bombs), and
then by ``openpyxl`` in read-only mode with ``defusedxml`` active.

>>> header, rows = read_upload("id,name\\n e1 ,甲\\n".encode("utf-8-sig"), "e.csv")
>>> header, rows
(['id', 'name'], [(2, {'id': ' e1 ', 'name': '甲'})])
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

from app.errors import InvalidInput

MAX_ROWS = 20_000
MAX_ENTRIES = 1_000                  # files inside an XLSX archive
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100                      # unpacked / packed size of the whole archive
SMALL_UNPACKED_BYTES = 8 * 1024 * 1024  # below this, any ratio is fine

Rows = list[tuple[int, dict[str, Any]]]


class TooLarge(InvalidInput):
    """The upload is over a size or row limit (HTTP 413)."""

    status = 413
    title = "内容过大 Content too large"


def _too_many(name: str, max_rows: int) -> TooLarge:
    return TooLarge(f"{name}: 超过 {max_rows} 行的上限，请拆分文件 (more than {max_rows} data rows; split the file)")


def _read_csv(data: bytes, name: str, max_rows: int) -> tuple[list[str], Rows]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: 文件不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8 CSV "
                           f"(file is not UTF-8; save it as UTF-8 CSV)") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        rows: Rows = []
        for row, cells in enumerate(reader, start=2):
            if len(rows) >= max_rows:
                raise _too_many(name, max_rows)
            rows.append((row, dict(zip(header, cells))))
    except csv.Error as exc:
        raise InvalidInput(f"{name}: 第 {reader.line_num} 行 CSV 格式错误：{exc} (malformed CSV)") from None
    return header, rows


def check_archive(data: bytes, name: str) -> None:
    """Refuse a damaged archive, or one whose declared unpacked size is out of proportion (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise InvalidInput(f"{name}: 不是有效的 XLSX 文件 (not a valid XLSX file)") from None
    unpacked = sum(info.file_size for info in entries)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or (
            unpacked > SMALL_UNPACKED_BYTES and unpacked > MAX_RATIO * len(data)):
        raise TooLarge(f"{name}: 解压后 {unpacked} 字节、{len(entries)} 个部件，体积异常，拒绝读取 "
                       f"(unpacks to {unpacked} bytes in {len(entries)} parts: refused as a possible zip bomb)")


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _read_xlsx(data: bytes, name: str, max_rows: int) -> tuple[list[str], Rows]:
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
        cells_iter = book.worksheets[0].iter_rows(values_only=True)
        first = next(cells_iter, ())
        header = ["" if c is None else str(c).strip() for c in first]
        rows: Rows = []
        for row, cells in enumerate(cells_iter, start=2):
            if len(rows) >= max_rows:
                raise _too_many(name, max_rows)
            rows.append((row, {h: _cell(c) for h, c in zip(header, cells) if h}))
    except InvalidInput:
        raise
    except Exception as exc:  # a sheet that fails while streaming is a damaged file too
        raise InvalidInput(f"{name}: 无法读取 XLSX ({type(exc).__name__}) (cannot read the workbook)") from None
    finally:
        book.close()
    return header, rows


def read_upload(data: bytes, name: str, max_rows: int = MAX_ROWS) -> tuple[list[str], Rows]:
    """Header and ``(row number, {column: value})`` of an upload: XLSX when it is a zip archive, else CSV."""
    lowered = name.lower()
    if lowered.endswith((".xls", ".et")):
        raise InvalidInput(f"{name}: 不支持旧版 .xls，请另存为 .xlsx 或 CSV (legacy .xls is not supported)")
    if data[:4] == b"PK\x03\x04" or lowered.endswith(".xlsx"):
        return _read_xlsx(data, name, max_rows)
    return _read_csv(data, name, max_rows)
