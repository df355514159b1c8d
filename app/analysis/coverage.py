"""Coverage of a chain in a scope: per leaf link its local and key counts, status and indices.

Rules (DESIGN §6), for leaf n of chain C in scope S with weak threshold t (the chain's own,
overridable per call):

- status **missing** when no local enterprise works in n; **weak** when fewer than t do, or n is a
  core link without a local key enterprise (链主, 上市, 小巨人, 世界500强); **strong** otherwise;
- location quotient ``LQ(n,S) = (local(n)/local(C)) / (national(n)/national(C))`` where
  local(C) and national(C) count enterprise–link pairs of the chain, so the shares sum to one;
- completeness = Σ weight of non-missing leaves / Σ weight of all leaves; strength = Σ weight of
  strong leaves / Σ weight;
- local supporting rate (本地配套率) of a local 链主: the share of the links that FEED its links
  which have at least one local enterprise (its own links, supplied in-house, are left out).

>>> classify(0, 0, False, 3), classify(2, 1, False, 3), classify(5, 0, True, 3), classify(3, 1, True, 3)
(<Status.missing: 'missing'>, <Status.weak: 'weak'>, <Status.weak: 'weak'>, <Status.strong: 'strong'>)
>>> location_quotient(2, 4, 10, 100)
5.0
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from app.analysis.results import Counts, Indicators, KeyEnterprise, Leader, Reason, Status
from app.store.base import Member
from graph_schema.models import CHAIN_LEADER_TAG, ChainNode, Enterprise
from graph_schema.template import ChainTemplate


def classify(local: int, key: int, is_core: bool, threshold: int) -> Status:
    """The status of one link from its local and key counts."""
    if local <= 0:
        return Status.missing
    if local < threshold or (is_core and key <= 0):
        return Status.weak
    return Status.strong


def status_reasons(node: ChainNode, local: int, key: int, threshold: int) -> list[Reason]:
    """Why a link has its status, in Chinese and English."""
    if local <= 0:
        return [Reason(zh="本地没有企业布局该环节", en="no local enterprise works in this link")]
    reasons = []
    if local < threshold:
        reasons.append(Reason(zh=f"本地仅 {local} 家企业，少于阈值 {threshold} 家",
                              en=f"only {local} local enterprises, fewer than the threshold of {threshold}"))
    if node.is_core and key <= 0:
        reasons.append(Reason(zh="核心环节但本地没有重点企业（链主/上市/小巨人/世界500强）",
                              en="core link without a local key enterprise"))
    if not reasons:
        reasons.append(Reason(
            zh=f"本地 {local} 家企业（其中重点企业 {key} 家），达到阈值 {threshold} 家",
            en=f"{local} local enterprises, {key} of them key, at least the threshold of {threshold}"))
    return reasons


def location_quotient(local_n: int, local_total: int, national_n: int, national_total: int) -> float | None:
    """(local share of the link) / (national share of the link); ``None`` where undefined."""
    if not local_total or not national_n or not national_total:
        return None
    return (local_n / local_total) / (national_n / national_total)


def indicators(template: ChainTemplate, statuses: Mapping[str, Status]) -> Indicators:
    """Completeness, strength and status counts over every leaf of the chain.

    Examples
    --------
    >>> from app.datadir.chains import parse_chain
    >>> leaves = [{"id": f"c.{x}", "name": x, "name_en": x, "weight": w} for x, w in (("a", 1.0), ("b", 0.5), ("c", 0.5))]
    >>> t, _ = parse_chain("c.yaml", {"id": "c", "name": "链", "name_en": "C", "nodes": [
    ...     {"id": "c.up", "name": "上游", "name_en": "Up", "stage": "upstream", "children": leaves}]})
    >>> i = indicators(t, {"c.a": Status.strong, "c.b": Status.weak, "c.c": Status.missing})
    >>> i.completeness, i.strength, i.counts
    (0.75, 0.5, Counts(strong=1, weak=1, missing=1))
    """
    total = template.total_weight
    present = sum(n.weight for n in template.leaves if statuses[n.id] is not Status.missing)
    strong = sum(n.weight for n in template.leaves if statuses[n.id] is Status.strong)
    tally = {s: sum(1 for n in template.leaf_ids if statuses[n] is s) for s in Status}
    counts = Counts(strong=tally[Status.strong], weak=tally[Status.weak], missing=tally[Status.missing])
    return Indicators(completeness=present / total if total else 0.0, strength=strong / total if total else 0.0,
                      counts=counts)


def _prominence(e: Enterprise) -> tuple:
    return (CHAIN_LEADER_TAG not in e.tags, -(e.revenue or 0.0), -(e.employees or 0), e.id)


def key_enterprises(members: Iterable[Member], limit: int = 3) -> dict[str, tuple[KeyEnterprise, ...]]:
    """Up to ``limit`` local key enterprises per link, 链主 first, then by revenue and headcount."""
    by_node: dict[str, list[Enterprise]] = defaultdict(list)
    for m in members:
        if m.enterprise.is_key:
            by_node[m.node_id].append(m.enterprise)
    return {n: tuple(KeyEnterprise(id=e.id, name=e.name) for e in sorted(es, key=_prominence)[:limit])
            for n, es in by_node.items()}


def local_leaders(template: ChainTemplate, members: Iterable[Member], local: Mapping[str, int]) -> tuple[Leader, ...]:
    """Every local 链主 of the chain with its local supporting rate (本地配套率).

    ``local`` maps leaf id to its local enterprise count; a 链主 whose links nothing FEEDS has
    rate ``None``.
    """
    nodes: dict[str, set[str]] = defaultdict(set)
    firms: dict[str, Enterprise] = {}
    for m in members:
        if CHAIN_LEADER_TAG in m.enterprise.tags:
            nodes[m.enterprise.id].add(m.node_id)
            firms[m.enterprise.id] = m.enterprise
    leaders = []
    for eid, own in nodes.items():
        suppliers = sorted({s for n in own for s in template.suppliers_of(n)} - own)  # its own links are in-house
        covered = [s for s in suppliers if local.get(s, 0) > 0]
        rate = len(covered) / len(suppliers) if suppliers else None
        names = "、".join(template.node(s).name for s in suppliers if s not in covered)
        if rate is None:
            reasons = [Reason(zh="其所在环节没有上游供给环节", en="nothing feeds its links")]
        else:
            reasons = [Reason(
                zh=f"为其供货的 {len(suppliers)} 个上游环节中，本地有企业的 {len(covered)} 个，本地配套率 {rate:.0%}",
                en=f"{len(covered)} of the {len(suppliers)} links feeding its links have a local enterprise")]
            if names:
                reasons.append(Reason(zh=f"本地缺少配套的环节：{names}", en="links feeding it with no local enterprise"))
        leaders.append(Leader(enterprise_id=eid, name=firms[eid].name, node_ids=tuple(sorted(own)),
                              supporting_rate=rate, supplier_links=tuple(suppliers),
                              covered_supplier_links=tuple(covered), reasons=tuple(reasons)))
    leaders.sort(key=lambda x: (_prominence(firms[x.enterprise_id])))
    return tuple(leaders)
