"""Cross-reference rules of a data set (DESIGN §4 constraints).

Unique ids; region codes that exist; FEEDS between leaves of one chain and acyclic;
RELATED_TO between existing links of different chains; IN_NODE only to leaf links;
every enterprise, park and chain referred to exists.
"""
from __future__ import annotations

from collections.abc import Container, Mapping

from app.datadir.dataset import DataSet
from app.datadir.rows import FILES
from app.datadir.rules import ROW_RULES, Known, file_repeats, unknown_enterprise, unknown_region
from app.errors import Problem
from graph_schema.rules import feeds_cycle


def template_problems(ds: DataSet) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for chain_id, t in ds.chains.items():
        file = f"chains/{chain_id}.yaml"
        for node in t.nodes:
            if node.id in owner:
                problems.append(Problem(f"环节编号 {node.id} 重复，已见于 {owner[node.id]} (duplicate node id)",
                                        file, field="nodes"))
            owner[node.id] = file
        for i, f in enumerate(t.feeds):
            for end in (f.source, f.target):
                node = t.by_id.get(end)
                if node is None:
                    problems.append(Problem(f"FEEDS 引用了本链不存在的环节 {end} (unknown link)",
                                            file, field=f"feeds[{i}]"))
                elif not node.is_leaf:
                    problems.append(Problem(f"FEEDS 只能连接叶子环节，{end} 不是叶子 (FEEDS joins leaf links only)",
                                            file, field=f"feeds[{i}]"))
        cycle = feeds_cycle((f.source, f.target) for f in t.feeds)
        if cycle:
            problems.append(Problem(f"FEEDS 成环：{' → '.join(cycle)} (FEEDS must be acyclic within a chain)",
                                    file, field="feeds"))
    all_nodes = {n.id: n for t in ds.chains.values() for n in t.nodes}
    for chain_id, t in ds.chains.items():
        file = f"chains/{chain_id}.yaml"
        for i, r in enumerate(t.related):
            if r.source not in t.by_id:
                problems.append(Problem(f"关联边的起点 {r.source} 不在本链 (source must be in this chain)",
                                        file, field=f"related[{i}]"))
            other = all_nodes.get(r.target)
            if other is None:
                problems.append(Problem(f"关联边指向不存在的环节 {r.target} (unknown link)",
                                        file, field=f"related[{i}]"))
            elif other.chain_id == chain_id:
                problems.append(Problem("融链关联应指向其他产业链的环节 (RELATED_TO joins different chains)",
                                        file, field=f"related[{i}]"))
    return problems


def _located(kind: str, items: list, rows: Mapping[str, list[int]] | None) -> list[tuple[int, object]]:
    numbers = (rows or {}).get(kind) or range(2, 2 + len(items))
    return list(zip(numbers, items, strict=False))


def reference_problems(ds: DataSet, rows: Mapping[str, list[int]] | None = None) -> list[Problem]:
    """Every rule that looks across files (:mod:`app.datadir.rules`); ``rows`` are the spreadsheet rows of each
    kind's items (by default the second row on, one item a row)."""
    enterprise_ids = {e.id for e in ds.enterprises}
    known = Known(ds.regions, {n.id: n.is_leaf for t in ds.chains.values() for n in t.nodes}, enterprise_ids)
    problems: list[Problem] = []
    for kind, items in (("enterprise", ds.enterprises), ("enterprise_node", ds.links), ("supply", ds.supply)):
        located = _located(kind, items, rows)
        problems += file_repeats(kind, located, FILES[kind]) + ROW_RULES[kind](located, FILES[kind], known)
    return problems + park_problems(ds, enterprise_ids, rows)


def park_problems(ds: DataSet, enterprise_ids: Container[str],
                  rows: Mapping[str, list[int]] | None = None) -> list[Problem]:
    """The rules of parks.csv and park_enterprises.csv (``enterprise_ids``: the enterprises that exist)."""
    pf, mf = FILES["park"], FILES["park_member"]
    parks, members = _located("park", ds.parks, rows), _located("park_member", ds.park_members, rows)
    problems = file_repeats("park", parks, pf) + file_repeats("park_member", members, mf)
    park_ids = {p.id for p in ds.parks}
    for row, p in parks:
        if p.region_code not in ds.regions:
            problems.append(unknown_region(p.region_code, pf, row))
        for chain_id in p.lead_chains:
            if chain_id not in ds.chains:
                problems.append(Problem(f"主导产业链 {chain_id} 不存在 (unknown chain)", pf, row, "lead_chains",
                                        chain_id))
    for row, m in members:
        if m.park_id not in park_ids:
            problems.append(Problem(f"园区 {m.park_id} 不在园区表中 (unknown park)", mf, row, "park_id", m.park_id))
        if m.enterprise_id not in enterprise_ids:
            problems.append(unknown_enterprise(m.enterprise_id, mf, row, "enterprise_id"))
    return problems


def dataset_problems(ds: DataSet, rows: Mapping[str, list[int]] | None = None) -> list[Problem]:
    """Every rule of a data set: the chain templates', then :func:`reference_problems`."""
    return template_problems(ds) + reference_problems(ds, rows)
