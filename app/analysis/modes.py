"""The five modes of DESIGN §6: 补链 fill, 强链 strengthen, 延链 extend, 建链 build, 融链 fuse.

One link, one mode (:func:`assign_modes`), tried in this order:

1. **建链** when the chain's completeness is below the build threshold: its core links that are not
   strong (the anchors to land first), each with chain-leader candidates;
2. **强链** every weak link (present, but thin and small);
3. **补链** a missing link with local demand (a present FEEDS customer link: a local enterprise
   needs its product), or local supply from a present supplier link that is not strong, or with no
   local footing at all (the catch-all, ranked last by its factors);
4. **延链** a missing link without local demand that extends one FEEDS hop downstream of a strong
   local link, or whose relatedness density is high (≥ :data:`HIGH_DENSITY`).

融链 proposes links of *other* chains and so never competes with the four above.

Each mode ranks links by a numeric priority in [0, 1]: a weighted sum of factors, each factor in
[0, 1]. ``ModeEntry.factors`` holds each factor's *contribution* (weight × value), so the factors
of an entry add up to its priority; the reasons name the evidence, each in Chinese and English: the
local enterprises that need the link (demand), the local suppliers it would buy from (supply), the
relatedness figure with the present links that drive it, and the choke-point flag.

Factor values: ``weight`` the link's weight; ``core`` / ``chokepoint`` 1 or 0; ``adjacency`` 1 when
a FEEDS neighbour (supplier or customer, one hop) is strong in the scope, 0.5 when one is only
weak, else 0; ``density`` the relatedness density; ``shortfall`` the missing share of the weak
threshold; ``no_key`` 1 for a core link without a local key enterprise; ``pull`` a link's FEEDS
degree over the chain's largest; ``gap`` of a fused link 1 missing / 0.5 weak / 0 strong;
``anchor`` 1 when the local link it relates to has a key enterprise, else 0.5.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.service import gap_report, resolve_scope
>>> store = toy_store()
>>> r = gap_report(store, "toy", resolve_scope(store, region="成都"))
>>> [(m, [e.node_id for e in r.mode(m)]) for m in ("fill", "strengthen", "extend")]
[('fill', ['toy.b', 'toy.e', 'toy.f', 'toy.d']), ('strengthen', ['toy.c']), ('extend', [])]
>>> top = r.fill[0]
>>> top.node_id, round(top.priority, 4), round(sum(top.factors.values()), 4)
('toy.b', 0.3833, 0.3833)
>>> for reason in top.reasons[:2]:
...     print(reason.zh)
本地需求：本地“丙面板”环节的丙一面板股份有限公司需要该环节产品
卡脖子环节，依赖进口
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
    return ModeEntry(node_id=link.node_id, name=link.name, name_en=link.name_en, stage=link.stage, mode=mode,
                     priority=sum(factors.values()),
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


def _present(links: Mapping[str, LinkStatus], ids: list[str]) -> list[LinkStatus]:
    return [links[n] for n in ids if links[n].status is not Status.missing]


def _adjacency(present: list[LinkStatus]) -> float:
    return max((1.0 if x.status is Status.strong else 0.5 for x in present), default=0.0)


def _firms(link: LinkStatus, leaders: frozenset[str]) -> str:
    """The local enterprises of a link as a reason names them: 链主 called so, key ones first."""
    named = (link.local_enterprises or link.key_enterprises)[:2]
    text = "、".join(("链主" if e.id in leaders else "") + e.name for e in named)
    return text + (f"等 {link.local_count} 家" if link.local_count > len(named) else "")


def demand_reasons(customers: list[LinkStatus], leaders: frozenset[str]) -> list[Reason]:
    """本地需求: the local enterprises of present customer links that need the link's product."""
    return [Reason(zh=f"本地需求：本地“{c.name}”环节的{_firms(c, leaders)}需要该环节产品",
                   en=f"local demand: local enterprises of {c.name_en} need its product") for c in customers]


def supply_reasons(suppliers: list[LinkStatus], leaders: frozenset[str]) -> list[Reason]:
    """本地供给: the local suppliers of present supplier links it would buy from."""
    return [Reason(zh=f"本地供给：可就近采购本地“{s.name}”环节{_firms(s, leaders)}的产品",
                   en=f"local supply: it could buy from the local enterprises of {s.name_en}") for s in suppliers]


def _basics(link: LinkStatus) -> list[Reason]:
    out = []
    if link.is_core:
        out.append(Reason(zh="核心环节", en="core link"))
    if link.chokepoint:
        out.append(Reason(zh="卡脖子环节，依赖进口", en="choke-point link, import-dependent"))
    return out


def density_reason(link: LinkStatus, links: Mapping[str, LinkStatus]) -> list[Reason]:
    """The relatedness density and the scope's specialised links that drive it."""
    if not link.density:
        return []
    d = link.density
    if d >= HIGH_DENSITY:
        zh, en = "本地在相近环节已具备比较优势", "the scope is specialised in many related links"
    elif d >= HIGH_DENSITY / 2:
        zh, en = "本地在相近环节有一定基础", "the scope has some related links"
    else:
        zh, en = "本地相近环节基础较弱", "the scope has few related links"
    drivers = [links[n] for n in link.density_drivers if n in links]
    if drivers:
        zh += "，主要来自本地已具优势的" + "".join(f"“{x.name}”" for x in drivers)
        en += " (driven by " + ", ".join(x.name_en for x in drivers) + ")"
    return [Reason(zh=f"关联密度 {d:.2f}：{zh}", en=f"relatedness density {d:.2f}: {en}")]


def _fill(link: LinkStatus, links: Mapping[str, LinkStatus], customers: list[LinkStatus], suppliers: list[LinkStatus],
          leaders: frozenset[str]) -> ModeEntry:
    values = {"weight": link.weight, "core": float(link.is_core), "chokepoint": float(link.chokepoint),
              "adjacency": _adjacency(customers + suppliers), "density": link.density or 0.0}
    reasons = [*demand_reasons(customers, leaders), *supply_reasons(suppliers, leaders), *_basics(link),
               *density_reason(link, links)]
    if not customers and not suppliers:
        reasons.insert(0, Reason(zh="本地缺失该环节，上下游环节本地也无企业", en="missing locally, and so are its FEEDS neighbours"))
    return _entry(link, Mode.fill, FILL_WEIGHTS, values, reasons)


def _extend(link: LinkStatus, links: Mapping[str, LinkStatus], suppliers: list[LinkStatus],
            leaders: frozenset[str]) -> ModeEntry:
    values = {"adjacency": _adjacency(suppliers), "density": link.density or 0.0, "weight": link.weight}
    strong = [s for s in suppliers if s.status is Status.strong]
    reasons = [Reason(zh=f"从本地较强的“{s.name}”向下游延伸", en=f"extends downstream from the strong local {s.name_en}")
               for s in strong]
    reasons += [*supply_reasons(strong, leaders), *density_reason(link, links), *_basics(link)]
    return _entry(link, Mode.extend, EXTEND_WEIGHTS, values, reasons)


def _strengthen(link: LinkStatus, links: Mapping[str, LinkStatus], threshold: int, customers: list[LinkStatus],
                suppliers: list[LinkStatus], leaders: frozenset[str]) -> ModeEntry:
    no_key = link.is_core and link.key_count == 0
    values = {"weight": link.weight, "core": float(link.is_core),
              "shortfall": max(0, threshold - link.local_count) / threshold, "no_key": float(no_key),
              "adjacency": _adjacency(customers + suppliers)}
    n = link.local_count
    here = Reason(zh=f"本地现有：{_firms(link, leaders)}", en=f"present locally with {n} enterprise{'s' if n != 1 else ''}")
    reasons = [here, *link.reasons, *_basics(link), *demand_reasons(customers, leaders)]
    return _entry(link, Mode.strengthen, STRENGTHEN_WEIGHTS, values, reasons)


def assign_modes(template: ChainTemplate, links: Mapping[str, LinkStatus], threshold: int, completeness: float,
                 build_threshold: float, candidates: Mapping[str, tuple[Candidate, ...]] | None = None,
                 leaders: frozenset[str] = frozenset(), high_density: float = HIGH_DENSITY) -> dict[Mode, tuple[ModeEntry, ...]]:
    """Each gap link in the one mode that fits it best (see the module docstring), every mode ranked.

    ``leaders`` are the ids of the local 链主 (named so in the reasons).
    """
    build = build_links(template, links, completeness, build_threshold, candidates)
    taken = {e.node_id for e in build}
    out: dict[Mode, list[ModeEntry]] = {Mode.fill: [], Mode.strengthen: [], Mode.extend: []}
    for link in links.values():
        if link.node_id in taken or link.status is Status.strong:
            continue
        suppliers_ids, customer_ids = _neighbours(template, link.node_id)
        suppliers, customers = _present(links, suppliers_ids), _present(links, customer_ids)
        if link.status is Status.weak:
            out[Mode.strengthen].append(_strengthen(link, links, threshold, customers, suppliers, leaders))
        elif customers:
            out[Mode.fill].append(_fill(link, links, customers, suppliers, leaders))
        elif any(s.status is Status.strong for s in suppliers) or (link.density or 0.0) >= high_density:
            out[Mode.extend].append(_extend(link, links, suppliers, leaders))
        else:
            out[Mode.fill].append(_fill(link, links, customers, suppliers, leaders))
    return {Mode.build: build, **{m: _ranked(v) for m, v in out.items()}}


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
