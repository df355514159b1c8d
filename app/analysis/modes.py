"""The five modes of DESIGN §6: 补链 fill, 强链 strengthen, 延链 extend, 建链 build, 融链 fuse.

Each mode ranks links by a numeric priority in [0, 1]: a weighted sum of factors, each factor in
[0, 1]. ``ModeEntry.factors`` holds each factor's *contribution* (weight × value), so the factors
of an entry add up to its priority; the reasons say the same in words, each in Chinese and English.

Factor values: ``weight`` the link's weight; ``core`` / ``chokepoint`` 1 or 0; ``adjacency`` 1 when
a FEEDS neighbour (supplier or customer, one hop) is strong in the scope, 0.5 when one is only
weak, else 0; ``density`` the relatedness density; ``shortfall`` the missing share of the weak
threshold; ``no_key`` 1 for a core link without a local key enterprise; ``pull`` a link's FEEDS
degree over the chain's largest; ``gap`` of a fused link 1 missing / 0.5 weak / 0 strong;
``anchor`` 1 when the local link it relates to has a key enterprise, else 0.5.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.service import gap_report, resolve_scope
>>> store = toy_store()
>>> top = gap_report(store, "toy", resolve_scope(store, region="成都")).fill[0]
>>> top.node_id, round(top.priority, 4), round(sum(top.factors.values()), 4)
('toy.b', 0.3833, 0.3833)
>>> [r.zh for r in top.reasons[:2]]
['本地缺失该环节，环节权重 0.25', '卡脖子环节，依赖进口']
>>> top.reasons[2].en
'downstream link C is present but weak locally: local demand'
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from app.analysis.results import Candidate, LinkStatus, Mode, ModeEntry, Reason, Status
from graph_schema.models import RELATED_KIND_LABELS, ChainNode, RelatedKind
from graph_schema.template import ChainTemplate

FILL_WEIGHTS = {"weight": 0.30, "core": 0.20, "chokepoint": 0.15, "adjacency": 0.25, "density": 0.10}
STRENGTHEN_WEIGHTS = {"weight": 0.30, "core": 0.20, "shortfall": 0.20, "no_key": 0.15, "adjacency": 0.15}
EXTEND_WEIGHTS = {"adjacency": 0.45, "density": 0.35, "weight": 0.20}
BUILD_WEIGHTS = {"weight": 0.40, "pull": 0.35, "chokepoint": 0.25}
FUSE_WEIGHTS = {"gap": 0.50, "weight": 0.30, "anchor": 0.20}
HIGH_DENSITY = 0.5
_GAP = {Status.missing: 1.0, Status.weak: 0.5, Status.strong: 0.0}


def _entry(link: LinkStatus, mode: Mode, weights: Mapping[str, float], values: Mapping[str, float],
           reasons: list[Reason], **extra) -> ModeEntry:
    factors = {k: weights[k] * values[k] for k in weights}
    return ModeEntry(node_id=link.node_id, name=link.name, stage=link.stage, mode=mode, priority=sum(factors.values()),
                     factors=factors, reasons=tuple(reasons), **extra)


def _ranked(entries: list[ModeEntry]) -> tuple[ModeEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (-round(e.priority, 9), e.node_id)))


# template -> leaf -> (suppliers, customers); templates never change
_NEIGHBOURS: WeakKeyDictionary = WeakKeyDictionary()


def _neighbours(template: ChainTemplate, node_id: str) -> tuple[list[str], list[str]]:
    """``template.suppliers_of`` and ``customers_of`` of a leaf, computed once per template."""
    known = _NEIGHBOURS.get(template)
    if known is None:
        known = {n: (template.suppliers_of(n), template.customers_of(n)) for n in template.leaf_ids}
        _NEIGHBOURS[template] = known
    return known.get(node_id) or (template.suppliers_of(node_id), template.customers_of(node_id))


def adjacency(template: ChainTemplate, links: Mapping[str, LinkStatus], node_id: str) -> tuple[float, list[Reason]]:
    """The adjacency factor of a link and the reasons naming its present FEEDS neighbours."""
    value, reasons = 0.0, []
    suppliers, customers = _neighbours(template, node_id)
    for other, downstream in [(s, False) for s in suppliers] + [(c, True) for c in customers]:
        status = links[other].status
        if status is Status.missing:
            continue
        value = max(value, 1.0 if status is Status.strong else 0.5)
        word = "较强" if status is Status.strong else "已有布局"
        en = "strong" if status is Status.strong else "present but weak"
        if downstream:
            reasons.append(Reason(zh=f"下游环节“{links[other].name}”本地{word}，存在本地需求",
                                  en=f"downstream link {links[other].name_en} is {en} locally: local demand"))
        else:
            reasons.append(Reason(zh=f"上游环节“{links[other].name}”本地{word}，可就近配套",
                                  en=f"upstream link {links[other].name_en} is {en} locally: local supply"))
    return value, reasons


def _basics(link: LinkStatus) -> list[Reason]:
    out = []
    if link.is_core:
        out.append(Reason(zh="核心环节", en="core link"))
    if link.chokepoint:
        out.append(Reason(zh="卡脖子环节，依赖进口", en="choke-point link, import-dependent"))
    return out


def _density_reason(link: LinkStatus) -> list[Reason]:
    if not link.density:
        return []
    d = link.density
    if d >= HIGH_DENSITY:
        zh, en = "本地在相近环节已具备比较优势", "the scope is specialised in many related links"
    elif d >= HIGH_DENSITY / 2:
        zh, en = "本地在相近环节有一定基础", "the scope has some related links"
    else:
        zh, en = "本地相近环节基础较弱", "the scope has few related links"
    return [Reason(zh=f"关联密度 {d:.2f}：{zh}", en=f"relatedness density {d:.2f}: {en}")]


def fill_gaps(template: ChainTemplate, links: Mapping[str, LinkStatus]) -> tuple[ModeEntry, ...]:
    """补链: every missing link, ranked by weight, core, choke-point, local demand/supply and density."""
    out = []
    for link in links.values():
        if link.status is not Status.missing:
            continue
        adj, adj_reasons = adjacency(template, links, link.node_id)
        values = {"weight": link.weight, "core": float(link.is_core), "chokepoint": float(link.chokepoint),
                  "adjacency": adj, "density": link.density or 0.0}
        reasons = [Reason(zh=f"本地缺失该环节，环节权重 {link.weight:.2f}", en=f"missing locally, link weight {link.weight:.2f}"),
                   *_basics(link), *adj_reasons, *_density_reason(link)]
        out.append(_entry(link, Mode.fill, FILL_WEIGHTS, values, reasons))
    return _ranked(out)


def strengthen_links(template: ChainTemplate, links: Mapping[str, LinkStatus], threshold: int) -> tuple[ModeEntry, ...]:
    """强链: every weak link (present but thin, or core without a key enterprise)."""
    out = []
    for link in links.values():
        if link.status is not Status.weak:
            continue
        adj, adj_reasons = adjacency(template, links, link.node_id)
        no_key = link.is_core and link.key_count == 0
        values = {"weight": link.weight, "core": float(link.is_core),
                  "shortfall": max(0, threshold - link.local_count) / threshold, "no_key": float(no_key),
                  "adjacency": adj}
        reasons = [*link.reasons, *_basics(link)[:1], *adj_reasons]
        out.append(_entry(link, Mode.strengthen, STRENGTHEN_WEIGHTS, values, reasons))
    return _ranked(out)


def extend_links(template: ChainTemplate, links: Mapping[str, LinkStatus],
                 high_density: float = HIGH_DENSITY) -> tuple[ModeEntry, ...]:
    """延链: missing links one FEEDS hop up- or downstream of present links, and missing links of high density."""
    out = []
    for link in links.values():
        if link.status is not Status.missing:
            continue
        adj, reasons = 0.0, []
        suppliers, customers = _neighbours(template, link.node_id)
        for other in suppliers + customers:
            o = links[other]
            if o.status is Status.missing:
                continue
            adj = max(adj, 1.0 if o.status is Status.strong else 0.5)
            if other in suppliers:
                reasons.append(Reason(zh=f"从本地已有的“{o.name}”向下游延伸", en=f"extends downstream from the local {o.name_en}"))
            else:
                reasons.append(Reason(zh=f"从本地已有的“{o.name}”向上游延伸", en=f"extends upstream from the local {o.name_en}"))
        density = link.density or 0.0
        if adj == 0 and density < high_density:
            continue
        values = {"adjacency": adj, "density": density, "weight": link.weight}
        out.append(_entry(link, Mode.extend, EXTEND_WEIGHTS, values, reasons + _density_reason(link)))
    return _ranked(out)


def build_links(
    template: ChainTemplate, links: Mapping[str, LinkStatus], completeness: float, build_threshold: float,
    candidates: Mapping[str, tuple[Candidate, ...]] | None = None,
) -> tuple[ModeEntry, ...]:
    """建链: when completeness is below ``build_threshold``, the core links to seed first.

    Core links that are not strong, ranked by weight, how many links they connect by FEEDS
    (``pull``) and choke-point; each with its chain-leader candidates. Without core links the
    three heaviest links stand in.
    """
    if completeness >= build_threshold:
        return ()
    degree = {n: template.feeds_graph.degree(n) for n in template.leaf_ids}
    top = max(degree.values(), default=0) or 1
    seeds = [x for x in links.values() if x.is_core and x.status is not Status.strong]
    if not any(x.is_core for x in links.values()):
        not_strong = (x for x in links.values() if x.status is not Status.strong)
        seeds = sorted(not_strong, key=lambda x: (-x.weight, x.node_id))[:3]
    out = []
    for link in seeds:
        found = (candidates or {}).get(link.node_id, ())
        values = {"weight": link.weight, "pull": degree[link.node_id] / top, "chokepoint": float(link.chokepoint)}
        reasons = [Reason(zh=f"产业链完整度 {completeness:.0%} 低于 {build_threshold:.0%}，需先建链",
                          en=f"completeness {completeness:.0%} is below {build_threshold:.0%}: build the chain first"),
                   *_basics(link),
                   Reason(zh=f"通过供需关系连接 {degree[link.node_id]} 个环节",
                          en=f"connects {degree[link.node_id]} links by supply flow")]
        if found:
            reasons.append(Reason(zh=f"可引进链主候选：{'、'.join(c.name for c in found)}", en="chain-leader candidates"))
        out.append(_entry(link, Mode.build, BUILD_WEIGHTS, values, reasons, candidates=tuple(found)))
    return _ranked(out)


@dataclass(frozen=True)
class FuseCandidate:
    """A link of another chain RELATED_TO a strong local link, with its own status in the scope."""

    local: LinkStatus
    other: ChainNode
    other_status: Status
    kind: RelatedKind


def fuse_links(candidates: list[FuseCandidate]) -> tuple[ModeEntry, ...]:
    """融链: links of other chains related to the scope's strong links, weakest-in-scope first."""
    best: dict[str, ModeEntry] = {}
    for c in candidates:
        label = RELATED_KIND_LABELS[c.kind]
        state = {Status.missing: ("本地缺失", "missing locally"), Status.weak: ("本地薄弱", "weak locally"),
                 Status.strong: ("本地已较强，可协同", "already strong locally: cooperate")}[c.other_status]
        values = {"gap": _GAP[c.other_status], "weight": c.other.weight, "anchor": 1.0 if c.local.key_count else 0.5}
        reasons = [Reason(zh=f"与本地优势环节“{c.local.name}”{label}关联",
                          en=f"{c.kind.value} link to the strong local {c.local.name_en}"),
                   Reason(zh=f"该环节在{c.other.chain_id}链上{state[0]}", en=state[1])]
        stub = LinkStatus(node_id=c.other.id, name=c.other.name, name_en=c.other.name_en, stage=c.other.stage.value,
                          is_core=c.other.is_core, chokepoint=c.other.chokepoint, weight=c.other.weight,
                          status=c.other_status, local_count=0, key_count=0, national_count=0)
        entry = _entry(stub, Mode.fuse, FUSE_WEIGHTS, values, reasons, chain_id=c.other.chain_id,
                       related_node_id=c.local.node_id)
        if c.other.id not in best or entry.priority > best[c.other.id].priority:
            best[c.other.id] = entry
    return _ranked(list(best.values()))
