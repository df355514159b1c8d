"""Member answers of the store contract computed from member lists, for stores without an index (Neo4j):
:meth:`~app.store.base.GraphStore.key_members` and :meth:`~app.store.base.GraphStore.leading_members` of one leaf."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.store.base import Member, RankedMember
from app.store.scale import ScaleBasis, scale_within
from graph_schema.models import Enterprise


def _prominence(e: Enterprise) -> tuple:
    return (not e.is_leader, -(e.revenue or 0.0), -(e.employees or 0), e.id)


def key_members_from(members: list[Member], per_node: int) -> list[Member]:
    """:meth:`GraphStore.key_members` computed from every member (for stores without an index)."""
    by_node: dict[str, list[Member]] = {}
    for m in members:
        if m.enterprise.is_key:
            by_node.setdefault(m.node_id, []).append(m)
    out = []
    for node_id in sorted(by_node):
        ranked = sorted(by_node[node_id], key=lambda m: _prominence(m.enterprise))
        leaders = sum(1 for m in ranked if m.enterprise.is_leader)
        out.extend(ranked[:max(per_node, leaders)])
    return out


def leading_from(node_id: str, revenue: np.ndarray, employees: np.ndarray, inside: Sequence[int],
                 enterprises: Sequence[Enterprise], top_share: float) -> list[RankedMember]:
    """:meth:`GraphStore.leading_members` of one leaf from its members' revenue and headcount (NaN: unknown).

    ``inside`` are the positions of the members inside the scope and ``enterprises`` their models, in that order.

    >>> from graph_schema.models import Enterprise
    >>> e = Enterprise(id="x", name="甲", region_code="510100")
    >>> [(m.enterprise.id, m.scale) for m in leading_from("n", np.array([9.0, 1.0, 5.0, 2.0, 3.0]), np.full(5, np.nan),
    ...                                                    [0], [e], 0.2)]
    [('x', 1.0)]
    """
    if not len(inside):
        return []
    value, basis = scale_within(revenue, employees, np.asarray(inside, dtype=np.int64))
    floor = 1.0 - top_share - 1e-9
    return [RankedMember(node_id, e, float(v), ScaleBasis(int(b)))
            for e, v, b in zip(enterprises, value.tolist(), basis.tolist(), strict=True) if b and v >= floor]
