"""The Neo4j store: the store contract over a Neo4j 5 server, every query a file in ``queries/``.

Chain templates, regions and parks change only when a data set is loaded; they are read once
into a catalogue and read again only when the catalogue stamps in the database change (any
store instance that loads stamps a new version); the national region list is recognised by its
fingerprint and taken from the product instead of read back. Enterprises and their relations are always
read from the server. The data stamp (``(:Meta {id: 'data'})``), written in the transaction of
every change set and once at the end of every load, is :meth:`Neo4jStore.data_version`: the
API's answers are reused until any process writes. Only active enterprises and confirmed links count in aggregates and
member lists, exactly as in :class:`~app.store.embedded.store.EmbeddedStore`; scope filters
are equalities on the indexed ``province_code`` / ``city_code`` / ``region_code`` properties.
It declares :attr:`~app.store.base.Capability.ranked_links` (:mod:`app.store.neo4j.ranked`): each link's
members are read as columns once per data stamp, and a scope's side once, so a target list asks the
server one small question per gap link (the stamp) once they are kept.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import neo4j

from app.datadir.dataset import DataSet
from app.errors import NotFound, StoreUnavailable
from app.regions import RegionIndex
from app.settings import Settings
from app.store.base import (
    ApplyResult,
    Capability,
    ChangeSet,
    EnterpriseQuery,
    NodeCount,
    ScopeFilter,
    Stats,
)
from app.store.changes import check_changes
from app.store.neo4j.digest import Neo4jDigest
from app.store.neo4j.groups import Neo4jGroups
from app.store.neo4j.load import LoadReport, apply_changes, export_is_whole, load_dataset
from app.store.neo4j.members import Neo4jMembers
from app.store.neo4j.ranked import Neo4jRanked
from app.store.neo4j.records import (
    enterprise_from,
    is_national,
    link_from,
    park_from,
    region_from,
    stamp_number,
    supply_from,
    templates_from,
)
from app.store.neo4j.session import Neo4jConnection, plain, rows, single
from app.store.neo4j.shapes import CountsQuery, find_params, find_shape, scope_shape
from app.store.neo4j.snapshots import Neo4jSnapshots
from app.store.zones import counts_of, is_zone, zone_find
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade, Park, ParkMember, Supply
from graph_schema.template import ChainTemplate

_CONFIRMED = LinkGrade.confirmed.value
EXPORT_ATTEMPTS = 10  # reads of a consistent export while writes go on


@dataclass(frozen=True)
class _Catalog:
    version: str | None
    regions_stamp: str | None
    templates: dict[str, ChainTemplate]
    regions: RegionIndex
    parks: dict[str, Park]


def _read_regions(tx: neo4j.ManagedTransaction, stamp: str | None, cached: _Catalog | None) -> RegionIndex:
    if cached is not None and stamp is not None and cached.regions_stamp == stamp:
        return cached.regions
    if is_national(stamp):
        return RegionIndex.national()  # the list shipped with the product: no need to read 3,200 rows
    stored = [region_from(r["region"]) for r in rows(tx, "read_regions")]
    # An empty database answers with the national list, as an empty embedded store does.
    return RegionIndex(stored) if stored else RegionIndex.national()


def _read_catalog(tx: neo4j.ManagedTransaction, cached: _Catalog | None) -> _Catalog:
    stamps = single(tx, "read_catalog_version")
    if (cached is not None and stamps["version"] is not None
            and (cached.version, cached.regions_stamp) == (stamps["version"], stamps["regions"])):
        return cached
    templates = templates_from(
        [r["chain"] for r in rows(tx, "read_chains")], [r["node"] for r in rows(tx, "read_chain_nodes")],
        rows(tx, "read_feeds"), rows(tx, "read_related"),
    )
    regions = _read_regions(tx, stamps["regions"], cached)
    parks = {p.id: p for p in (park_from(r["park"]) for r in rows(tx, "read_parks"))}
    return _Catalog(stamps["version"], stamps["regions"], templates, regions, parks)


class Neo4jStore(Neo4jGroups, Neo4jMembers, Neo4jRanked, Neo4jSnapshots, Neo4jDigest):
    """The store contract over a Neo4j server (single instance, or a cluster through ``neo4j://``)."""

    capabilities: frozenset[Capability] = frozenset({Capability.ranked_links})
    catalog_ttl_s = 1.0
    write_workers = 2
    """Write transactions a load sends at once for the per-enterprise steps of an incremental load (see load.py)."""
    """How stale a catalogue loaded by *another* process may be seen; this store's own loads show at once."""

    def __init__(self, conn: Neo4jConnection, batch_size: int = 5000, kept_mb: float | None = None):
        self._conn = conn
        self.batch_size = batch_size
        if kept_mb is not None:
            self.kept_mb = kept_mb
        self._catalog: _Catalog | None = None
        self._checked = 0.0
        self._counts: dict[str, tuple[str, dict, dict]] = {}  # chain → (data version, counts by city, memo)
        self.last_load: LoadReport | None = None
        """Rows written and seconds taken (emptying, writing) by this store's last load (the benchmark reads it)."""
        self._stamp: str | None = None  # the data stamp data_version() last read
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        """A store on ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``; connects on first use."""
        conn = Neo4jConnection(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(),
                               settings.neo4j_database, settings.neo4j_timeout_s)
        return cls(conn, settings.neo4j_batch_size, settings.neo4j_kept_mb)

    def _cat(self) -> _Catalog:
        """The catalogue, its stamps checked at most once per ``catalog_ttl_s`` (an analysis asks hundreds of times)."""
        with self._lock:
            now = time.monotonic()
            if self._catalog is None or now - self._checked >= self.catalog_ttl_s:
                self._catalog = self._conn.read(_read_catalog, self._catalog)
                self._checked = now
            return self._catalog

    # -- templates, regions, parks
    def chains(self) -> list[ChainTemplate]:
        return list(self._cat().templates.values())

    def chain(self, chain_id: str) -> ChainTemplate:
        templates = self._cat().templates
        try:
            return templates[chain_id]
        except KeyError:
            raise NotFound(f"没有产业链 {chain_id} (no chain {chain_id!r}); 可选: {', '.join(templates)}") from None

    def regions(self) -> RegionIndex:
        return self._cat().regions

    def parks(self) -> list[Park]:
        return list(self._cat().parks.values())

    def park(self, park_id: str) -> Park:
        try:
            return self._cat().parks[park_id]
        except KeyError:
            raise NotFound(f"没有园区 {park_id} (no park {park_id!r})") from None

    # -- aggregates
    def _chain_counts(self, chain_id: str) -> tuple[dict[str | None, dict[str, NodeCount]], dict] | None:
        """Per city (None: no known city) and leaf, the counts of one chain, and a memo of answers derived
        from them (national counts, the city × link matrix); None while a load runs.

        One pass over the chain's links answers the national counts, every city's counts and the
        city × link matrix; it is kept until the data stamp changes (every load and every applied
        change set, from any process, stamps a new version), read in the same transaction, or taken
        without a transaction while the stamp it was read with was seen less than ``stamp_ttl_s`` ago,
        as the kept link columns are.
        """
        cached = self._counts.get(chain_id)
        if cached is not None and self._stamp_fresh(cached[0]):  # the stamp was read less than stamp_ttl_s ago
            return cached[1], cached[2]

        def work(tx: neo4j.ManagedTransaction) -> tuple[str | None, dict | None, dict]:
            stamp = single(tx, "read_data_version")
            if stamp["version"] is None or stamp["loading"]:
                return None, None, {}
            cached = self._counts.get(chain_id)
            if cached is not None and cached[0] == stamp["version"]:
                return cached
            by_city: dict[str | None, dict[str, NodeCount]] = {}
            for r in rows(tx, "chain_counts", chain_id=chain_id, confirmed=_CONFIRMED):
                by_city.setdefault(r["city_code"], {})[r["node_id"]] = NodeCount(r["local"], r["key"])
            return stamp["version"], by_city, {}

        version, by_city, memo = self._conn.read(work)
        self._stamp_seen(version)
        if by_city is None:
            return None
        with self._lock:
            self._counts[chain_id] = (version, by_city, memo)
        return by_city, memo

    def node_counts(self, chain_id: str, scope: ScopeFilter | None) -> dict[str, NodeCount]:
        leaves = self.chain(chain_id).leaf_ids
        if is_zone(scope):  # a zone: counted from its members (any of its parts)
            return counts_of(self.chain_members(chain_id, scope))
        shape = scope_shape(scope)
        counts = self._chain_counts(chain_id) if shape in ("national", "city") else None
        if counts is not None and scope is None:
            by_city, memo = counts
            if "national" not in memo:
                memo["national"] = {n: NodeCount(sum(x[n].local for x in by_city.values() if n in x),
                                                 sum(x[n].key for x in by_city.values() if n in x)) for n in leaves}
            by_node = memo["national"]
        elif counts is not None:
            by_node = counts[0].get(scope.code, {})
        else:
            name = CountsQuery[shape]
            found = self._conn.read(lambda tx: rows(tx, name, chain_id=chain_id, code=scope.code if scope else None,
                                                    confirmed=_CONFIRMED))
            by_node = {r["node_id"]: NodeCount(r["local"], r["key"]) for r in found}
        return {n: by_node[n] for n in leaves if n in by_node and by_node[n].local > 0}

    def city_node_counts(self, chain_id: str) -> dict[str, dict[str, int]]:
        order = {n: i for i, n in enumerate(self.chain(chain_id).leaf_ids)}
        counts = self._chain_counts(chain_id)
        if counts is not None and "matrix" in counts[1]:
            return {c: dict(row) for c, row in counts[1]["matrix"].items()}
        if counts is not None:
            found = [{"city_code": c, "node_id": n, "local": x.local} for c, row in counts[0].items() if c is not None
                     for n, x in row.items()]
        else:
            found = self._conn.read(lambda tx: rows(tx, "city_node_counts", chain_id=chain_id, confirmed=_CONFIRMED))
        matrix: dict[str, dict[str, int]] = {}
        for r in sorted(found, key=lambda r: (r["city_code"], order.get(r["node_id"], -1))):
            if r["local"] > 0:
                matrix.setdefault(r["city_code"], {})[r["node_id"]] = r["local"]
        if counts is not None:
            counts[1]["matrix"] = matrix
            return {c: dict(row) for c, row in matrix.items()}
        return matrix

    # -- enterprises
    def get_enterprise(self, enterprise_id: str) -> Enterprise:
        found = self.enterprises([enterprise_id])
        if enterprise_id not in found:
            raise NotFound(f"没有企业 {enterprise_id} (no enterprise {enterprise_id!r})")
        return found[enterprise_id]

    def enterprises(self, ids: list[str]) -> dict[str, Enterprise]:
        unique = list(dict.fromkeys(ids))
        found = self._conn.read(lambda tx: plain(tx, "read_enterprises", ids=unique))["enterprises"] if unique else []
        by_id = {p["id"]: self._enterprise(p) for p in found}
        return {i: by_id[i] for i in unique if i in by_id}

    def enterprise_links(self, ids: list[str]) -> dict[str, list[EnterpriseLink]]:
        unique = list(dict.fromkeys(ids))
        found = self._conn.read(lambda tx: rows(tx, "read_links", ids=unique)) if unique else []
        by_id: dict[str, list[EnterpriseLink]] = {}
        for r in found:
            by_id.setdefault(r["enterprise_id"], []).append(link_from(r["enterprise_id"], r["node_id"], r["link"]))
        return {i: by_id[i] for i in unique if i in by_id}

    def supply_of(self, ids: list[str]) -> list[Supply]:
        unique = list(dict.fromkeys(ids))
        found = self._conn.read(lambda tx: rows(tx, "read_supply", ids=unique)) if unique else []
        return [supply_from(r) for r in found]

    def find_enterprises(self, query: EnterpriseQuery) -> tuple[list[Enterprise], int]:
        if is_zone(query.scope):
            return zone_find(self, query)
        shape = find_shape(query)
        if query.node_id is None and query.chain_id is not None:
            self.chain(query.chain_id)  # an unknown chain is NotFound, not an empty page
        params = find_params(query)
        found = self._conn.read(lambda tx: single(tx, shape, **params))
        return [enterprise_from(p) for p in found["page"]], found["total"]

    def ids_by_uscc(self, usccs: list[str]) -> dict[str, str]:
        unique = list(dict.fromkeys(usccs))
        found = self._conn.read(lambda tx: rows(tx, "ids_by_uscc", usccs=unique)) if unique else []
        by_uscc = {r["uscc"]: r["id"] for r in found}
        return {u: by_uscc[u] for u in unique if u in by_uscc}

    def park_ids_of(self, enterprise_id: str) -> list[str]:
        return [r["park_id"] for r in self._conn.read(lambda tx: rows(tx, "park_ids_of", id=enterprise_id))]

    def in_park(self, park_id: str, ids: list[str]) -> set[str]:
        unique = list(dict.fromkeys(ids))
        if not unique:
            return set()
        return {r["id"] for r in self._conn.read(lambda tx: rows(tx, "park_members_among", park_id=park_id, ids=unique))}

    def links_by_grade(self, grade: LinkGrade, limit: int, offset: int) -> tuple[list[EnterpriseLink], int]:
        found = self._conn.read(lambda tx: single(tx, "links_by_grade", grade=LinkGrade(grade).value,
                                                  limit=max(limit, 0), offset=max(offset, 0)))
        return [link_from(p["enterprise_id"], p["node_id"], p["link"]) for p in found["page"]], found["total"]

    def stats(self) -> Stats:
        templates = self._cat().templates.values()
        found = self._conn.read(lambda tx: single(tx, "stats"))
        return Stats(
            chains=len(templates),
            nodes=sum(len(t.nodes) for t in templates),
            leaves=sum(len(t.leaf_ids) for t in templates),
            **found,
        )

    # -- writes and lifecycle
    def apply(self, changes: ChangeSet) -> ApplyResult:
        """Check the changes like every store does, then write them in one transaction."""
        check_changes(self, changes)
        regions = self.regions()
        try:
            return self._conn.write(apply_changes, changes, regions, self.batch_size)
        finally:
            self._stamp_seen(None)  # the kept link columns are read afresh

    def load(self, ds: DataSet, replace: bool = False) -> None:
        """MERGE the data set by id (loading twice leaves the same graph); ``replace`` empties the database first
        and then CREATEs each row (see :mod:`app.store.neo4j.load`)."""
        try:
            self.last_load = load_dataset(self._conn, ds, self.batch_size, replace, self.write_workers)
        finally:
            self._stamp_seen(None)
            with self._lock:
                self._catalog = None  # read afresh next time, also after a load that failed halfway

    def export(self) -> DataSet:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, list[dict]]:
            return {
                "enterprises": rows(tx, "export_enterprises"), "links": rows(tx, "export_links"),
                "supply": rows(tx, "export_supply"), "park_members": rows(tx, "export_park_members"),
            }

        catalog = self._cat()
        for _ in range(EXPORT_ATTEMPTS):
            found = self._conn.read(work)
            if export_is_whole(found):
                break
        else:
            raise StoreUnavailable("写入频繁，未能取得一致的导出，请稍后重试 "
                                   "(writes kept changing the data; no consistent export, retry later)")
        return DataSet(
            chains=dict(catalog.templates),
            enterprises=[enterprise_from(r["enterprise"], plain=True) for r in found["enterprises"]],
            links=[link_from(r["enterprise_id"], r["node_id"], r["link"]) for r in found["links"]],
            supply=[supply_from(r) for r in found["supply"]],
            parks=list(catalog.parks.values()),
            park_members=[ParkMember(**r) for r in found["park_members"]],
            regions=catalog.regions,
        )

    def ping(self) -> None:
        self._conn.ping()
        self._conn.read(lambda tx: single(tx, "ping"))

    def refresh(self) -> None:
        """Every read already sees every committed write on the server."""

    def data_version(self) -> int | None:
        """The data stamp on the server as a number, read afresh at every call (one small read transaction).

        Every write through ChainMap stamps a new version in its own transaction (a change set) or
        once at the end (a load, stamped ``loading`` while it runs), so the number changes with
        every write any process makes; None while a load runs, after a failed one, or when the
        database has no stamp (written by an older ChainMap or by hand: see docs/operations.md).
        A new stamp also makes the next catalogue access read the catalogue stamps again (a load
        by another process may have changed templates or parks), without waiting ``catalog_ttl_s``.
        """
        stamp = self._conn.read(lambda tx: single(tx, "read_data_version"))
        if stamp is None or stamp["version"] is None or stamp["loading"]:
            self._stamp_seen(None)
            return None
        version = str(stamp["version"])
        self._stamp_seen(version)
        with self._lock:
            if version != self._stamp:
                self._stamp = version
                self._checked = float("-inf")
        return stamp_number(version)

    def close(self) -> None:
        self._conn.close()
