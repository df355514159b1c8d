"""The referential rules of enterprises, links and supply relations: one function and one message per rule.

The data-directory validation, the API upload, the registry import and the store's change
check all call these, so a bad row reads the same wherever it comes in. A row is checked where
it is (``file``, spreadsheet ``row``) against :class:`Known`, what exists around it: the data
set, or the store plus the rows coming in. Rows repeated within one file are :func:`repeats`.

>>> from graph_schema.models import EnterpriseLink
>>> known = Known(regions={"510107"}, nodes={"toy.a": True, "toy.mat": False}, enterprises={"a1"})
>>> [p] = link_problems([(2, EnterpriseLink(enterprise_id="a1", node_id="toy.mat"))], "l.csv", known)
>>> p.row, p.field, p.message
(2, 'node_id', '企业只能挂在叶子环节上，toy.mat 不是叶子环节 (IN_NODE must point at a leaf link)')
"""
from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.errors import Problem

Rows = Iterable[tuple["int | None", Any]]
"""``(spreadsheet row, item)`` pairs; the row is None when there is none to name."""


@dataclass(frozen=True)
class Known:
    """What rows may refer to: region codes, chain links (id → is a leaf) and enterprise ids."""

    regions: Container[str]
    nodes: Mapping[str, bool]
    enterprises: Container[str]


# -- one message per rule

def unknown_region(code: str, file: str | None, row: int | None, field: str = "region_code") -> Problem:
    return Problem(f"行政区划代码 {code} 不存在 (unknown region code)", file, row, field, code)


def unknown_parent(parent_id: str, file: str | None, row: int | None) -> Problem:
    return Problem(f"母公司 {parent_id} 不存在 (unknown parent enterprise)", file, row, "parent_id", parent_id)


def unknown_enterprise(enterprise_id: str, file: str | None, row: int | None, field: str) -> Problem:
    return Problem(f"企业 {enterprise_id} 不存在 (unknown enterprise)", file, row, field, enterprise_id)


def unknown_link(node_id: str, file: str | None, row: int | None) -> Problem:
    return Problem(f"环节 {node_id} 不存在 (unknown chain link)", file, row, "node_id", node_id)


def not_a_leaf(node_id: str, file: str | None, row: int | None) -> Problem:
    return Problem(f"企业只能挂在叶子环节上，{node_id} 不是叶子环节 (IN_NODE must point at a leaf link)",
                   file, row, "node_id", node_id)


def supplies_itself(enterprise_id: str, file: str | None, row: int | None) -> Problem:
    return Problem("供应方与客户不能是同一企业 (supplier and customer are the same)",
                   file, row, "customer_id", enterprise_id)


def uscc_taken(uscc: str, owner: str, enterprise_id: str, file: str | None, row: int | None,
               field: str = "uscc") -> Problem:
    """A USCC that belongs to another enterprise (a :class:`~app.errors.Conflict` where it is stored already)."""
    return Problem(f"统一社会信用代码 {uscc} 已属于企业 {owner}，不能用于 {enterprise_id} "
                   f"(USCC {uscc} already belongs to enterprise {owner})", file, row, field, uscc)


_WHAT = {"id": ("编号", "id"), "uscc": ("统一社会信用代码", "USCC"), "node_id": ("挂链", "enterprise–link pair"),
         "customer_id": ("供应关系", "supply relation"), "enterprise_id": ("园区成员", "park member"),
         "region_code": ("区域成员", "area member"), "member": ("新区成员", "zone member")}


def repeated(field: str, value: str, first: int | None, file: str | None, row: int | None) -> Problem:
    zh, en = _WHAT[field]
    return Problem(f"{zh} {value} 重复，与第 {first} 行相同 (duplicate {en}; repeats row {first})",
                   file, row, field, value)


# -- the rules over rows

def repeats(rows: Rows, file: str | None, key: Callable[[Any], Any], field: str) -> list[Problem]:
    """Every row whose ``key`` an earlier row has (None keys are never repeats); ``field`` names the column."""
    first: dict[Any, int | None] = {}
    problems = []
    for row, item in rows:
        k = key(item)
        if k is None:
            continue
        if k in first:
            shown = getattr(item, field)
            problems.append(repeated(field, str(shown), first[k], file, row))
        else:
            first[k] = row
    return problems


def enterprise_problems(rows: Rows, file: str | None, known: Known) -> list[Problem]:
    """Unknown regions and parents (an enterprise is not its own parent)."""
    problems = []
    for row, e in rows:
        if e.region_code not in known.regions:
            problems.append(unknown_region(e.region_code, file, row))
        if e.parent_id and (e.parent_id == e.id or e.parent_id not in known.enterprises):
            problems.append(unknown_parent(e.parent_id, file, row))
    return problems


def link_problems(rows: Rows, file: str | None, known: Known) -> list[Problem]:
    """Links of unknown enterprises, to unknown chain links, or to links that are not leaves."""
    problems = []
    for row, x in rows:
        if x.enterprise_id not in known.enterprises:
            problems.append(unknown_enterprise(x.enterprise_id, file, row, "enterprise_id"))
        leaf = known.nodes.get(x.node_id)
        if leaf is None:
            problems.append(unknown_link(x.node_id, file, row))
        elif not leaf:
            problems.append(not_a_leaf(x.node_id, file, row))
    return problems


def supply_problems(rows: Rows, file: str | None, known: Known) -> list[Problem]:
    """Supply relations between unknown enterprises, or of an enterprise with itself."""
    problems = []
    for row, s in rows:
        for field, value in (("supplier_id", s.supplier_id), ("customer_id", s.customer_id)):
            if value not in known.enterprises:
                problems.append(unknown_enterprise(value, file, row, field))
        if s.supplier_id == s.customer_id:
            problems.append(supplies_itself(s.customer_id, file, row))
    return problems


def file_repeats(kind: str, rows: list[tuple[int | None, Any]], file: str | None) -> list[Problem]:
    """The rows of one data-directory file (``kind`` as in :data:`app.datadir.rows.COLUMNS`) repeating another."""
    if kind == "enterprise":
        return repeats(rows, file, lambda e: e.id, "id") + repeats(rows, file, lambda e: e.uscc, "uscc")
    if kind == "enterprise_node":
        return repeats(rows, file, lambda x: (x.enterprise_id, x.node_id), "node_id")
    if kind == "supply":
        return repeats(rows, file, lambda s: (s.supplier_id, s.customer_id), "customer_id")
    if kind == "park":
        return repeats(rows, file, lambda p: p.id, "id")
    return repeats(rows, file, lambda m: (m.park_id, m.enterprise_id), "enterprise_id")


ROW_RULES: dict[str, Callable[[Rows, str | None, Known], list[Problem]]] = {
    "enterprise": enterprise_problems, "enterprise_node": link_problems, "supply": supply_problems,
}
"""The referential rules of each kind of row that refers to enterprises, regions or links."""


def area_problems(rows: Rows, file: str | None, known: Known) -> list[Problem]:
    """Rows of the areas file (``seed/areas.csv``): a known region code, a named area with a source, no repeats."""
    problems = [unknown_region(a.region_code, file, row) for row, a in rows if a.region_code not in known.regions]
    problems += [Problem("区域名称和来源不能为空 (area name and source are required)", file, row, "source", a.area)
                 for row, a in rows if not a.area.strip() or not a.source.strip()]
    return problems + repeats(rows, file, lambda a: (a.area, a.region_code), "region_code")


def zone_problems(rows: Rows, file: str | None, known: Known, regions, parks: Container[str] | None) -> list[Problem]:
    """Rows of the zones file (``seed/zones.csv``): a named zone with an id and a source; a member that is a known
    region of the stated level (county / city) or a park (known, when ``parks`` is given); no repeats; one name
    per zone id and no name shared by two zones."""
    problems = []
    for row, z in rows:
        if not z.zone or not z.id or not z.source:
            problems.append(Problem("新区名称、编号和来源不能为空 (zone name, id and source are required)", file, row, "source", z.zone))
        if z.member_kind not in ("county", "city", "park"):
            problems.append(Problem("成员类型应为 county、city 或 park (member_kind must be county, city or park)",
                                    file, row, "member_kind", z.member_kind))
        elif z.member_kind == "park":
            if parks is not None and z.member not in parks:
                problems.append(Problem(f"园区 {z.member} 不存在 (unknown park)", file, row, "member", z.member))
        elif z.member not in known.regions:
            problems.append(unknown_region(z.member, file, row, "member"))
        elif regions.get(z.member).level.value != z.member_kind:
            problems.append(Problem(f"行政区划 {z.member} 不是 {z.member_kind} 级 (region is not of the stated level)",
                                    file, row, "member", z.member))
    names: dict[str, str] = {}
    for row, z in rows:
        for name in (z.zone, *(a.strip() for a in z.aliases.split(";") if a.strip())):
            if names.setdefault(name, z.id) != z.id:
                problems.append(Problem(f"名称 {name} 同时属于 {names[name]} 和 {z.id} (a name of two zones)", file, row, "zone", name))
    return problems + repeats(rows, file, lambda z: (z.id, z.member_kind, z.member), "member")
