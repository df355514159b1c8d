"""Hostile files for the trust tests: a billion-laughs XLSX, a zip bomb, hypothesis strategies."""
from __future__ import annotations

import io
import zipfile

from hypothesis import strategies as st
from openpyxl import Workbook

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
"""


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_part(xlsx: bytes, part: str, transform) -> bytes:
    """The same archive with one part rewritten by ``transform(text) -> text``."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data = transform(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info.filename, data)
    return out.getvalue()


def entity_attack(rows: list[list], prolog: str, entity: str) -> bytes:
    """An XLSX whose first sheet declares entities and uses ``&entity;`` in a cell."""
    def poison(text: str) -> str:
        body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
        body = body.replace("<v>", f"<v>&{entity};", 1) if "<v>" in body else body.replace("<t>", f"<t>&{entity};", 1)
        return prolog + body
    xlsx = workbook(rows)
    return with_part(with_part(xlsx, "xl/worksheets/sheet1.xml", poison), "xl/sharedStrings.xml", poison) \
        if "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(xlsx)).namelist() else with_part(xlsx, "xl/worksheets/sheet1.xml", poison)


def zip_bomb(unpacked_mb: int = 64) -> bytes:
    """A valid-looking XLSX whose sheet unpacks to ``unpacked_mb`` MB of blanks (ratio ~1000:1)."""
    xlsx = workbook([["id", "name", "region_code"], ["b1", "炸弹", "510107"]])
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(info.filename, "w") as fh:
                    sheet = src.read(info.filename)
                    head, tail = sheet.split(b"</sheetData>")
                    fh.write(head)
                    chunk = b" " * (1024 * 1024)
                    for _ in range(unpacked_mb):
                        fh.write(chunk)
                    fh.write(b"</sheetData>" + tail)
            else:
                dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


HEADERS = ["id", "name", "region_code", "uscc", "tags", "status", "revenue", "employees", "founded", "parent_id",
           "enterprise_id", "node_id", "role", "supplier_id", "customer_id", "product", "企业名称", "统一社会信用代码",
           "所属省份", "所属城市", "经营范围", "注册资本", "成立日期", "", "\ufeffid", "id "]
CELLS = st.one_of(
    st.sampled_from(["a1", "c1", "n1", "toy.a", "toy.mat", "510107", "999999", "四川省", "成都市", "甲材料", "存续", "注销",
                     "91350100M000100Y43", "=1+1", "-5", "1e309", "NaN", "2024-02-30", "链主;上市", "", " ", "\x00"]),
    st.text(max_size=30),
    st.integers(-10**12, 10**12).map(str),
)


@st.composite
def csv_files(draw) -> bytes:
    """CSV text with plausible and implausible headers and cells, sometimes broken on purpose."""
    import csv

    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 2), max_size=6))
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])), errors="ignore")
    damage = draw(st.sampled_from(["none", "none", "cut", "quote", "nul", "bytes"]))
    if damage == "cut" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "quote":
        data = data.replace(b",", b',"', 1)
    elif damage == "nul":
        data += b"\x00\x00,\x00"
    elif damage == "bytes":
        data += draw(st.binary(max_size=40))
    return data


@st.composite
def xlsx_files(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(HEADERS[:17]), min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(st.one_of(CELLS.filter(lambda c: "\x00" not in c and not any(ord(ch) < 32 for ch in c)),
                                            st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.none()),
                                  max_size=len(header)), max_size=5))
    data = workbook([header, *rows])
    if draw(st.booleans()):
        # the workbook's length varies with its timestamps, so draw from a fixed range (stable strategy)
        cut = draw(st.integers(0, 10**6)) % len(data)
        data = data[:cut] + draw(st.binary(max_size=20)) + data[cut + 20:]
    return data
