"""Cell parsers of registry exports: each accepted wording and each refusal a user would meet."""
from __future__ import annotations

import datetime as dt

import pytest

from app.datadir.registry import values as v

TODAY = dt.date(2024, 6, 1)


@pytest.mark.parametrize("cell, expected", [
    ("2010-05-12", "2010-05-12"), ("2010/5/12", "2010-05-12"), ("2010年5月12日", "2010-05-12"),
    ("20100512", "2010-05-12"), ("2010.05.12", "2010-05-12"), ("2010-05-12 00:00:00", "2010-05-12"),
    (dt.datetime(2010, 5, 12, 0, 0), "2010-05-12"), (40310, "2010-05-12"), ("1998", "1998"),
])
def test_dates_in_every_registry_wording(cell, expected):
    assert v.parse_date(cell, TODAY) == expected


@pytest.mark.parametrize("cell, words", [
    ("2030-01-01", "晚于今天"), ("2010-02-30", "日期不存在"), ("去年", "无法识别的日期"), ("1850-01-01", "早于 1900"),
])
def test_bad_dates_are_refused_with_the_reason(cell, words):
    with pytest.raises(ValueError, match=words):
        v.parse_date(cell, TODAY)


@pytest.mark.parametrize("cell, unit, wan", [
    ("5000万元人民币", "万元", 5000.0), ("1.2亿元", "万元", 12000.0), ("3,000,000元", "万元", 300.0),
    ("800", "万元", 800.0), ("800", "亿元", 8_000_000.0), (250.5, "万元", 250.5), ("5000万人民币", "万元", 5000.0),
])
def test_money_in_wan_yuan(cell, unit, wan):
    assert v.parse_money(cell, unit) == pytest.approx(wan)


@pytest.mark.parametrize("cell, words", [("500万美元", "外币"), ("很多钱", "无法识别的金额"), ("-5万", "不能为负")])
def test_bad_money_is_refused(cell, words):
    with pytest.raises(ValueError, match=words):
        v.parse_money(cell)


def test_headcounts_and_ranges():
    assert v.parse_headcount("123人") == (123, None)
    assert v.parse_headcount(45.0) == (45, None)
    count, note = v.parse_headcount("50-99人")
    assert count == 50 and "下限" in note
    with pytest.raises(ValueError, match="不能为负"):
        v.parse_headcount("-3")
    with pytest.raises(ValueError, match="整数"):
        v.parse_headcount("很多")


@pytest.mark.parametrize("cell, status", [
    ("存续（在营、开业、在册）", "存续"), ("在业", "在业"), ("注销", "注销"), ("吊销，未注销", "吊销"),
    ("吊销，已注销", "注销"), ("迁出", "迁出"), ("停业", "停业"), ("清算", "清算"), ("撤销", "注销"),
])
def test_statuses(cell, status):
    assert v.parse_status(cell) == status


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="登记状态"):
        v.parse_status("休眠中")


def test_tags_and_stock_codes():
    assert v.parse_tags(["高新技术企业,专精特新小巨人企业；瞪羚企业"]) == ("高新技术企业", "小巨人", "专精特新", "瞪羚企业")
    assert v.parse_listed_code("000725") == "000725.SZ"
    assert v.parse_listed_code("京东方A(000725)") == "000725.SZ"
    assert v.parse_listed_code("688001") == "688001.SH"
    assert v.parse_listed_code("0700.HK") == "0700.HK"


def test_industry_codes_with_and_without_section_letter():
    assert v.parse_industry("C3974 显示器件制造") == ("C", ["3974"])
    assert v.parse_industry("39 计算机、通信和其他电子设备制造业") == (None, ["39"])
    assert v.parse_industry("制造业") == (None, [])
