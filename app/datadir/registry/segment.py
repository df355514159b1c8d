"""Registry text cut into the items a practitioner reads: normalised, boilerplate gone, one product a piece.

经营范围 is a list of clauses (``；``, ``。``, the 一般项目/许可项目 headings) whose items are
joined by ``、`` ``，`` ``及`` ``和``; one activity at a clause's end (``…的研发、生产和销售``)
covers all its items. 主营产品 is a ``；``-joined list, often with revenue shares.

>>> [c.kind for c in clauses("一般项目：显示器件制造；显示器件销售；技术咨询（除依法须经批准的项目外）")]
['make', 'trade', 'talk']
>>> clauses("电视机、家用电器的研发与销售")[0].items
('电视机', '家用电器的研发', '销售')
>>> product_items("TFT-LCD面板（约98%）；OLED显示类业务")
['tft-lcd面板', 'oled显示']
>>> [(p.text, p.share, p.minor) for p in product_lines("原料药和中间体（70%）；电子纸及其他")]
[('原料药', 70.0, False), ('中间体', 70.0, False), ('电子纸', None, True), ('其他', None, True)]
>>> product_items("背光显示模组（车载为主）；精密注塑件")
['车载背光显示模组', '背光显示模组', '精密注塑件']
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAKE = ("研发", "研制", "研究", "生产", "制造", "加工", "设计", "开发", "组装", "装配", "封装", "封测", "测试",
        "检测", "检验", "制备", "合成", "服务", "运营", "运维", "集成", "处理", "试验", "实验", "种植", "养殖",
        "提供", "建设", "安装", "培育", "提取", "冶炼", "出版")
TRADE = ("批发", "零售", "销售", "分销", "配送", "经销", "代理", "贸易", "进出口", "进口", "出口", "连锁", "药房",
         "药店", "网络销售", "电子商务", "租赁", "回收")
TALK = ("技术咨询", "技术交流", "技术转让", "技术推广", "信息咨询", "咨询", "培训", "中介", "经纪", "技术服务")
_PAREN = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")
_HEADING = re.compile(r"(?:一般经营项目|许可经营项目|一般项目|许可项目|经营项目|经营范围)(?:是|为)?[:：]?")
_SHARE = re.compile(r"[(]?(?:约|占)?\s*(\d+(?:\.\d+)?)\s*%[)]?")
MINOR_SHARE = 10.0   # a product line of at most this share of revenue is a minor line
_OTHER = re.compile(r"其他|其它")
_SUFFIX = re.compile(r"(?:类业务|业务|类产品|产品|系列|类)$")
# a head noun the last item of a product line gives the items before it (医疗健康及社会保障IT: 医疗健康IT too)
SHARED_HEADS = ("解决方案", "软件", "设备", "装备", "芯片", "系统", "模组", "it")


def fold(text: str) -> str:
    """NFKC (full width to half width, both kinds of brackets alike), case-folded, spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", text or "").casefold().split())


@dataclass(frozen=True)
class Clause:
    text: str
    items: tuple[str, ...]
    kind: str   # make (names an activity) | trade (sells only) | talk (consults/trains only) | other


def _kind(clause: str) -> str:
    rest = clause
    talk = trade = False
    for word in TALK:
        if word in rest:
            talk, rest = True, rest.replace(word, "|")
    for word in TRADE:
        if word in rest:
            trade, rest = True, rest.replace(word, "|")
    if any(word in rest for word in MAKE):
        return "make"
    return "trade" if trade else "talk" if talk else "other"


def _strip_parens(text: str) -> str:
    """Parenthesised notes removed (依法须经批准…, 不含危险化学品…); a product's own bracket kept as text."""
    for _ in range(3):
        text = _PAREN.sub(lambda m: "" if re.search(r"依法|除|不含|凭|须|涉及|许可|审批|批准|限|按", m.group()) else m.group()[1:-1],
                          text)
    return text


def clauses(scope: str) -> list[Clause]:
    """The clauses of a 经营范围 text, each with its items and its kind."""
    text = _HEADING.sub(";", _strip_parens(fold(scope)))
    out = []
    for raw in re.split(r"[;。\n]+", text):
        raw = raw.strip(" ,.、:")
        if not raw:
            continue
        items = [i for i in re.split(r"[、,/]|及其|以及|及|和|与", raw) if i]
        out.append(Clause(raw, tuple(items), _kind(raw)))
    return out


@dataclass(frozen=True)
class ProductLine:
    text: str
    share: float | None   # revenue share in percent, when the cell gives one
    minor: bool           # a small line (under MINOR_SHARE) or a residual bucket (…及其他)
    group: str = ""       # the whole ；-separated group it was cut from
    joined: bool = False  # an item read with the head noun of the item after it (医疗健康 + IT): weaker evidence


def product_lines(products: str) -> list[ProductLine]:
    """The lines of a 主营产品 cell: ``；``-separated groups cut at ``、`` ``及`` ``和`` ``与``, each item
    with its group's revenue share and whether the group is minor (a small share, or "…及其他")."""
    out = []
    groups = [g for g in re.split(r"[;\n]+", fold(products)) if g.strip(" .:")]
    stated = sum(max(float(x) for x in _SHARE.findall(g)) for g in groups if _SHARE.search(g))
    for group in groups:
        shares = [float(x) for x in _SHARE.findall(group)]
        share = max(shares) if shares else None
        # a small share, a residual bucket, or a line without a share where the stated shares leave under MINOR_SHARE
        minor = (share if share is not None else 100 - stated) <= MINOR_SHARE or bool(_OTHER.search(group))
        text = _SHARE.sub("", group)
        # 背光显示模组（车载为主）: mostly for that use, so also read as 车载背光显示模组
        text = re.sub(r"([^;()、,]+)[(]([^()]{1,4})为主[)]", r"\2\1;\1", text)
        text = re.sub(r"[(]([^()]*)[)]", r";\1;", text)   # 汽车电子（AR-HUD） names two products
        for part in re.split(r";+", text):
            items = [_SUFFIX.sub("", x.strip(" .:"))
                     for x in re.split(r"[、,]+|(?<![a-z])/|/(?![a-z])|(?<![a-z])(?:及|和|与)(?![a-z])", part)]
            items = [x for x in items if x]
            out.extend(ProductLine(x, share, minor, text) for x in items)
            out.extend(ProductLine(x, share, minor, text, joined=True) for x in _shared_head(items))
    return out


def _shared_head(items: list[str]) -> list[str]:
    """Items before the last one with the last one's head noun added, where they have none (医疗健康 + IT).

    >>> _shared_head(["医疗健康", "社会保障it"]), _shared_head(["服务器", "存储设备"])
    (['医疗健康it'], [])
    """
    head = next((h for h in SHARED_HEADS if len(items) > 1 and items[-1].endswith(h) and len(items[-1]) > len(h)), None)
    if head is None:
        return []
    return [x + head for x in items[:-1] if not x.endswith(SHARED_HEADS) and not re.search(r"[器机件屏板]$", x)]


def product_items(products: str) -> list[str]:
    """The items of a 主营产品 cell, revenue shares and 类/业务/产品 suffixes removed."""
    return [line.text for line in product_lines(products)]
