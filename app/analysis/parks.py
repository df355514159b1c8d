"""园区错位发展: the parks of one city side by side on a chain, where they overlap, and who should hold what.

Every park is read through its own gap report (:func:`app.analysis.service.gap_report` for the park
scope); nothing here decides a status or a mode. The rules:

- A park **claims** a link when the link is strong there, or when the park **targets** it. A park
  targets the links its gap modes propose with a local footing: the 建链 anchors, the weak links to
  strengthen (强链), the 延链 links, and the 补链 links with a present FEEDS neighbour (local demand or
  supply). A 补链 link with nothing around it is the analysis' catch-all, not a pursuit, so it is
  not counted; nor is a link the park's roadmap leaves out (:func:`app.analysis.roadmap.not_pursued`,
  有所为有所不为). A park targets only on a chain it declares as a lead chain (主导产业), or on any chain
  where it has an enterprise when it declares none: a park that neither declares the chain nor works
  in it pursues nothing there.
- The **同质化 index** of two parks is the Jaccard index of their claimed links (shared / claimed by
  either; 0 = no overlap, 1 = the same links), and of one link the share of the city's parks with
  any claim on the chain that claim it. A link claimed by two or more parks is **contested**.
- The **division of labour** gives each contested link to the claimant with the highest score, a
  weighted sum of factors in [0, 1] (:data:`DIVISION_WEIGHTS`): ``strength`` 1 strong / 0.5 weak /
  0 missing; ``key`` its key enterprises over the most any claimant has; ``scale`` its enterprises
  in the link over the most any claimant has; ``density`` its relatedness density for the link;
  ``lead`` 1 when the chain is one of its lead chains. Ties go to the park with more enterprises,
  then the smaller id. The reasons name the enterprises and the other parks, and say when the lead
  over the runner-up is below :data:`CLOSE_CALL` (a close call to agree between the parks).

>>> round(homogeneity({"t.a", "t.e"}, {"t.e", "t.f"}), 4)
0.3333
>>> from tests.fixtures.park_graphs import park_store
>>> store = park_store()
>>> r = compare_parks(store, "toy", "成都")
>>> [(o.park_a, o.park_b, o.strong_ids) for o in r.overlap]
[('cd-east', 'cd-west', ('toy.e',))]
>>> next(d.park_id for d in r.division if d.node_id == "toy.e")
'cd-east'
"""
from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

from app.analysis.results import (
    ContestedLink,
    Division,
    GapReport,
    LinkStatus,
    Mode,
    ParkClaim,
    ParkComparison,
    ParkOverlap,
    ParkSummary,
    Reason,
    Scope,
    Status,
)
from app.analysis.roadmap import DENSITY_FLOOR, not_pursued
from app.analysis.scope import scope_of_region
from app.analysis.service import gap_entries, gap_report
from app.errors import NotFound
from app.store.base import GraphStore, region_holds
from graph_schema.models import Park, RegionLevel
from graph_schema.template import ChainTemplate

DIVISION_WEIGHTS = {"strength": 0.30, "key": 0.30, "scale": 0.15, "density": 0.15, "lead": 0.10}
CLOSE_CALL = 0.05
"""Below this lead over the runner-up the division says it is a close call, to be agreed between the parks."""
_STRENGTH = {Status.strong: 1.0, Status.weak: 0.5, Status.missing: 0.0}
_WORD = {Status.strong: ("强", "strong"), Status.weak: ("弱", "weak"), Status.missing: ("缺", "missing")}


def homogeneity(a: set[str], b: set[str]) -> float:
    """同质化指数 of two sets of claimed links: the Jaccard index (0 when both are empty)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def city_scope(store: GraphStore, text: str) -> Scope:
    """The region whose parks are compared: a city or a province as named; a county stands for its city."""
    regions = store.regions()
    scope = scope_of_region(regions, text)
    if scope.level == RegionLevel.county.value:
        city = regions.city_of(scope.code)
        if city and city != scope.code:
            return scope_of_region(regions, city)
    return scope


def parks_in(store: GraphStore, scope: Scope) -> list[Park]:
    """The parks lying in a region scope, by id; a region with none is :class:`~app.errors.NotFound`."""
    regions = store.regions()
    found = sorted((p for p in store.parks() if region_holds(regions, scope.filter, p.region_code)), key=lambda p: p.id)
    if not found:
        raise NotFound(f"{scope.name}在数据中没有园区 (no park in the data lies in {scope.name} {scope.code})")
    return found


def pursues(park: Park, chain_id: str, report: GapReport) -> bool:
    """Whether a park pursues the chain: it declares it, or declares no lead chain and works in it."""
    if park.lead_chains:
        return chain_id in park.lead_chains
    return report.completeness > 0


def targeted_modes(template: ChainTemplate, report: GapReport) -> dict[str, Mode]:
    """The links a park's gap modes target with a local footing (see the module docstring), with their mode."""
    links = {x.node_id: x for x in report.links}
    out: dict[str, Mode] = {}
    for mode in (Mode.build, Mode.strengthen, Mode.extend):
        out.update({e.node_id: mode for e in report.mode(mode)})
    for e in report.fill:
        near = template.suppliers_of(e.node_id) + template.customers_of(e.node_id)
        if any(links[n].status is not Status.missing for n in near if n in links):
            out[e.node_id] = Mode.fill
    left_out = not_pursued(template, links, dict((x.node_id, e) for x, e in gap_entries(report)), (), (), DENSITY_FLOOR)
    return {n: m for n, m in out.items() if n not in left_out}


def _summary(park: Park, chain_id: str, report: GapReport, targets: Mapping[str, Mode], pursued: bool) -> ParkSummary:
    reasons = []
    if not pursued:
        why = "未将本链列为主导产业" if park.lead_chains else "本链无企业"
        reasons.append(Reason(zh=f"{why}，其缺链建议不计为招引目标",
                              en="the chain is not one of its lead chains, so its gap modes count as no target"))
    return ParkSummary(
        park_id=park.id, name=park.name, region_code=park.region_code, lead_chains=park.lead_chains,
        lead=chain_id in park.lead_chains, completeness=report.completeness, strength=report.strength,
        counts=report.counts, statuses={x.node_id: x.status for x in report.links},
        strong=tuple(x.node_id for x in report.links if x.status is Status.strong),
        targeted=tuple(n for n in (x.node_id for x in report.links) if n in targets), reasons=tuple(reasons))


def _firms(link: LinkStatus) -> str:
    named = link.key_enterprises or link.local_enterprises
    return "、".join(e.name for e in named[:3])


def divide(link_name: str, node_id: str, claimants: list[tuple[Park, LinkStatus, bool]]) -> Division:
    """The natural home of one contested link among ``(park, its LinkStatus, chain declared)`` claimants.

    >>> from graph_schema.models import Park
    >>> from app.analysis.results import LinkStatus, KeyEnterprise
    >>> def link(local, key):
    ...     return LinkStatus(node_id="t.e", name="戊", name_en="E", stage="downstream", is_core=False, chokepoint=False,
    ...                       weight=0.5, status="strong", local_count=local, key_count=key, national_count=9,
    ...                       key_enterprises=(KeyEnterprise(id="x", name="戊一公司"),) if key else ())
    >>> a, b = Park(id="a", name="东区", region_code="510107"), Park(id="b", name="西区", region_code="510104")
    >>> d = divide("戊", "t.e", [(a, link(2, 1), True), (b, link(3, 0), True)])
    >>> d.park_id, round(d.score, 4), d.reasons[1].zh
    ('a', 0.8, '重点企业：戊一公司')
    """
    top_key = max(x.key_count for _, x, _ in claimants) or 1
    top_local = max(x.local_count for _, x, _ in claimants) or 1
    scored = []
    for park, x, lead in claimants:
        values = {"strength": _STRENGTH[x.status], "key": x.key_count / top_key, "scale": x.local_count / top_local,
                  "density": x.density or 0.0, "lead": float(lead)}
        factors = {k: DIVISION_WEIGHTS[k] * values[k] for k in DIVISION_WEIGHTS}
        scored.append((sum(factors.values()), x.local_count, park, x, factors, lead))
    scored.sort(key=lambda s: (-round(s[0], 9), -s[1], s[2].id))
    score, _, park, x, factors, lead = scored[0]
    zh, en = _WORD[x.status]
    if x.local_count:
        reasons = [Reason(zh=f"现有基础：{park.name}该环节为{zh}，本地企业 {x.local_count} 家",
                          en=f"present strength: {en} in {park.id} with {x.local_count} enterprise{'s' if x.local_count != 1 else ''}")]
    else:
        reasons = [Reason(zh=f"各园区该环节均无企业，{park.name}的相近基础最好", en="no claimant works in the link yet: "
                          f"{park.id} has the best related base")]
    if x.key_count:
        reasons.append(Reason(zh=f"重点企业：{_firms(x)}", en=f"{x.key_count} key enterprises there"))
    elif x.local_count:
        none = "（各园区该环节均无重点企业）" if not any(c.key_count for _, c, _ in claimants) else ""
        reasons.append(Reason(zh=f"本地企业：{_firms(x)}{none}", en="its local enterprises"))
    if x.density is not None:
        others = "、".join(f"{o.name} {y.density or 0:.2f}" for _, _, o, y, _, _ in scored[1:])
        reasons.append(Reason(zh=f"关联密度 {x.density:.2f}（{others}）", en=f"relatedness density {x.density:.2f}"))
    if lead:
        reasons.append(Reason(zh="本链为其主导产业", en="the chain is one of its lead chains"))
    if len(scored) > 1 and score - scored[1][0] < CLOSE_CALL:
        reasons.append(Reason(zh=f"与{scored[1][2].name}得分接近（{score:.2f} 对 {scored[1][0]:.2f}），分工宜由两园区协商",
                              en=f"a close call with {scored[1][2].id} ({score:.2f} vs {scored[1][0]:.2f}): agree it between them"))
    for _, _, other, y, _, _ in scored[1:]:
        ozh, oen = _WORD[y.status]
        keys = f"，重点企业 {y.key_count} 家" if y.key_count else ""
        reasons.append(Reason(zh=f"{other.name}该环节为{ozh}（本地 {y.local_count} 家{keys}），宜配套协同或错位发展",
                              en=f"{other.id} is {oen} there ({y.local_count} enterprises): cooperate or specialise elsewhere"))
    return Division(node_id=node_id, name=link_name, park_id=park.id, park_name=park.name, score=score, factors=factors,
                    reasons=tuple(reasons))


def compare_parks(store: GraphStore, chain_id: str, city: str | Scope, weak_threshold: int | None = None,
                  build_threshold: float | None = None) -> ParkComparison:
    """The parks of a city (or province) on one chain: indicators, overlap, contested links and the division.

    ``city`` is a region name or code (a county stands for its city) or a resolved region scope.
    Unknown regions and regions without parks are :class:`~app.errors.NotFound`.
    """
    template = store.chain(chain_id)
    scope = city if isinstance(city, Scope) else city_scope(store, city)
    parks = parks_in(store, scope)
    reports, claims, modes, summaries = {}, {}, {}, []
    for park in parks:
        report = gap_report(store, chain_id, Scope(kind="park", code=park.id, name=park.name), weak_threshold,
                            build_threshold)
        pursued = pursues(park, chain_id, report)
        targets = targeted_modes(template, report) if pursued else {}
        reports[park.id], modes[park.id] = report, targets
        claims[park.id] = {x.node_id for x in report.links if x.status is Status.strong} | set(targets)
        summaries.append(_summary(park, chain_id, report, targets, pursued))
    by_id = {p.id: p for p in parks}
    status = {p: {x.node_id: x for x in r.links} for p, r in reports.items()}
    overlap = []
    for a, b in combinations([p.id for p in parks], 2):
        shared = claims[a] & claims[b]
        if not shared:
            continue
        order = [n for n in template.leaf_ids if n in shared]
        both = tuple(n for n in order if status[a][n].status is Status.strong and status[b][n].status is Status.strong)
        index = homogeneity(claims[a], claims[b])
        overlap.append(ParkOverlap(
            park_a=a, park_b=b, node_ids=tuple(order), strong_ids=both, index=index,
            reasons=(Reason(zh=f"{by_id[a].name}与{by_id[b].name}在 {len(order)} 个环节重叠（其中 {len(both)} 个均为强），"
                               f"同质化指数 {index:.2f}",
                            en=f"{len(order)} shared links ({len(both)} strong in both), homogeneity {index:.2f}"),)))
    overlap.sort(key=lambda o: (-round(o.index, 9), o.park_a, o.park_b))
    engaged = sum(1 for c in claims.values() if c)
    contested, division = [], []
    for node in template.leaves:
        holders = [p.id for p in parks if node.id in claims[p.id]]
        if len(holders) < 2:
            continue
        contested.append(ContestedLink(
            node_id=node.id, name=node.name, index=len(holders) / engaged,
            claims=tuple(ParkClaim(park_id=p, status=status[p][node.id].status, mode=modes[p].get(node.id)) for p in holders)))
        division.append(divide(node.name, node.id, [(by_id[p], status[p][node.id], chain_id in by_id[p].lead_chains)
                                                    for p in holders]))
    contested.sort(key=lambda c: (-round(c.index, 9), -sum(x.status is Status.strong for x in c.claims), c.node_id))
    notes = []
    if len(parks) == 1:
        notes.append(Reason(zh=f"{scope.name}在数据中只有一个园区（{parks[0].name}），无可比较的重叠",
                            en=f"only one park of {scope.name} is in the data: nothing to overlap"))
    elif not overlap:
        notes.append(Reason(zh="各园区没有同时为强或同时在招引的环节", en="no link is strong or targeted in two parks"))
    return ParkComparison(chain=template.id, chain_name=template.chain.name, city=scope, parks=tuple(summaries),
                          overlap=tuple(overlap), links=tuple(contested), division=tuple(division), notes=tuple(notes))
