"""The embedded store: chain templates as networkx graphs, enterprises in indexed dictionaries.

Indexes kept up to date on every write, so a query never scans every enterprise:
per leaf and per province / city / county code, the count of active enterprises with a
confirmed link and how many of them are key enterprises; members per leaf; supply relations
per enterprise; park members. Writes go to an append-only journal (``app.store.journal``)
before they are applied in memory, so an acknowledged write survives a crash.
"""
from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from pathlib import Path

from app.datadir.dataset import DataSet
from app.datadir.io import read_data_dir
from app.errors import NotFound
from app.regions import RegionIndex
from app.store.base import (
    ApplyResult, ChangeSet, EnterpriseQuery, Member, NodeCount, ScopeFilter, ScopeKind, Stats,
)
from app.store.changes import check_changes
from app.store.journal import Journal
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, Park, ParkMember, RegionLevel, Supply
from graph_schema.template import ChainTemplate

_LEVELS = (RegionLevel.province, RegionLevel.city, RegionLevel.county)


class NetworkXStore:
    """In-process store over a data directory plus its journal."""

    def __init__(self, ds: DataSet | None = None, journal: Path | None = None):
        self._lock = threading.RLock()
        self._journal = Journal(journal) if journal else None
        self._reset(ds or DataSet())
        if self._journal:
            for changes in self._journal.replay():
                self._apply_in_memory(changes)

    @classmethod
    def open(cls, data_dir: Path, state_dir: Path | None = None) -> NetworkXStore:
        """Load ``data_dir`` and replay its journal, kept in ``state_dir`` (None: read-only, no journal)."""
        ds = read_data_dir(data_dir)
        journal = None
        if state_dir is not None:
            key = hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
            journal = Path(state_dir) / f"journal-{key}.log"
        return cls(ds, journal)

    # -- building the indexes
    def _reset(self, ds: DataSet) -> None:
        self._regions = ds.regions
        self._templates: dict[str, ChainTemplate] = dict(sorted(ds.chains.items()))
        self._node_chain = {n.id: t.id for t in self._templates.values() for n in t.nodes}
        self._parks: dict[str, Park] = {p.id: p for p in ds.parks}
        self._park_members: dict[str, set[str]] = defaultdict(set)
        self._enterprise_parks: dict[str, set[str]] = defaultdict(set)
        for m in ds.park_members:
            self._park_members[m.park_id].add(m.enterprise_id)
            self._enterprise_parks[m.enterprise_id].add(m.park_id)
        self._enterprises: dict[str, Enterprise] = {}
        self._uscc: dict[str, str] = {}
        self._links: dict[str, dict[str, EnterpriseLink]] = defaultdict(dict)
        self._members: dict[str, set[str]] = defaultdict(set)  # leaf -> counted enterprise ids
        self._agg: dict[RegionLevel, dict[str, dict[str, list[int]]]] = {
            level: defaultdict(lambda: defaultdict(lambda: [0, 0])) for level in _LEVELS
        }
        self._national: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self._supply: dict[tuple[str, str], Supply] = {}
        self._supply_by: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for e in ds.enterprises:
            self._put_enterprise(e)
        for link in ds.links:
            self._put_link(link)
        for s in ds.supply:
            self._put_supply(s)

    def _areas(self, e: Enterprise) -> tuple[tuple[RegionLevel, str | None], ...]:
        return (
            (RegionLevel.province, self._regions.province_of(e.region_code)),
            (RegionLevel.city, self._regions.city_of(e.region_code)),
            (RegionLevel.county, e.region_code),
        )

    def _counts(self, e: Enterprise, link: EnterpriseLink) -> bool:
        return e.active and link.grade is LinkGrade.confirmed

    def _count(self, e: Enterprise, node_id: str, sign: int) -> None:
        key = 1 if e.is_key else 0
        for level, code in self._areas(e):
            if code is not None:
                cell = self._agg[level][node_id][code]
                cell[0] += sign
                cell[1] += sign * key
        self._national[node_id][0] += sign
        self._national[node_id][1] += sign * key
        if sign > 0:
            self._members[node_id].add(e.id)
        else:
            self._members[node_id].discard(e.id)

    def _put_enterprise(self, e: Enterprise) -> None:
        old = self._enterprises.get(e.id)
        links = self._links.get(e.id, {})
        if old is not None:
            for link in links.values():
                if self._counts(old, link):
                    self._count(old, link.node_id, -1)
            if old.uscc:
                self._uscc.pop(old.uscc, None)
        self._enterprises[e.id] = e
        if e.uscc:
            self._uscc[e.uscc] = e.id
        for link in links.values():
            if self._counts(e, link):
                self._count(e, link.node_id, +1)

    def _put_link(self, link: EnterpriseLink) -> None:
        e = self._enterprises[link.enterprise_id]
        old = self._links[e.id].get(link.node_id)
        if old is not None and self._counts(e, old):
            self._count(e, old.node_id, -1)
        self._links[e.id][link.node_id] = link
        if self._counts(e, link):
            self._count(e, link.node_id, +1)

    def _drop_link(self, enterprise_id: str, node_id: str) -> bool:
        old = self._links.get(enterprise_id, {}).pop(node_id, None)
        if old is None:
            return False
        if self._counts(self._enterprises[enterprise_id], old):
            self._count(self._enterprises[enterprise_id], node_id, -1)
        return True

    def _put_supply(self, s: Supply) -> None:
        key = (s.supplier_id, s.customer_id)
        self._supply[key] = s
        self._supply_by[s.supplier_id].add(key)
        self._supply_by[s.customer_id].add(key)

    def _drop_enterprise(self, enterprise_id: str) -> None:
        for node_id in list(self._links.get(enterprise_id, {})):
            self._drop_link(enterprise_id, node_id)
        self._links.pop(enterprise_id, None)
        for key in self._supply_by.pop(enterprise_id, set()):
            self._supply.pop(key, None)
            other = key[1] if key[0] == enterprise_id else key[0]
            self._supply_by[other].discard(key)
        for park_id in self._enterprise_parks.pop(enterprise_id, set()):
            self._park_members[park_id].discard(enterprise_id)
        e = self._enterprises.pop(enterprise_id)
        if e.uscc and self._uscc.get(e.uscc) == enterprise_id:  # the code may already belong to its successor
            self._uscc.pop(e.uscc)
        for child in [c for c in self._enterprises.values() if c.parent_id == enterprise_id]:
            self._enterprises[child.id] = child.model_copy(update={"parent_id": None})

    # -- templates, regions, parks
    def chains(self) -> list[ChainTemplate]:
        return list(self._templates.values())

    def chain(self, chain_id: str) -> ChainTemplate:
        try:
            return self._templates[chain_id]
        except KeyError:
            raise NotFound(f"没有产业链 {chain_id} (no chain {chain_id!r}); 可选: {', '.join(self._templates)}") from None

    def regions(self) -> RegionIndex:
        return self._regions

    def parks(self) -> list[Park]:
        return sorted(self._parks.values(), key=lambda p: p.id)

    def park(self, park_id: str) -> Park:
        try:
            return self._parks[park_id]
        except KeyError:
            raise NotFound(f"没有园区 {park_id} (no park {park_id!r})") from None

    # -- aggregates
    def _in_scope(self, e: Enterprise, scope: ScopeFilter) -> bool:
        if scope.kind is ScopeKind.park:
            return e.id in self._park_members.get(scope.code, ())
        return dict(self._areas(e)).get(scope.level) == scope.code

    def node_counts(self, chain_id: str, scope: ScopeFilter | None) -> dict[str, NodeCount]:
        leaves = self.chain(chain_id).leaf_ids
        with self._lock:
            if scope is None:
                cells = {n: self._national.get(n) for n in leaves}
            elif scope.kind is ScopeKind.park:
                cells = {}
                for n in leaves:
                    members = [self._enterprises[eid] for eid in self._members.get(n, ()) if eid in self._park_members.get(scope.code, ())]
                    cells[n] = [len(members), sum(e.is_key for e in members)]
            else:
                by_node = self._agg[scope.level]
                cells = {n: by_node[n].get(scope.code) if n in by_node else None for n in leaves}
            return {n: NodeCount(c[0], c[1]) for n, c in cells.items() if c and c[0] > 0}

    def city_node_counts(self, chain_id: str) -> dict[str, dict[str, int]]:
        matrix: dict[str, dict[str, int]] = defaultdict(dict)
        with self._lock:
            by_node = self._agg[RegionLevel.city]
            for n in self.chain(chain_id).leaf_ids:
                for city, cell in by_node.get(n, {}).items():
                    if cell[0] > 0:
                        matrix[city][n] = cell[0]
        return dict(matrix)

    # -- members
    def _member(self, node_id: str, eid: str) -> Member:
        return Member(node_id, self._enterprises[eid], self._links[eid][node_id].role)

    def node_members(self, node_id: str, scope: ScopeFilter | None, inside: bool = True) -> list[Member]:
        with self._lock:
            ids = sorted(
                eid for eid in self._members.get(node_id, ())
                if scope is None or self._in_scope(self._enterprises[eid], scope) == inside
            )
            return [self._member(node_id, eid) for eid in ids]

    def chain_members(self, chain_id: str, scope: ScopeFilter) -> list[Member]:
        members = []
        for node_id in self.chain(chain_id).leaf_ids:
            members.extend(self.node_members(node_id, scope, inside=True))
        return members

    # -- enterprises
    def get_enterprise(self, enterprise_id: str) -> Enterprise:
        try:
            return self._enterprises[enterprise_id]
        except KeyError:
            raise NotFound(f"没有企业 {enterprise_id} (no enterprise {enterprise_id!r})") from None

    def enterprises(self, ids: list[str]) -> dict[str, Enterprise]:
        with self._lock:
            return {i: self._enterprises[i] for i in ids if i in self._enterprises}

    def enterprise_links(self, ids: list[str]) -> dict[str, list[EnterpriseLink]]:
        with self._lock:
            return {i: sorted(self._links[i].values(), key=lambda link: link.node_id) for i in ids if self._links.get(i)}

    def supply_of(self, ids: list[str]) -> list[Supply]:
        with self._lock:
            keys = set().union(*(self._supply_by.get(i, set()) for i in ids)) if ids else set()
            return [self._supply[k] for k in sorted(keys)]

    def find_enterprises(self, query: EnterpriseQuery) -> tuple[list[Enterprise], int]:
        with self._lock:
            if query.node_id is not None:
                pool = {eid for eid, links in self._links.items() if query.node_id in links}
            elif query.chain_id is not None:
                leaves = set(self.chain(query.chain_id).leaf_ids)
                pool = {eid for eid, links in self._links.items() if not leaves.isdisjoint(links)}
            else:
                pool = self._enterprises.keys()
            text = (query.text or "").strip()
            found = []
            for eid in pool:
                e = self._enterprises[eid]
                if text and not (text in e.name or text == e.id or text.upper() == (e.uscc or "")):
                    continue
                if query.tag and query.tag not in e.tags:
                    continue
                if not query.include_inactive and not e.active:
                    continue
                if query.scope is not None and not self._in_scope(e, query.scope):
                    continue
                found.append(e)
            found.sort(key=lambda e: e.id)
            return found[query.offset: query.offset + query.limit], len(found)

    def ids_by_uscc(self, usccs: list[str]) -> dict[str, str]:
        with self._lock:
            return {u: self._uscc[u] for u in usccs if u in self._uscc}

    def park_ids_of(self, enterprise_id: str) -> list[str]:
        with self._lock:
            return sorted(self._enterprise_parks.get(enterprise_id, ()))

    def links_by_grade(self, grade: LinkGrade, limit: int, offset: int) -> tuple[list[EnterpriseLink], int]:
        with self._lock:
            found = sorted(
                (link for links in self._links.values() for link in links.values() if link.grade is grade),
                key=lambda link: (link.enterprise_id, link.node_id),
            )
            return found[offset: offset + limit], len(found)

    def stats(self) -> Stats:
        with self._lock:
            linked = [e for e in self._enterprises.values() if self._links.get(e.id)]
            return Stats(
                chains=len(self._templates),
                nodes=sum(len(t.nodes) for t in self._templates.values()),
                leaves=sum(len(t.leaf_ids) for t in self._templates.values()),
                enterprises=len(self._enterprises),
                enterprise_links=sum(len(v) for v in self._links.values()),
                supply_links=len(self._supply),
                parks=len(self._parks),
                regions_with_enterprises=len({e.region_code for e in linked}),
                cities_with_enterprises=len({c for e in linked if (c := self._regions.city_of(e.region_code))}),
            )

    # -- writes
    def apply(self, changes: ChangeSet) -> ApplyResult:
        with self._lock:
            check_changes(self, changes)
            if self._journal:
                self._journal.append(changes)
            return self._apply_in_memory(changes)

    def _apply_in_memory(self, changes: ChangeSet) -> ApplyResult:
        created = sum(e.id not in self._enterprises for e in changes.enterprises)
        for e in changes.enterprises:
            self._put_enterprise(e)
        deleted = 0
        for eid in changes.delete_enterprises:
            if eid in self._enterprises:
                self._drop_enterprise(eid)
                deleted += 1
        for eid, node_id in changes.delete_links:
            self._drop_link(eid, node_id)
        for link in changes.links:
            self._put_link(link)
        for s in changes.supply:
            self._put_supply(s)
        return ApplyResult(created, len(changes.enterprises) - created, deleted, len(changes.links), len(changes.supply))

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

    def export(self) -> DataSet:
        with self._lock:
            return DataSet(
                chains=dict(self._templates),
                enterprises=sorted(self._enterprises.values(), key=lambda e: e.id),
                links=sorted((x for v in self._links.values() for x in v.values()), key=lambda x: (x.enterprise_id, x.node_id)),
                supply=[self._supply[k] for k in sorted(self._supply)],
                parks=self.parks(),
                park_members=sorted(
                    (ParkMember(park_id=p, enterprise_id=e) for p, es in self._park_members.items() for e in es),
                    key=lambda m: (m.park_id, m.enterprise_id),
                ),
                regions=self._regions,
            )

    def ping(self) -> None:
        return None

    def close(self) -> None:
        return None



