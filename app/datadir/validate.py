"""Cross-reference rules of a data set (DESIGN §4 constraints).

Unique ids; region codes that exist; FEEDS between leaves of one chain and acyclic;
RELATED_TO between existing links of different chains; IN_NODE only to leaf links;
every enterprise, park and chain referred to exists.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Container

from app.datadir.dataset import DataSet
from app.datadir.rows import FILES
from app.errors import Problem
from graph_schema.rules import feeds_cycle


def _duplicates(file: str, field: str, values: list[str]) -> list[Problem]:
    counts = Counter(values)
    seen: Counter = Counter()
    problems = []
    for row, value in enumerate(values, start=2):
        seen[value] += 1
        if counts[value] > 1 and seen[value] == 2:
            problems.append(Problem(f"编号 {value} 重复 (duplicate {field})", file, row, field, value))
    return problems


def template_problems(ds: DataSet) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for chain_id, t in ds.chains.items():
        file = f"chains/{chain_id}.yaml"
        for node in t.nodes:
            if node.id in owner:
                problems.append(Problem(f"环节编号 {node.id} 重复，已见于 {owner[node.id]} (duplicate node id)", file, field="nodes"))
            owner[node.id] = file
        for i, f in enumerate(t.feeds):
            for end in (f.source, f.target):
                node = t.by_id.get(end)
                if node is None:
                    problems.append(Problem(f"FEEDS 引用了本链不存在的环节 {end} (unknown link)", file, field=f"feeds[{i}]"))
                elif not node.is_leaf:
                    problems.append(Problem(f"FEEDS 只能连接叶子环节，{end} 不是叶子 (FEEDS joins leaf links only)", file, field=f"feeds[{i}]"))
        cycle = feeds_cycle((f.source, f.target) for f in t.feeds)
        if cycle:
            problems.append(Problem(f"FEEDS 成环：{' → '.join(cycle)} (FEEDS must be acyclic within a chain)", file, field="feeds"))
    all_nodes = {n.id: n for t in ds.chains.values() for n in t.nodes}
    for chain_id, t in ds.chains.items():
        file = f"chains/{chain_id}.yaml"
        for i, r in enumerate(t.related):
            if r.source not in t.by_id:
                problems.append(Problem(f"关联边的起点 {r.source} 不在本链 (source must be in this chain)", file, field=f"related[{i}]"))
            other = all_nodes.get(r.target)
            if other is None:
                problems.append(Problem(f"关联边指向不存在的环节 {r.target} (unknown link)", file, field=f"related[{i}]"))
            elif other.chain_id == chain_id:
                problems.append(Problem("融链关联应指向其他产业链的环节 (RELATED_TO joins different chains)", file, field=f"related[{i}]"))
    return problems


def reference_problems(ds: DataSet) -> list[Problem]:
    """Every rule that looks across files; row numbers are those of each CSV file."""
    problems: list[Problem] = []
    ef, lf, sf = (FILES[k] for k in ("enterprise", "enterprise_node", "supply"))
    problems += _duplicates(ef, "id", [e.id for e in ds.enterprises])
    usccs = [e.uscc or "" for e in ds.enterprises]
    for p in _duplicates(ef, "uscc", usccs):
        if p.value:
            problems.append(Problem(f"统一社会信用代码 {p.value} 重复 (duplicate USCC)", ef, p.row, "uscc", p.value))
    enterprise_ids = {e.id for e in ds.enterprises}
    for row, e in enumerate(ds.enterprises, start=2):
        if e.region_code not in ds.regions:
            problems.append(Problem(f"行政区划代码 {e.region_code} 不存在 (unknown region code)", ef, row, "region_code", e.region_code))
        if e.parent_id and e.parent_id not in enterprise_ids:
            problems.append(Problem(f"母公司 {e.parent_id} 不在企业表中 (unknown parent enterprise)", ef, row, "parent_id", e.parent_id))
    leaves = ds.leaf_ids()
    nodes = ds.node_ids()
    pairs: Counter = Counter()
    for row, link in enumerate(ds.links, start=2):
        if link.enterprise_id not in enterprise_ids:
            problems.append(Problem(f"企业 {link.enterprise_id} 不在企业表中 (unknown enterprise)", lf, row, "enterprise_id", link.enterprise_id))
        if link.node_id not in nodes:
            problems.append(Problem(f"环节 {link.node_id} 不存在 (unknown chain link)", lf, row, "node_id", link.node_id))
        elif link.node_id not in leaves:
            problems.append(Problem(f"企业只能挂在叶子环节上，{link.node_id} 不是叶子 (IN_NODE must point at a leaf link)", lf, row, "node_id", link.node_id))
        pairs[(link.enterprise_id, link.node_id)] += 1
        if pairs[(link.enterprise_id, link.node_id)] == 2:
            problems.append(Problem("同一企业与环节的关系重复 (duplicate enterprise–link pair)", lf, row, "node_id", link.node_id))
    for row, s in enumerate(ds.supply, start=2):
        for field, value in (("supplier_id", s.supplier_id), ("customer_id", s.customer_id)):
            if value not in enterprise_ids:
                problems.append(Problem(f"企业 {value} 不在企业表中 (unknown enterprise)", sf, row, field, value))
        if s.supplier_id == s.customer_id:
            problems.append(Problem("供应方与客户不能是同一企业 (supplier and customer are the same)", sf, row, "customer_id", s.customer_id))
    return problems + park_problems(ds, enterprise_ids)


def park_problems(ds: DataSet, enterprise_ids: Container[str]) -> list[Problem]:
    """The rules of parks.csv and park_enterprises.csv (``enterprise_ids``: the enterprises that exist)."""
    problems: list[Problem] = []
    pf, mf = FILES["park"], FILES["park_member"]
    problems += _duplicates(pf, "id", [p.id for p in ds.parks])
    park_ids = {p.id for p in ds.parks}
    for row, p in enumerate(ds.parks, start=2):
        if p.region_code not in ds.regions:
            problems.append(Problem(f"行政区划代码 {p.region_code} 不存在 (unknown region code)", pf, row, "region_code", p.region_code))
        for chain_id in p.lead_chains:
            if chain_id not in ds.chains:
                problems.append(Problem(f"主导产业链 {chain_id} 不存在 (unknown chain)", pf, row, "lead_chains", chain_id))
    for row, m in enumerate(ds.park_members, start=2):
        if m.park_id not in park_ids:
            problems.append(Problem(f"园区 {m.park_id} 不在园区表中 (unknown park)", mf, row, "park_id", m.park_id))
        if m.enterprise_id not in enterprise_ids:
            problems.append(Problem(f"企业 {m.enterprise_id} 不在企业表中 (unknown enterprise)", mf, row, "enterprise_id", m.enterprise_id))
    return problems


def dataset_problems(ds: DataSet) -> list[Problem]:
    return template_problems(ds) + reference_problems(ds)
