"""What a gap report names of a chain's members inside a scope, without every member's model (issue 21).

A gap report cites a few local firms per link (the first by prominence, the key ones, those key through their
group, every local 链主, the largest in the link's national top fifth) and counts the chain's local firms; it
never needs every member's model. :meth:`~app.store.base.GraphStore.local_digests` answers that for one or many
scopes at once: a store picks the positions from its columns (:func:`pick`, the one home of the rule) and builds
models only for the firms picked. :func:`digest_from` is the same answer from member lists (the reference the
conformance suite holds both stores to).

Prominence is the order of :func:`prominence`: 链主 first (its own tag or its group's), then revenue, headcount
(unknown counting as zero), id.

>>> from app.store.base import Member
>>> from graph_schema.models import Enterprise, Role
>>> a = Enterprise(id="a", name="甲", region_code="510100", revenue=5.0)
>>> b = Enterprise(id="b", name="乙", region_code="510100", tags=("链主",))
>>> c = Enterprise(id="c", name="丙", region_code="510100", group_tags=("上市",), group_name="丙集团")
>>> d = digest_from([Member("n", x, Role.core) for x in (a, b, c)], [], 2)
>>> [e.id for e in d.links["n"].names], [e.id for e in d.links["n"].keys], [e.id for e in d.links["n"].via_group]
(['b', 'a'], ['b', 'c'], ['c'])
>>> [e.id for e in d.links["n"].leaders], d.enterprises, sorted(d.capacity)
(['b'], 3, ['n'])
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from app.store.base import RankedMember
from app.store.scale import ScaleBasis
from graph_schema.models import CHAIN_LEADER_TAG, KEY_TAGS, Enterprise


@dataclass(frozen=True)
class LinkDigest:
    """What a gap report names of one leaf's members inside a scope (models of those firms only)."""

    names: tuple[Enterprise, ...] = ()      # the first ``per_node`` members by prominence, whatever their tags
    keys: tuple[Enterprise, ...] = ()       # the first ``per_node`` key members by prominence
    via_group: tuple[Enterprise, ...] = ()  # the first ``per_node`` members (by id) key only through their group
    leaders: tuple[Enterprise, ...] = ()    # every 链主 (its own tag or its group's), by id
    leading: RankedMember | None = None     # the RankedMember of largest scale (then smallest id) in the top share


@dataclass(frozen=True)
class LocalDigest:
    """Per leaf with a member inside the scope its :class:`LinkDigest`, and the chain's distinct local enterprises."""

    links: Mapping[str, LinkDigest] = field(default_factory=dict)
    enterprises: int = 0

    @property
    def capacity(self) -> frozenset[str]:
        """The leaves a capacity rule makes strong whatever their counts: a local 链主, or a member in the top share."""
        return frozenset(n for n, x in self.links.items() if x.leaders or x.leading is not None)


def prominence(e: Enterprise) -> tuple:
    """链主 first, then revenue, headcount (unknown as zero), id."""
    return (not e.is_leader, -(e.revenue or 0.0), -(e.employees or 0), e.id)


def via_group(e: Enterprise) -> bool:
    """Key only through its group: no key tag of its own, a group tag inherited (the group rule)."""
    return bool(e.group_tags) and KEY_TAGS.isdisjoint(e.tags)


def digest_from(members: Iterable, leading: Iterable, per_node: int) -> LocalDigest:
    """The digest of a chain's members inside a scope (``Member`` list) and its leading members (``RankedMember``)."""
    by_node: dict[str, list[Enterprise]] = {}
    for m in members:
        by_node.setdefault(m.node_id, []).append(m.enterprise)
    tops: dict[str, RankedMember] = {}
    for m in sorted(leading, key=lambda m: (-m.scale, m.enterprise.id)):
        tops.setdefault(m.node_id, m)
    links = {}
    for node_id, firms in by_node.items():
        ranked = sorted(firms, key=prominence)
        by_id = sorted(firms, key=lambda e: e.id)
        links[node_id] = LinkDigest(
            names=tuple(ranked[:per_node]), keys=tuple([e for e in ranked if e.is_key][:per_node]),
            via_group=tuple([e for e in by_id if via_group(e)][:per_node]),
            leaders=tuple(e for e in by_id if e.is_leader), leading=tops.get(node_id))
    return LocalDigest(links, len({e.id for firms in by_node.values() for e in firms}))


@dataclass(frozen=True)
class Picked:
    """Positions (into the arrays :func:`pick` was given) of one leaf's digest."""

    names: list[int]
    keys: list[int]
    via_group: list[int]
    leaders: list[int]

    def all(self) -> set[int]:
        return {*self.names, *self.keys, *self.via_group, *self.leaders}


def flags_of(tag_sets: Sequence[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Per tag set: holds 链主, holds a key tag (lookup columns for :func:`pick`).

    >>> [x.tolist() for x in flags_of([(), ("链主",), ("专精特新",)])]
    [[False, True, False], [False, True, False]]
    """
    sets = [frozenset(t or ()) for t in tag_sets]
    return (np.array([CHAIN_LEADER_TAG in t for t in sets], dtype=bool),
            np.array([not KEY_TAGS.isdisjoint(t) for t in sets], dtype=bool))


def pick(ids: Sequence[str], revenue: np.ndarray, employees: np.ndarray, leader: np.ndarray, own_key: np.ndarray,
         grouped: np.ndarray, per_node: int, order: np.ndarray | None = None) -> Picked:
    """Which members of one leaf a digest names, from columns of the members inside a scope.

    ``revenue`` / ``employees`` (NaN unknown), ``leader`` (链主 by its own tag or its group's), ``own_key`` (a key tag
    of its own) and ``grouped`` (a group tag inherited) are arrays in the order of ``ids``; ``order``, when given, is an
    integer per member that sorts as its id does (then no id is compared).

    >>> args = (["a", "b", "c", "d"], np.array([5.0, np.nan, 1.0, np.nan]), np.full(4, np.nan), np.array([False, True, False, False]),
    ...         np.array([False, True, False, False]), np.array([False, False, True, False]), 2)
    >>> p = pick(*args)
    >>> p.names, p.keys, p.via_group, p.leaders
    ([1, 0], [1, 2], [2], [1])
    >>> pick(*args, order=np.array([0, 1, 2, 3])) == p, pick(*args[:-1], 3).names   # c (1.0) before d (unknown)
    (True, [1, 0, 2])
    """
    rev = np.nan_to_num(np.asarray(revenue, dtype=float), nan=0.0)
    staff = np.nan_to_num(np.asarray(employees, dtype=float), nan=0.0)
    key = own_key | grouped

    def prominent(p: int) -> tuple:
        return (not leader[p], -rev[p], -staff[p], ids[p])

    def first(at: np.ndarray) -> list[int]:
        if per_node <= 0 or not len(at):
            return []
        if order is not None:
            return at[np.lexsort((order[at], -staff[at], -rev[at], ~leader[at]))[:per_node]].tolist()
        if len(at) <= per_node:
            return sorted(at.tolist(), key=prominent)
        ranked = at[np.lexsort((-staff[at], -rev[at], ~leader[at]))]  # by the numbers; ties at the cut settled by id
        cut = ranked[per_node - 1]
        tied = np.flatnonzero((leader[ranked] == leader[cut]) & (rev[ranked] == rev[cut]) & (staff[ranked] == staff[cut]))
        start, end = int(tied[0]), int(tied[-1]) + 1  # the tied members are one run of the ranking
        head = sorted(ranked[:start].tolist(), key=prominent)
        return head + heapq.nsmallest(per_node - start, ranked[start:end].tolist(), key=lambda p: ids[p])

    def by_id(at: np.ndarray, limit: int | None = None) -> list[int]:
        if order is not None:
            return at[np.argsort(order[at], kind="stable")][:limit].tolist()
        return sorted(at.tolist(), key=lambda p: ids[p])[:limit]

    everyone = np.arange(len(ids))
    return Picked(first(everyone), first(np.flatnonzero(key)), by_id(np.flatnonzero(grouped & ~own_key), max(per_node, 0)),
                  by_id(np.flatnonzero(leader)))


def top_leading(ids: Sequence[str], value: np.ndarray, basis: np.ndarray, top_share: float) -> int | None:
    """The position of the member of largest scale (then smallest id) whose scale is in the top share, or None.

    ``value`` / ``basis`` are the members' scale among the leaf's members nationwide (basis 0: neither figure known),
    as :meth:`~app.store.embedded.indexes.LinkColumns.scale` gives them, in the order of ``ids``.

    >>> top_leading(["b", "a", "c"], np.array([0.9, 0.9, 0.5]), np.array([1, 1, 1]), 0.2)
    1
    """
    floor = 1.0 - top_share - 1e-9
    at = np.flatnonzero((np.asarray(basis) > 0) & (np.asarray(value) >= floor))
    if not len(at):
        return None
    best = value[at].max()
    return min(at[value[at] == best].tolist(), key=lambda p: ids[p])


@dataclass(frozen=True)
class LeafPick:
    """One leaf's picks as a store found them: positions into ``ids``, and the leading member (position, scale, basis)."""

    ids: Sequence[str]
    picked: Picked
    leading: tuple[int, float, int] | None

    def wanted(self) -> set[str]:
        """The ids whose models the digest needs."""
        at = self.picked.all() | ({self.leading[0]} if self.leading else set())
        return {self.ids[p] for p in at}


def digest_of(leaves: Mapping[str, LeafPick], models: Mapping[str, Enterprise], enterprises: int) -> LocalDigest:
    """The :class:`LocalDigest` of the leaves' picks, with the models of the firms picked (``LeafPick.wanted``)."""
    out = {}
    for node_id, leaf in leaves.items():
        def firms(at: list[int], leaf: LeafPick = leaf) -> tuple[Enterprise, ...]:
            return tuple(models[leaf.ids[p]] for p in at)

        top = None
        if leaf.leading is not None:
            p, scale, basis = leaf.leading
            top = RankedMember(node_id, models[leaf.ids[p]], float(scale), ScaleBasis(int(basis)))
        out[node_id] = LinkDigest(firms(leaf.picked.names), firms(leaf.picked.keys), firms(leaf.picked.via_group),
                                  firms(leaf.picked.leaders), top)
    return LocalDigest(out, enterprises)
