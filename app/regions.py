"""The national list of administrative divisions (GB/T 2260) and lookups over it.

The list ships with the product through the ``cpca`` package's data (``adcodes.csv``: code,
name, longitude, latitude); a data directory may replace it with its own ``regions.csv``.
Placeholder rows (市辖区, 县, 省直辖县级行政区划) are dropped: districts of the four
municipalities belong directly to the municipality, which also stands as their prefecture-level
unit, and county-level cities directly under a province stand as their own.

>>> regions = RegionIndex.national()
>>> regions.get("510107").name, regions.city_of("510107")
('武侯区', '510100')
>>> regions.city_of("110105")
'110000'
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources

from app.errors import AmbiguousName, NotFound
from graph_schema.models import Region, RegionLevel

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "新区", "省", "市", "区", "县", "盟")


def _level(code: str) -> RegionLevel:
    if code.endswith("0000"):
        return RegionLevel.province
    if code.endswith("00"):
        return RegionLevel.city
    return RegionLevel.county


def short_name(name: str) -> str:
    """成都市 → 成都, 四川省 → 四川; names of two characters keep their suffix (和县 stays)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _national_rows() -> tuple[Region, ...]:
    raw: dict[str, tuple[str, float | None, float | None]] = {}
    text = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        code = row["adcode"][:6]
        lon = float(row["longitude"]) if row["longitude"] else None
        lat = float(row["latitude"]) if row["latitude"] else None
        raw[code] = (row["name"], lon, lat)
    regions = []
    for code, (name, lon, lat) in sorted(raw.items()):
        if name in _PLACEHOLDERS:
            continue
        level = _level(code)
        parent = None
        if level is RegionLevel.city:
            parent = code[:2] + "0000"
        elif level is RegionLevel.county:
            city = code[:4] + "00"
            parent = city if city in raw and raw[city][0] not in _PLACEHOLDERS else code[:2] + "0000"
        regions.append(Region(code=code, name=name, level=level, parent_code=parent, lon=lon, lat=lat))
    return tuple(regions)


class RegionIndex:
    """Regions by code and by name, with the hierarchy the scopes and aggregates need."""

    def __init__(self, regions: list[Region] | tuple[Region, ...]):
        self.regions = tuple(regions)
        self._by_code = {r.code: r for r in self.regions}
        self._by_name: dict[str, list[Region]] = defaultdict(list)
        for r in self.regions:
            self._by_name[r.name].append(r)
            short = short_name(r.name)
            if short != r.name:
                self._by_name[short].append(r)
        self._city = {r.code: self._compute_city(r) for r in self.regions}

    @classmethod
    def national(cls) -> RegionIndex:
        return _national_index()

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self.regions)

    def get(self, code: str) -> Region:
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFound(f"没有行政区划代码 {code} (no region with code {code})") from None

    def province_of(self, code: str) -> str | None:
        province = code[:2] + "0000"
        return province if province in self._by_code else None

    def city_of(self, code: str) -> str | None:
        """The prefecture-level unit a region belongs to (a municipality for its districts)."""
        return self._city.get(code)

    def _compute_city(self, region: Region) -> str | None:
        if region.code[:2] in MUNICIPALITIES:
            return region.code[:2] + "0000"
        if region.level is RegionLevel.city:
            return region.code
        if region.level is RegionLevel.county:
            parent = self._by_code.get(region.parent_code or "")
            if parent is not None and parent.level is RegionLevel.city:
                return parent.code
            return region.code  # county-level city directly under the province
        return None

    def full_name(self, code: str) -> str:
        """四川省成都市武侯区 for 510107."""
        parts, current = [], self._by_code.get(code)
        while current is not None:
            parts.append(current.name)
            current = self._by_code.get(current.parent_code or "")
        return "".join(reversed(parts))

    def resolve(self, text: str) -> Region:
        """A region from its 6-digit code or its name, full (成都市) or short (成都).

        Raises :class:`NotFound` for an unknown name and :class:`AmbiguousName`, listing the
        candidates, when several regions answer to it.
        """
        text = (text or "").strip()
        if re.fullmatch(r"\d{6}", text):
            return self.get(text)
        matches = self._by_name.get(text) or self._by_name.get(short_name(text)) or []
        exact = [r for r in matches if r.name == text]
        if len(exact) == 1:
            return exact[0]
        unique = list({r.code: r for r in matches}.values())
        if len(unique) == 1:
            return unique[0]
        above_county = [r for r in unique if r.level is not RegionLevel.county]
        if len(above_county) == 1 and all(r.name.endswith("县") for r in unique if r not in above_county):
            return above_county[0]  # 长沙 means 长沙市, not 长沙县; 朝阳 stays ambiguous (朝阳区 is a city district)
        if not unique:
            similar = self.search(text, limit=10)
            hint = "；可能是：" + "、".join(f"{r.name}({r.code})" for r in similar) if similar else ""
            raise NotFound(f"没有名为“{text}”的行政区划{hint} (no region named {text!r})")
        candidates = [{"code": r.code, "name": self.full_name(r.code), "level": r.level.value} for r in unique]
        listing = "、".join(f"{c['name']}({c['code']})" for c in candidates)
        raise AmbiguousName(f"“{text}”对应多个行政区划，请用代码指定：{listing} (ambiguous region name)", candidates)

    def search(self, query: str, limit: int = 20) -> list[Region]:
        """Regions whose code starts with, or name contains, ``query``; cities before counties."""
        query = (query or "").strip()
        if not query:
            return []
        order = {RegionLevel.province: 0, RegionLevel.city: 1, RegionLevel.county: 2}
        found = [r for r in self.regions if r.code.startswith(query) or query in r.name]
        found.sort(key=lambda r: (not r.name.startswith(query), order[r.level], r.code))
        return found[:limit]


@lru_cache(maxsize=1)
def _national_index() -> RegionIndex:
    return RegionIndex(_national_rows())
