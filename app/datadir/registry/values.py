"""Parse the cell values of registry exports: dates, money, headcounts, statuses, tags, codes.

Every parser returns the value or raises :class:`ValueError` with the problem in words
(Chinese first, English after), so the caller can report it against the row and column.

>>> parse_date("2010年5月12日"), parse_date("2010/5/12"), parse_date(40310)
('2010-05-12', '2010-05-12', '2010-05-12')
>>> parse_money("1.2亿元人民币"), parse_money("5,000万"), parse_money("800", default_unit="万元")
(12000.0, 5000.0, 800.0)
>>> parse_headcount("123人"), parse_status("存续（在营、开业、在册）"), parse_status("吊销，未注销")
((123, None), '存续', '吊销')
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

EMPTY = frozenset({"", "-", "--", "—", "无", "暂无", "null", "none", "nan", "n/a", "/"})
_UNITS_IN_WAN = {"亿": 10000.0, "万": 1.0, "千": 0.1, "元": 0.0001}
_FOREIGN = ("美元", "欧元", "港元", "港币", "日元", "英镑", "澳元", "新台币", "韩元", "瑞士法郎", "加元", "新加坡元")


def clean(value) -> str:
    """A cell as stripped text, ``""`` for the placeholders exports use for nothing (-, 暂无 …)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    return "" if len(text) < 5 and text.lower() in EMPTY else text


def parse_date(value, today: dt.date | None = None) -> str:
    """A founding date as ``YYYY-MM-DD`` (or ``YYYY``); Excel dates and serial numbers accepted."""
    today = today or dt.date.today()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        date = value
    elif isinstance(value, int | float) and 1 <= value < 80000:  # an Excel serial day number
        date = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    else:
        text = clean(value)
        text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)
        if re.fullmatch(r"\d{4}", text):
            if not 1900 <= int(text) <= today.year:
                raise ValueError(f"成立年份 {text} 不合理 (implausible founding year)")
            return text
        m = (re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
             or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text))
        if not m:
            raise ValueError(f"无法识别的日期 {text!r}，应为 YYYY-MM-DD (unrecognised date)")
        try:
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueError(f"日期不存在 {text!r} (no such date)") from None
    if date.year < 1900:
        raise ValueError(f"成立日期 {date} 早于 1900 年 (date before 1900)")
    if date > today:
        raise ValueError(f"成立日期 {date} 晚于今天 (date in the future)")
    return date.isoformat()


def parse_money(value, default_unit: str = "万元") -> float:
    """An amount in 万元 (CNY 10,000): ``5000万元人民币``, ``1.2亿``, ``3,000,000元``.

    A bare number takes ``default_unit`` (the header's unit, e.g. ``注册资本(万元)``).
    Foreign currencies are refused: they cannot be compared without a rate.
    """
    if isinstance(value, int | float):
        number, unit = float(value), default_unit
    else:
        text = clean(value).replace(",", "").replace("，", "").replace(" ", "")
        if any(c in text for c in _FOREIGN):
            raise ValueError(f"外币金额 {text!r} 无法换算为人民币 (foreign currency, no rate)")
        m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(亿元?|万元?|千元|元)?(?:人民币)?", text)
        if not m:
            raise ValueError(f"无法识别的金额 {text!r}，应如 5000万元 或 1.2亿元 (unrecognised amount)")
        number, unit = float(m.group(1)), m.group(2) or default_unit
    if number < 0:
        raise ValueError(f"金额不能为负 {number:g} (amount must not be negative)")
    return round(number * _UNITS_IN_WAN[unit[0]], 6)


def parse_headcount(value) -> tuple[int, str | None]:
    """A headcount and, for a range such as ``50-99人``, a note that its lower bound was taken."""
    if isinstance(value, int | float):
        text = str(int(value)) if float(value).is_integer() else str(value)
    else:
        text = clean(value).replace(",", "")
    m = re.fullmatch(r"(\d+)\s*人?", text)
    if m:
        return int(m.group(1)), None
    m = re.fullmatch(r"(?:少于|小于)(\d+)人?", text)
    if m:
        return 0, f"人数为区间 {text}，取下限 0 (a range: lower bound taken)"
    m = re.fullmatch(r"(\d+)\s*[-~至到]\s*(\d+)\s*人?|(\d+)人?以上|(?:大于|多于)(\d+)人?", text)
    if m:
        low = int(next(g for g in m.groups() if g is not None))
        return low, f"人数为区间 {text}，取下限 {low} (a range: lower bound taken)"
    if re.fullmatch(r"-\d+", text):
        raise ValueError(f"人数不能为负 {text} (headcount must not be negative)")
    raise ValueError(f"无法识别的人数 {text!r}，应为整数 (headcount must be a whole number)")


_STATUS = (
    # order matters: "吊销，已注销" is 注销, "吊销，未注销" is 吊销
    ("已注销", "注销"), ("未注销", "吊销"), ("注销", "注销"), ("吊销", "吊销"), ("撤销", "注销"),
    ("迁出", "迁出"), ("迁入", "存续"), ("停业", "停业"), ("歇业", "停业"), ("清算", "清算"),
    ("在业", "在业"), ("在营", "存续"), ("开业", "存续"), ("存续", "存续"), ("正常", "存续"), ("在册", "存续"),
)


def parse_status(value) -> str:
    """One of the model's statuses (存续 在业 迁出 停业 清算 注销 吊销) from the wording exports use."""
    text = clean(value)
    for word, status in _STATUS:
        if word in text:
            return status
    raise ValueError(f"无法识别的登记状态 {text!r}，应为 存续/在业/迁出/停业/清算/注销/吊销 (unknown status)")


_TAG_RULES = (
    ("小巨人", ("小巨人", "专精特新")), ("专精特新", ("专精特新",)), ("高新技术企业", ("高新技术企业",)),
    ("高新企业", ("高新技术企业",)), ("独角兽", ("独角兽",)), ("世界500强", ("世界500强",)),
    ("链主", ("链主",)), ("瞪羚", ("瞪羚企业",)), ("科技型中小企业", ("科技型中小企业",)),
)


def parse_tags(values: list[str]) -> tuple[str, ...]:
    """Tags from one or more tag cells; the registry wordings are mapped to the model's tags.

    >>> parse_tags(["国家级专精特新“小巨人”企业；高新技术企业", "科技型中小企业"])
    ('小巨人', '专精特新', '高新技术企业', '科技型中小企业')
    """
    tags: list[str] = []
    for value in values:
        for part in re.split(r"[,;，；、|\n]+", clean(value)):
            part = part.strip()
            if not part:
                continue
            mapped = next((out for word, out in _TAG_RULES if word in part), (part,))
            tags.extend(t for t in mapped if t not in tags)
    return tuple(tags)


_FORMER_PERIOD = re.compile(r"[(（][^()（）]*\d{4}[^()（）]*[)）]\s*$")   # 甲公司(2004-2021): the years it was used


def parse_former_names(values: list[str], own_name: str = "") -> tuple[str, ...]:
    """Former names (曾用名) from one or more cells: split at ；、, and line breaks, the years in brackets dropped.

    >>> parse_former_names(["天津中环半导体股份有限公司(2004-2021)；中环半导体", "-"], "TCL中环新能源科技股份有限公司")
    ('天津中环半导体股份有限公司', '中环半导体')
    """
    names: list[str] = []
    for value in values:
        for part in re.split(r"[;；、,，\n]+", clean(value)):
            name = _FORMER_PERIOD.sub("", part).strip()
            if name and name not in ("-", "—", "无", "暂无") and name != own_name.strip() and name not in names:
                names.append(name)
    return tuple(names)


def parse_listed_code(value) -> str:
    """A stock code with its exchange: ``000725`` → ``000725.SZ``; ``京东方A(000725)`` too."""
    text = clean(value).upper()
    m = re.search(r"(\d{4,6})\.(SH|SZ|BJ|HK|O|N)\b", text)
    if m:
        return f"{m.group(1)}.{m.group(2)}"
    m = re.search(r"(?<!\d)(\d{6})(?!\d)", text)
    if m:
        code = m.group(1)
        exchange = "SH" if code[0] in "569" else "BJ" if code[0] in "48" else "SZ"
        return f"{code}.{exchange}"
    m = re.search(r"(?<!\d)(\d{4,5})(?!\d)", text)
    if m:
        return f"{m.group(1).zfill(5)}.HK"
    raise ValueError(f"无法识别的股票代码 {text!r} (unrecognised stock code)")


def parse_industry(value) -> tuple[str | None, list[str]]:
    """The GB/T 4754 section letter and the numeric codes found in an industry cell.

    >>> parse_industry("C3974 显示器件制造"), parse_industry("制造业>计算机、通信和其他电子设备制造业")
    (('C', ['3974']), (None, []))
    """
    text = clean(value).upper()
    section = None
    m = re.match(r"^([A-T])(?![A-Z])", text)
    if m:
        section = m.group(1)
    codes = re.findall(r"(?<!\d)(\d{2,4})(?!\d)", text)
    return section, codes
