"""Ranked links on Neo4j: each link's members as columns, read once per data stamp, and the scope's side read once.

A target list asks for the candidates of every gap link (``GraphStore.candidates``). Without
columns that meant, per link, every member nationwide with all its properties, their supply
relations, the other ends of those and, for a park, their park memberships (45–60 s per list at
1M enterprises). Here:

- **per link, scope-free** (``link_columns.cypher``): one record with eight columns of the
  link's active members (id, revenue, headcount, tags, region, city, province, parent), ranked
  into :class:`~app.store.embedded.indexes.LinkColumns` (the one home of the rank arithmetic,
  shared with the embedded store) and kept until the data stamp changes (every write through
  ChainMap stamps; see :meth:`~app.store.neo4j.store.Neo4jStore.data_version`);
- **per scope** (``scope_partners_<shape>.cypher``): one query from the scope's side, starting
  at the indexed region code (or the park): the ids of every enterprise with a supply relation to
  an active local enterprise, and for a park its active members. It is kept per (scope, stamp);
- inside a region scope is a comparison of the kept city / province / region columns.

The candidates of a link are then a selection of kept columns: no query but the stamp. The
models of the rows a list keeps are read once, by the analysis (``Candidates.models`` is empty).
Leading members are ranked in the same columns (only the leaders' models are read). Everything
kept (columns, sides, a chain's members inside a scope, key and leading members)
shares one byte budget per worker (:class:`~app.store.neo4j.kept.Kept`, ``CHAINMAP_NEO4J_KEPT_MB``),
least recently used dropped first, all of it dropped when the stamp changes; :meth:`Neo4jRanked.warm`
reads every link's columns ahead.

>>> import numpy as np
>>> link = _Link.of([["b", 2.0, None, ["上市"], "510104", "510100", "510000", None],
...                  ["a", 1.0, 5, None, "420102", "420100", "420000", "b"]])
>>> link.ids.tolist(), link.tag_sets, link.cols.scale_all.tolist()
(['b', 'a'], [(), ('上市',)], [1.0, 0.0])
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

import neo4j
import numpy as np

from app.store.base import Candidates, RankedMember, ScopeFilter, ScopeKind
from app.store.digest import flags_of
from app.store.embedded.indexes import LinkColumns
from app.store.members import leading_from
from app.store.neo4j.kept import Kept, size_of_strings
from app.store.neo4j.members import MEMBER_BYTES
from app.store.neo4j.records import enterprise_stored
from app.store.neo4j.session import plain, single
from app.store.neo4j.shapes import PartnersQuery, scope_shape
from graph_schema.models import Enterprise, LinkGrade, RegionLevel

_CONFIRMED = LinkGrade.confirmed.value
T = TypeVar("T")


@dataclass
class _Link:
    """One link's active members as columns (position = order read), with what the columns number."""

    cols: LinkColumns
    ids: np.ndarray       # object: enterprise ids
    parents: np.ndarray   # object: parent_id or None
    tag_sets: list        # tag_sets[cols.tagset[i]] are member i's tags
    codes: list           # codes[cols.county[i]] is member i's region code
    region: np.ndarray    # object: region_code per member
    city: np.ndarray      # object: city_code per member
    province: np.ndarray  # object: province_code per member
    group: np.ndarray | None = None  # int32: group_sets[group[i]] are the group tags member i inherits
    group_sets: list = field(default_factory=lambda: [()])
    _at: dict = field(default_factory=dict)
    _within: dict = field(default_factory=dict)
    _memo: dict = field(default_factory=dict)

    @classmethod
    def of(cls, members: list[list]) -> _Link:
        """From the rows of ``link_columns.cypher`` (id, revenue, headcount, tags, region, city, province, parent,
        group tags)."""
        nan = float("nan")
        tags = [tuple(m[3] or ()) for m in members]
        groups = [tuple(m[8] or ()) if len(m) > 8 else () for m in members]
        group_sets = sorted(set(groups) | {()})
        group_no = {t: i for i, t in enumerate(group_sets)}
        one: dict = {}  # one string object per distinct code, not one per member
        regions = [one.setdefault(m[4], m[4]) for m in members]
        tag_sets, codes = sorted(set(tags)), sorted(set(regions))
        tag_no, code_no = {t: i for i, t in enumerate(tag_sets)}, {c: i for i, c in enumerate(codes)}
        num = {"revenue": np.array([nan if m[1] is None else float(m[1]) for m in members], dtype=float),
               "employees": np.array([nan if m[2] is None else float(m[2]) for m in members], dtype=float),
               "tagset": np.array([tag_no[t] for t in tags], dtype=np.int32),
               "county": np.array([code_no[c] for c in regions], dtype=np.int32)}
        return cls(LinkColumns(np.arange(len(members), dtype=np.int64), num),
                   np.array([m[0] for m in members], dtype=object), np.array([m[7] for m in members], dtype=object),
                   tag_sets, codes, np.array(regions, dtype=object),
                   np.array([one.setdefault(m[5], m[5]) for m in members], dtype=object),
                   np.array([one.setdefault(m[6], m[6]) for m in members], dtype=object),
                   np.array([group_no[g] for g in groups], dtype=np.int32), group_sets)

    def within(self, level: RegionLevel | None, code: str) -> np.ndarray:
        """Positions of the members whose city (``level`` city), province or region code is ``code``, ascending; the
        positions of every code are grouped once per column (a roadmap asks for each neighbouring city)."""
        by_code = self._within.get(level)
        if by_code is None:  # grouped by region code number (integers), then each code's group under its city / province
            column = {RegionLevel.province: self.province, RegionLevel.city: self.city}.get(level, self.region)
            county = self.cols.county
            order = np.argsort(county, kind="stable")
            numbers, starts = np.unique(county[order], return_index=True)
            parts: dict = {}
            for _, at in zip(numbers.tolist(), np.split(order, starts[1:]) if len(order) else [], strict=True):
                parts.setdefault(column[at[0]], []).append(at)
            by_code = self._within[level] = {c: np.sort(np.concatenate(xs)) if len(xs) > 1 else xs[0] for c, xs in parts.items()}
        return by_code.get(code, np.empty(0, dtype=np.int64))

    def flags(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Lookup columns of a gap report's digest, computed once: per tag set, 链主 and a key tag; per group tag set,
        any tag and 链主 (index them with ``cols.tagset`` / ``group``)."""
        if "flags" not in self._memo:
            sets = self.group_sets
            self._memo["flags"] = (*flags_of(self.tag_sets), np.array([bool(g) for g in sets], dtype=bool), flags_of(sets)[0])
        return self._memo["flags"]

    def order(self) -> np.ndarray:
        """Per member, an integer that sorts as its id does (computed once; ids compared as fixed-width text in numpy)."""
        if "order" not in self._memo:
            ranks = np.empty(len(self.ids), dtype=np.int64)
            ranks[np.argsort(np.array(self.ids.tolist(), dtype=str), kind="stable")] = np.arange(len(self.ids))
            self._memo["order"] = ranks
        return self._memo["order"]

    def positions(self, ids) -> np.ndarray:
        """Positions of those of ``ids`` that are members, ascending."""
        if not self._at:
            self._at.update((i, p) for p, i in enumerate(self.ids.tolist()))
        return np.array(sorted({self._at[i] for i in ids if i in self._at}), dtype=np.int64)

    def size(self) -> int:
        """Bytes these columns hold, estimated: the arrays, the id strings, a pointer per code (codes are shared)."""
        arrays = sum(a.nbytes for a in vars(self.cols).values() if isinstance(a, np.ndarray))
        arrays += sum(a.nbytes for r in (self.cols.rev_rank, self.cols.staff_rank) for a in r)
        n = len(self.ids)
        return (arrays + size_of_strings(self.ids.tolist()) + size_of_strings(self.parents.tolist()) + 3 * 8 * n
                + size_of_strings(self.codes) + 200 * (len(self.tag_sets) + len(self.group_sets)) + 20 * n
                + (120 * n if self._at else 0) + 1024)


@dataclass(frozen=True)
class _Side:
    """The scope's side: ids with a supply relation to an active local enterprise, and a park's active members."""

    partners: frozenset
    inside: frozenset

    def size(self) -> int:
        return size_of_strings(self.partners) + size_of_strings(self.inside) + 64 * (len(self.partners) + len(self.inside))


def _link_columns(tx: neo4j.ManagedTransaction, node_id: str) -> _Link:
    found = plain(tx, "link_columns", node_id=node_id, confirmed=_CONFIRMED)
    return _Link.of(found["members"] if found else [])


class Neo4jRanked:
    """The :attr:`~app.store.base.Capability.ranked_links` half of :class:`~app.store.neo4j.store.Neo4jStore`, and what
    it keeps per data stamp (link columns, scope sides, a chain's members inside a scope) under one byte budget."""

    _conn: object

    stamp_ttl_s = 1.0
    """How long a data stamp read is trusted before the next read of kept columns checks it again (another
    process's write shows within it, as a load shows in the catalogue within ``catalog_ttl_s``); this store's
    own writes and every :meth:`data_version` that reads a new stamp drop the kept columns at once."""

    kept_mb = 1024.0
    """The budget of what is kept per data stamp, in MB (``CHAINMAP_NEO4J_KEPT_MB``); least recently used goes first."""

    def _ranked_state(self) -> tuple[threading.Lock, dict]:
        state = self.__dict__.get("_ranked")
        if state is None:
            state = self.__dict__.setdefault("_ranked", (threading.Lock(), {"stamp": None, "checked": 0.0,
                                                                            "kept": Kept(int(self.kept_mb * 2**20))}))
        return state

    def _stamp_seen(self, version: str | None) -> None:
        """Note a data stamp just read (None: loading, or no stamp): a new one drops whatever was kept."""
        lock, state = self._ranked_state()
        with lock:
            if version is None or state["stamp"] != version:
                state["stamp"] = version
                state["kept"].clear()
            state["checked"] = time.monotonic()

    def _stamp_fresh(self, version: str | None) -> bool:
        """Whether ``version`` is the data stamp last read, less than ``stamp_ttl_s`` ago (then no need to read it again)."""
        lock, state = self._ranked_state()
        with lock:
            return version is not None and state["stamp"] == version and time.monotonic() - state["checked"] < self.stamp_ttl_s

    def _kept(self, key: tuple, read: Callable[[neo4j.ManagedTransaction], tuple[T, int]] | None) -> T | None:
        """What is kept under ``key`` for the current data stamp; else ``read`` (value, bytes) in one transaction with
        the stamp, and kept under it (while the stamp holds and the budget allows). ``read`` None: only what is kept
        (None if nothing is; the stamp is read again if it was last read more than ``stamp_ttl_s`` ago)."""
        lock, state = self._ranked_state()
        with lock:
            if state["stamp"] is not None and time.monotonic() - state["checked"] < self.stamp_ttl_s:
                found = state["kept"].get(key)
                if found is not None or read is None:  # kept, or only asked what is kept: no query
                    return found

        def work(tx: neo4j.ManagedTransaction) -> tuple[str | None, T, int | None]:
            stamp = single(tx, "read_data_version")
            version = None if stamp is None or stamp["loading"] else stamp["version"]
            with lock:
                found = state["kept"].get(key) if version is not None and state["stamp"] == version else None
            if found is not None or read is None:
                return version, found, None
            return (version, *read(tx))

        version, value, size = self._conn.read(work)
        self._stamp_seen(version)
        if version is not None and size is not None:
            with lock:
                if state["stamp"] == version:
                    state["kept"].put(key, value, size)
        return value

    def _keep(self, key: tuple, value, size: int) -> None:
        """Keep ``value`` under the stamp last read (computed from kept values of that stamp)."""
        lock, state = self._ranked_state()
        with lock:
            if state["stamp"] is not None:
                state["kept"].put(key, value, size)

    def _enterprise(self, props: dict) -> Enterprise:
        """The model of an enterprise's properties as ChainMap stored them (:func:`~app.store.neo4j.records.enterprise_stored`:
        ~4 µs, not kept; validating each read again cost ~80 µs, which a per-stamp keep of the models only saved on repeats)."""
        return enterprise_stored(props)

    def kept_bytes(self) -> int:
        """Bytes kept now (estimated), within :attr:`kept_mb`."""
        lock, state = self._ranked_state()
        with lock:
            return state["kept"].bytes

    def _link(self, node_id: str) -> _Link:
        """The link's columns for the current data stamp (read with the stamp, in one transaction, when not kept)."""
        def read(tx: neo4j.ManagedTransaction) -> tuple[_Link, int]:
            link = _link_columns(tx, node_id)
            return link, link.size()

        return self._kept(("link", node_id), read)

    def warm(self, chain_ids: list[str] | None = None) -> int:
        """Read the columns of every leaf of ``chain_ids`` (all chains) now, one transaction per chain, while the budget
        holds (a worker's start, or a bench before timing; never needed for correctness); returns the links read."""
        lock, state = self._ranked_state()
        read = 0
        for chain_id in chain_ids or [t.id for t in self.chains()]:
            leaves = [n for n in self.chain(chain_id).leaf_ids if ("link", n) not in state["kept"]]

            def work(tx: neo4j.ManagedTransaction, leaves=leaves) -> tuple[str | None, list]:
                stamp = single(tx, "read_data_version")
                version = None if stamp is None or stamp["loading"] else stamp["version"]
                return version, [(n, _link_columns(tx, n)) for n in leaves] if version is not None else []

            version, links = self._conn.read(work)
            self._stamp_seen(version)
            with lock:
                for node_id, link in links:
                    size = link.size()
                    if state["stamp"] != version or state["kept"].bytes + size > state["kept"].max_bytes:
                        return read
                    state["kept"].put(("link", node_id), link, size)
                    link.within(RegionLevel.city, "")  # group the members by city and rank their ids now, not in a first
                    link.order()                        # gap report
                    read += 1
        return read

    def _side(self, scope: ScopeFilter) -> _Side:
        """The scope's side for the current stamp (one query from the scope, kept per scope); a zone's is the union of
        its parts' sides."""
        if scope.kind is ScopeKind.zone:
            sides = [self._side(part) for part in scope.parts]
            return _Side(frozenset().union(*(x.partners for x in sides)), frozenset().union(*(x.inside for x in sides)))
        name = PartnersQuery[scope_shape(scope)]

        def read(tx: neo4j.ManagedTransaction) -> tuple[_Side, int]:
            got = plain(tx, name, code=scope.code) or {"partners": [], "inside": []}
            side = _Side(frozenset(got["partners"]), frozenset(got["inside"]))
            return side, side.size()

        return self._kept(("side", scope), read)

    def _inside(self, link: _Link, scope: ScopeFilter, side: _Side | None) -> np.ndarray:
        """Positions of the link's members inside ``scope`` (a zone: inside any of its parts); ``side`` is needed for a park."""
        if scope.kind is ScopeKind.zone:
            found = [self._inside(link, part, self._side(part) if part.kind is ScopeKind.park else None) for part in scope.parts]
            return np.unique(np.concatenate(found)).astype(np.int64) if found else np.empty(0, dtype=np.int64)
        if scope.kind is ScopeKind.park:
            return link.positions(side.inside)
        return link.within(scope.level, scope.code)

    def link_columns(self, node_id: str, scope: ScopeFilter) -> tuple[LinkColumns, np.ndarray, np.ndarray, list, list]:
        """See :meth:`app.store.base.RankedLinks.link_columns`: ``partners`` has one boolean per member position."""
        link = self._link(node_id)
        side = self._side(scope)
        partners = np.fromiter((i in side.partners for i in link.ids.tolist()), dtype=bool, count=len(link.ids))
        return link.cols, self._inside(link, scope, side), partners, link.tag_sets, link.codes

    def candidates(self, node_id: str, scope: ScopeFilter, only: np.ndarray | None = None) -> Candidates:
        """See :meth:`app.store.base.RankedLinks.candidates`: a selection of kept columns."""
        link = self._link(node_id)
        side = self._side(scope)
        cols = link.cols
        if only is None:
            out = np.ones(len(link.ids), dtype=bool)
            out[self._inside(link, scope, side)] = False
            only = np.flatnonzero(out)
        ids = link.ids[only]
        value, basis = cols.scale(np.empty(0, dtype=np.int64), only)  # among every member: the largest is 100%
        partner = np.fromiter((i in side.partners for i in ids.tolist()), dtype=bool, count=len(ids))
        return Candidates(node_id, ids, cols.revenue[only], cols.employees[only], cols.tagset[only], link.tag_sets,
                          cols.county[only], link.codes, partner, value, basis, parents=link.parents[only])

    def leading_members(self, chain_id: str, scope: ScopeFilter, top_share: float) -> list[RankedMember]:
        """See :meth:`app.store.base.GraphStore.leading_members`: the members inside found and ranked in the kept columns of
        the leaves with local members (``node_counts``); only the leading ones' models are read, or taken from the chain's
        kept members (a neighbouring city's leaders cost no member list). Kept per (chain, scope, share) and stamp: a gap
        report asks for them again for every chain it fuses with."""
        key = ("leading", chain_id, scope, top_share)
        kept = self._kept(key, None)
        if kept is not None:
            return list(kept)
        side = self._side(scope) if scope.kind is ScopeKind.park else None
        found = []
        for node_id in sorted(self.node_counts(chain_id, scope)):
            link = self._link(node_id)
            at = self._inside(link, scope, side)
            found.extend(sorted(leading_from(node_id, link.cols.revenue, link.cols.employees, at.tolist(), link.ids[at].tolist(),
                                             top_share), key=lambda m: m.enterprise))
        members = self._kept(("members", chain_id, scope), None) if found else None
        models = {m.enterprise.id: m.enterprise for m in members} if members is not None else \
            self.enterprises([m.enterprise for m in found]) if found else {}
        out = tuple(replace(m, enterprise=models[m.enterprise]) for m in found)
        self._keep(key, out, MEMBER_BYTES * len(out) + 256)
        return list(out)
