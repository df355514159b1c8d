"""Enterprises in columns: one slot per enterprise, pydantic models only for the rows returned.

A national data set has millions of enterprises and a few dozen distinct tag sets, statuses and
link descriptions, so each enterprise is one tuple of shared (interned) values plus numeric
columns (``array``) that numpy reads without copying: revenue, headcount (NaN when unknown),
prefecture-level city and province of its region, activity and key flags. The key flag follows the group
rule (:data:`~graph_schema.models.GROUP_TAGS` of an ancestor count, :meth:`EnterpriseTable.set_group`). Rows are never
reused: a deleted enterprise leaves an empty slot. Models are built as ``model_construct`` builds them
from values that were validated on the way in.

>>> from graph_schema.models import Enterprise
>>> t = EnterpriseTable(lambda code: ("510000", "510100"))
>>> row = t.put(Enterprise(id="e1", name="甲", region_code="510107", revenue=2.5, tags=("上市",)))
>>> t.model(row).tags, float(t.numeric()["revenue"][row]), bool(t.numeric()["key"][row])
(('上市',), 2.5, True)
>>> plant = t.put(Enterprise(id="e2", name="乙", region_code="510107", parent_id="e1"))
>>> bool(t.numeric()["key"][plant]), t.set_group(plant, ("上市",), "甲"), bool(t.numeric()["key"][plant])
(False, None, True)
>>> t.model(plant).group_note()[0], t.model(plant, plain=True).group_tags
('所属集团甲为上市', ())
"""
from __future__ import annotations

from array import array
from collections.abc import Callable

import numpy as np

from graph_schema.construct import constructor
from graph_schema.models import CHAIN_LEADER_TAG, INACTIVE_STATUSES, KEY_TAGS, Enterprise, EnterpriseLink, LinkGrade, Role

FIELDS = ("id", "uscc", "name", "region_code", "founded", "revenue", "employees", "tags", "listed_code",
          "status", "parent_id", "region_source", "former_names")
_NAN = float("nan")


_enterprise = constructor(Enterprise)
_link = constructor(EnterpriseLink)


class EnterpriseTable:
    """Enterprise rows by slot; ``areas(code)`` gives (province, city) codes of a region code."""

    def __init__(self, areas: Callable[[str], tuple[str | None, str | None]]):
        self._areas = areas
        self._shared: dict = {}
        self.rows: list[tuple | None] = []
        self.slot: dict[str, int] = {}
        self.codes: list[str] = []             # area codes by small integer (cities, provinces, counties)
        self._code_no: dict[str, int] = {}
        self.revenue = array("d")
        self.employees = array("d")
        self.city = array("i")
        self.province = array("i")
        self.county = array("i")
        self.active = array("b")
        self.key = array("b")
        self.tagset = array("i")
        self.tag_sets: list[tuple[str, ...]] = []
        self._tag_no: dict[tuple[str, ...], int] = {}
        self.groups: dict[int, tuple[tuple[str, ...], str | None]] = {}  # row -> (group tags, group name), where any

    def share(self, value):
        """One object for equal values (tags, statuses, codes, link details)."""
        return self._shared.setdefault(value, value)

    def code_no(self, code: str | None) -> int:
        if code is None:
            return -1
        no = self._code_no.get(code)
        if no is None:
            no = self._code_no[code] = len(self.codes)
            self.codes.append(code)
        return no

    def put(self, e: Enterprise) -> int:
        """Insert or overwrite ``e``; its slot."""
        values = tuple(self.share(getattr(e, f)) if f not in ("id", "name") else getattr(e, f) for f in FIELDS)
        province, city = self._areas(e.region_code)
        nums = (_NAN if e.revenue is None else e.revenue, _NAN if e.employees is None else float(e.employees),
                self.code_no(city), self.code_no(province), self.code_no(e.region_code),
                e.status not in INACTIVE_STATUSES, not KEY_TAGS.isdisjoint(e.tags), self._tags_no(values[7]))
        row = self.slot.get(e.id)
        if row is not None and row in self.groups:  # kept until the store sets the group again
            nums = (*nums[:6], True, nums[7])
        if row is None:
            row = self.slot[e.id] = len(self.rows)
            self.rows.append(values)
            for col, v in zip(self._columns(), nums, strict=True):
                col.append(v)
        else:
            self.rows[row] = values
            for col, v in zip(self._columns(), nums, strict=True):
                col[row] = v
        return row

    def extend(self, cols: dict[str, list]) -> None:
        """Append enterprises given field by field (``FIELDS`` → values; ids new and distinct): :meth:`put` for millions.

        Each column is handled whole: the numeric columns through numpy, the per-value work
        (areas, activity, key flag) once per distinct region code, status and tag set.
        """
        n, start = len(cols["id"]), len(self.rows)
        if not n:
            return
        if "former_names" not in cols:   # a data set without former names (曾用名)
            cols = {**cols, "former_names": [()] * n}
        for f in ("region_code", "founded", "tags", "status", "region_source"):
            cols = {**cols, f: list(map(self._shared.setdefault, cols[f], cols[f]))}
        self.rows.extend(zip(*(cols[f] for f in FIELDS), strict=True))
        self.slot.update(zip(cols["id"], range(start, start + n), strict=True))
        if len(self.slot) != start + n:
            raise ValueError("企业编号重复 (duplicate enterprise ids)")
        def by_value(column: list, of) -> np.ndarray:  # of(value) for every row, computed once per distinct value
            distinct = list(set(column))
            index = {v: i for i, v in enumerate(distinct)}
            return np.array([of(v) for v in distinct], dtype=np.int32).reshape(len(distinct), -1)[
                np.fromiter(map(index.__getitem__, column), dtype=np.int64, count=n)]

        def codes_of(code: str) -> tuple[int, int, int]:
            province, city = self._areas(code)
            return self.code_no(city), self.code_no(province), self.code_no(code)

        area = by_value(cols["region_code"], codes_of)
        tags = by_value(cols["tags"], lambda t: (not KEY_TAGS.isdisjoint(t), self._tags_no(t)))
        columns = (
            (self.revenue, np.array(cols["revenue"], dtype=np.float64)),
            (self.employees, np.array(cols["employees"], dtype=np.float64)),
            (self.city, area[:, 0]), (self.province, area[:, 1]), (self.county, area[:, 2]),
            (self.active, by_value(cols["status"], lambda s: s not in INACTIVE_STATUSES)[:, 0]),
            (self.key, tags[:, 0]), (self.tagset, tags[:, 1]),
        )
        for col, values in columns:
            col.frombytes(np.ascontiguousarray(values, dtype=col.typecode).tobytes())

    def _tags_no(self, tags: tuple[str, ...]) -> int:
        no = self._tag_no.get(tags)
        if no is None:
            no = self._tag_no[tags] = len(self.tag_sets)
            self.tag_sets.append(tags)
        return no

    def _columns(self) -> tuple[array, ...]:
        return self.revenue, self.employees, self.city, self.province, self.county, self.active, self.key, self.tagset

    def drop(self, row: int) -> None:
        self.slot.pop(self.rows[row][0])
        self.rows[row] = None
        self.active[row] = 0
        self.key[row] = 0
        self.groups.pop(row, None)

    @staticmethod
    def has_text(values: tuple, text: str) -> bool:
        """A find text's match: part of the name or of a former name, or the id, USCC or stock code exactly."""
        return (text in values[2] or text == values[0] or text.upper() in (values[1] or "", values[8] or "")
                or any(text in former for former in values[12]))

    def set_group(self, row: int, tags: tuple[str, ...], name: str | None) -> None:
        """The group tags ``row`` inherits (:func:`~graph_schema.models.group_tags_of`) and its key flag with them."""
        if tags:
            self.groups[row] = (tags, name)
        else:
            self.groups.pop(row, None)
        self.key[row] = bool(tags) or not KEY_TAGS.isdisjoint(self.rows[row][7])

    def group(self, row: int) -> tuple[tuple[str, ...], str | None]:
        return self.groups.get(row, ((), None))

    def model(self, row: int, plain: bool = False) -> Enterprise:
        """The enterprise in ``row``, with its group tags unless ``plain`` (the form files hold)."""
        values = dict(zip(FIELDS, self.rows[row], strict=True))
        values["group_tags"], values["group_name"] = ((), None) if plain else self.groups.get(row, ((), None))
        return _enterprise(values)

    def numeric(self) -> dict[str, np.ndarray]:
        """Numpy views of the numeric columns (valid until the next insert)."""
        return {
            "revenue": np.frombuffer(self.revenue, dtype=np.float64),
            "employees": np.frombuffer(self.employees, dtype=np.float64),
            "city": np.frombuffer(self.city, dtype=np.int32),
            "province": np.frombuffer(self.province, dtype=np.int32),
            "county": np.frombuffer(self.county, dtype=np.int32),
            "active": np.frombuffer(self.active, dtype=np.int8).view(bool),
            "key": np.frombuffer(self.key, dtype=np.int8).view(bool),
            "tagset": np.frombuffer(self.tagset, dtype=np.int32),
        }

    def prominence(self, row: int) -> tuple:
        """The order of key enterprises in a link: 链主 first, then revenue, headcount, id."""
        r = self.rows[row]
        leader = CHAIN_LEADER_TAG in r[7] or CHAIN_LEADER_TAG in self.groups.get(row, ((),))[0]
        return (not leader, -(r[5] or 0.0), -(r[6] or 0), r[0])

    # -- links: per slot, node id -> (role, products, grade, evidence), the tuple shared
    def link_info(self, link: EnterpriseLink) -> tuple:
        return self.share((link.role, link.products, link.grade, link.evidence))

    @staticmethod
    def link_model(enterprise_id: str, node_id: str, info: tuple) -> EnterpriseLink:
        return _link({"enterprise_id": enterprise_id, "node_id": node_id, "role": info[0], "products": info[1],
                      "grade": info[2], "evidence": info[3]})

    @staticmethod
    def counted(info: tuple) -> bool:
        return info[2] is LinkGrade.confirmed


DEFAULT_LINK = (Role.core, (), LinkGrade.confirmed, "")
