"""Recognise the column headers of registry exports (企查查 / 天眼查 / 启信宝 style).

Each header is normalised (NFKC, no spaces, no unit in brackets) and looked up in
:data:`ALIASES`; the data-directory column names (``id``, ``uscc``, ``region_code`` …) are
recognised as well. A ``--mapping`` file (header → field, or ``null`` to ignore a column)
overrides recognition. Unknown columns are ignored with a note, never an error.

>>> cols = recognise(["序号", "企业名称", "统一社会信用代码", "注册资本(万元)", "法定代表人"])
>>> cols.fields["企业名称"], cols.fields["注册资本(万元)"], cols.units["注册资本(万元)"]
('name', 'registered_capital', '万元')
>>> cols.ignored
['序号', '法定代表人']
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

FIELDS = {
    "id": "编号", "name": "企业名称", "uscc": "统一社会信用代码", "status": "登记状态",
    "founded": "成立日期", "registered_capital": "注册资本", "paid_capital": "实缴资本",
    "revenue": "营业收入", "province": "所属省份", "city": "所属城市", "county": "所属区县",
    "region_code": "行政区划代码", "address": "注册地址", "industry": "国标行业",
    "industry_section": "行业门类", "industry_division": "行业大类", "industry_group": "行业中类",
    "industry_class": "行业小类", "scope": "经营范围", "products": "主营产品",
    "enterprise_type": "企业类型", "employees": "参保人数", "tags": "企业标签",
    "listed_code": "股票代码", "parent_id": "母公司编号", "former_names": "曾用名",
}
"""Every field an import understands, with its Chinese label."""

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "企业编号"),
    "name": ("name", "企业名称", "公司名称", "名称", "企业名", "单位名称", "主体名称"),
    "uscc": ("uscc", "统一社会信用代码", "社会信用代码", "信用代码", "统一信用代码", "统一代码"),
    "status": ("status", "登记状态", "经营状态", "企业状态", "状态"),
    "founded": ("founded", "成立日期", "成立时间", "注册日期", "成立年份"),
    "registered_capital": ("注册资本", "注册资金"),
    "paid_capital": ("实缴资本", "实缴资金", "实收资本"),
    "revenue": ("revenue", "营业收入", "营收", "年营业收入"),
    "province": ("所属省份", "省份", "所在省份", "省", "所属省"),
    "city": ("所属城市", "城市", "所在城市", "市", "所属地市"),
    "county": ("所属区县", "区县", "所在区县", "区", "县", "区/县"),
    "region_code": ("region_code", "行政区划代码", "区划代码"),
    "address": ("注册地址", "企业地址", "地址", "住所", "通信地址", "通讯地址", "办公地址", "经营地址"),
    "industry": ("国标行业", "所属行业", "行业", "国民经济行业"),
    "industry_section": ("国标行业门类", "所属行业门类", "行业门类", "门类"),
    "industry_division": ("国标行业大类", "所属行业大类", "行业大类", "大类"),
    "industry_group": ("国标行业中类", "所属行业中类", "行业中类", "中类"),
    "industry_class": ("国标行业小类", "所属行业小类", "行业小类", "小类"),
    "scope": ("经营范围", "经营业务范围"),
    "products": ("products", "主营产品", "主要产品", "产品", "主营业务"),
    "enterprise_type": ("企业类型", "公司类型", "企业(机构)类型", "类型"),
    "employees": ("employees", "参保人数", "员工人数", "职工人数", "从业人数", "人员规模"),
    "tags": ("tags", "企业标签", "科技型企业标签", "标签", "企业资质", "资质标签"),
    "listed_code": ("listed_code", "股票代码", "证券代码", "上市代码"),
    "parent_id": ("parent_id",),
    "former_names": ("former_names", "曾用名", "历史名称", "曾用名称", "原名称"),
}
MULTI_FIELDS = frozenset({"tags", "address", "former_names"})
"""Fields that several columns may feed (tags are merged; the first non-empty address wins)."""

_BY_ALIAS = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_UNIT = re.compile(r"\((万元|亿元|元|万人民币|万|亿|人)\)|\((人民币)\)")


def normalise_header(header: str) -> str:
    """Full-width to half-width, no spaces or asterisks, lower-case ascii: ``注册资本（万元）`` → ``注册资本(万元)``."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    return re.sub(r"[\s*]", "", text).lower()


def _lookup(header: str) -> tuple[str | None, str | None]:
    norm = normalise_header(header)
    unit_match = _UNIT.search(norm)
    unit = unit_match.group(1) if unit_match and unit_match.group(1) else None
    bare = _UNIT.sub("", norm)
    bare = re.sub(r"\(.*?\)$", "", bare) or bare
    return _BY_ALIAS.get(norm) or _BY_ALIAS.get(bare), unit


@dataclass
class ColumnMap:
    """Which header feeds which field; the unit a header states (``注册资本(万元)``); ignored headers."""

    headers: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def columns_of(self, name: str) -> list[str]:
        return [h for h, f in self.fields.items() if f == name]

    def label(self, name: str) -> str:
        """The header that feeds ``name`` (the first, if several), else the field's Chinese label."""
        return self.labels.get(name) or FIELDS.get(name, name)

    @cached_property
    def labels(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for header, name in self.fields.items():
            found.setdefault(name, header)
        return found

    @cached_property
    def positions(self) -> list[tuple[int, str, str]]:
        """(cell index, header, field) of every recognised column, in file order."""
        return [(i, h, self.fields[h]) for i, h in enumerate(self.headers) if h in self.fields]

    @cached_property
    def present(self) -> frozenset[str]:
        return frozenset(self.fields.values())

    @property
    def recognised(self) -> set[str]:
        return set(self.fields.values())


def recognise(headers: list[str], mapping: dict[str, str | None] | None = None) -> ColumnMap:
    """Map ``headers`` to fields; ``mapping`` (header → field or ``None``) wins over recognition."""
    mapping = {normalise_header(k): v for k, v in (mapping or {}).items()}
    cols = ColumnMap(headers=["" if h is None else str(h) for h in headers])
    taken: set[str] = set()
    for header in headers:
        if header is None or str(header).strip() == "":
            continue
        header = str(header)
        norm = normalise_header(header)
        if norm in mapping:
            name, unit = mapping[norm], _lookup(header)[1]
        else:
            name, unit = _lookup(header)
        if not name:
            cols.ignored.append(header)
            continue
        if name in taken and name not in MULTI_FIELDS:
            cols.duplicates.append(header)
            continue
        taken.add(name)
        cols.fields[header] = name
        if unit:
            cols.units[header] = unit
    return cols


def header_score(cells: list, extra: frozenset[str] = frozenset()) -> int:
    """How many cells of a row are recognised headers (or named in ``extra``): finds the header row under title rows."""
    return sum(1 for c in cells if c is not None and (_lookup(str(c))[0] or normalise_header(str(c)) in extra))
