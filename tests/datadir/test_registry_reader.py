"""Reading exports: header variants, title rows, UTF-8 / GBK CSV, XLSX, and the safety limits."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from app.datadir.registry.headers import recognise
from app.datadir.registry.placement import RegionInput, RegionPlacer
from app.datadir.registry.reader import read_bytes, read_table
from app.errors import InvalidInput
from app.regions import RegionIndex


@pytest.mark.parametrize("headers, expected", [
    # 企查查
    (["企业名称", "统一社会信用代码", "登记状态", "所属省份", "所属城市", "所属区县", "国标行业小类", "经营范围"],
     ["name", "uscc", "status", "province", "city", "county", "industry_class", "scope"]),
    # 天眼查
    (["公司名称", "经营状态", "成立日期", "注册资本", "省份", "城市", "区县", "所属行业", "企业地址", "参保人数"],
     ["name", "status", "founded", "registered_capital", "province", "city", "county", "industry", "address", "employees"]),
    # 启信宝, with full-width brackets, spaces and asterisks
    (["* 企业名称", "统一社会信用代码 ", "注册资本（万元）", "实缴资本(万元)", "注册地址", "科技型企业标签", "企业标签", "股票代码"],
     ["name", "uscc", "registered_capital", "paid_capital", "address", "tags", "tags", "listed_code"]),
    # our data-directory columns
    (["id", "uscc", "name", "region_code", "founded", "revenue", "employees", "tags", "listed_code", "status"],
     ["id", "uscc", "name", "region_code", "founded", "revenue", "employees", "tags", "listed_code", "status"]),
])
def test_header_variants(headers, expected):
    cols = recognise(headers)
    assert [cols.fields[h] for h in headers] == expected
    assert cols.ignored == []


def test_units_in_headers_and_unknown_columns():
    cols = recognise(["企业名称", "注册资本（万元）", "营业收入(亿元)", "法定代表人", "邮箱"])
    assert cols.units == {"注册资本（万元）": "万元", "营业收入(亿元)": "亿元"}
    assert cols.ignored == ["法定代表人", "邮箱"]


def test_mapping_overrides_recognition():
    cols = recognise(["公司", "地址", "备注"], {"公司": "name", "地址": None, "备注": "scope"})
    assert cols.fields == {"公司": "name", "备注": "scope"} and cols.ignored == ["地址"]


CSV = "导出时间：2024-05-01\n\n企业名称,统一社会信用代码,所属城市\n甲公司,,成都市\n,,\n乙公司,,武汉市\n"


@pytest.mark.parametrize("encoding, label", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("gbk", "gbk"), ("gb18030", "gbk")])
def test_csv_encodings_and_title_rows(encoding, label):
    table = read_bytes(CSV.encode(encoding), "x.csv")
    assert table.encoding == label and table.header_row == 3
    assert table.headers == ["企业名称", "统一社会信用代码", "所属城市"]
    assert [(row, cells[0]) for row, cells in table.rows] == [(4, "甲公司"), (6, "乙公司")]  # spreadsheet row numbers


def test_xlsx_with_title_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["天眼查 导出"])
    sheet.append(["公司名称", "成立日期", "参保人数"])
    sheet.append(["甲公司", "2015-01-02", 12])
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.encoding == "xlsx" and table.header_row == 2 and table.rows == [(3, ["甲公司", "2015-01-02", 12])]


def test_limits_are_enforced(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("企业名称,所属城市\n" + "甲公司,成都\n" * 20, encoding="utf-8")
    with pytest.raises(InvalidInput, match="行的上限"):
        read_table(path, max_rows=10)
    with pytest.raises(InvalidInput, match="超过"):
        read_table(path, max_bytes=50)


def test_refuses_zip_bombs_legacy_xls_and_headerless_files():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    with pytest.raises(InvalidInput, match="解压后体积异常"):
        read_bytes(buf.getvalue(), "bomb.xlsx")
    with pytest.raises(InvalidInput, match="不支持旧版 .xls"):
        read_bytes(b"\xd0\xcf\x11\xe0", "old.xls")
    with pytest.raises(InvalidInput, match="找不到表头"):
        read_bytes(b"a,b\n1,2\n", "x.csv")


@pytest.fixture(scope="module")
def placer() -> RegionPlacer:
    return RegionPlacer(RegionIndex.national())


def test_placement_sources(placer):
    items = [
        RegionInput(province="四川省", city="成都市", county="武侯区"),
        RegionInput(province="江苏", city="南京", county="鼓楼区"),           # 鼓楼区 resolved inside 南京
        RegionInput(province="四川省", city="成都市", address="四川省成都市武侯区人民南路四段"),  # county from the address
        RegionInput(address="深圳市南山区科技园"),
        RegionInput(uscc="91510107MA6CA0000X"),                                  # division 510107
        RegionInput(region_code="110108"),
    ]
    out = placer.place_all(items)
    assert [(p.code, p.source) for p in out] == [
        ("510107", "columns"), ("320106", "columns"), ("510107", "address"), ("440305", "address"),
        ("510107", "uscc"), ("110108", "columns")]


def test_placement_refusals_and_warnings(placer):
    items = [
        RegionInput(county="鼓楼区"),                    # ambiguous nationally
        RegionInput(province="四川", city="南京"),       # not inside
        RegionInput(address="鼓楼区中山路1号"),          # ambiguous county in an address: not guessed
        RegionInput(region_code="519999"),
        RegionInput(province="北京市", city="北京市", county="海淀区", uscc="91510107MA6CA0000X"),
    ]
    out = placer.place_all(items)
    assert "有多个" in out[0].errors[0][2]
    assert "不在四川省内" in out[1].errors[0][2]
    assert out[2].code is None and "同名区县" in out[2].warnings[0][2]
    assert "不存在" in out[3].errors[0][2]
    assert out[4].code == "110108" and "不一致" in out[4].warnings[0][2]
