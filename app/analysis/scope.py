"""Scopes: a region (with every region within it) or a park, resolved from what a user types.

A region is given by its GB/T 2260 code or its name, full or short (``510100``, ``成都市`` and
``成都`` are the same scope); an unknown name raises :class:`~app.errors.NotFound` with similar
names, an ambiguous one :class:`~app.errors.AmbiguousName` listing the candidates. A park is given
by its id. A name that is no region may name a zone (``贵安新区``, ``两江新区``, ``光谷``: a national new area
or development zone defined in ``seed/zones.csv`` as regions and park memberships) or a park by its full name
(``成都医学城``); so ``--region 贵安新区`` and ``scope=贵安新区`` resolve without a flag of their own.

The API names a scope in one text (:data:`SCOPE_PATTERN`, read by :func:`resolve_named`): ``park:<id>`` for a
park by its id, anything else as a region's code or name, a zone's id or name, or a park's full name — the same
token the dashboard writes in its links (``#/display/park:cd-hitech/gaps``).

>>> from app.regions import RegionIndex
>>> regions = RegionIndex.national()
>>> scope_of_region(regions, "成都").model_dump(mode="json")
{'kind': 'region', 'code': '510100', 'name': '成都市', 'level': 'city'}
>>> contains(regions, scope_of_region(regions, "四川"), "510107")
True
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from app.analysis.results import Reason, Scope
from app.datadir.zones import default_zones
from app.errors import InvalidInput, NotFound
from app.regions import RegionIndex
from app.store.base import GraphStore, ScopeKind, inside_scope, region_holds
from graph_schema.models import ID_PATTERN, Enterprise
from graph_schema.text import WHITESPACE, char_class

PARK_PREFIX = "park:"
SCOPE_MAX = 40
_CONTROL = char_class("".join(map(chr, (*range(0x20), *range(0x7f, 0xa0)))))
SCOPE_PATTERN = (rf"^(?:{PARK_PREFIX}{ID_PATTERN.strip('^$')}"
                 rf"|[^:{_CONTROL}{char_class(WHITESPACE)}][^:{_CONTROL}]{{0,{SCOPE_MAX - 1}}})$")
"""A scope as one text: ``park:<id>``, or a region code or name, a zone's id or name, a park's full name (at most
40 characters, no colon, no control character, not starting with a space)."""


def scope_of_region(regions: RegionIndex, text: str) -> Scope:
    """The region scope named by a code or a name."""
    region = regions.resolve(text)
    return Scope(kind=ScopeKind.region, code=region.code, name=region.name, level=region.level)


def resolve_scope(store: GraphStore, region: str | None = None, park: str | None = None) -> Scope:
    """The scope of a park (when ``park`` is given) or of a region.

    Examples
    --------
    >>> from app.store.embedded.store import EmbeddedStore
    >>> resolve_scope(EmbeddedStore(), region="510100").name
    '成都市'
    """
    if park:
        p = store.park(park)
        return Scope(kind=ScopeKind.park, code=p.id, name=p.name)
    if not region:
        raise InvalidInput("请指定地区或园区 (give a region or a park)")
    try:
        return scope_of_region(store.regions(), region)
    except NotFound as exc:
        zone = default_zones(RegionIndex.national()).named(region)
        if zone is not None:
            return Scope(kind=ScopeKind.zone, code=zone.id, name=zone.name)
        park = next((p for p in store.parks() if p.name == region.strip()), None)
        if park is not None:
            return Scope(kind=ScopeKind.park, code=park.id, name=park.name)
        zh, _, en = exc.message.rpartition(" (")
        raise NotFound(f"{zh}，也没有这个名称的新区、开发区或园区 ({en.removesuffix(')')}, nor a zone or park of that name)"
                       if zh else f"{exc.message} (nor a zone or park of that name)") from None


def resolve_named(store: GraphStore, text: str) -> Scope:
    """The scope named by one text of :data:`SCOPE_PATTERN`: ``park:<id>`` is a park by id, any other text is
    read as a region (then a zone, then a park's full name) by :func:`resolve_scope`.

    Examples
    --------
    >>> import re
    >>> from app.store.embedded.store import EmbeddedStore
    >>> store = EmbeddedStore()
    >>> resolve_named(store, "510100").name
    '成都市'
    >>> [bool(re.fullmatch(SCOPE_PATTERN, t)) for t in ("成都", "park:cd-hitech", "park:", "a:b", " 成都", "")]
    [True, True, False, False, False, False]
    """
    if text.startswith(PARK_PREFIX):
        return resolve_scope(store, park=text.removeprefix(PARK_PREFIX))
    return resolve_scope(store, region=text)


def zone_note(scope: Scope) -> tuple[Reason, ...]:
    """How a zone scope is defined (its regions and park memberships, with the source), as a note; none otherwise.

    >>> zone_note(Scope(kind=ScopeKind.zone, code="guian", name="贵州贵安新区"))[0].zh[:30]
    '范围：贵州贵安新区＝园区“贵州贵安新区”成员企业（来源：《国'
    """
    if scope.kind != ScopeKind.zone:
        return ()
    zh, en = default_zones(RegionIndex.national()).get(scope.code).definition()
    return (Reason(zh=zh, en=en),)


def contains(regions: RegionIndex, scope: Scope, region_code: str) -> bool:
    """Whether a region code lies within a region scope, or a region of a zone (parks are decided by membership,
    not here)."""
    parts = scope.filter.parts if scope.kind == ScopeKind.zone else (scope.filter,)
    return any(p.kind is ScopeKind.region and region_holds(regions, p, region_code) for p in parts)


def local_ids(store: GraphStore, scope: Scope, enterprises: Iterable[Enterprise]) -> set[str]:
    """The ids of those of ``enterprises`` local to the scope (for a park, one membership question to the store)."""
    return inside_scope(store, scope.filter, enterprises)


def anchor_code(store: GraphStore, scope: Scope) -> str:
    """The region a scope sits in: itself, the park's region, or a zone's first member (a region or a park's)."""
    if scope.kind == ScopeKind.zone:
        first = scope.filter.parts[0]
        return store.park(first.code).region_code if first.kind is ScopeKind.park else first.code
    return store.park(scope.code).region_code if scope.kind == ScopeKind.park else scope.code


def coordinates(regions: RegionIndex, code: str) -> tuple[float, float] | None:
    """(lon, lat) of a region, falling back to its city, then its province."""
    for candidate in (code, regions.city_of(code), regions.province_of(code)):
        if candidate and candidate in regions:
            r = regions.get(candidate)
            if r.lon is not None and r.lat is not None:
                return r.lon, r.lat
    return None


EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lon, lat) points in kilometres (:func:`distances_km` of one point).

    >>> round(distance_km((104.07, 30.67), (114.31, 30.59)))
    979
    """
    return float(distances_km(a, np.array([b[0]]), np.array([b[1]]))[0])


def distances_km(origin: tuple[float, float], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Great-circle distances (haversine) in kilometres from ``origin`` (lon, lat) to each point (degrees; NaN unknown).

    One kernel for one point and for many, so a distance never depends on how many were asked with it.
    """
    lon1, lat1 = np.radians(origin[0]), np.radians(origin[1])
    lon2, lat2 = np.radians(lon), np.radians(lat)
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))
