"""What-if: the statuses, completeness and strength of a chain in a scope after landing candidates.

Landing an enterprise in the scope makes each of its confirmed links in the chain count as
local: local +1, and key +1 when it is a key enterprise. Enterprises already local change
nothing (they are counted already); inactive ones (注销, 吊销) cannot land. Statuses follow
:func:`app.analysis.coverage.verdict`, capacity rules included: a landed 链主 makes its links
strong, and so does a landed enterprise in the top fifth of a link's members nationwide.

>>> from app.store.base import NodeCount
>>> land({"n": NodeCount(1, 0)}, [("n", True), ("m", False)])
{'n': NodeCount(local=2, key=1), 'm': NodeCount(local=1, key=0)}
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from app.analysis.coverage import TOP_SHARE, capacity_links, classify, indicators
from app.analysis.results import Reason, Scope, StatusChange, WhatIf
from app.analysis.scope import local_ids
from app.errors import InvalidInput, NotFound
from app.store.base import GraphStore, NodeCount
from app.store.scale import scale_within
from graph_schema.models import Enterprise, LinkGrade


def land(counts: Mapping[str, NodeCount], additions: Iterable[tuple[str, bool]]) -> dict[str, NodeCount]:
    """Counts after adding one enterprise per ``(node_id, is_key)`` pair."""
    out = dict(counts)
    for node_id, is_key in additions:
        c = out.get(node_id, NodeCount(0, 0))
        out[node_id] = NodeCount(c.local + 1, c.key + int(is_key))
    return out


def what_if(store: GraphStore, chain_id: str, scope: Scope, landed_ids: list[str], weak_threshold: int | None = None) -> WhatIf:
    """Indicators before and after landing ``landed_ids`` in the scope.

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> from app.analysis.scope import resolve_scope
    >>> store = toy_store()
    >>> w = what_if(store, "toy", resolve_scope(store, region="成都"), ["b1"])
    >>> [(c.node_id, c.before.value, c.after.value) for c in w.changed]
    [('toy.b', 'missing', 'strong')]
    """
    template = store.chain(chain_id)
    threshold = template.chain.weak_threshold if weak_threshold is None else weak_threshold
    ids = list(dict.fromkeys(i.strip() for i in landed_ids if i and i.strip()))
    if not ids:
        raise InvalidInput("请给出要落地的企业编号 (give the ids of the enterprises to land)")
    found = store.enterprises(ids)
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise NotFound(f"没有企业 {', '.join(unknown)} (no enterprise {', '.join(unknown)})")
    inactive = [i for i in ids if not found[i].active]
    if inactive:
        raise InvalidInput(f"企业 {', '.join(inactive)} 已注销或吊销，不能落地 (inactive enterprises cannot land)")
    leaves = set(template.leaf_ids)
    links = store.enterprise_links(ids)
    additions, reasons = [], []
    local = local_ids(store, scope, found.values())
    for i in ids:
        e = found[i]
        if i in local:
            reasons.append(Reason(zh=f"{e.name} 已在{scope.name}，不重复计算", en=f"{e.name} is already in {scope.name} and counted"))
            continue
        mine = [x.node_id for x in links.get(i, []) if x.grade is LinkGrade.confirmed and x.node_id in leaves]
        if not mine:
            reasons.append(Reason(zh=f"{e.name} 不在该产业链的任何环节", en=f"{e.name} works in no link of this chain"))
        for n in mine:
            additions.append((n, e.is_key))
            reasons.append(Reason(zh=f"{e.name} 落地后，“{template.node(n).name}”本地企业 +1",
                                  en=f"{e.name} adds one local enterprise to “{template.node(n).name_en}”"))
    before_counts = store.node_counts(chain_id, scope.filter)
    after_counts = land(before_counts, additions)
    strong_before = capacity_links(store, chain_id, scope.filter)
    strong_after = strong_before | _landed_capacity(store, [(n, found[i]) for i in ids if i not in local
                                                            for n in (x.node_id for x in links.get(i, []))
                                                            if n in leaves], links)

    def statuses(counts: Mapping[str, NodeCount], capacity: set[str]):
        zero = NodeCount(0, 0)
        return {n.id: classify(counts.get(n.id, zero).local, counts.get(n.id, zero).key, n.is_core, threshold, n.id in capacity)
                for n in template.leaves}

    before, after = statuses(before_counts, strong_before), statuses(after_counts, strong_after)
    changed = tuple(StatusChange(node_id=n, name=template.node(n).name, before=before[n], after=after[n])
                    for n in template.leaf_ids if before[n] is not after[n])
    return WhatIf(chain=template.id, chain_name=template.chain.name, scope=scope, landed=tuple(ids),
                  before=indicators(template, before), after=indicators(template, after), changed=changed,
                  reasons=tuple(reasons))


def _landed_capacity(store: GraphStore, landed: list[tuple[str, Enterprise]], links: Mapping) -> set[str]:
    """Links a landed enterprise makes strong by capacity: it is a 链主, or in the link's national top fifth."""
    out = set()
    for node_id, e in landed:
        confirmed = any(x.node_id == node_id and x.grade is LinkGrade.confirmed for x in links.get(e.id, []))
        if not confirmed or not e.active:
            continue
        if e.is_leader:
            out.add(node_id)
            continue
        members = [m.enterprise for m in store.node_members(node_id, None)]
        at = [i for i, m in enumerate(members) if m.id == e.id]
        if not at:
            continue
        nan = float("nan")
        revenue = np.array([nan if m.revenue is None else m.revenue for m in members], dtype=float)
        employees = np.array([nan if m.employees is None else m.employees for m in members], dtype=float)
        value, basis = scale_within(revenue, employees, np.array(at))
        if basis[0] and value[0] >= 1 - TOP_SHARE - 1e-9:
            out.add(node_id)
    return out
