"""The embedded store: chain templates as networkx graphs, enterprises in compact columns.

Built for national scale (millions of enterprises, a few hundred links). Enterprises live in an
:class:`~app.store.embedded.table.EnterpriseTable` (one tuple of shared values per enterprise plus
numeric columns); models are built only for the rows a query returns. Indexes kept up to date on
every write, so a query never scans every enterprise:

- per leaf and per province / city / county code, the count of active enterprises with a
  confirmed link and how many of them are key enterprises (the coverage of any region is a lookup);
- per leaf, its counted enterprises, nationally and per prefecture-level city;
- per leaf and city, the key enterprises ordered by prominence (链主 first, then revenue), so the
  few names a gap report shows are a prefix;
- supply relations as numpy arrays (rebuilt lazily after a write), so "who trades with a local
  enterprise" is one vectorised pass, and the member rows of each leaf as a sorted array.

Writes are committed to a journal in SQLite (``app.store.embedded.journal``) before they are applied in memory,
so an acknowledged write survives a crash; :mod:`app.store.embedded.writes` builds the indexes and keeps
them up to date. Despite its first name (``NetworkXStore``), no enterprise lives in a networkx graph.
"""
from __future__ import annotations

import gc
import heapq
import threading
from collections import defaultdict
from functools import partial
from pathlib import Path

import numpy as np

from app.datadir.dataset import DataSet
from app.datadir.fastread import Columns, read_columns
from app.errors import NotFound
from app.regions import RegionIndex
from app.store.base import Candidates, Capability, EnterpriseQuery, Member, NodeCount, RankedMember, ScopeFilter, ScopeKind, Stats
from app.store.embedded.digest import EmbeddedDigest
from app.store.embedded.groups import EmbeddedGroups
from app.store.embedded.indexes import LinkColumns, id_ranks
from app.store.embedded.journal import Journal, damaged, journal_path
from app.store.embedded.members import EmbeddedMembers
from app.store.embedded.snapshots import EmbeddedSnapshots
from app.store.embedded.table import EnterpriseTable
from app.store.embedded.writes import IndexedWrites
from app.store.scale import ScaleBasis
from graph_schema.construct import constructor
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, Park, RegionLevel, Supply
from graph_schema.template import ChainTemplate

_supply = constructor(Supply)


class EmbeddedStore(IndexedWrites, EmbeddedSnapshots, EmbeddedGroups, EmbeddedMembers, EmbeddedDigest):
    """In-process store over a data directory plus its journal."""

    capabilities: frozenset[Capability] = frozenset({Capability.ranked_links, Capability.group_columns, Capability.member_columns})

    def __init__(self, ds: DataSet | None = None, journal: Path | None = None, columns: Columns | None = None):
        """``columns``: the enterprises, links and supply relations of ``ds`` as columns (instead of its lists)."""
        self._lock = threading.RLock()
        self._journal = Journal(journal) if journal else None
        self._reset(ds or DataSet(), columns)
        if self._journal:
            for seq, changes in self._journal.replay_numbered():
                try:
                    self._apply_in_memory(changes)
                except Exception as exc:  # a committed change the data directory cannot take: say which, and the way out
                    raise damaged(self._journal.path, seq, f"无法应用于数据目录 (cannot be applied: {exc!r})"[:400]) from None

    @classmethod
    def open(cls, data_dir: Path, state_dir: Path | None = None) -> EmbeddedStore:
        """Load ``data_dir`` and replay its journal, kept in ``state_dir`` (None: read-only, no journal)."""
        collecting = gc.isenabled()
        gc.disable()  # millions of long-lived rows: no collector passes over them while they are built
        try:
            ds, columns = read_columns(data_dir)
            journal = journal_path(data_dir, state_dir) if state_dir is not None else None
            store = cls(ds, journal, columns)
            del ds, columns
        finally:
            if collecting:
                gc.enable()
        gc.collect()  # once: cycles left while collection was off (an import's traceback holding the read files)
        store.prepare_members()  # the group columns every target list reads, once per load instead of in the first questions
        gc.freeze()  # then none over the loaded rows again: requests' collections skip them
        return store

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
    def _scope_mask(self, scope: ScopeFilter) -> np.ndarray:
        """A boolean per row: inside ``scope``."""
        t = self._table
        if scope.kind is ScopeKind.zone:  # inside any of its parts
            return np.logical_or.reduce([self._scope_mask(p) for p in scope.parts] or [np.zeros(len(t.rows), dtype=bool)])
        if scope.kind is ScopeKind.park:
            mask = np.zeros(len(t.rows), dtype=bool)
            mask[[t.slot[i] for i in self._park_members.get(scope.code, ()) if i in t.slot]] = True
            return mask
        col = {RegionLevel.province: t.province, RegionLevel.city: t.city}.get(scope.level, t.county)
        no = t._code_no.get(scope.code, -2)
        return np.frombuffer(col, dtype=np.int32) == no

    def _inside_rows(self, node_id: str, scope: ScopeFilter) -> set[int]:
        t = self._table
        if scope.kind is ScopeKind.zone:
            return set().union(*(self._inside_rows(node_id, p) for p in scope.parts))
        if scope.kind is ScopeKind.park:
            rows = {t.slot[i] for i in self._park_members.get(scope.code, ()) if i in t.slot}
            return rows & self._members.get(node_id, set())
        by_city = self._city_members.get(node_id, {})
        if scope.level is RegionLevel.city:
            return set(by_city.get(t._code_no.get(scope.code, -2), ()))
        if scope.level is RegionLevel.province:
            out: set[int] = set()
            for city, rows in by_city.items():
                if city >= 0 and self._regions.province_of(t.codes[city]) == scope.code:
                    out |= rows
            province = t._code_no.get(scope.code, -2)  # rows of a province-level code have no city
            return out | {r for r in by_city.get(-1, ()) if t.province[r] == province}
        county = t._code_no.get(scope.code, -2)
        city = t._code_no.get(self._regions.city_of(scope.code) or "", -1)
        return {r for r in by_city.get(city, ()) if t.county[r] == county}

    def node_counts(self, chain_id: str, scope: ScopeFilter | None) -> dict[str, NodeCount]:
        leaves = self.chain(chain_id).leaf_ids
        with self._lock:
            if scope is None:
                cells = {n: self._national.get(n) for n in leaves}
            elif scope.kind is not ScopeKind.region:  # a park or a zone: from its rows
                cells = {}
                for n in leaves:
                    rows = self._inside_rows(n, scope)
                    cells[n] = [len(rows), sum(self._table.key[r] for r in rows)]
            else:
                by_node = self._agg[scope.level]
                cells = {n: by_node[n].get(scope.code) if n in by_node else None for n in leaves}
            return {n: NodeCount(c[0], c[1]) for n, c in cells.items() if c and c[0] > 0}

    def city_node_counts(self, chain_id: str) -> dict[str, dict[str, int]]:
        """The city × link matrix, kept until the next write (callers must not change it)."""
        leaves = self.chain(chain_id).leaf_ids
        with self._lock:
            cached = self._city_x.get(chain_id)
            if cached is not None and cached[0] == self._version:
                return cached[1]
            matrix: dict[str, dict[str, int]] = defaultdict(dict)
            by_node = self._agg[RegionLevel.city]
            for n in leaves:
                for city, cell in by_node.get(n, {}).items():
                    if cell[0] > 0:
                        matrix[city][n] = cell[0]
            self._city_x[chain_id] = (self._version, dict(matrix))
            return self._city_x[chain_id][1]

    # -- members
    def _member(self, node_id: str, row: int) -> Member:
        t = self._table
        return Member(node_id, t.model(row), self._links[row][node_id][0])

    def node_members(self, node_id: str, scope: ScopeFilter | None, inside: bool = True) -> list[Member]:
        with self._lock:
            members = self._members.get(node_id, set())
            if scope is None:
                rows = members
            elif inside:
                rows = self._inside_rows(node_id, scope)
            else:
                rows = members - self._inside_rows(node_id, scope)
            ids = self._table.rows
            return [self._member(node_id, r) for r in sorted(rows, key=lambda r: ids[r][0])]

    def chain_members(self, chain_id: str, scope: ScopeFilter) -> list[Member]:
        members = []
        for node_id in self.chain(chain_id).leaf_ids:
            members.extend(self.node_members(node_id, scope, inside=True))
        return members

    def _ranked_keys(self, node_id: str, scope: ScopeFilter):
        t = self._table
        by_city = self._key_rank.get(node_id, {})
        if scope.kind is not ScopeKind.region:
            return sorted((t.prominence(r), r) for r in self._inside_rows(node_id, scope) if t.key[r])
        if scope.level is RegionLevel.city:
            return by_city.get(t._code_no.get(scope.code, -2), [])
        if scope.level is RegionLevel.province:
            return heapq.merge(*(ranked for city, ranked in by_city.items()
                                 if city >= 0 and self._regions.province_of(t.codes[city]) == scope.code))
        county = t._code_no.get(scope.code, -2)
        city = t._code_no.get(self._regions.city_of(scope.code) or "", -2)
        return (x for x in by_city.get(city, ()) if t.county[x[1]] == county)

    def key_members(self, chain_id: str, scope: ScopeFilter, per_node: int) -> list[Member]:
        out = []
        with self._lock:
            for node_id in self.chain(chain_id).leaf_ids:
                for i, (prominence, row) in enumerate(self._ranked_keys(node_id, scope)):
                    if i >= per_node and prominence[0]:  # past the quota and no longer a 链主
                        break
                    out.append(self._member(node_id, row))
        return out

    def candidates(self, node_id: str, scope: ScopeFilter, only: np.ndarray | None = None) -> Candidates:
        """See :meth:`GraphStore.candidates`; ``only`` keeps those positions of :meth:`link_columns` (all outside)."""
        with self._lock:  # one hold with link_columns (a write between them would leave its rows stale); the order of
            cols, gone, partners, tag_sets, codes = self.link_columns(node_id, scope)  # every id, once per version
            if getattr(self, "_id_ranks", (None,))[0] != self._version:
                self._id_ranks = (self._version, id_ranks(self._table.rows))
            return cols.outside(node_id, gone, partners, self._id_columns(), tag_sets, codes, only, self._id_ranks[1],
                                partial(self._group_columns, ranks=self._id_ranks[1]))

    def link_columns(self, node_id: str, scope: ScopeFilter) -> tuple[LinkColumns, np.ndarray, np.ndarray, list, list]:
        """The members of a link as columns, the positions among them of those inside ``scope``, a boolean per
        table row for an active partner inside ``scope``, and the table's tag sets and region codes (lists that only grow).

        Per scope, the partners are found once from the scope's active rows (two binary searches
        each in the supply arrays, no pass over every relation) and kept until the next scope or write.
        """
        with self._lock:
            self._chain_of(node_id)
            t = self._table
            cols = self._columns(node_id)
            if self._scoped[:2] != (scope, self._version):
                num = t.numeric()
                partners = np.zeros(len(t.rows), dtype=bool)
                if scope.kind is ScopeKind.region and scope.level is RegionLevel.city:
                    city = t._code_no.get(scope.code, -2)
                    found = self._arrays.city_partners(self._supply, num["city"], num["active"], city, self._version) \
                        if city >= 0 else np.empty(0, dtype=np.int64)
                else:
                    found = self._arrays.partner_rows(self._supply, np.flatnonzero(self._scope_mask(scope) & num["active"]))
                partners[found] = True
                self._scoped = (scope, self._version, {}, partners)
            gone = self._scoped[2].get(node_id)
            if gone is None or gone[0] is not cols:
                inside = self._inside_rows(node_id, scope)
                gone = self._scoped[2][node_id] = (cols, cols.positions(np.array(sorted(inside), dtype=np.int64)))
            return cols, gone[1], self._scoped[3], t.tag_sets, t.codes

    def _columns(self, node_id: str) -> LinkColumns:
        """The link's members as ranked columns, kept until its members change (call under the lock)."""
        cols = self._row_ids.get(node_id)
        if cols is None:
            rows = np.fromiter(sorted(self._members.get(node_id, ())), dtype=np.int64)
            cols = self._row_ids[node_id] = LinkColumns(rows, self._table.numeric())
        return cols

    def leading_members(self, chain_id: str, scope: ScopeFilter, top_share: float) -> list[RankedMember]:
        out = []
        with self._lock:
            for node_id in self.chain(chain_id).leaf_ids:
                inside = sorted(self._inside_rows(node_id, scope))
                if not inside:
                    continue
                cols = self._columns(node_id)
                at = cols.positions(np.array(inside, dtype=np.int64))
                value, basis = cols.scale(np.empty(0, dtype=np.int64), at)
                floor = 1.0 - top_share - 1e-9
                found = [RankedMember(node_id, self._table.model(int(cols.rows[p])), float(v), ScaleBasis(int(b)))
                         for p, v, b in zip(at.tolist(), value.tolist(), basis.tolist(), strict=True) if b and v >= floor]
                out.extend(sorted(found, key=lambda m: m.enterprise.id))
        return out

    def _chain_of(self, node_id: str) -> str:
        for t in self._templates.values():
            if node_id in t.by_id:
                return t.id
        raise NotFound(f"没有环节 {node_id} (no chain link {node_id!r})")

    # -- enterprises
    def get_enterprise(self, enterprise_id: str) -> Enterprise:
        with self._lock:
            row = self._table.slot.get(enterprise_id)
            if row is None:
                raise NotFound(f"没有企业 {enterprise_id} (no enterprise {enterprise_id!r})")
            return self._table.model(row)

    def enterprises(self, ids: list[str]) -> dict[str, Enterprise]:
        with self._lock:
            slot = self._table.slot
            return {i: self._table.model(slot[i]) for i in ids if i in slot}

    def enterprise_links(self, ids: list[str]) -> dict[str, list[EnterpriseLink]]:
        with self._lock:
            out = {}
            for i in ids:
                links = self._links.get(self._table.slot.get(i, -1))
                if links:
                    out[i] = [EnterpriseTable.link_model(i, n, links[n]) for n in sorted(links)]
            return out

    def supply_of(self, ids: list[str]) -> list[Supply]:
        with self._lock:
            slot, rows = self._table.slot, self._table.rows
            keys = self._arrays.touching(self._supply, [slot[i] for i in ids if i in slot])
            found = sorted((rows[s][0], rows[c][0], self._supply[(s, c)]) for s, c in keys)
            return [_supply({"supplier_id": s, "customer_id": c, "product": p}) for s, c, p in found]

    def find_enterprises(self, query: EnterpriseQuery) -> tuple[list[Enterprise], int]:
        with self._lock:
            t = self._table
            if query.node_id is not None:
                pool = [r for r, links in self._links.items() if query.node_id in links]
            elif query.chain_id is not None:
                leaves = set(self.chain(query.chain_id).leaf_ids)
                pool = [r for r, links in self._links.items() if not leaves.isdisjoint(links)]
            else:
                pool = list(t.slot.values())
            text = (query.text or "").strip()
            inside = self._scope_mask(query.scope) if query.scope is not None else None
            found = []
            for r in pool:
                row = t.rows[r]
                if row is None:
                    continue
                if text and not EnterpriseTable.has_text(row, text):
                    continue
                if query.tag and query.tag not in row[7]:
                    continue
                if not query.include_inactive and not t.active[r]:
                    continue
                if inside is not None and not inside[r]:
                    continue
                found.append(r)
            found.sort(key=lambda r: t.rows[r][0])
            return [t.model(r) for r in found[query.offset: query.offset + query.limit]], len(found)

    def ids_by_uscc(self, usccs: list[str]) -> dict[str, str]:
        with self._lock:
            return {u: self._uscc[u] for u in usccs if u in self._uscc}

    def park_ids_of(self, enterprise_id: str) -> list[str]:
        with self._lock:
            return sorted(self._enterprise_parks.get(enterprise_id, ()))

    def children(self, ids: list[str]) -> dict[str, list[str]]:
        with self._lock:
            return {i: sorted(self._children[i]) for i in dict.fromkeys(ids) if self._children.get(i)}

    def in_park(self, park_id: str, ids: list[str]) -> set[str]:
        with self._lock:
            members = self._park_members.get(park_id, set())
            return {i for i in ids if i in members}

    def _all_links(self):
        rows = self._table.rows
        for r, links in self._links.items():
            for n, info in links.items():
                yield rows[r][0], n, info

    def links_by_grade(self, grade: LinkGrade, limit: int, offset: int) -> tuple[list[EnterpriseLink], int]:
        with self._lock:
            found = sorted((e, n, info) for e, n, info in self._all_links() if info[2] is grade)
            return [EnterpriseTable.link_model(*x) for x in found[offset: offset + limit]], len(found)

    def stats(self) -> Stats:
        with self._lock:
            t = self._table
            linked = [r for r, links in self._links.items() if links]
            return Stats(
                chains=len(self._templates),
                nodes=sum(len(x.nodes) for x in self._templates.values()),
                leaves=sum(len(x.leaf_ids) for x in self._templates.values()),
                enterprises=len(t.slot),
                enterprise_links=sum(len(v) for v in self._links.values()),
                supply_links=len(self._supply),
                parks=len(self._parks),
                regions_with_enterprises=len({t.county[r] for r in linked}),
                cities_with_enterprises=len({t.city[r] for r in linked if t.city[r] >= 0}),
            )

    def ping(self) -> None:
        self.refresh()  # a journal another process damaged answers 503 in words, here as on every request

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
