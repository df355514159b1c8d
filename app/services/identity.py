"""Who a row of an import is: an enterprise already stored, or a new one with a stable id.

A row is the stored enterprise with its unified social credit code; without one (or when no
stored enterprise has it), the stored enterprise with the same normalised name in the same
prefecture-level city, provided that one has no other USCC. A former name (曾用名) counts as a
name both ways: the row's former name may be the stored name (the firm was renamed since), or
the row's name a stored former name. A stock code held by another stored
enterprise (or by an earlier row) is a conflict reported on the row, never a second holder. A new enterprise gets ``u-<USCC>``,
or ``n-<hash of name and city>``, so importing the same file again finds the same ids.

>>> stable_id("91350100M000100Y43", "甲公司", "510100"), stable_id("", "甲公司", "510100")
('u-91350100M000100Y43', 'n-e7852e22979a')
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from app.datadir.registry.headers import ColumnMap
from app.datadir.registry.records import Record, RowProblem, normalise_name
from app.datadir.rules import uscc_taken
from app.regions import RegionIndex
from app.store.base import EnterpriseQuery, GraphStore
from graph_schema.models import Enterprise

_PER_ROW_SEARCH_LIMIT = 200   # above this many rows to look up by name, list the store once instead


def stable_id(uscc: str, name: str, city: str) -> str:
    if uscc:
        return f"u-{uscc}"
    digest = hashlib.sha1(f"{normalise_name(name)}|{city}".encode()).hexdigest()[:12]
    return f"n-{digest}"


@dataclass(frozen=True)
class Target:
    id: str
    existing: Enterprise | None


class IdentityMatcher:
    def __init__(self, store: GraphStore, regions: RegionIndex):
        self.store = store
        self.regions = regions

    def _city(self, code: str) -> str:
        return self.regions.city_of(code) or code

    def _by_name(self, wanted: list[tuple[Record, str]]) -> dict[int, Enterprise]:
        """Stored enterprises with a row's normalised name (or former name), in its city, without a different USCC.

        A stored enterprise whose current name is the row's name comes before one matched through a former name.
        """
        if not wanted:
            return {}

        def names_of(rec: Record) -> list[str]:
            return list(dict.fromkeys(n for n in (rec.name, *rec.former_names) if n.strip()))

        if sum(len(names_of(rec)) for rec, _ in wanted) <= _PER_ROW_SEARCH_LIMIT:
            pools = {rec.row: [e for n in names_of(rec) for e in self.store.find_enterprises(EnterpriseQuery(text=n.strip(), limit=100))[0]]
                     for rec, _ in wanted}
        else:
            everyone = self.store.find_enterprises(EnterpriseQuery(limit=10**9))[0]
            index: dict[str, list[Enterprise]] = {}
            for e in everyone:
                for n in dict.fromkeys(normalise_name(x) for x in (e.name, *e.former_names)):
                    index.setdefault(n, []).append(e)
            pools = {rec.row: [e for n in names_of(rec) for e in index.get(normalise_name(n), [])] for rec, _ in wanted}
        found = {}
        for rec, code in wanted:
            mine = {normalise_name(n) for n in names_of(rec)}
            candidates = [e for e in pools[rec.row] if self._city(e.region_code) == self._city(code)
                          and (e.uscc is None or e.uscc == rec.uscc)]
            by_current = [e for e in candidates if normalise_name(e.name) == normalise_name(rec.name)]
            by_former = [e for e in candidates if normalise_name(e.name) in mine
                         or normalise_name(rec.name) in {normalise_name(f) for f in e.former_names}]
            if by_current or by_former:
                found[rec.row] = (by_current or by_former)[0]
        return found

    def _code_holders(self, codes: set[str]) -> dict[str, Enterprise]:
        """Stored enterprises holding each stock code (the find text matches ``listed_code`` exactly)."""
        if len(codes) <= _PER_ROW_SEARCH_LIMIT:
            found = [e for code in sorted(codes) for e in self.store.find_enterprises(EnterpriseQuery(text=code, limit=20))[0]]
        else:
            found = self.store.find_enterprises(EnterpriseQuery(limit=10**9))[0]
        return {e.listed_code: e for e in found if e.listed_code in codes}

    def match(self, rows: list[tuple[Record, str, str]], problems: dict[int, list[RowProblem]],
              cols: ColumnMap) -> dict[int, Target]:
        """A target per row of ``rows`` (record, region code, source); a second row of one enterprise is an error."""
        owners = self.store.ids_by_uscc(sorted({rec.uscc for rec, _, _ in rows if rec.uscc}))
        given = self.store.enterprises(sorted({rec.id for rec, _, _ in rows if rec.id}))
        ids: dict[int, str] = {}
        for rec, code, _ in rows:
            if rec.id:
                ids[rec.row] = rec.id
            elif rec.uscc in owners:
                ids[rec.row] = owners[rec.uscc]
            else:
                ids[rec.row] = stable_id(rec.uscc, rec.name, self._city(code))
        stored = self.store.enterprises(sorted(set(ids.values()) - set(given))) | given
        by_name = self._by_name([(rec, code) for rec, code, _ in rows if ids[rec.row] not in stored])
        for row, e in by_name.items():
            ids[row], stored[e.id] = e.id, e
        targets: dict[int, Target] = {}
        seen: dict[str, int] = {}
        seen_uscc: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        uscc_column = cols.label("uscc")
        code_column = cols.label("listed_code")
        holders = self._code_holders({rec.listed_code for rec, _, _ in rows if rec.listed_code})
        for rec, _, _ in rows:
            eid = ids[rec.row]
            if rec.uscc and rec.uscc in owners and owners[rec.uscc] != eid:
                taken = uscc_taken(rec.uscc, owners[rec.uscc], eid, None, rec.row)
                problems[rec.row].append(RowProblem(rec.row, uscc_column, rec.uscc, taken.message))
                continue
            holder = holders.get(rec.listed_code or "")
            if holder is not None and holder.id != eid:
                problems[rec.row].append(RowProblem(rec.row, code_column, rec.listed_code, (
                    f"股票代码 {rec.listed_code} 已属于“{holder.name}”({holder.id})，未新建重复企业；如为同一企业"
                    f"（改名或异地登记），请在编号列填 {holder.id} 或把名称改为“{holder.name}” "
                    f"(stock code held by {holder.id}: not duplicated; give that id to update it)")))
                continue
            if rec.listed_code and rec.listed_code in seen_code:
                first = seen_code[rec.listed_code]
                problems[rec.row].append(RowProblem(rec.row, code_column, rec.listed_code,
                                                    f"股票代码与第 {first} 行相同 (same stock code as row {first})"))
                continue
            first = seen.get(eid) or (seen_uscc.get(rec.uscc) if rec.uscc else None)
            if first is not None:
                column = uscc_column if rec.uscc else "企业名称"
                problems[rec.row].append(RowProblem(rec.row, column, rec.uscc or rec.name,
                                                    f"与第 {first} 行是同一企业 (duplicate of row {first})"))
                continue
            seen[eid] = rec.row
            if rec.listed_code:
                seen_code[rec.listed_code] = rec.row
            if rec.uscc:
                seen_uscc[rec.uscc] = rec.row
            targets[rec.row] = Target(eid, stored.get(eid))
        return targets


_BRANCH = re.compile(r"^(?P<group>[^()（）]{2,}?)[(（](?P<place>[\u4e00-\u9fff]{2,4})[)）]")


def propose_parent(store: GraphStore, name: str, own_id: str) -> Enterprise | None:
    """The group a branch-style name points at, for a reviewer: 京东方（成都）… → the stored 京东方… .

    Only a name with a place in brackets after the 字号 (``XX（成都）有限公司``) is read; the stored
    enterprises whose names start with ``XX`` and carry no such bracket are candidates; one of
    them, or the one named most briefly, is proposed. Nothing is set: the report says it.
    """
    m = _BRANCH.match(name.strip())
    if not m:
        return None
    group = m.group("group")
    found, _ = store.find_enterprises(EnterpriseQuery(text=group, limit=50))
    candidates = [e for e in found if e.id != own_id and e.name.startswith(group) and not _BRANCH.match(e.name)]
    return min(candidates, key=lambda e: (len(e.name), e.id)) if candidates else None


def _coarser_or_same(new: str, old: str) -> bool:
    """``new`` is ``old`` or a region containing it (province 51xxxx ⊃ city 5101xx ⊃ county)."""
    if new == old:
        return True
    if new.endswith("0000"):
        return old[:2] == new[:2]
    return new.endswith("00") and old[:4] == new[:4]


def merge_enterprise(existing: Enterprise | None, fresh: Enterprise, given: set[str]) -> Enterprise:
    """The stored enterprise updated with the fields the row gives; tags and former names are merged (a renamed
    enterprise keeps its old name as a former name), a more precise region kept."""
    if existing is None:
        return fresh
    update = {k: getattr(fresh, k) for k in given if k not in {"id", "tags", "region_code", "region_source", "former_names"}}
    update["tags"] = tuple(dict.fromkeys(existing.tags + fresh.tags))
    if fresh.name in existing.former_names:   # the row shows a name the firm had before: it is not renamed back
        update["name"] = existing.name
        fresh = fresh.model_copy(update={"name": existing.name})
    renamed = (existing.name,) if "name" in given and fresh.name != existing.name else ()
    former = tuple(n for n in dict.fromkeys(existing.former_names + fresh.former_names + renamed) if n != fresh.name)
    if former != existing.former_names:
        update["former_names"] = former
    if _coarser_or_same(fresh.region_code, existing.region_code):
        if existing.region_code == fresh.region_code and not existing.region_source:
            update["region_source"] = fresh.region_source
    else:
        update["region_code"], update["region_source"] = fresh.region_code, fresh.region_source
    return existing.model_copy(update=update)
