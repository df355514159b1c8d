"""Build the embedded store's link indexes for a whole data set at once, column by column.

:class:`~app.store.embedded.store.EmbeddedStore` keeps, per leaf link, the counted rows
(active enterprise, confirmed link) nationally and per city, the key enterprises of each city in
prominence order, and the (count, key count) of every province, city and county. Its writes
update them one enterprise–link pair at a time (``_count``); a load of millions of pairs builds
them here instead, grouping whole numpy columns, with exactly the same content
(``tests/scale/test_bulk_build.py`` compares both ways on every index).

>>> from app.store.embedded.table import EnterpriseTable
>>> from graph_schema.models import Role
>>> t = EnterpriseTable(lambda code: ("510000", "510100"))
>>> t.extend({"id": ["a", "b"], "uscc": [None, None], "name": ["甲", "乙"], "region_code": ["510107", "510107"],
...           "founded": [None, None], "revenue": [1.0, None], "employees": [None, 5], "tags": [("上市",), ()],
...           "listed_code": [None, None], "status": ["存续", "注销"], "parent_id": [None, None], "region_source": ["", ""]})
>>> ix = build_links(t, {"enterprise_id": ["a", "b"], "node_id": ["n1", "n1"], "role": [Role.core] * 2,
...                      "products": [(), ()], "grade": [LinkGrade.confirmed] * 2, "evidence": ["", ""]})
>>> dict(ix.members), ix.agg[RegionLevel.city]["n1"]["510100"], ix.national["n1"]
({'n1': {0}}, [1, 1], [1, 1])
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from app.store.embedded.table import EnterpriseTable
from graph_schema.models import LinkGrade, RegionLevel

LEVELS = (RegionLevel.province, RegionLevel.city, RegionLevel.county)


def _cells() -> defaultdict:
    return defaultdict(lambda: [0, 0])


@dataclass
class LinkIndexes:
    """What the store keeps per link; the defaultdict shapes the incremental writes expect."""

    links: dict[int, dict[str, tuple]] = field(default_factory=dict)
    members: defaultdict = field(default_factory=lambda: defaultdict(set))
    city_members: defaultdict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    key_rank: defaultdict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    agg: dict = field(default_factory=lambda: {level: defaultdict(_cells) for level in LEVELS})
    national: defaultdict = field(default_factory=_cells)


def _keyed(keys: tuple[np.ndarray, ...], rows: np.ndarray) -> tuple[list, np.ndarray, np.ndarray]:
    """Groups of equal ``keys`` (small non-negative integers): the key values of each group, ``rows`` ordered
    by keys then row, and where each group starts (plus the end).

    Keys and row go into one int64 (the keys above bit 32), so one plain sort orders them all.
    """
    group = np.zeros(len(rows), dtype=np.int64)
    sizes = [int(k.max()) + 1 if len(k) else 1 for k in keys]
    for k, size in zip(keys, sizes, strict=True):
        group = group * size + k
    combined = np.sort((group << 32) | rows)
    group, ordered = combined >> 32, combined & 0xFFFFFFFF
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.zeros(0, dtype=np.int64)
    heads = group[starts]
    values = []
    for size in reversed(sizes):
        values.append((heads % size).tolist())
        heads = heads // size
    return list(zip(*reversed(values), strict=True)), ordered, np.append(starts, len(ordered))


def _groups(keys: tuple[np.ndarray, ...], rows: np.ndarray):
    """(key values, rows) of each group of equal keys, the rows in ascending order."""
    heads, ordered, bounds = _keyed(keys, rows)
    return zip(heads, np.split(ordered, bounds[1:-1]) if len(heads) else [], strict=True)


def _tally(keys: tuple[np.ndarray, ...], rows: np.ndarray, weights: np.ndarray):
    """(key values, number of rows, sum of ``weights`` per row slot) of each group of equal keys."""
    heads, ordered, bounds = _keyed(keys, rows)
    sums = np.add.reduceat(weights[ordered].astype(np.int64), bounds[:-1]) if len(heads) else np.zeros(0, dtype=np.int64)
    return zip(heads, np.diff(bounds).tolist(), sums.tolist(), strict=True)


def _slots(table: EnterpriseTable, ids: list[str], known: np.ndarray | None) -> np.ndarray:
    """The table slot of each of ``ids`` (``known``: already found, e.g. by the reader)."""
    if known is not None:
        return known
    return np.fromiter(map(table.slot.__getitem__, ids), dtype=np.int64, count=len(ids))


def build_links(table: EnterpriseTable, cols: dict[str, list], rows: np.ndarray | None = None) -> LinkIndexes:
    """The link indexes of ``table``'s enterprises and the enterprise–link pairs ``cols`` (distinct pairs);
    ``rows``: the slot of each pair's enterprise, when known."""
    ix = LinkIndexes()
    n = len(cols["enterprise_id"])
    rows = _slots(table, cols["enterprise_id"], rows)
    details = list(zip(cols["role"], cols["products"], cols["grade"], cols["evidence"], strict=True))
    infos = map(table._shared.setdefault, details, details)  # one tuple per distinct description, as table.share
    links = ix.links
    for r, node, info in zip(rows.tolist(), cols["node_id"], infos, strict=True):
        per = links.get(r)
        if per is None:
            per = links[r] = {}
        per[node] = info
    del details
    node_ids = sorted(set(cols["node_id"]))
    node_no = {x: i for i, x in enumerate(node_ids)}
    nodes = np.fromiter(map(node_no.__getitem__, cols["node_id"]), dtype=np.int64, count=n)
    confirmed = {g: g is LinkGrade.confirmed for g in set(cols["grade"])}
    num = table.numeric()
    counted = np.fromiter(map(confirmed.__getitem__, cols["grade"]), dtype=bool, count=n) & num["active"][rows]
    rows, nodes = rows[counted], nodes[counted]
    key, codes, is_key = num["key"], table.codes, num["key"][rows]
    city = num["city"][rows] + 1  # -1: no prefecture-level city
    for (node,), found in _groups((nodes,), rows):
        ix.members[node_ids[node]] = set(found.tolist())
    for (node,), count, k in _tally((nodes,), rows, key):
        ix.national[node_ids[node]] = [count, k]
    for level, column in zip(LEVELS, ("province", "city", "county"), strict=True):
        area = num[column][rows]
        has = area >= 0
        cells = ix.agg[level]
        for (node, code), count, k in _tally((nodes[has], area[has]), rows[has], key):
            cells[node_ids[node]][codes[code]] = [count, k]
    for (node, c), found in _groups((nodes, city), rows):
        ix.city_members[node_ids[node]][c - 1] = set(found.tolist())
    for (node, c), found in _groups((nodes[is_key], city[is_key]), rows[is_key]):
        ix.key_rank[node_ids[node]][c - 1] = sorted((table.prominence(r), r) for r in found.tolist())
    return ix


def build_supply(table: EnterpriseTable, cols: dict[str, list],
                 rows: tuple[np.ndarray, np.ndarray] | None = None) -> dict[tuple[int, int], str]:
    """(supplier row, customer row) → product of every supply relation (a repeated pair: the last one);
    ``rows``: the slots of the suppliers and of the customers, when known."""
    sup, cus = rows or (None, None)
    pairs = zip(_slots(table, cols["supplier_id"], sup).tolist(), _slots(table, cols["customer_id"], cus).tolist(),
                strict=True)
    products = cols["product"]
    return dict(zip(pairs, map(table._shared.setdefault, products, products), strict=True))
