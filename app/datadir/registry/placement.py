"""Place an enterprise in its region: from the region columns, else the address, else the USCC.

1. ``region_code`` or 所属省份 / 所属城市 / 所属区县 (source ``columns``): each name is resolved
   inside the one above it, because county names repeat across the country (鼓楼区 exists
   in five cities). When the columns stop at the city and the address names a county of that
   city, the county is taken from the address (source ``address``).
2. The address text, parsed by ``cpca`` (GB/T 2260 data; source ``address``). A county name
   alone that several counties share is not guessed.
3. Positions 3–8 of the unified social credit code, the registering authority's division
   (source ``uscc``), falling back to its city or province when the code has since changed.

When the USCC's division lies in another city than the placement, a warning says so:
enterprises move and divisions are renumbered, so this is not an error.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.datadir.rules import unknown_region
from app.errors import AmbiguousName, NotFound
from app.regions import RegionIndex
from graph_schema.models import RegionLevel


@dataclass
class RegionInput:
    province: str = ""
    city: str = ""
    county: str = ""
    region_code: str = ""
    address: str = ""
    uscc: str = ""          # a valid code, or "" when absent or invalid


@dataclass
class Placement:
    code: str | None = None
    source: str = ""
    errors: list[tuple[str, str, str]] = field(default_factory=list)    # (field, value, problem)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)


class RegionPlacer:
    """Places many rows at once (the address parser is fastest on a batch)."""

    def __init__(self, regions: RegionIndex):
        self.regions = regions

    def _candidates(self, name: str) -> list[str]:
        try:
            return [self.regions.resolve(name).code]
        except AmbiguousName as exc:
            return [c["code"] for c in exc.candidates]
        except NotFound:
            return []

    def _column(self, name: str, level: str, parent: str | None, out: Placement, field_name: str) -> str | None:
        codes = self._candidates(name)
        if level == "city":
            codes = [c for c in codes if self.regions.city_of(c) == c]
        else:
            codes = [c for c in codes if self.regions.get(c).level is RegionLevel(level)]
        inside = [c for c in codes if parent is None or self._within(c, parent)]
        if len(inside) == 1:
            return inside[0]
        label = {"province": "省份", "city": "城市", "county": "区县"}[level]
        if not inside and codes and parent:
            where = self.regions.full_name(parent)
            out.errors.append((field_name, name, f"{label}“{name}”不在{where}内 ({level} not within {parent})"))
        elif not inside:
            out.errors.append((field_name, name, f"找不到名为“{name}”的{label} (no {level} named {name!r})"))
        else:
            listing = "、".join(f"{self.regions.full_name(c)}({c})" for c in inside)
            out.errors.append((field_name, name, f"{label}“{name}”有多个：{listing}，请补充上级地区 (ambiguous {level})"))
        return None

    def _within(self, code: str, parent: str) -> bool:
        if code == parent:
            return True
        if parent.endswith("0000"):
            return code[:2] == parent[:2]
        return self.regions.city_of(code) == parent

    def _from_columns(self, item: RegionInput, out: Placement) -> None:
        if item.region_code:
            if item.region_code in self.regions:
                out.code, out.source = item.region_code, "columns"
            else:
                out.errors.append(("region_code", item.region_code, unknown_region(item.region_code, None, None).message))
            return
        code = None
        if item.province:
            code = self._column(item.province, "province", None, out, "province")
        if item.city and not out.errors:
            code = self._column(item.city, "city", code, out, "city") or code
        if item.county and not out.errors:
            code = self._column(item.county, "county", self.regions.city_of(code) if code else None, out, "county") or code
        if code and not out.errors:
            out.code, out.source = code, "columns"

    def _from_address(self, item: RegionInput, parsed: dict, out: Placement) -> None:
        adcode = parsed.get("adcode")
        county = parsed.get("区")
        if out.code and out.source == "columns":
            # the columns stopped above county level: refine from the address inside that area
            if county and isinstance(county, str) and self.regions.get(out.code).level is not RegionLevel.county:
                inside = [c for c in self._candidates(county)
                          if self.regions.get(c).level is RegionLevel.county and self._within(c, out.code)]
                if len(inside) == 1:
                    out.code, out.source = inside[0], "address"
            return
        if not isinstance(adcode, str) or adcode[:6] not in self.regions:
            return
        stated_above = parsed.get("省_pos", -1) != -1 or parsed.get("市_pos", -1) != -1
        if not stated_above and isinstance(county, str) and len(self._candidates(county)) > 1:
            out.warnings.append(("address", item.address,
                                 f"地址只写了区县“{county}”，全国有多个同名区县，未据此定位 (county name alone is ambiguous)"))
            return
        out.code, out.source = adcode[:6], "address"

    def _division(self, division: str) -> str | None:
        for code in (division, division[:4] + "00", division[:2] + "0000"):
            if code in self.regions:
                return code
        return None

    def _from_uscc(self, item: RegionInput, out: Placement) -> None:
        division = item.uscc[2:8]
        code = self._division(division)
        if out.code is None:
            if code:
                out.code, out.source = code, "uscc"
            return
        if code is None:
            out.warnings.append(("uscc", item.uscc, f"信用代码中的行政区划码 {division} 不存在 (unknown division code in USCC)"))
            return
        placed_city = self.regions.city_of(out.code) or out.code
        division_city = self.regions.city_of(code) or code
        if placed_city[:4] != division_city[:4] and not (out.code.endswith("0000") and out.code[:2] == code[:2]):
            out.warnings.append(("uscc", item.uscc,
                                 f"信用代码登记地 {self.regions.full_name(code)}({division}) 与所在地区 "
                                 f"{self.regions.full_name(out.code)}({out.code}) 不一致 (USCC division differs from the stated region)"))

    def place_all(self, items: list[RegionInput]) -> list[Placement]:
        """One placement per item, in order; ``code`` is ``None`` (with an error) when nothing places it."""
        out = [Placement() for _ in items]
        for item, placement in zip(items, out, strict=True):
            self._from_columns(item, placement)
        need = [i for i, (item, p) in enumerate(zip(items, out, strict=True))
                if item.address and not p.errors and (p.code is None or self.regions.get(p.code).level is not RegionLevel.county)]
        if need:
            import cpca

            frame = cpca.transform([items[i].address for i in need], pos_sensitive=True)
            for i, parsed in zip(need, frame.to_dict("records"), strict=True):
                self._from_address(items[i], parsed, out[i])
        for item, placement in zip(items, out, strict=True):
            if placement.errors:
                continue
            if item.uscc:
                self._from_uscc(item, placement)
            if placement.code is None:
                placement.errors.append(("address", item.address,
                                         "无法确定所在地区：没有地区列、地址无法解析、也没有有效的信用代码 (cannot place the enterprise)"))
        return out
