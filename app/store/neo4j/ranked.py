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

>>> import numpy as np
>>> link = _Link.of([["b", 2.0, None, ["上市"], "510104", "510100", "510000", None],
...                  ["a", 1.0, 5, None, "420102", "420100", "420000", "b"]])
>>> link.ids.tolist(), link.tag_sets, link.cols.scale_all.tolist()
(['b', 'a'], [(), ('上市',)], [1.0, 0.0])
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import neo4j
import numpy as np

from app.store.base import Candidates, RankedMember, ScopeFilter, ScopeKind
from app.store.embedded.indexes import LinkColumns
from app.store.members import leading_from
from app.store.neo4j.session import single
from app.store.neo4j.shapes import PartnersQuery, scope_shape
from graph_schema.models import LinkGrade, RegionLevel

_CONFIRMED = LinkGrade.confirmed.value
SCOPES_KEPT = 64  # scopes whose side (partners, park members) is kept per data stamp


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
    _at: dict = field(default_factory=dict)

    @classmethod
    def of(cls, members: list[list]) -> _Link:
        """From the rows of ``link_columns.cypher`` (id, revenue, headcount, tags, region, city, province, parent)."""
        nan = float("nan")
        tags = [tuple(m[3] or ()) for m in members]
        regions = [m[4] for m in members]
        tag_sets, codes = sorted(set(tags)), sorted(set(regions))
        tag_no, code_no = {t: i for i, t in enumerate(tag_sets)}, {c: i for i, c in enumerate(codes)}
        num = {"revenue": np.array([nan if m[1] is None else float(m[1]) for m in members], dtype=float),
               "employees": np.array([nan if m[2] is None else float(m[2]) for m in members], dtype=float),
               "tagset": np.array([tag_no[t] for t in tags], dtype=np.int32),
               "county": np.array([code_no[c] for c in regions], dtype=np.int32)}
        return cls(LinkColumns(np.arange(len(members), dtype=np.int64), num),
                   np.array([m[0] for m in members], dtype=object), np.array([m[7] for m in members], dtype=object),
                   tag_sets, codes, np.array(regions, dtype=object), np.array([m[5] for m in members], dtype=object),
                   np.array([m[6] for m in members], dtype=object))

    def positions(self, ids) -> np.ndarray:
        """Positions of those of ``ids`` that are members, ascending."""
        if not self._at:
            self._at.update((i, p) for p, i in enumerate(self.ids.tolist()))
        return np.array(sorted({self._at[i] for i in ids if i in self._at}), dtype=np.int64)


@dataclass(frozen=True)
class _Side:
    """The scope's side: ids with a supply relation to an active local enterprise, and a park's active members."""

    partners: frozenset
    inside: frozenset


class Neo4jRanked:
    """The :attr:`~app.store.base.Capability.ranked_links` half of :class:`~app.store.neo4j.store.Neo4jStore`."""

    _conn: object

    stamp_ttl_s = 1.0
    """How long a data stamp read is trusted before the next read of kept columns checks it again (another
    process's write shows within it, as a load shows in the catalogue within ``catalog_ttl_s``); this store's
    own writes and every :meth:`data_version` that reads a new stamp drop the kept columns at once."""

    def _ranked_state(self) -> tuple[threading.Lock, dict]:
        state = self.__dict__.get("_ranked")
        if state is None:
            state = self.__dict__.setdefault("_ranked", (threading.Lock(), {"stamp": None, "checked": 0.0, "links": {},
                                                                            "sides": {}}))
        return state

    def _stamp_seen(self, version: str | None) -> None:
        """Note a data stamp just read (None: loading, or no stamp): a new one drops whatever was kept."""
        lock, kept = self._ranked_state()
        with lock:
            if version is None or kept["stamp"] != version:
                kept.update(stamp=version, links={}, sides={})
            kept["checked"] = time.monotonic()

    def _link(self, node_id: str) -> _Link:
        """The link's columns for the current data stamp (read with the stamp, in one transaction, when not kept)."""
        lock, kept = self._ranked_state()
        with lock:
            if kept["stamp"] is not None and node_id in kept["links"] and time.monotonic() - kept["checked"] < self.stamp_ttl_s:
                return kept["links"][node_id]

        def work(tx: neo4j.ManagedTransaction) -> tuple[str | None, _Link | None]:
            stamp = single(tx, "read_data_version")
            version = None if stamp is None or stamp["loading"] else stamp["version"]
            with lock:
                if version is not None and kept["stamp"] == version and node_id in kept["links"]:
                    return version, kept["links"][node_id]
            found = single(tx, "link_columns", node_id=node_id, confirmed=_CONFIRMED)
            return version, _Link.of(found["members"] if found else [])

        version, link = self._conn.read(work)
        self._stamp_seen(version)
        if version is not None:
            with lock:
                if kept["stamp"] == version:
                    kept["links"][node_id] = link
        return link

    def _side(self, scope: ScopeFilter) -> _Side:
        """The scope's side for the stamp :meth:`_link` last saw (one query from the scope, kept per scope); a zone's
        is the union of its parts' sides."""
        if scope.kind is ScopeKind.zone:
            sides = [self._side(part) for part in scope.parts]
            return _Side(frozenset().union(*(x.partners for x in sides)), frozenset().union(*(x.inside for x in sides)))
        lock, kept = self._ranked_state()
        with lock:
            found = kept["sides"].get(scope) if kept["stamp"] is not None else None
        if found is not None:
            return found
        name = PartnersQuery[scope_shape(scope)]
        got = self._conn.read(lambda tx: single(tx, name, code=scope.code)) or {"partners": [], "inside": []}
        side = _Side(frozenset(got["partners"]), frozenset(got["inside"]))
        with lock:
            if kept["stamp"] is not None:
                if len(kept["sides"]) >= SCOPES_KEPT:
                    kept["sides"].pop(next(iter(kept["sides"])))
                kept["sides"][scope] = side
        return side

    def _inside(self, link: _Link, scope: ScopeFilter, side: _Side) -> np.ndarray:
        """Positions of the link's members inside ``scope`` (a zone: inside any of its parts)."""
        if scope.kind is ScopeKind.zone:
            found = [self._inside(link, part, self._side(part)) for part in scope.parts]
            return np.unique(np.concatenate(found)).astype(np.int64) if found else np.empty(0, dtype=np.int64)
        if scope.kind is ScopeKind.park:
            return link.positions(side.inside)
        column = {RegionLevel.province: link.province, RegionLevel.city: link.city}.get(scope.level, link.region)
        return np.flatnonzero(column == scope.code)

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
        """See :meth:`app.store.base.GraphStore.leading_members`: the members inside from the scope's query, ranked in the kept columns."""
        inside: dict[str, list] = {}
        for m in self.chain_members(chain_id, scope):
            inside.setdefault(m.node_id, []).append(m)
        out = []
        for node_id in sorted(inside):
            link = self._link(node_id)
            mine = sorted(inside[node_id], key=lambda m: m.enterprise.id)
            at = link.positions([m.enterprise.id for m in mine])
            by_id = {m.enterprise.id: m.enterprise for m in mine}
            ranked = [by_id[i] for i in link.ids[at].tolist()]
            out.extend(sorted(leading_from(node_id, link.cols.revenue, link.cols.employees, at.tolist(), ranked, top_share),
                              key=lambda m: m.enterprise.id))
        return out
