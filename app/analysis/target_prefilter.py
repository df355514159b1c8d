"""A bound on every candidate group before the candidates are read: the cut target list of a large scope, fast.

:mod:`app.analysis.target_shortlist` bounds each group by the maxima of its factors over its
entries, but it needs every entry's columns first: 150k–300k entries for a gap report of a large
chain, most of them far below any cut. With a store that gives every member of a link with its
group's figures over the whole chain (``Capability.member_columns``,
:class:`app.store.embedded.members.MemberColumns`), each group gets a looser bound ``U`` from a few
columns, the same for all its entries:

- ``scale``: the highest scale factor of its sized entries in the chain, or 1 when one of them is
  unsized and its top has a revenue (the whole list takes the head's scale then);
- ``key``, ``province``, ``distance``: an enterprise alone in its group (no parent, no subsidiary)
  has its own tags and region; any other group the best over its entries in the gap links (those
  inside the scope too) and its top (the closeness computed as the ranking does, over arrays);
- ``plants`` and ``breadth``: its entries not the top, and all its entries, in the chain (/ 3, at
  most 1); ``link`` and ``choke``: the best over its entries' gap links; ``tie``: 0 (a group with a
  tie is kept).

Every factor is at least what the ranking takes over the group's entries in the gap links outside
the scope, so ``U`` bounds its score. Kept always: groups with a tie (their 以商招商 strength is
known only once ranked). Each other group is of a kind the columns tell, or of one of two
(:func:`_kinds`): ``expansion`` when present in the scope; else ``partner`` when present in the
scope's area or an entry or the top is in it; else ``key`` when it may be 链主, 成品制造商 or 核心配套
(one of its entries surely makes it so, or a key tag of the group with an entry in a goods link
may), and ``supporting`` unless surely ``key``. A group is kept when ``U`` reaches the cut of some
kind it may be of; each cut is the ``U`` of the ``2 × 16 × limit``-th entry of its kind
(:data:`SPARE`). The kept groups are ranked (:func:`app.analysis.targets.rank_targets`) and the
list is the whole list's when, for each kind, its ``limit``-th row has a tie or scores at or above
the cut plus :data:`~app.analysis.target_shortlist.MARGIN` (:func:`~app.analysis.target_shortlist.settled`):
every group left out of that kind is below its cut. Otherwise the cuts let in eight times as
many, then the whole list is used.

>>> _cut(np.array([0.2, 0.9, 0.5, 0.7]), 2), _cut(np.array([0.2]), 2)
(0.7, -inf)
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from app.analysis.results import LinkStatus, ModeEntry
from app.analysis.target_entries import Entries, _tags, shares
from app.analysis.target_places import Places, code_table
from app.analysis.target_rows import assembly_links, is_service
from app.store.base import Capability, ScopeFilter

SMALL = 20_000    # fewer outside entries than this: the shortlist over every entry is as fast
SPARE = (2, 16)   # each cut lets in this many × 16 × limit entries of its kind, the second try more
MARGIN = 1e-9     # U is summed in another order than the shortlist's bound
_BITS = {"tie": 1, "area": 2, "sure": 4, "tagged": 8, "goods": 16}  # an entry's flags (see _kinds)


@dataclass
class Prefilter:
    """What the ranking needs of a prefiltered list: the probe (built over every non-empty pool; a head's scale among
    the whole pools' known revenues), the latter, entries left out per link, and each kind's cut."""

    probe: Entries
    revenue: dict[str, object]
    dropped: dict[str, int]
    cuts: dict[str, float]


class _Known:
    """The known revenues of a whole pool (every member but those inside the scope), read only if a head needs them."""

    def __init__(self, revenue: np.ndarray, gone: np.ndarray):
        self._revenue, self._gone = revenue, gone

    def __array__(self, dtype=None, copy=None):
        r = np.delete(self._revenue, self._gone)
        r = r[~np.isnan(r)]
        return r if dtype is None else r.astype(dtype)


def _regions(place: Places, codes: list[str], partners_apart: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Closeness, same province and in the anchor's areas (when ``partners_apart``) of every region code of ``codes``."""
    facts = place.facts(codes)
    return facts[:, 0], facts[:, 1], (facts[:, 2] > 0) & partners_apart


def _cut(u: np.ndarray, k: int) -> float:
    """The ``k``-th highest of ``u`` (-inf when there are not more than ``k``: all kept)."""
    return float(np.partition(u, len(u) - k)[len(u) - k]) if len(u) > k else -np.inf


def _cut_of(u: np.ndarray, mask: np.ndarray, k: int, stride: int = 16) -> float:
    """``_cut(u[mask], k)`` without gathering every masked value (``u`` without NaN): the values at or above a
    threshold taken from every ``stride``-th entry hold the ``k`` highest when there are ``k`` of them (each value
    left out is below each one kept), else the whole gather.

    >>> u = np.arange(100.0); mask = u % 3 > 0
    >>> _cut_of(u, mask, 5, stride=4) == _cut(u[mask], 5) == 92.0, _cut_of(u, mask, 66), _cut_of(u, mask, 65)
    (True, -inf, 2.0)
    """
    if np.count_nonzero(mask) <= k:
        return -np.inf
    sample = u[::stride][mask[::stride]]
    want = 2 * k // stride + 1
    if len(sample) > want:
        high = mask & (u >= np.partition(sample, len(sample) - want)[len(sample) - want])
        if np.count_nonzero(high) >= k:
            return _cut(u[high], k)
    return _cut(u[mask], k)


def members(store, gaps: list[tuple[LinkStatus, ModeEntry]], scope) -> list | None:
    """(link, entry, :class:`MemberColumns`) of each gap link with candidates; None when the store cannot say, or
    the list is small enough to be ranked whole."""
    if Capability.member_columns not in store.capabilities:
        return None
    found = []
    for link, entry in gaps:
        m = store.member_columns(link.node_id, scope.filter)
        if m is None:
            return None
        if len(m.every) > len(m.gone):
            found.append((link, entry, m))
    return found if sum(len(m.every) - len(m.gone) for _, _, m in found) >= SMALL else None


def prepare(store, w: dict, balance: float, areas) -> int:
    """Work out now what the bounds keep per data version (:func:`_static` of every link of every chain under the
    weights ``w``; the table of the candidates' region codes), as a serving worker does at its start rather than in
    the first question of each chain; the number of links (0: a store without ``Capability.member_columns``)."""
    if Capability.member_columns not in store.capabilities:
        return 0
    regions, (fw, vw), done = store.regions(), shares(w, balance), 0
    first = regions.regions[0]
    anywhere = ScopeFilter.region(first.code, first.level)  # any scope: what is kept does not depend on it
    for template in store.chains():
        for node_id in template.leaf_ids:
            m = store.member_columns(node_id, anywhere)
            if m is None:  # a cycle of parents: no bounds
                return done
            _static(m, template, node_id, fw, vw)
            code_table(regions, areas, m.every.region_codes)
            done += 1
    return done


def _static(m, template, node_id: str, fw: dict, vw: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The scope-free part of ``U`` of every member of a link (``key`` only for an enterprise alone in its group), its
    flags of :data:`_BITS` that do not depend on the scope (``sure``: it surely makes its group ``key``; ``tagged``;
    ``goods``), the places of the members in a group of more than one and their ``key`` factor or their top's; kept
    while the store keeps the same member columns (per data version) and the weights stay."""
    key = (id(m.groups), tuple(sorted(fw.items())), tuple(sorted(vw.items())))
    hit = _KEPT.get(key)
    if hit is not None and hit[0] is m.groups:
        return hit[1]
    c, g, gc = m.every, m.groups, m.every.groups
    key_v, leader, keytag = _tags(tuple(c.tag_sets))
    scale = np.maximum(g.scale, g.unsized & ~np.isnan(gc.top_revenue))
    own = key_v[c.tag_of]
    u = (fw["plants"] * np.minimum(1.0, g.rolled / 3) + vw["scale"] * scale + vw["key"] * np.where(g.grouped, 0.0, own)
         + vw["breadth"] * np.minimum(1.0, g.entries / 3) + MARGIN)
    scale_e, node, goods = np.asarray(c.scale), template.node(node_id), not is_service(template, node_id)
    sure = (leader[c.tag_of] | leader[gc.top_tag_of] | (node_id in assembly_links(template))
            | goods & (keytag[c.tag_of] | (scale_e >= 0.75) | (node.is_core & (scale_e >= 0.5))))
    tagged = keytag[c.tag_of] | keytag[gc.top_tag_of]  # a key tag of the group: key with any entry in a goods link
    if len(_KEPT) > 1024:
        _KEPT.clear()
    bits = sure * np.uint8(_BITS["sure"]) | tagged * np.uint8(_BITS["tagged"]) | np.uint8(_BITS["goods"] if goods else 0)
    at = np.flatnonzero(g.grouped)
    _KEPT[key] = (m.groups, (u, bits.astype(np.uint8), at, np.maximum(own[at], key_v[gc.top_tag_of[at]])))
    return _KEPT[key][1]


_KEPT: dict = {}


_SCRATCH = threading.local()


def _scratch(name: str, size: int, dtype) -> np.ndarray:
    """A scratch array of ``size`` per group number, kept per thread and name and *not* cleared: the caller writes
    every place it reads. A new array of a million places costs more in page faults (its pages are mapped on first
    touch, scattered) than the work done on it."""
    kept = getattr(_SCRATCH, name, None)
    if kept is None or len(kept) < size or kept.dtype != dtype:
        kept = np.empty(size, dtype=dtype)
        setattr(_SCRATCH, name, kept)
    return kept[:size]


def _group_most(top: np.ndarray, size: int, *values: np.ndarray) -> list[np.ndarray]:
    """For entries of groups of more than one (``top``: their group, below ``size``), the maximum of each of ``values``
    over their group's (one scratch array per group number: no sort)."""
    out, most = [], _scratch("most", size, np.float64)
    for v in values:
        most[top] = -np.inf
        np.maximum.at(most, top, v)
        out.append(most[top])
    return out


def _group_flags(size: int, top: np.ndarray, group: np.ndarray, present) -> dict[str, np.ndarray]:
    """Per entry, whether one of its group's entries (``top``: their group) has each flag of :data:`_BITS` (``group``:
    per group number, its entries' flags OR-ed), and whether its group is present in the scope (``here``) or around it
    (``around``)."""
    group[present.here_orders[present.here_orders < size]] |= np.uint8(32)
    group[present.around_orders[present.around_orders < size]] |= np.uint8(64)
    mine = group[top]
    return {name: (mine & bit) != 0 for name, bit in (*_BITS.items(), ("here", 32), ("around", 64))}


def _kinds(flags: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per entry, each kind its group may be of (:meth:`~app.analysis.target_entries.Entries.scores`), from its group's
    :func:`_group_flags`: ``expansion`` when present in the scope; else ``partner`` when present around it or an entry
    or the top is in its area; else ``key`` when it may be 链主, 成品制造商 or 核心配套
    (:meth:`~app.analysis.target_entries.Entries._roles`: one entry surely makes it so, or a key tag of the group and an
    entry in a goods link may) and ``supporting`` unless surely key."""
    here, around, sure = flags["here"], flags["area"] | flags["around"], flags["sure"]
    rest = ~here & ~around
    return {"expansion": here, "partner": around & ~here, "key": rest & (sure | (flags["tagged"] & flags["goods"])),
            "supporting": rest & ~sure}


@dataclass
class Bounds:
    """Every member of the gap links (those inside the scope too) in the order of ``found``: its group (``top``), its
    group's bound ``U``, whether its group is always kept (a tie), and per kind whether its group may be of it."""

    top: np.ndarray
    u: np.ndarray
    forced: np.ndarray
    kinds: dict[str, np.ndarray]
    size: int  # the groups' numbers are below this


def bounds(found: list, w: dict, balance: float, place: Places, template, partners_apart: bool, present) -> Bounds:
    """:class:`Bounds` of the members ``found`` (:func:`members`) under the weights ``w`` (see the module)."""
    fw, vw = shares(w, balance)
    size = max(m.size for _, _, m in found)
    ranked = sorted(found, key=lambda x: x[1].priority)  # per group: the best priority of its gap links (by its place in
    choke = 1 << len(ranked).bit_length()  # this order, a small number) and a choke point among them (the bit above)
    best = _scratch("best", size, np.uint16 if choke < 1 << 15 else np.uint32)
    group = _scratch("bits", size, np.uint8)  # and its entries' flags OR-ed (each place read is written)
    for no, (_, _, m) in enumerate(ranked):
        top = m.every.groups.top_order
        best[top], group[top] = no, 0
    for link, _, m in found:
        if template.node(link.node_id).chokepoint:
            best[m.every.groups.top_order] |= best.dtype.type(choke)
    link_v = np.zeros(2 * choke)  # the link and choke terms of U by that number
    link_v[:len(ranked)] = vw["link"] * np.array([entry.priority for _, entry, _ in ranked])
    link_v[choke:choke + len(ranked)] = link_v[:len(ranked)] + vw["choke"]
    close, prov, area = _regions(place, found[0][2].every.region_codes, partners_apart)  # per region code, at least the exact
    near = fw["province"] * prov + fw["distance"] * close
    us, tops, start = [], [], 0
    grouped: dict[str, list] = {n: [] for n in ("at", "top", "prov", "close", "key", "near")}
    for link, _, m in found:  # link by link (arrays that stay in the cache), every member, those inside the scope too
        c, gc = m.every, m.every.groups
        top, code, head = gc.top_order, c.region_of, gc.top_region_of
        u, bits, at, key = _static(m, template, link.node_id, fw, vw)
        own = near[code]
        us.append(u + own + link_v[best[top]])  # alone in its group: its own region
        bits = (bits | np.asarray(c.partner, dtype=np.uint8) * np.uint8(_BITS["tie"])
                | (area[code] | area[head]).view(np.uint8) * np.uint8(_BITS["area"]))
        group[top] |= bits  # a top twice in one link is a group of more than one: OR-ed one by one below
        np.bitwise_or.at(group, top[at], bits[at])
        if len(at):  # else the best region and the best key of the group's entries and top
            for name, col in (("at", at + start), ("top", top[at]), ("prov", np.maximum(prov[code[at]], prov[head[at]])),
                              ("close", np.maximum(close[code[at]], close[head[at]])), ("key", key), ("near", own[at])):
                grouped[name].append(col)
        tops.append(top)
        start += len(top)
    u, top = np.concatenate(us), np.concatenate(tops)
    if grouped["at"]:
        g = {n: np.concatenate(v) for n, v in grouped.items()}
        p, d, k = _group_most(g["top"], size, g["prov"], g["close"], g["key"])
        u[g["at"]] += fw["province"] * p + fw["distance"] * d + vw["key"] * k - g["near"]
    flags = _group_flags(size, top, group, present)
    return Bounds(top, u, flags["tie"], _kinds(flags), size)


def prefiltered(store, scope, found: list, b: Bounds, template, limit: int, spare: int) -> tuple[list, Prefilter]:
    """The pools cut to the groups the bounds ``b`` keep (every pool with candidates, some perhaps empty) and the
    :class:`Prefilter` the ranking is checked against (see the module)."""
    top, u, forced = b.top, b.u, b.forced
    k = spare * 16 * limit
    free = ~forced
    cuts = ({name: _cut_of(u, free & mine, k) for name, mine in b.kinds.items()} if not np.isnan(u).any()
            else {name: _cut(u[free & mine], k) for name, mine in b.kinds.items()})
    group = _scratch("group", b.size, np.bool_)  # per group: kept whole (every kind it may be of lets it in)
    group[top] = False
    group[top[forced | np.logical_or.reduce([mine & (u >= cuts[name]) for name, mine in b.kinds.items()])]] = True
    keep = group[top]
    pools, dropped, start = [], {}, 0
    for link, entry, m in found:
        mine = keep[start:start + len(m.every)].copy()
        start += len(m.every)
        mine[m.gone] = False
        where = np.flatnonzero(mine)
        pools.append((link, entry, store.candidates(link.node_id, scope.filter, only=where)))
        dropped[link.node_id] = len(m.every) - len(m.gone) - len(where)
    probe = Entries([(link, entry) for link, entry, _ in found], template)
    revenue = probe.revenue_of = {link.node_id: _Known(m.every.revenue, m.gone) for link, _, m in found}
    return pools, Prefilter(probe, revenue, dropped, cuts if sum(dropped.values()) else {})
