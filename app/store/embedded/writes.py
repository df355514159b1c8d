"""The write half of the embedded store: building its indexes, and keeping them up to date on every write.

:class:`IndexedWrites` is mixed into :class:`~app.store.embedded.store.EmbeddedStore`, which
answers the reads from the same state. Every change goes to the journal
(:mod:`app.store.embedded.journal`) before it is applied in memory, so an acknowledged write
survives a crash; each change moves the counts, member sets and key rankings of the links it
touches, and drops the link columns it made stale.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict

import numpy as np

from app.datadir.dataset import DataSet
from app.datadir.fastread import Columns
from app.store.base import ApplyResult, ChangeSet
from app.store.changes import check_changes
from app.store.embedded.build import LEVELS, build_links, build_supply
from app.store.embedded.indexes import LinkColumns, SupplyArrays
from app.store.embedded.table import EnterpriseTable
from graph_schema.construct import constructor
from graph_schema.models import Enterprise, EnterpriseLink, Park, ParkMember, RegionLevel, Supply, group_tags_of
from graph_schema.template import ChainTemplate

_SUPPLY = constructor(Supply)


class IndexedWrites:
    """Index building and maintenance of :class:`~app.store.embedded.store.EmbeddedStore` (its state, its writes)."""

    def _reset(self, ds: DataSet, columns: Columns | None = None) -> None:
        self._regions = ds.regions
        self._templates: dict[str, ChainTemplate] = dict(sorted(ds.chains.items()))
        self._parks: dict[str, Park] = {p.id: p for p in ds.parks}
        self._park_members: dict[str, set[str]] = defaultdict(set)
        self._enterprise_parks: dict[str, set[str]] = defaultdict(set)
        for m in ds.park_members:
            self._park_members[m.park_id].add(m.enterprise_id)
            self._enterprise_parks[m.enterprise_id].add(m.park_id)
        self._table = EnterpriseTable(lambda code: (self._regions.province_of(code), self._regions.city_of(code)))
        columns = columns or Columns.of(ds)
        self._table.extend(columns.enterprises)
        ids, usccs, parents = columns.enterprises["id"], columns.enterprises["uscc"], columns.enterprises["parent_id"]
        self._uscc: dict[str, str] = {u: i for u, i in zip(usccs, ids, strict=True) if u}
        self._children: dict[str, set[str]] = defaultdict(set)
        for i, parent in zip(ids, parents, strict=True):
            if parent:
                self._children[parent].add(i)
        for i in (i for kids in self._children.values() for i in kids):  # the group rule, before the key indexes
            self._table.set_group(self._table.slot[i], *self._group_of(self._table.rows[self._table.slot[i]][10]))
        ix = build_links(self._table, columns.links, columns.link_rows)  # a new table: slots are positions
        self._links: dict[int, dict[str, tuple]] = ix.links
        self._members: dict[str, set[int]] = ix.members  # leaf -> counted rows
        self._city_members: dict[str, dict[int, set[int]]] = ix.city_members
        self._key_rank: dict[str, dict[int, list[tuple]]] = ix.key_rank
        self._agg: dict[RegionLevel, dict[str, dict[str, list[int]]]] = ix.agg
        self._national: dict[str, list[int]] = ix.national
        self._supply: dict[tuple[int, int], str] = build_supply(self._table, columns.supply, columns.supply_rows)
        self._arrays = SupplyArrays()
        self._row_ids: dict[str, LinkColumns] = {}  # leaf -> its members as columns
        self._version = getattr(self, "_version", -1) + 1  # a reload is a change too: never back to an earlier number
        self._scoped: tuple = (None, -1, None, None)  # (scope, version, inside mask, partner flags)
        self._city_x: dict[str, tuple[int, dict]] = {}  # chain -> (version, city × link matrix)
        num = self._table.numeric()
        for node_id, members in self._members.items():  # members of each link as ranked columns, for targets
            self._row_ids[node_id] = LinkColumns(np.fromiter(sorted(members), dtype=np.int64, count=len(members)), num)
        self._arrays.prepare(self._supply, num["city"], num["active"], self._version)

    def _count(self, row: int, node_id: str, sign: int) -> None:
        t = self._table
        key = t.key[row]
        codes = (t.codes[t.province[row]] if t.province[row] >= 0 else None,
                 t.codes[t.city[row]] if t.city[row] >= 0 else None, t.codes[t.county[row]])
        for level, code in zip(LEVELS, codes, strict=True):
            if code is not None:
                cell = self._agg[level][node_id][code]
                cell[0] += sign
                cell[1] += sign * key
        self._national[node_id][0] += sign
        self._national[node_id][1] += sign * key
        city = t.city[row]
        ranked = self._key_rank[node_id][city] if key else None
        if sign > 0:
            self._members[node_id].add(row)
            self._city_members[node_id][city].add(row)
            if ranked is not None:
                entry = (t.prominence(row), row)
                insort(ranked, entry)
        else:
            self._members[node_id].discard(row)
            self._city_members[node_id][city].discard(row)
            if ranked is not None:
                entry = (t.prominence(row), row)
                i = bisect_left(ranked, entry)
                if i < len(ranked) and ranked[i] == entry:
                    ranked.pop(i)
        self._row_ids.pop(node_id, None)

    def _counted_links(self, row: int) -> list[str]:
        if not self._table.active[row]:
            return []
        return [n for n, info in self._links.get(row, {}).items() if EnterpriseTable.counted(info)]

    def _put_enterprise(self, e: Enterprise) -> None:
        t = self._table
        row = t.slot.get(e.id)
        if row is not None:
            for node_id in self._counted_links(row):
                self._count(row, node_id, -1)
            old = t.rows[row]
            if old[1]:
                self._uscc.pop(old[1], None)
            if old[10]:
                self._children.get(old[10], set()).discard(e.id)
        row = t.put(e)
        t.set_group(row, *self._group_of(e.parent_id))
        if e.uscc:
            self._uscc[e.uscc] = e.id
        if e.parent_id:
            self._children[e.parent_id].add(e.id)
        for node_id in self._counted_links(row):
            self._count(row, node_id, +1)
        self._regroup_below(e.id)

    def _group_of(self, parent_id: str | None) -> tuple[tuple[str, ...], str | None]:
        """The group tags inherited through ``parent_id`` (the group rule's one home, :func:`group_tags_of`)."""
        t = self._table

        def lookup(i: str):
            row = t.slot.get(i)
            return None if row is None else (t.rows[row][7], t.rows[row][2], t.rows[row][10])
        return group_tags_of(parent_id, lookup)

    def _regroup_below(self, enterprise_id: str) -> None:
        """Every member below ``enterprise_id`` inherits its group tags again, its key counts moved with them."""
        t, seen = self._table, {enterprise_id}
        todo = sorted(self._children.get(enterprise_id, ()))
        while todo:
            child = todo.pop()
            if child in seen or child not in t.slot:
                continue
            seen.add(child)
            row = t.slot[child]
            group = self._group_of(t.rows[row][10])
            if group != t.group(row):
                links = self._counted_links(row)
                for node_id in links:
                    self._count(row, node_id, -1)
                t.set_group(row, *group)
                for node_id in links:
                    self._count(row, node_id, +1)
            todo.extend(sorted(self._children.get(child, ())))

    def _put_link(self, link: EnterpriseLink) -> None:
        row = self._table.slot[link.enterprise_id]
        links = self._links.setdefault(row, {})
        if link.node_id in self._counted_links(row):
            self._count(row, link.node_id, -1)
        links[link.node_id] = self._table.link_info(link)
        if link.node_id in self._counted_links(row):
            self._count(row, link.node_id, +1)

    def _drop_link(self, enterprise_id: str, node_id: str) -> bool:
        row = self._table.slot[enterprise_id]
        if node_id not in self._links.get(row, {}):
            return False
        if node_id in self._counted_links(row):
            self._count(row, node_id, -1)
        del self._links[row][node_id]
        return True

    def _put_supply(self, s: Supply) -> None:
        slot = self._table.slot
        self._supply[(slot[s.supplier_id], slot[s.customer_id])] = self._table.share(s.product)
        self._arrays.stale = True

    def _drop_enterprise(self, enterprise_id: str) -> None:
        t = self._table
        row = t.slot[enterprise_id]
        for node_id in list(self._links.get(row, {})):
            self._drop_link(enterprise_id, node_id)
        self._links.pop(row, None)
        for key in self._arrays.touching(self._supply, [row]):
            self._supply.pop(key, None)
        self._arrays.stale = True
        for park_id in self._enterprise_parks.pop(enterprise_id, set()):
            self._park_members[park_id].discard(enterprise_id)
        old = t.rows[row]
        if old[1] and self._uscc.get(old[1]) == enterprise_id:  # the code may already belong to its successor
            self._uscc.pop(old[1])
        if old[10]:
            self._children.get(old[10], set()).discard(enterprise_id)
        t.drop(row)
        for child in sorted(self._children.pop(enterprise_id, set())):
            self._put_enterprise(t.model(t.slot[child], plain=True).model_copy(update={"parent_id": None}))

    # -- writes
    def apply(self, changes: ChangeSet) -> ApplyResult:
        with self._lock:
            if self._journal is None:
                check_changes(self, changes)
            else:
                def catch_up_then_check(others: list[ChangeSet]) -> None:
                    for done in others:  # written meanwhile by another process on this store
                        self._apply_in_memory(done)
                    check_changes(self, changes)

                self._journal.append(changes, catch_up_then_check)
            return self._apply_in_memory(changes)

    def data_version(self) -> int:
        """A number that grows with every change this store has seen: its own writes, other processes' caught up, a reload."""
        return self._version

    def refresh(self) -> None:
        """Apply what other processes wrote to this store since this one last looked (a stat when nothing)."""
        if self._journal is not None:
            with self._lock:
                for done in self._journal.pending():
                    self._apply_in_memory(done)

    def _apply_in_memory(self, changes: ChangeSet) -> ApplyResult:
        self._version += 1
        slot = self._table.slot
        created = sum(e.id not in slot for e in changes.enterprises)
        for e in changes.enterprises:
            self._put_enterprise(e)
        deleted = 0
        for eid in changes.delete_enterprises:
            if eid in slot:
                self._drop_enterprise(eid)
                deleted += 1
        for eid, node_id in changes.delete_links:
            if eid in slot:
                self._drop_link(eid, node_id)
        for link in changes.links:
            self._put_link(link)
        for s in changes.supply:
            self._put_supply(s)
        return ApplyResult(created, len(changes.enterprises) - created, deleted, len(changes.links), len(changes.supply))

    def export(self) -> DataSet:
        with self._lock:
            t = self._table
            rows = t.rows
            return DataSet(
                chains=dict(self._templates),
                enterprises=sorted((t.model(r, plain=True) for r in t.slot.values()), key=lambda e: e.id),
                links=[EnterpriseTable.link_model(*x) for x in sorted(self._all_links())],
                supply=[_SUPPLY({"supplier_id": s, "customer_id": c, "product": p}) for s, c, p in
                        sorted((rows[s][0], rows[c][0], p) for (s, c), p in self._supply.items())],
                parks=self.parks(),
                park_members=sorted(
                    (ParkMember(park_id=p, enterprise_id=e) for p, es in self._park_members.items() for e in es),
                    key=lambda m: (m.park_id, m.enterprise_id),
                ),
                regions=self._regions,
            )

    def load(self, ds: DataSet, replace: bool = False) -> None:
        with self._lock:
            if replace:
                self._reset(ds)
                return
            current = self.export()
            current.chains.update(ds.chains)
            merged_parks = {p.id: p for p in current.parks} | {p.id: p for p in ds.parks}
            current.parks = list(merged_parks.values())
            current.park_members = list({(m.park_id, m.enterprise_id): m for m in current.park_members + ds.park_members}.values())
            current.enterprises = list(({e.id: e for e in current.enterprises} | {e.id: e for e in ds.enterprises}).values())
            current.links = list(({(x.enterprise_id, x.node_id): x for x in current.links + ds.links}).values())
            current.supply = list(({(s.supplier_id, s.customer_id): s for s in current.supply + ds.supply}).values())
            self._reset(current)
