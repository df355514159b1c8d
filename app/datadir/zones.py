"""Zones as scopes: national new areas and development zones (国家级新区、开发区) that are not GB/T 2260 regions.

The zones file (``seed/zones.csv``; format in ``docs/data-format.md``) has one row per (zone, member): a
member is a region (``county`` or ``city``, a GB/T 2260 code) or a ``park`` (a park id, whose members the
data directory lists in ``park_enterprises.csv``). An enterprise is inside a zone when it is inside any of its
members. Each row names the zone, its other names (``aliases``, ``;``-separated), the member's name and the
source that defines the zone; a zone spanning parts of counties says so in its source, and whether it
takes those counties whole. The file is read through the one tabular reader (:mod:`app.datadir.tabular`)
and checked by the one rule set (:func:`app.datadir.rules.zone_problems`).

>>> from app.regions import RegionIndex
>>> zones = default_zones(RegionIndex.national())
>>> z = zones.named("贵安新区")
>>> z.name, z.members
('贵州贵安新区', (('park', 'guian', '贵州贵安新区'),))
>>> sorted(code for _, code, _ in zones.named("两江新区").members)
['500105', '500109', '500112', 'cq-liangjiang']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.datadir.rules import Known, zone_problems
from app.datadir.tabular import read_records
from app.errors import InvalidInput
from app.regions import RegionIndex

ZONES_FILE = Path(__file__).resolve().parents[2] / "seed" / "zones.csv"
COLUMNS = ("zone", "id", "aliases", "name_en", "member_kind", "member", "member_name", "source")
MEMBER_KINDS = ("county", "city", "park")


@dataclass(frozen=True)
class ZoneRow:
    zone: str
    id: str
    aliases: str
    name_en: str
    member_kind: str
    member: str
    member_name: str
    source: str


@dataclass(frozen=True)
class Zone:
    """One zone: its id, name, other names, members (as a scope filter) and sources."""

    id: str
    name: str
    aliases: tuple[str, ...]
    members: tuple[tuple[str, str, str], ...]  # (kind, code or park id, name)
    sources: tuple[str, ...]

    def definition(self) -> tuple[str, str]:
        """The zone as a person reads it, ``(zh, en)``: its members and the sources that define it."""
        names = "、".join(f"园区“{n}”成员企业" if k == "park" else n for k, _, n in self.members)
        return (f"范围：{self.name}＝{names}（来源：{'；'.join(self.sources)}）",
                f"scope: {self.name} is {len(self.members)} member(s), regions and park memberships, as its sources define")


class Zones:
    """Zones by id and by any of their names."""

    def __init__(self, rows: list[ZoneRow]):
        by_id: dict[str, list[ZoneRow]] = {}
        for r in rows:
            by_id.setdefault(r.id, []).append(r)
        self._zones = {i: Zone(i, rs[0].zone, tuple(a for a in rs[0].aliases.split(";") if a.strip()),
                               tuple((r.member_kind, r.member, r.member_name) for r in rs),
                               tuple(dict.fromkeys(r.source for r in rs))) for i, rs in by_id.items()}
        self._names = {n: z for z in self._zones.values() for n in (z.id, z.name, *z.aliases)}

    def named(self, text: str) -> Zone | None:
        """The zone called ``text`` (its id, name or one of its other names), or None."""
        return self._names.get(text.strip())

    def get(self, zone_id: str) -> Zone:
        return self._zones[zone_id]

    def __iter__(self):
        return iter(self._zones.values())


def read_zones(path: Path | str, regions: RegionIndex, parks: set[str] | None = None) -> Zones:
    """The zones file at ``path``, every row checked (``parks``: the park ids members may name; None: unchecked)."""
    rows = read_records(path, COLUMNS, ZoneRow)
    problems = zone_problems(rows, Path(path).name, Known(regions=regions, nodes={}, enterprises=()), regions, parks)
    if problems:
        raise InvalidInput(f"{Path(path).name}: 新区/开发区文件有误 (bad zones file)", problems)
    return Zones([z for _, z in rows])


@lru_cache(maxsize=8)
def default_zones(regions: RegionIndex, path: Path = ZONES_FILE) -> Zones:
    """The shipped zones file (read once per region index); an absent file is no zones."""
    return read_zones(path, regions) if Path(path).exists() else Zones([])
