"""The candidates of every gap link as one set of columns, scored per group at once (see :mod:`app.analysis.targets`).

An *entry* is one candidate in one gap link. Entries are numbered into groups (their top parent);
every factor of a group is the maximum (or count) over its entries and its head, so the whole
list is scored with a few numpy reductions and only the rows kept are ever built as models.

>>> _group_max(np.array([0, 1, 0]), np.array([0.2, 0.5, 0.7]), 2).tolist()
[0.7, 0.5]
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.analysis.results import TargetKind
from app.analysis.target_groups import Presence, Tie
from app.analysis.target_places import Places
from app.analysis.target_rows import ROLE_ORDER, TOP_SCALE, GroupFacts, assembly_links, is_service, tag_value
from app.store.scale import rank_percentile
from graph_schema.models import KEY_TAGS, Enterprise
from graph_schema.template import ChainTemplate

ROLE_NAMES = tuple(r.value for r in ROLE_ORDER)  # best first, as the codes 0..4
KIND_DTYPE = f"<U{max(len(k.value) for k in TargetKind)}"  # kinds as fixed-width strings: compared in C, not per object
KEY_ROLES = 2  # role codes up to this one make a ``key`` row (leader, maker, core supplier)
FEASIBILITY = ("tie", "province", "distance", "plants")
VALUE = ("scale", "key", "link", "choke", "breadth")


def shares(w: dict, balance: float) -> tuple[dict[str, float], dict[str, float]]:
    """The weight of each factor in the score: ``balance`` × its share of the feasibility weights, (1 − ``balance``) × its
    share of the value weights (a dimension without weights counts nothing).

    >>> shares({"tie": 1, "province": 1, "distance": 0, "plants": 0, "scale": 1, "key": 0, "link": 0, "choke": 0, "breadth": 0}, 0.5)[0]
    {'tie': 0.25, 'province': 0.25, 'distance': 0.0, 'plants': 0.0}
    """
    f_total, v_total = sum(w[n] for n in FEASIBILITY), sum(w[n] for n in VALUE)
    return ({n: (balance * w[n] / f_total if f_total else 0.0) for n in FEASIBILITY},
            {n: ((1 - balance) * w[n] / v_total if v_total else 0.0) for n in VALUE})


def _group_max(g: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    out = np.zeros(count)
    np.maximum.at(out, g, values.astype(float))
    return out


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of ``keys``, sorted (``np.unique`` without its overhead)."""
    ordered = np.sort(keys)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


class _Names:
    """The ids of groups numbered in id order, read from their first entries only when asked (a sequence)."""

    def __init__(self, ids: list[str], first: np.ndarray):
        self._ids, self._first = ids, first

    def __len__(self) -> int:
        return len(self._first)

    def __getitem__(self, k: int) -> str:
        return self._ids[int(self._first[k])]


@dataclass
class Scores:
    """Per group: factor values, weighted factors, the two scores and the score, kind, role code, cities."""

    values: dict[str, np.ndarray]
    factors: dict[str, dict[str, np.ndarray]]
    feasibility: np.ndarray
    value: np.ndarray
    score: np.ndarray
    kind: np.ndarray
    role: np.ndarray
    cities: np.ndarray
    head_scaled: np.ndarray
    role_names: tuple[str, ...] = ROLE_NAMES

    def at(self, keep: list[int]) -> list[dict]:
        """The figures of each group of ``keep`` as plain floats (each column read once for them all)."""
        if not keep:
            return []
        values = {n: v[keep].tolist() for n, v in self.values.items()}
        factors = {d: {n: v[keep].tolist() for n, v in f.items()} for d, f in self.factors.items()}
        columns = [self.feasibility[keep].tolist(), self.value[keep].tolist(), self.score[keep].tolist(),
                   self.cities[keep].tolist(), self.head_scaled[keep].tolist()]
        return [{"values": {n: v[j] for n, v in values.items()},
                 "factors": {d: {n: v[j] for n, v in f.items()} for d, f in factors.items()},
                 "feasibility": columns[0][j], "value": columns[1][j], "score": columns[2][j], "cities": columns[3][j],
                 "head_scaled": columns[4][j]} for j in range(len(keep))]


@dataclass
class HeadColumns:
    """Heads (group numbers ``k``, none of them a candidate) as columns: their own tag set and region (numbered in
    ``tag_sets`` and ``region_codes``) and revenue (NaN unknown)."""

    k: np.ndarray
    tag_of: np.ndarray
    region_of: np.ndarray
    revenue: np.ndarray
    tag_sets: Sequence[tuple[str, ...]]
    region_codes: Sequence[str]


class Entries:
    """Columns of the entries (one per candidate and gap link) of every gap link."""

    def __init__(self, links: list, template: ChainTemplate):
        self.links, self.template = links, template  # [(LinkStatus, ModeEntry)] in pool order
        self.nodes = [link.node_id for link, _ in links]
        self.ids: list[str] = []
        self.parents: list = []
        self.order: np.ndarray | None = None  # per entry, an integer sorting as its id (when every pool gave one)
        self.revenues: list[np.ndarray] = []
        self.groups: Sequence[str] = []  # group ids in id order
        self.city_no: dict[str, int] = {}

    @classmethod
    def of(cls, pools: list, place: Places, template: ChainTemplate, partners_apart: bool, like: Entries | None = None) -> Entries:
        """The entries of the candidate pools [(LinkStatus, ModeEntry, Candidates)], seen from ``place``; ``like`` a
        shortlist's probe (a head's scale among its whole pools)."""
        e = cls([(link, entry) for link, entry, _ in pools], template)
        e.city_no = place.city_no  # cities numbered once per request
        cols: dict[str, list[np.ndarray]] = {k: [] for k in ("link", "scale", "basis", "key", "leader", "keytag", "close",
                                                             "prov", "area", "city", "partner")}
        for no, (_, _, c) in enumerate(pools):
            n = len(c)
            e.ids.extend(c.ids)
            e.parents.extend(c.parents if len(c.parents) else [None] * n)
            whole = getattr(like, "revenue_of", {}).get(c.node_id)  # a shortlist's: the head's scale among the whole pool
            e.revenues.append(c.revenue[~np.isnan(c.revenue)] if whole is None else whole)
            key_v, leader, keytag = _tags(tuple(c.tag_sets))
            at = e._places(c, place, partners_apart)[c.region_of]
            for name, col in (("link", np.full(n, no)), ("scale", c.scale), ("basis", c.basis), ("key", key_v[c.tag_of]),
                              ("leader", leader[c.tag_of]), ("keytag", keytag[c.tag_of]), ("close", at[:, 0]),
                              ("prov", at[:, 1]), ("area", at[:, 2]), ("city", at[:, 3].astype(np.int64)),
                              ("partner", np.asarray(c.partner, dtype=bool))):
                cols[name].append(col)
        for name, parts in cols.items():
            setattr(e, name, np.concatenate(parts))
        if all(c.order is not None for _, _, c in pools):
            e.order = np.concatenate([np.asarray(c.order, dtype=np.int64) for _, _, c in pools])
        return e

    @staticmethod
    def _places(c, place: Places, partners_apart: bool) -> np.ndarray:
        """(closeness, same province, same area, city number, km) per region code number of ``c`` (:meth:`Places.facts`:
        a list shared by the pools of one store is done once per request)."""
        facts = place.facts(c.region_codes)
        if not partners_apart:
            facts = facts.copy()
            facts[:, 2] = 0.0
        return facts

    def group(self, top: dict[str, str]) -> np.ndarray:
        """The group number of each entry (its top parent, or itself; numbered in id order); ``groups`` names them."""
        if top or self.order is None:
            names = np.array([top.get(i, i) for i in self.ids] if top else self.ids)
            unique, g = np.unique(names, return_inverse=True)
            self.groups = unique.tolist()
        else:  # no one rolled up: a group per enterprise, numbered by the integers that sort as the ids
            _, first, g = np.unique(self.order, return_index=True, return_inverse=True)
            self.groups = _Names(self.ids, first)
        g = g.reshape(-1).astype(np.int64)
        self._order = np.argsort(g, kind="stable")
        self._bounds = np.searchsorted(g[self._order], np.arange(len(self.groups) + 1))
        return g

    def group_by(self, tops: np.ndarray, top_order: np.ndarray) -> np.ndarray:
        """:meth:`group` from the store's group columns (each entry's top id and an integer sorting as that id), and the
        integer of each group."""
        numbers, first, g = np.unique(top_order, return_index=True, return_inverse=True)
        self.groups = _Names(tops, first)
        self._numbers = (self.groups, numbers)
        g = g.reshape(-1).astype(np.int64)
        self._order = np.argsort(g, kind="stable")
        self._bounds = np.searchsorted(g[self._order], np.arange(len(self.groups) + 1))
        return g, numbers

    def number(self, gid: str) -> int | None:
        """The number of the group ``gid`` (groups are numbered in id order), None when it has no entry."""
        k = bisect_left(self.groups, gid)
        return k if k < len(self.groups) and self.groups[k] == gid else None

    def numbers(self, gids) -> np.ndarray:
        """:meth:`number` of each of ``gids`` at once (-1 when it has no entry)."""
        wanted = list(gids)
        if not wanted or not len(self.groups):
            return np.full(len(wanted), -1, dtype=np.int64)
        index = self.__dict__.get("_index")
        if index is None or index[0] is not self.groups:  # each group's number by its id, once per numbering
            names = self.groups
            known = (np.asarray(names._ids, dtype=object)[names._first] if isinstance(names, _Names)
                     else np.array(names, dtype=object))
            index = self._index = (self.groups, dict(zip(known.tolist(), range(len(known)), strict=True)))
        return np.fromiter(map(index[1].get, wanted, [-1] * len(wanted)), dtype=np.int64, count=len(wanted))

    def _numbered(self, gids, orders: np.ndarray | None) -> np.ndarray:
        """:meth:`numbers` of the tops ``gids``, from their ``order`` integers when both these and the groups' are known."""
        numbers = self.__dict__.get("_numbers")
        if orders is None or numbers is None or numbers[0] is not self.groups:
            return self.numbers(gids)
        at = np.minimum(np.searchsorted(numbers[1], orders), max(len(numbers[1]) - 1, 0))
        return np.where(numbers[1][at] == orders, at, -1) if len(numbers[1]) else np.full(len(orders), -1, dtype=np.int64)

    def members(self, k: int) -> np.ndarray:
        """The entries of group ``k`` in their order."""
        return self._order[self._bounds[k]:self._bounds[k + 1]]

    def group_rank(self) -> np.ndarray:
        """Each group's place in the order of group ids (the last sort key): groups are numbered in that order."""
        return np.arange(len(self.groups))

    def scores(self, g: np.ndarray, w: dict, balance: float, heads: dict[int, Enterprise] | HeadColumns, tie_of: dict,
               present: Presence, place: Places, partners_apart: bool) -> Scores:
        """Every group's factors and scores (heads: group number -> its top parent's model, where rolled up and no candidate)."""
        count, t = len(self.groups), self.template
        sized = self.basis > 0
        scale = _group_max(g, np.where(sized, self.scale, 0.0), count)
        is_sized = _group_max(g, sized, count)
        agg = {name: _group_max(g, getattr(self, name), count) for name in ("key", "close", "prov", "area", "leader", "keytag")}
        priority = np.array([entry.priority for _, entry in self.links])
        choke = np.array([t.node(n).chokepoint for n in self.nodes], dtype=float)
        link_v, choke_v = _group_max(g, priority[self.link], count), _group_max(g, choke[self.link], count)
        nodes = len(self.nodes)
        pairs = np.zeros((count, nodes), dtype=bool)
        pairs[g, self.link] = True
        breadth = pairs.sum(axis=1)
        cities_n = len(self.city_no) + 1
        cities = np.bincount(_distinct(g * cities_n + self.city) // cities_n, minlength=count)
        head_scaled = np.zeros(count, dtype=bool)
        if isinstance(heads, HeadColumns):
            self._head_columns(heads, g, agg, cities, scale, is_sized, head_scaled, place, partners_apart)
            heads = {}
        for k, head in heads.items():  # none of them a candidate
            close, _, prov, area, city = place(head.region_code)
            value = _key_value(tuple(head.tags))
            agg["key"][k] = max(agg["key"][k], value)
            agg["close"][k], agg["prov"][k] = max(agg["close"][k], close), max(agg["prov"][k], prov)
            agg["area"][k] = max(agg["area"][k], float(area and partners_apart))
            agg["leader"][k] = max(agg["leader"][k], float("链主" in head.tags))
            agg["keytag"][k] = max(agg["keytag"][k], float(not KEY_TAGS.isdisjoint(head.tags)))
            if self.city_no.get(city) not in set(self.city[self.members(k)].tolist()):
                cities[k] += 1
            if not is_sized[k] and head.revenue is not None:
                links = set(self.link[self.members(k)].tolist())
                scale[k] = max(self._percentile_with(n, head.revenue) for n in links)
                head_scaled[k] = True
        tie = np.zeros(count)
        for (gid, _), ties in tie_of.items():
            k = self.number(gid)
            tie[k] = max(tie[k], max(x.strength for x in ties))
        role = self._roles(g, count, agg)
        values = {"tie": tie, "province": agg["prov"], "distance": agg["close"],
                  "plants": np.minimum(1.0, np.maximum(0, cities - 1) / 3), "scale": scale, "key": agg["key"],
                  "link": link_v, "choke": choke_v, "breadth": np.minimum(1.0, breadth / 3)}
        factors, dims = {}, {}
        for dim, names in (("feasibility", FEASIBILITY), ("value", VALUE)):
            total = sum(w[n] for n in names)
            factors[dim] = {n: (w[n] * values[n] / total if total else np.zeros(count)) for n in names}
            dims[dim] = sum(factors[dim].values())
        if partners_apart and present.around:
            around = self._numbered(present.around, present.around_orders)
            agg["area"][around[around >= 0]] = 1.0
        kind = np.where(agg["area"] > 0, "partner", np.where(role <= KEY_ROLES, "key", "supporting")).astype(KIND_DTYPE)
        here = self._numbered(present.here, present.here_orders)
        kind[here[here >= 0]] = "expansion"
        return Scores(values, factors, dims["feasibility"], dims["value"],
                      balance * dims["feasibility"] + (1 - balance) * dims["value"], kind, role, cities, head_scaled)

    def first(self, k: np.ndarray) -> np.ndarray:
        """The first entry of each of the groups ``k``."""
        return self._order[self._bounds[k]]

    def _head_columns(self, heads: HeadColumns, g: np.ndarray, agg: dict, cities: np.ndarray, scale: np.ndarray, is_sized: np.ndarray,
                      head_scaled: np.ndarray, place: Places, partners_apart: bool) -> None:
        """What :meth:`scores` takes of each head (none of them a candidate), from its columns: the same maxima, one
        more city when its city is none of its group's entries', and its scale when none of them is sized."""
        k = heads.k
        facts = self._places(heads, place, partners_apart)[heads.region_of]
        key_v, leader, keytag = _tags(tuple(heads.tag_sets))
        for name, col in (("key", key_v[heads.tag_of]), ("close", facts[:, 0]), ("prov", facts[:, 1]), ("area", facts[:, 2]),
                          ("leader", leader[heads.tag_of]), ("keytag", keytag[heads.tag_of])):
            agg[name][k] = np.maximum(agg[name][k], col)
        n = len(self.city_no) + 1
        cities[k] += ~np.isin(k * n + facts[:, 3].astype(np.int64), g * n + self.city)
        for at in np.flatnonzero((is_sized[k] == 0) & ~np.isnan(heads.revenue)).tolist():
            links = set(self.link[self.members(int(k[at]))].tolist())
            scale[k[at]] = max(self._percentile_with(x, float(heads.revenue[at])) for x in links)
            head_scaled[k[at]] = True

    def _percentile_with(self, link: int, value: float) -> float:
        """The percentile of ``value`` among the revenues of link ``link`` and itself (as :func:`app.store.scale.percentile_array`)."""
        kept = self.__dict__.setdefault("_sorted", {})
        ordered = kept.get(link)
        if ordered is None:
            ordered = kept[link] = np.sort(self.revenues[link])
        below = np.searchsorted(ordered, value, "left")
        ties = np.searchsorted(ordered, value, "right") - below + 1
        return float(rank_percentile(np.array([below]), np.array([ties]), len(ordered) + 1)[0])

    def _roles(self, g: np.ndarray, count: int, agg: dict) -> np.ndarray:
        """Each group's best role code (see :func:`app.analysis.target_rows.role`), entry by entry, then the best."""
        t = self.template
        assembly = np.array([n in assembly_links(t) for n in self.nodes])[self.link]
        service = np.array([is_service(t, n) for n in self.nodes])[self.link]
        core = np.array([t.node(n).is_core for n in self.nodes])[self.link]
        leader, keytag = agg["leader"][g] > 0, agg["keytag"][g] > 0
        code = np.where(leader | (assembly & (self.scale >= TOP_SCALE)), 0, np.where(assembly, 1, np.where(service, 3, np.where(
            keytag | (self.scale >= 0.75) | (core & (self.scale >= 0.5)), 2, 4))))
        out = np.full(count, 4)
        np.minimum.at(out, g, code)
        return out

    def _entry_of(self) -> dict[str, tuple]:
        """(link status, mode entry) per gap link id, built once for every row (read only)."""
        if getattr(self, "_entries_by_node", None) is None:
            self._entries_by_node = dict(zip(self.nodes, self.links, strict=True))
        return self._entries_by_node

    def facts(self, k: int, models: dict[str, Enterprise], scope, present: Presence, tie_of: dict[tuple[str, str], list[Tie]],
              place: Places, region_name: Callable, partners_apart: bool, areas, anchor: str, at: dict) -> GroupFacts:
        """What the reasons of group ``k`` need (models of its head and members read)."""
        gid = self.groups[k]
        head = models[gid]
        by_link: dict[str, list[str]] = {}
        scale_of = {}
        mine, nodes, ids = self.members(k), self.nodes, self.ids
        for n, link, scale, basis in zip(mine.tolist(), self.link[mine].tolist(), self.scale[mine].tolist(),
                                         self.basis[mine].tolist(), strict=True):
            node, i = nodes[link], ids[n]
            by_link.setdefault(node, []).append(i)
            scale_of[(i, node)] = (scale, basis)
        by_link = {n: sorted(ms) for n, ms in by_link.items()}  # in id order, whatever order the store gave
        member_ids = sorted({i for ms in by_link.values() for i in ms})
        entities = [(place(x.region_code), x) for x in (head, *(models[i] for i in member_ids if i != gid))]
        close, km, nearest = max(((p[0], p[1], x) for p, x in entities), key=lambda x: (x[0], x[2].id))
        in_area: tuple[Enterprise, ...] = ()
        if partners_apart:
            in_area = tuple(x for p, x in entities if p[3])
            named = {x.id for x in in_area}
            in_area += tuple(models[i] for i in present.around.get(gid, ()) if i not in named)
        area = sorted(areas.of(anchor) & set().union(*(areas.of(x.region_code) for x in in_area))) if in_area else None
        return GroupFacts(head=head, by_link=by_link, models=models, entry_of=self._entry_of(),
                          template=self.template, scope=scope, present=tuple(models[i] for i in present.here.get(gid, ())),
                          ties={n: tie_of.get((gid, n), []) for n in by_link}, scale_of=scale_of,
                          closeness=close, km=km, nearest=nearest, in_province=at["values"]["province"] > 0,
                          cities=at["cities"], area=area, in_area=in_area, region_name=region_name)


@lru_cache(maxsize=1 << 12)
def _key_value(tags: tuple[str, ...]) -> float:
    """The ``key`` factor of some tags (:func:`~app.analysis.target_rows.tag_value`), kept per tag set."""
    return tag_value(tags)[0]


@lru_cache(maxsize=64)
def _tags(tag_sets: tuple[tuple[str, ...], ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per tag set: the ``key`` factor value, tagged 链主, and any key tag."""
    return (np.array([tag_value(t)[0] for t in tag_sets], dtype=float).reshape(-1),
            np.array(["链主" in t for t in tag_sets], dtype=bool).reshape(-1),
            np.array([not KEY_TAGS.isdisjoint(t) for t in tag_sets], dtype=bool).reshape(-1))
