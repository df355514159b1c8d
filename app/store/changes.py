"""Checks a :class:`ChangeSet` against what a store holds, before anything is written.

Both stores call :func:`check_changes` first, so the same change is refused the same way
everywhere: unknown enterprises or links, links to non-leaf nodes, unknown regions, and a
USCC that already belongs to another enterprise.
"""
from __future__ import annotations

from app.errors import Conflict, InvalidInput, Problem
from app.store.base import ChangeSet, GraphStore


def check_changes(store: GraphStore, changes: ChangeSet) -> None:
    problems: list[Problem] = []
    regions = store.regions()
    leaves = {leaf for t in store.chains() for leaf in t.leaf_ids}
    nodes = {n for t in store.chains() for n in t.by_id}
    incoming = {e.id for e in changes.enterprises}
    deleted = set(changes.delete_enterprises)
    referenced = ({link.enterprise_id for link in changes.links}
                  | {s.supplier_id for s in changes.supply} | {s.customer_id for s in changes.supply}
                  | {e.parent_id for e in changes.enterprises if e.parent_id} | deleted
                  | {eid for eid, _ in changes.delete_links})
    existing = set(store.enterprises(sorted(referenced - incoming)))
    known = (existing | incoming) - deleted
    for i, e in enumerate(changes.enterprises):
        if e.region_code not in regions:
            problems.append(Problem(f"行政区划代码 {e.region_code} 不存在 (unknown region code)", "enterprises", i + 1, "region_code", e.region_code))
        if e.parent_id and e.parent_id not in known:
            problems.append(Problem(f"母公司 {e.parent_id} 不存在 (unknown parent enterprise)", "enterprises", i + 1, "parent_id", e.parent_id))
    for i, link in enumerate(changes.links):
        if link.enterprise_id not in known:
            problems.append(Problem(f"企业 {link.enterprise_id} 不存在 (unknown enterprise)", "enterprise_nodes", i + 1, "enterprise_id", link.enterprise_id))
        if link.node_id not in nodes:
            problems.append(Problem(f"环节 {link.node_id} 不存在 (unknown chain link)", "enterprise_nodes", i + 1, "node_id", link.node_id))
        elif link.node_id not in leaves:
            problems.append(Problem(f"{link.node_id} 不是叶子环节 (IN_NODE must point at a leaf link)", "enterprise_nodes", i + 1, "node_id", link.node_id))
    for i, s in enumerate(changes.supply):
        for field, value in (("supplier_id", s.supplier_id), ("customer_id", s.customer_id)):
            if value not in known:
                problems.append(Problem(f"企业 {value} 不存在 (unknown enterprise)", "supply", i + 1, field, value))
        if s.supplier_id == s.customer_id:
            problems.append(Problem("供应方与客户不能是同一企业 (supplier and customer are the same)", "supply", i + 1, "customer_id", s.customer_id))
    for eid in deleted - existing:
        problems.append(Problem(f"企业 {eid} 不存在 (unknown enterprise)", "delete", None, "id", eid))
    if problems:
        raise InvalidInput(f"变更有 {len(problems)} 个问题，未写入任何数据 (changes refused; nothing written)", problems)

    usccs = {}
    for e in changes.enterprises:
        if e.uscc:
            if e.uscc in usccs and usccs[e.uscc] != e.id:
                raise Conflict(f"统一社会信用代码 {e.uscc} 同时用于 {usccs[e.uscc]} 和 {e.id} (duplicate USCC)")
            usccs[e.uscc] = e.id
    owners = store.ids_by_uscc(sorted(usccs))
    for uscc, owner in owners.items():
        if owner != usccs[uscc] and owner not in deleted:
            raise Conflict(f"统一社会信用代码 {uscc} 已属于企业 {owner} (USCC already belongs to {owner})")
