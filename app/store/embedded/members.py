"""Every member of a link as columns with its group's figures over the whole chain (``Capability.member_columns``).

The target list of a large scope bounds each candidate group's score before it reads the
candidates (:mod:`app.analysis.target_prefilter`). What it needs of the store does not depend on
the scope and is kept per chain and data version (:meth:`EmbeddedMembers.member_columns`): per
member of a link, over the entries (member × link) of its group (its top parent's, :mod:`app.store.embedded.groups`)
in every link of the chain, the highest scale factor of a sized entry, whether one is unsized, how
many entries there are and how many of them are not the top itself; and whether the member is in a
group of more than one enterprise. A group's entries in a scope's gap links are some of these, so
each figure bounds what the target list finds over them.

>>> rows, top, sized = np.array([0, 1, 2, 1]), np.array([0, 0, 2, 0]), np.array([True, False, True, True])
>>> g = chain_groups(rows, top, np.array([0.5, 0.0, 0.2, 0.9]), sized, 3)
>>> g.scale.tolist(), g.unsized.tolist(), g.entries.tolist(), g.rolled.tolist()
([0.9, 0.9, 0.2, 0.9], [True, True, False, True], [3, 3, 1, 3], [2, 2, 0, 2])
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.store.base import Candidates, ScopeFilter
from app.store.embedded.indexes import id_ranks


@dataclass(frozen=True)
class MemberGroups:
    """Per entry (a member of a link), its group's figures over the chain (see the module)."""

    scale: np.ndarray    # the highest scale factor of the group's sized entries (-1: none sized)
    unsized: np.ndarray  # the group has an unsized entry
    entries: np.ndarray  # the group's entries
    rolled: np.ndarray   # the group's entries whose enterprise is not the top
    grouped: np.ndarray  # the member is in a group of more than one enterprise
    codes: np.ndarray | None = None  # the region code numbers of the members and of their tops, each once


@dataclass(frozen=True)
class MemberColumns:
    """Every member of a link (``every``: :class:`~app.store.base.Candidates` with the scope's partner flags; each
    member's position is its place here), the positions of those inside the scope (``gone``), and ``groups``."""

    every: Candidates
    gone: np.ndarray
    groups: MemberGroups
    size: int  # the candidates' ``order`` and their tops' are below this


def chain_groups(rows: np.ndarray, top: np.ndarray, scale: np.ndarray, sized: np.ndarray, size: int) -> MemberGroups:
    """:class:`MemberGroups` of the entries of a chain: each entry's table row, its top's row, scale factor and
    whether it is sized (``size``: the table's rows)."""
    best = np.full(size, -1.0)
    np.maximum.at(best, top[sized], scale[sized])
    unsized = np.zeros(size, dtype=bool)
    unsized[top[~sized]] = True
    entries = np.bincount(top, minlength=size)
    rolled = np.bincount(top[top != rows], minlength=size)
    return MemberGroups(best[top], unsized[top], entries[top], rolled[top], np.zeros(len(rows), dtype=bool))


class EmbeddedMembers:
    """:meth:`member_columns` of the embedded store (mixed into :class:`~app.store.embedded.store.EmbeddedStore`)."""

    def member_columns(self, node_id: str, scope: ScopeFilter) -> MemberColumns | None:
        """Every member of link ``node_id`` as columns, those inside ``scope`` and their groups' figures (see the
        module); None when the data hold a cycle of parents (no group columns)."""
        with self._lock:
            cols, gone, partners, tag_sets, codes = self.link_columns(node_id, scope)
            every = self._every_member(node_id, partners, tag_sets, codes)
            if every.groups is None:
                return None
            groups = self._chain_groups(self._chain_of(node_id))[node_id]
            return MemberColumns(every, gone, groups, len(self._table.rows))

    def _every_member(self, node_id: str, partners: np.ndarray, tag_sets: list, codes: list) -> Candidates:
        """The link's members as candidates, none left out (views of the kept columns, kept per link and data version
        but for the scope's ``partners``; call under the lock)."""
        if getattr(self, "_id_ranks", (None,))[0] != self._version:
            self._id_ranks = (self._version, id_ranks(self._table.rows))
        ranks, cols = self._id_ranks[1], self._columns(node_id)
        kept = self.__dict__.setdefault("_kept_every_member", {})
        hit = kept.get(node_id)
        if hit is None or hit[0] != self._version or hit[1] is not cols.rows or hit[2].tag_sets is not tag_sets \
                or hit[2].region_codes is not codes:
            every = cols.outside(node_id, np.empty(0, dtype=np.int64), partners, self._id_columns(), tag_sets, codes, None,
                                 None, lambda n, rows, only: self._group_columns(n, rows, only, ranks))
            hit = kept[node_id] = (self._version, cols.rows, replace(every, order=ranks[cols.rows]))
        return replace(hit[2], partner=partners[cols.rows])

    def _chain_groups(self, chain_id: str) -> dict[str, MemberGroups]:
        """Per link of the chain, its members' :class:`MemberGroups`, kept per data version (call under the lock)."""
        kept = self.__dict__.setdefault("_kept_chain_groups", {})
        hit = kept.get(chain_id)
        if hit is None or hit[0] != self._version:
            found = self._tops()
            leaves = [n for n in self.chain(chain_id).leaf_ids]
            cols = [self._columns(n) for n in leaves]
            rows = np.concatenate([c.rows for c in cols]) if cols else np.empty(0, dtype=np.int64)
            g = chain_groups(rows, found.row[rows], np.concatenate([c.scale_all for c in cols]) if cols else np.empty(0),
                             np.concatenate([c.basis_all > 0 for c in cols]) if cols else np.empty(0, dtype=bool),
                             len(self._table.rows))
            grouped, county = found.grouped[rows], self._table.numeric()["county"]
            out, start = {}, 0
            for n, c in zip(leaves, cols, strict=True):
                at = slice(start, start + len(c.rows))
                codes = np.unique(np.concatenate([c.county, county[found.row[c.rows]]]))
                out[n] = MemberGroups(g.scale[at], g.unsized[at], g.entries[at], g.rolled[at], grouped[at], codes)
                start += len(c.rows)
            hit = kept[chain_id] = (self._version, out)
        return hit[1]

    def prepare_members(self) -> None:
        """Read now what :meth:`member_columns` keeps per data version for every chain (the tops, the link's ids,
        parents and group columns, the chains' group figures), so no question pays for it; the store calls it
        after a load (a write drops it: the next question after a write reads again what the write changed)."""
        with self._lock:
            if self._tops().cyclic:
                return
            partners = np.zeros(len(self._table.rows), dtype=bool)
            for t in self.chains():
                for n in t.leaf_ids:
                    self._every_member(n, partners, self._table.tag_sets, self._table.codes)
                self._chain_groups(t.id)
