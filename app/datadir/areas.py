"""Metropolitan and economic areas (都市圈、经济区): which cities work as one, so neighbours are partners, not targets.

The areas file (``seed/areas.csv``; format in ``docs/data-format.md``) has one row per (area, member
region) with the area's English name and its source (the plan that defines it). It is read through
the one tabular reader (:mod:`app.datadir.tabular`) and checked by the one rule set
(:func:`app.datadir.rules.area_problems`). A region belongs to an area when it, its city or its
province is listed.

>>> from app.regions import RegionIndex
>>> areas = default_areas(RegionIndex.national())
>>> sorted(areas.of("430104"))  # a district of 长沙
['长株潭']
>>> areas.together("430104", "430211"), areas.together("430104", "420100")  # 株洲 yes, 武汉 no
(True, False)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.datadir.rules import Known, area_problems
from app.datadir.tabular import read_records
from app.errors import InvalidInput
from app.regions import RegionIndex

AREAS_FILE = Path(__file__).resolve().parents[2] / "seed" / "areas.csv"
COLUMNS = ("area", "name_en", "region_code", "region_name", "source")


@dataclass(frozen=True)
class AreaRow:
    area: str
    name_en: str
    region_code: str
    region_name: str
    source: str


class Areas:
    """Areas by member region code; :meth:`of` a region and :meth:`together` of two regions."""

    def __init__(self, rows: list[AreaRow], regions: RegionIndex):
        self.rows, self._regions = tuple(rows), regions
        self._members: dict[str, set[str]] = {}
        self._of: dict[str, frozenset[str]] = {}  # code -> its areas, filled as asked
        for r in rows:
            self._members.setdefault(r.region_code, set()).add(r.area)
        self.sources = {r.area: r.source for r in rows}

    def of(self, code: str) -> frozenset[str]:
        """The areas a region lies in (through itself, its city or its province); kept per code, as rankings ask
        once per candidate."""
        found = self._of.get(code)
        if found is None:
            regions = self._regions
            parts = (code, regions.city_of(code) if code in regions else None, regions.province_of(code) if code in regions else None)
            found = self._of[code] = frozenset().union(*(self._members.get(c, ()) for c in parts if c))
        return found

    def together(self, a: str, b: str) -> bool:
        """Whether two regions share an area."""
        return bool(self.of(a) & self.of(b))


def read_areas(path: Path | str, regions: RegionIndex) -> Areas:
    """The areas file at ``path``, every row checked; a bad row is :class:`~app.errors.InvalidInput` naming it."""
    rows = read_records(path, COLUMNS, AreaRow)
    problems = area_problems(rows, Path(path).name, Known(regions=regions, nodes={}, enterprises=()))
    if problems:
        raise InvalidInput(f"{Path(path).name}: 区域文件有误 (bad areas file)", problems)
    return Areas([a for _, a in rows], regions)


@lru_cache(maxsize=8)
def default_areas(regions: RegionIndex, path: Path = AREAS_FILE) -> Areas:
    """The shipped areas file (read once per region index)."""
    return read_areas(path, regions)
