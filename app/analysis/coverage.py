"""Coverage of a chain in a scope: per leaf link its local and key counts, status and indices.

Rules (DESIGN §6), for leaf n of chain C in scope S with weak threshold t (the chain's own,
overridable per call):

- status **missing** when no local enterprise works in n; **strong** when one of three rules holds,
  tried in this order and named in the reasons (``LinkStatus.rule``):

  1. *count*: at least t local enterprises, and for a core link at least one local key enterprise
     (链主, 上市, 小巨人, 世界500强: its own tags, or the group tags 链主/上市/世界500强 of a group it belongs
     to along ``parent_id`` — the group rule, :func:`graph_schema.models.group_tags_of`);
  2. *leader*: a local enterprise is a 链主 of the chain working in n (its own tag or its group's);
  3. *scale*: a local enterprise is in the top fifth (:data:`TOP_SHARE`) of n's members nationwide
     by revenue, else headcount (:meth:`GraphStore.local_digests`, :mod:`app.store.scale`);

  **weak** otherwise (present, but thin and small);
- location quotient ``LQ(n,S) = (local(n)/local(C)) / (national(n)/national(C))`` where
  local(C) and national(C) count enterprise–link pairs of the chain, so the shares sum to one;
- completeness = Σ weight of non-missing leaves / Σ weight of all leaves; strength = Σ weight of
  strong leaves / Σ weight;
- local supporting rate (本地配套率) of a local 链主: the share of the links that FEED its links
  which have at least one local enterprise (its own links, supplied in-house, are left out).

>>> classify(0, 0, False, 3), classify(2, 1, False, 3), classify(5, 0, True, 3), classify(3, 1, True, 3)
(<Status.missing: 'missing'>, <Status.weak: 'weak'>, <Status.weak: 'weak'>, <Status.strong: 'strong'>)
>>> verdict(1, 1, True, 3, leaders=("链主甲",)), verdict(1, 0, False, 3, leading=(("大企业", 0.9, "revenue"),))
((<Status.strong: 'strong'>, 'leader'), (<Status.strong: 'strong'>, 'scale'))
>>> location_quotient(2, 4, 10, 100)
5.0
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from app.analysis.results import Counts, Indicators, KeyEnterprise, Leader, Reason, Status
from app.store.base import GraphStore, ScopeFilter
from app.store.digest import LocalDigest, prominence
from graph_schema.models import CHAIN_LEADER_TAG, ChainNode, Enterprise
from graph_schema.template import ChainTemplate

TOP_SHARE = 0.2
"""The scale rule's share: a local enterprise in the top fifth of a link's members nationwide makes it strong."""
NAMED = 3
"""Local enterprises a gap report names per link (the first by prominence, the key ones, those key through their group)."""
_BASIS = {"revenue": ("营收", "revenue"), "headcount": ("员工人数", "headcount")}


def verdict(local: int, key: int, is_core: bool, threshold: int, leaders: Sequence[str] = (),
            leading: Sequence[tuple[str, float, str]] = ()) -> tuple[Status, str | None]:
    """The status of one link and the rule that made it strong (``count``, ``leader``, ``scale``; None otherwise).

    ``leaders`` names the local 链主 of the chain in the link, ``leading`` the local enterprises in the
    top fifth nationwide as ``(name, scale, basis)``.
    """
    if local <= 0:
        return Status.missing, None
    if local >= threshold and (not is_core or key > 0):
        return Status.strong, "count"
    if leaders:
        return Status.strong, "leader"
    if leading:
        return Status.strong, "scale"
    return Status.weak, None


def classify(local: int, key: int, is_core: bool, threshold: int, capacity: bool = False) -> Status:
    """The status of one link from its local and key counts; ``capacity``: a local 链主 or top-fifth enterprise."""
    return verdict(local, key, is_core, threshold, ("",) if capacity else ())[0]


def local_digest(store: GraphStore, chain_id: str, scope: ScopeFilter) -> LocalDigest:
    """What the gap report names of the chain's members in ``scope`` (:meth:`GraphStore.local_digests`): :data:`NAMED` firms
    per link, every local 链主, the largest local firm in the link's national top fifth (:data:`TOP_SHARE`)."""
    return store.local_digests(chain_id, [scope], NAMED, TOP_SHARE)[0]


def capacity_links(store: GraphStore, chain_id: str, scope: ScopeFilter) -> set[str]:
    """The leaves of the chain that the capacity rules make strong in ``scope`` whatever their counts: a local
    链主 (its own tag or its group's) works there, or a local member is in the leaf's national top fifth.

    With :func:`classify` (``capacity=leaf in capacity_links(...)``) this is the status rule of
    :func:`verdict` for callers that need statuses, not reasons (compare, 融链, what-if).
    """
    return set(store.local_digests(chain_id, [scope], 0, TOP_SHARE)[0].capacity)  # no firm named: 链主 and the top fifth only


def status_reasons(node: ChainNode, local: int, key: int, threshold: int, leaders: Sequence[str] = (),
                   leading: Sequence[tuple[str, float, str]] = ()) -> list[Reason]:
    """Why a link has its status, naming the rule that made the verdict, in Chinese and English."""
    status, rule = verdict(local, key, node.is_core, threshold, leaders, leading)
    if status is Status.missing:
        return [Reason(zh="本地没有企业布局该环节", en="no local enterprise works in this link")]
    if rule == "count":
        return [Reason(zh=f"数量规则：本地 {local} 家企业（其中重点企业 {key} 家），达到阈值 {threshold} 家",
                       en=f"count rule: {local} local enterprises, {key} of them key, at least the threshold of {threshold}")]
    reasons = []
    if rule == "leader":
        reasons.append(Reason(zh=f"链主规则：本地链主{'、'.join(leaders)}在该环节，判为强",
                              en="leader rule: a local chain leader works in this link, so it is strong"))
    elif rule == "scale":
        name, scale, basis = leading[0]
        zh, en = _BASIS.get(basis, ("规模", "scale"))
        reasons.append(Reason(
            zh=f"规模规则：本地企业{name}{zh}位列全国该环节前 {TOP_SHARE:.0%}（百分位 {scale:.2f}），判为强",
            en=f"scale rule: a local enterprise is in the top {TOP_SHARE:.0%} of the link nationwide by {en} "
               f"(percentile {scale:.2f}), so it is strong"))
    if local < threshold:
        reasons.append(Reason(zh=f"本地仅 {local} 家企业，少于阈值 {threshold} 家",
                              en=f"only {local} local enterprises, fewer than the threshold of {threshold}"))
    if node.is_core and key <= 0:
        reasons.append(Reason(zh="核心环节但本地没有重点企业（链主/上市/小巨人/世界500强）",
                              en="core link without a local key enterprise"))
    if status is Status.weak:
        reasons.append(Reason(zh=f"本地没有链主，也没有企业营收（无营收时按人数）位列全国该环节前 {TOP_SHARE:.0%}",
                              en=f"no local chain leader and no local enterprise in the link's national top {TOP_SHARE:.0%}"))
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


def leader_label(e: Enterprise) -> str:
    """A local 链主 as a reason names it: "成都京东方（所属集团京东方为链主）" when the tag is its group's.

    >>> leader_label(Enterprise(id="p", name="成都京东方", region_code="510100", group_tags=("链主",), group_name="京东方"))
    '成都京东方（所属集团京东方为链主）'
    """
    note = e.group_note() if CHAIN_LEADER_TAG not in e.tags else None
    return f"{e.name}（{note[0]}）" if note else e.name


def group_key_reasons(digest: LocalDigest) -> dict[str, Reason]:
    """Per link, one reason naming the local members that are key only through their group (the group rule)."""
    out = {}
    for n, link in digest.links.items():
        xs = [(f"{e.name}（{note[0]}）", f"{e.name} ({note[1]})") for e in link.via_group if (note := e.group_note())]
        if xs:
            out[n] = Reason(zh=f"按集团认定的重点企业：{'；'.join(z for z, _ in xs[:3])}",
                            en=f"key through their group: {'; '.join(e for _, e in xs[:3])}")
    return out


def key_enterprises(digest: LocalDigest, limit: int = NAMED) -> dict[str, tuple[KeyEnterprise, ...]]:
    """Up to ``limit`` (at most :data:`NAMED`) local key enterprises per link, 链主 first, then by revenue and headcount."""
    return {n: tuple(KeyEnterprise(id=e.id, name=e.name) for e in link.keys[:limit]) for n, link in digest.links.items() if link.keys}


def local_names(digest: LocalDigest, limit: int = NAMED) -> dict[str, tuple[KeyEnterprise, ...]]:
    """Up to ``limit`` (at most :data:`NAMED`) local enterprises per link, whatever their tags: 链主 first, then by revenue
    and headcount."""
    return {n: tuple(KeyEnterprise(id=e.id, name=e.name) for e in link.names[:limit]) for n, link in digest.links.items()
            if link.names}


def local_leaders(template: ChainTemplate, digest: LocalDigest, local: Mapping[str, int]) -> tuple[Leader, ...]:
    """Every local 链主 of the chain with its local supporting rate (本地配套率).

    ``local`` maps leaf id to its local enterprise count; a 链主 whose links nothing FEEDS has
    rate ``None``.
    """
    nodes: dict[str, set[str]] = defaultdict(set)
    firms: dict[str, Enterprise] = {}
    for node_id, link in digest.links.items():
        for e in link.leaders:
            nodes[e.id].add(node_id)
            firms[e.id] = e
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
    leaders.sort(key=lambda x: prominence(firms[x.enterprise_id]))
    return tuple(leaders)
