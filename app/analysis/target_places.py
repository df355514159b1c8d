"""Where candidates are, seen from the scope's anchor: closeness, same province, same area, city (see :mod:`app.analysis.targets`).

Every region code of a list of the candidates' codes at once (:meth:`Places.facts`, over arrays,
once per request: a request from a new anchor meets a few thousand codes), and one code
(:meth:`Places.__call__`) read from those, or worked out alone when none of the lists holds it. Both
compute the distance with the same kernel (:func:`app.analysis.scope.distances_km`), so a row's
nearest entity and its ``distance`` factor never disagree in the last digit.

>>> from app.regions import RegionIndex
>>> from app.datadir.areas import default_areas
>>> regions = RegionIndex.national(); places = Places(regions, default_areas(regions), "510100")
>>> close, km, province, area, city = places("510600")  # 德阳 from 成都: same province, 成德眉资
>>> round(km), province, area, city
(69, True, True, '510600')
>>> f = places.facts(["510600", "430100"]); f[:, 0].tolist() == [close, Places(regions, places.areas, "510100")("430100")[0]]
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.analysis.scope import coordinates, distances_km
from app.datadir.areas import Areas

MAX_DISTANCE_KM = 2000.0  # closeness falls from 1 at the anchor to 0 at this distance


@lru_cache(maxsize=1 << 16)
def _region(regions, areas: Areas, code: str) -> tuple[tuple[float, float] | None, str | None, frozenset, str]:
    """(lon, lat), province, areas and city of a region (kept across requests: none of it depends on the scope)."""
    known = code in regions
    return (coordinates(regions, code), regions.province_of(code) if known else None, frozenset(areas.of(code)),
            (regions.city_of(code) if known else None) or code)


def _closeness(km: np.ndarray) -> np.ndarray:
    """1 at the anchor, 0 at :data:`MAX_DISTANCE_KM` and beyond, 0 where unknown (NaN)."""
    return np.nan_to_num(np.maximum(0.0, 1 - km / MAX_DISTANCE_KM))


@dataclass
class CodeTable:
    """The coordinates, province, areas and city of every code of a list of region codes."""

    provinces: dict[str, int]  # a number per province
    bit: dict[str, int] | None  # a bit per area; None: more areas than bits
    lon: np.ndarray       # degrees, NaN unknown
    lat: np.ndarray
    province: np.ndarray  # a number per province, -1 none
    areas: np.ndarray | None  # a bit per area
    cities: list[str]     # the distinct cities
    city: np.ndarray      # per code, its city's place in ``cities``
    codes: list[str]      # the list (it may have grown since: only the first len(lon) are this table's)
    _index: dict[str, int] | None = None

    def number(self, code: str) -> int | None:
        """The place of ``code`` in the list (None: not in it)."""
        if self._index is None:
            self._index = {c: n for n, c in enumerate(self.codes[:len(self.lon)])}
        return self._index.get(code)


_TABLES: dict = {}
KEPT_TABLES = 1024  # lists of codes kept (Neo4j keeps one per link: a few hundred)


def code_table(regions, areas: Areas, codes: list[str], keep: bool = True) -> CodeTable:
    """The :class:`CodeTable` of ``codes`` (``keep``: a list that only grows, kept per list and length)."""
    key = (id(regions), id(areas), id(codes))
    hit = _TABLES.get(key) if keep else None
    if hit is not None and hit[0] is regions and hit[1] is areas and hit[2] is codes and len(hit[3].lon) == len(codes):
        return hit[3]
    facts = [_region(regions, areas, c) for c in codes]
    names = sorted({a for f in facts for a in f[2]})
    bit = {a: 1 << i for i, a in enumerate(names)} if len(names) <= 62 else None
    provinces: dict[str, int] = {}
    cities: dict[str, int] = {}
    t = CodeTable(provinces, bit,
                  np.array([f[0][0] if f[0] else np.nan for f in facts], dtype=float),
                  np.array([f[0][1] if f[0] else np.nan for f in facts], dtype=float),
                  np.array([provinces.setdefault(f[1], len(provinces)) if f[1] else -1 for f in facts], dtype=np.int64),
                  None if bit is None else np.array([sum(bit[a] for a in f[2]) for f in facts], dtype=np.int64),
                  [], np.array([cities.setdefault(f[3], len(cities)) for f in facts], dtype=np.int64), codes)
    t.cities = list(cities)
    if not keep:
        return t
    if len(_TABLES) >= KEPT_TABLES:
        _TABLES.clear()
    _TABLES[key] = (regions, areas, codes, t)
    return t


class Places:
    """Regions seen from one anchor (the scope's region), for one request: :meth:`facts` of a list, :meth:`__call__` one
    code; cities are numbered in ``city_no`` as they are met."""

    def __init__(self, regions, areas: Areas, anchor: str):
        self.regions, self.areas, self.anchor = regions, areas, anchor
        self.home, self.province, self.around, _ = _region(regions, areas, anchor)
        self.city_no: dict[str, int] = {}
        self._lists: dict[int, tuple[list[str], CodeTable, np.ndarray]] = {}
        self._one: dict[str, tuple[float, float | None, bool, bool, str]] = {}

    def facts(self, codes: list[str]) -> np.ndarray:
        """(closeness, same province, same area, city number, km) of every code of ``codes`` (a list of the candidates'
        region codes, which only grows), worked out once per request and list."""
        hit = self._lists.get(id(codes))
        if hit is not None and hit[0] is codes and len(hit[2]) == len(codes):
            return hit[2]
        t = code_table(self.regions, self.areas, codes)
        nos = np.arange(len(codes))
        km = self._km(t, nos)
        out = np.empty((len(codes), 5))
        out[:, 0], out[:, 1], out[:, 2], out[:, 4] = _closeness(km), self._province(t, nos), self._in_area(t, codes, nos), km
        out[:, 3] = np.array([self.city_no.setdefault(c, len(self.city_no)) for c in t.cities], dtype=float)[t.city] if len(
            codes) else np.empty(0)
        self._lists[id(codes)] = (codes, t, out)
        return out

    def __call__(self, code: str) -> tuple[float, float | None, bool, bool, str]:
        """(closeness, km, same province, same area, city) of region ``code``."""
        hit = self._one.get(code)
        if hit is not None:
            return hit
        for _, t, out in self._lists.values():
            n = t.number(code)
            if n is not None:
                close, prov, area, _, km = out[n].tolist()
                hit = (close, None if np.isnan(km) else km, bool(prov), bool(area), t.cities[t.city[n]])
                break
        else:  # in none of the lists: alone
            t, at = code_table(self.regions, self.areas, [code], keep=False), np.zeros(1, dtype=np.int64)
            km = float(self._km(t, at)[0])
            hit = (float(_closeness(np.array([km]))[0]), None if np.isnan(km) else km, bool(self._province(t, at)[0]),
                   bool(self._in_area(t, [code], at)[0]), t.cities[0])
        self._one[code] = hit
        return hit

    def near(self, code: str) -> bool:
        """Whether region ``code`` shares an area with the anchor (without the distance)."""
        return bool(self.around & _region(self.regions, self.areas, code)[2])

    def near_many(self, codes: list[str]) -> np.ndarray:
        """:meth:`near` of each of ``codes`` (a list kept by the store: its table is kept too)."""
        return self._in_area(code_table(self.regions, self.areas, codes), codes, np.arange(len(codes)))

    def _km(self, t: CodeTable, nos: np.ndarray) -> np.ndarray:
        return distances_km(self.home, t.lon[nos], t.lat[nos]) if self.home is not None else np.full(len(nos), np.nan)

    def _province(self, t: CodeTable, nos: np.ndarray) -> np.ndarray:
        if self.province is None:
            return np.zeros(len(nos), dtype=bool)
        return t.province[nos] == t.provinces.get(self.province, -2)

    def _in_area(self, t: CodeTable, codes: list[str], nos: np.ndarray) -> np.ndarray:
        if t.bit is None:
            return np.fromiter((self.near(codes[n]) for n in nos.tolist()), dtype=bool, count=len(nos))
        return (t.areas[nos] & sum(t.bit.get(a, 0) for a in self.around)) != 0


class Near:
    """:meth:`Places.near` alone (what the store's ``group_presence`` asks): one code, or (``many``) each of a list."""

    def __init__(self, places: Places):
        self.places = places

    def __call__(self, code: str) -> bool:
        return self.places.near(code)

    def many(self, codes: list[str]) -> np.ndarray:
        return self.places.near_many(codes)
