"""English forms of place names for the dashboard's English mode: regions, parks, zones and metropolitan areas.

The data names places in Chinese only. Their English form is built, never hand-listed per place: the proper
part is romanised with the ``pypinyin`` package (PyPI) and the generic part is translated from a short list of
designations (省 → province name alone, 区 → District, 高新技术产业开发区 → High-tech Industrial Development Zone …).
Zones and metropolitan areas keep the ``name_en`` their reference tables give. A full region name
(四川省成都市双流区) becomes an address, smallest unit first.

>>> english_region("成都市"), english_region("双流区"), english_region("陕西省"), english_region("西安市")
('Chengdu', 'Shuangliu District', 'Shaanxi', "Xi'an")
>>> english_name("成都高新技术产业开发区", {"成都": "Chengdu"})
'Chengdu High-tech Industrial Development Zone'
>>> english_name("中国（上海）自由贸易试验区临港新片区", {"上海": "Shanghai"})
'China (Shanghai) Pilot Free Trade Zone Lingang New Area'
"""
from __future__ import annotations

import re

from pypinyin import lazy_pinyin, load_phrases_dict

# Place names pypinyin reads with a character's other sound (朝阳 is Chaoyang, not Zhaoyang, as a place).
load_phrases_dict({"朝阳": [["cháo"], ["yáng"]]})

# Provinces whose English form is not their plain pinyin (陕西 is spelt apart from 山西; the autonomous regions).
PROVINCES = {"陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Xizang", "香港": "Hong Kong", "澳门": "Macao"}
# Designations at the end of a region's name, longest first, and their English (empty: the name alone).
DESIGNATIONS = (
    ("维吾尔自治区", ""), ("壮族自治区", ""), ("回族自治区", ""), ("特别行政区", " SAR"), ("自治区", ""),
    ("自治州", " Autonomous Prefecture"),
    ("自治县", " Autonomous County"), ("自治旗", " Autonomous Banner"), ("林区", " Forestry District"), ("新区", " New Area"),
    ("地区", " Prefecture"), ("省", ""), ("市", ""), ("区", " District"), ("县", " County"), ("旗", " Banner"), ("盟", " League"),
)
# Generic words of park and zone names, longest first (the proper parts around them are romanised).
PARK_WORDS = (
    ("国家高新技术产业开发区", "National High-tech Industrial Development Zone"),
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("高技术产业开发区", "High-tech Industrial Development Zone"), ("新技术开发区", "New Technology Development Zone"),
    ("经济技术开发区", "Economic and Technological Development Zone"), ("自由贸易试验区", "Pilot Free Trade Zone"),
    ("生命科学园", "Life Science Park"), ("科技园区", "Science Park"), ("国际汽车城", "International Automobile City"),
    ("生物医药港", "Biomedical Port"), ("工业园区", "Industrial Park"), ("医学城", "Medical City"), ("新片区", "New Area"),
    ("开发区", "Development Zone"), ("都市圈", "Metropolitan Area"), ("医药", "Pharmaceutical"), ("火炬", "Torch"), ("芯谷", "Chip Valley"),
    ("新区", "New Area"), ("中国", "China"), ("园", "Park"),
)
CJK = re.compile(r"[\u3400-\u9fff]")


def romanise(text: str) -> str:
    """Pinyin of ``text`` as one capitalised word, with an apostrophe before a syllable that starts with a vowel.

    >>> romanise("西安"), romanise("贵安"), romanise("株洲")
    ("Xi'an", "Gui'an", 'Zhuzhou')
    """
    syllables = lazy_pinyin(text)
    word = syllables[0] + "".join(f"'{s}" if s[:1] in "aoe" else s for s in syllables[1:])
    return word[:1].upper() + word[1:]


def english_region(name: str) -> str:
    """The English form of one region's own name (成都市 → Chengdu, 郫县 → Pi County, 阿坝藏族羌族自治州 → Aba Zangzu Qiangzu …)."""
    suffix, english = next(((s, e) for s, e in DESIGNATIONS if name.endswith(s) and len(name) > len(s)), ("", ""))
    stem = name[: len(name) - len(suffix)]
    if stem in PROVINCES:
        return PROVINCES[stem] + english
    parts = [p for p in re.split(r"(?<=族)", stem) if p]  # ethnic names stay words of their own: 大理白族 → Dali Baizu
    return " ".join(romanise(p) for p in parts) + english


def english_name(name: str, known: dict[str, str]) -> str:
    """A park's or zone's name: ``known`` names (regions' short names) and generic words translated, the rest romanised."""
    words = sorted([*known.items(), *PARK_WORDS], key=lambda kv: -len(kv[0]))
    out: list[str] = []
    i, pending = 0, ""
    while i < len(name):
        hit = next(((zh, en) for zh, en in words if name.startswith(zh, i)), None)
        if hit is None:
            ch = name[i]
            if CJK.match(ch):
                pending += ch
            else:
                if pending:
                    out.append(romanise(pending))
                    pending = ""
                out.append({"（": "(", "）": ")"}.get(ch, ch))
            i += 1
            continue
        if pending:
            out.append(romanise(pending))
            pending = ""
        out.append(hit[1])
        i += len(hit[0])
    if pending:
        out.append(romanise(pending))
    text = " ".join(out)
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", text))


def place_names(regions, parks=(), named=()) -> dict[str, str]:
    """Chinese → English for every region (own, short and full name), every park and each (name, name_en) in ``named``.

    ``regions`` is a :class:`~app.regions.RegionIndex`; ``parks`` are objects with a ``name``; ``named`` pairs come
    from reference tables that carry an English name (zones, metropolitan areas). A region's own name keeps the
    first English form met (朝阳区 exists in two cities, and so do others: they read alike).

    >>> from app.regions import RegionIndex
    >>> names = place_names(RegionIndex.national())
    >>> names["四川省成都市双流区"], names["成都"], names["长沙市"]
    ('Shuangliu District, Chengdu, Sichuan', 'Chengdu', 'Changsha')
    """
    from app.regions import short_name

    out: dict[str, str] = {}
    short: dict[str, str] = {}
    for r in regions.regions:
        out.setdefault(r.name, english_region(r.name))
        s = short_name(r.name)
        if s != r.name and r.level.value != "county":
            short.setdefault(s, english_region(s))
    for r in regions.regions:
        parts, code = [], r.code
        while code and code in regions:
            region = regions.get(code)
            parts.append(out[region.name])
            code = region.parent_code
        if len(parts) > 1:
            out.setdefault(regions.full_name(r.code), ", ".join(parts))
    for s, en in short.items():
        out.setdefault(s, en)
    for zh, en in named:
        if zh and en:
            out[zh] = en
    for p in parks:
        out.setdefault(p.name, english_name(p.name, short))
    return out


def reference_names(regions) -> list[tuple[str, str]]:
    """(Chinese, English) of the shipped zones (name and aliases) and metropolitan areas, as their tables give them."""
    from app.datadir.areas import default_areas
    from app.datadir.tabular import read_records
    from app.datadir.zones import COLUMNS, ZONES_FILE, ZoneRow

    pairs = [(a.area, a.name_en) for a in default_areas(regions).rows]
    if ZONES_FILE.exists():
        for _, z in read_records(ZONES_FILE, COLUMNS, ZoneRow):
            pairs += [(name, z.name_en) for name in (z.zone, *z.aliases.split(";")) if name.strip()]
    return pairs
