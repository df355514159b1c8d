"""One target row from what is known of a group: its role, kind, two scores with their factors, and reasons.

Roles (:func:`role`), from the link and the group's tags and scale: a group tagged 链主 (its own
tag or its group's, :func:`graph_schema.models.group_tags_of`) is ``leader`` 链主. In an *assembly
link* — where the chain's product is made: a core link, not upstream, not a service, fed by the most
links of its chain (at least 3 and half the chain's most; 整车, 面板, 药品) or downstream (整机) —
a group is never 配套: it is ``leader`` when it is among the link's largest (scale percentile
:data:`TOP_SCALE` or more), else ``maker`` 成品制造商 (a carmaker or phone maker that does not lead
the link). Elsewhere a link of services (平台, 检测, 外包, 流通, …) makes a ``service`` 服务商;
otherwise key tags (链主, 世界500强, 上市, 小巨人), a scale percentile of 0.75 or more, or half the
link's scale in a core link make a ``core_supplier`` 核心配套, and the rest are ``supplier``
一般配套. ``key`` rows are leaders, makers and core suppliers.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> sorted(assembly_links(toy_store().chain("toy")))
[]
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from app.analysis.results import (
    MODE_LABELS,
    TARGET_ROLE_LABELS,
    LinkStatus,
    LocalEntity,
    ModeEntry,
    Reason,
    Scope,
    TargetKind,
    TargetMember,
    TargetRole,
    TargetRow,
)
from graph_schema.construct import constructor
from graph_schema.models import KEY_TAGS, Enterprise, Stage
from graph_schema.template import ChainTemplate

SERVICE_WORDS = ("服务", "平台", "检测", "检验", "测试", "验证", "运营", "出行", "外包", "CRO", "CDMO", "CMO", "SMO",
                 "流通", "批发", "物流", "零售", "电商", "咨询", "示范应用", "系统集成")
GOODS_WORDS = ("设备", "材料", "芯片", "器械", "仪", "试剂")  # 检测设备 is equipment, not a service
ROLE_ORDER = (TargetRole.leader, TargetRole.maker, TargetRole.core_supplier, TargetRole.service, TargetRole.supplier)
TOP_SCALE = 0.9  # scale percentile from which a maker of an assembly link leads it
_TAG_VALUES = (({"链主", "世界500强"}, 1.0), ({"上市", "小巨人"}, 0.75), ({"专精特新", "高新技术企业"}, 0.4))
_row, _member, _local, _reason = (constructor(m) for m in (TargetRow, TargetMember, LocalEntity, Reason))  # no validation again


@lru_cache(maxsize=1 << 12)
def _key_reasons(tags: tuple[str, ...]) -> tuple[Reason, ...]:
    """The reason naming some tags' key tags (:func:`tag_value`), kept per tag set (a reason is immutable)."""
    return tuple(tag_value(tags)[1])


def _said(zh: str, en: str) -> Reason:
    """A reason from its two wordings (plain strings): the model validation would give."""
    return _reason({"zh": zh, "en": en})


_SIZE_UNKNOWN = _said("规模未知（营收、员工均无数据）", "size unknown (no revenue, no headcount)")  # reasons are immutable:
_IN_PROVINCE = _said("集团在本省已有布局", "the group already has an entity in the province")  # the fixed ones are shared
_DISTANCE_UNKNOWN = _said("距离未知", "distance unknown")


@lru_cache(maxsize=64)
def assembly_links(template: ChainTemplate) -> frozenset[str]:
    """The links where the chain's product is made: core, not upstream, not services, and downstream (整机、整车)
    or fed by the most links of the chain (面板、药品)."""
    pool = [n for n in template.leaves if n.is_core and n.stage is not Stage.upstream and not is_service(template, n.id)]
    fed = {n.id: len(template.suppliers_of(n.id)) for n in pool}
    bar = max(3, max(fed.values(), default=0) / 2)
    return frozenset(n.id for n in pool if fed[n.id] >= bar or n.stage is Stage.downstream)


@lru_cache(maxsize=4096)
def is_service(template: ChainTemplate, node_id: str) -> bool:
    """Whether a link is a service by its name: platforms, testing, outsourcing, distribution (not equipment)."""
    name = template.node(node_id).name
    return not any(w in name for w in GOODS_WORDS) and any(w in name for w in SERVICE_WORDS)


def role(template: ChainTemplate, node_id: str, tags: tuple[str, ...], scale: float) -> TargetRole:
    """The role of a group in one link (see the module).

    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> t = toy_store().chain("toy")
    >>> role(t, t.leaf_ids[0], ("链主",), 0.0).value, role(t, t.leaf_ids[0], (), 0.1).value
    ('leader', 'supplier')
    """
    node = template.node(node_id)
    if "链主" in tags:
        return TargetRole.leader
    if node_id in assembly_links(template):
        return TargetRole.leader if scale >= TOP_SCALE else TargetRole.maker
    if is_service(template, node_id):
        return TargetRole.service
    if not KEY_TAGS.isdisjoint(tags) or scale >= 0.75 or (node.is_core and scale >= 0.5):
        return TargetRole.core_supplier
    return TargetRole.supplier


def tag_value(tags: tuple[str, ...]) -> tuple[float, list[Reason]]:
    """The ``key`` factor of some tags and the reason naming them."""
    for group, value in _TAG_VALUES:
        hit = [t for t in tags if t in group]
        if hit:
            return value, [Reason(zh=f"重点标签：{'、'.join(hit)}", en=f"key tags: {', '.join(hit)}")]
    return 0.0, []


@dataclass(frozen=True)
class GroupFacts:
    """What the ranking knows of one group (see :func:`app.analysis.targets.rank_targets`)."""

    head: Enterprise
    by_link: Mapping[str, list[str]]
    models: Mapping[str, Enterprise]
    entry_of: Mapping[str, tuple[LinkStatus, ModeEntry]]
    template: ChainTemplate
    scope: Scope
    present: tuple[Enterprise, ...]
    ties: Mapping[str, list]
    scale_of: Mapping[tuple[str, str], tuple[float, int]]
    closeness: float
    km: float | None
    nearest: Enterprise
    in_province: bool
    cities: int
    area: list[str] | None
    in_area: tuple[Enterprise, ...]
    region_name: Callable[[str], str]


def _scale_reason(e: Enterprise, p: float, basis: int, of_group: bool) -> Reason:
    who, who_en = ("集团" if of_group else "", "group " if of_group else "")
    if basis == 1:
        return _said(f"{e.name}{who}营收 {e.revenue:g} 亿元，环节规模分位 {p:.0%}",
                     f"{e.name}: {who_en}revenue {e.revenue:g} ×100M CNY, percentile {p:.0%} in the link")
    if basis == 2:
        return _said(f"{e.name}员工 {e.employees} 人，环节规模分位 {p:.0%}",
                     f"{e.name}: headcount {e.employees}, percentile {p:.0%} in the link")
    return _SIZE_UNKNOWN


def group_row(f: GroupFacts, at: dict, kind: TargetKind, best_role: TargetRole, w: Mapping[str, float]) -> TargetRow:
    """The row of one group from its figures ``at`` (:meth:`app.analysis.target_entries.Scores.at`) and its facts.

    The row and its parts are built from values already valid (the enterprises' and links' models, plain floats of
    ``at``, enum members), not validated again: the same models validation would give (``tests/analysis/test_targets.py``).
    """
    t, head, values, ties, scale_of, by_link, entry_of = f.template, f.head, at["values"], f.ties, f.scale_of, f.by_link, f.entry_of
    tie_in = {n: max(x.strength for x in ts) if (ts := ties[n]) else 0.0 for n in by_link}
    nodes = sorted(by_link, key=lambda n: (-tie_in[n], -entry_of[n][1].priority, n))
    models, members, link_scale = f.models, [], {}
    scale, basis, sized = 0.0, 0, head
    for n in nodes:
        top = None
        for i in by_link[n]:
            m = models[i]
            members.append((n, m))
            s, b = scale_of[(i, n)]
            top = s if top is None or s > top else top
            if b and (s, -b) > (scale, -basis if basis else -9):
                scale, basis, sized = s, b, m
        link_scale[n] = top
    known = (head, *(m for _, m in members))
    tags = tuple(dict.fromkeys(x for e in known for x in e.tags))
    if not basis and at["head_scaled"]:
        scale, basis = values["scale"], 1
    roles = {n: role(t, n, tags, link_scale[n]) for n in nodes}
    key_r = _key_reasons(tags)
    reasons = _reasons(f, kind, nodes, members, best_role, roles, link_scale, sized, scale, basis, key_r)
    revenue = max((e.revenue for e in known if e.revenue is not None), default=None)
    employees = max((e.employees for e in known if e.employees is not None), default=None)
    name_of = f.region_name
    link_names = {n: entry_of[n][0].name for n in nodes}
    return _row({
        "enterprise_id": head.id, "name": head.name, "region_code": head.region_code, "region_name": name_of(head.region_code),
        "kind": kind, "role": best_role, "node_ids": tuple(nodes), "node_names": tuple(link_names[n] for n in nodes),
        "mode": entry_of[nodes[0]][1].mode,
        "members": tuple(_member({"node_id": n, "node_name": link_names[n], "enterprise_id": m.id, "name": m.name,
                                  "region_code": m.region_code, "region_name": name_of(m.region_code)}) for n, m in members),
        "present_via": tuple(_local({"enterprise_id": e.id, "name": e.name, "region_code": e.region_code,
                                     "region_name": name_of(e.region_code)})
                             for e in (f.present if kind is TargetKind.expansion else f.in_area if kind is TargetKind.partner else ())),
        "tie": values["tie"], "feasibility": at["feasibility"], "value": at["value"], "score": at["score"],
        "factors": at["factors"], "reasons": tuple(reasons), "tags": tags, "revenue": revenue, "employees": employees})


def _reasons(f: GroupFacts, kind, nodes, members, best_role, roles, link_scale, sized, scale, basis, key_r) -> list[Reason]:
    out = []
    if kind is TargetKind.expansion:
        names, names_en = "、".join(e.name for e in f.present[:3]), ", ".join(e.name for e in f.present[:3])
        out.append(_said(f"集团已在本地：{names}；宜谈增资扩产（新线、二期）而非新引进",
                         f"the group is already here ({names_en}): an expansion talk, not a new target"))
    elif kind is TargetKind.partner:
        area, there = "、".join(f.area or ()), "、".join(f"{e.name}（{f.region_name(e.region_code)}）" for e in f.in_area[:3])
        there_en = ", ".join(f"{e.name} ({f.region_name(e.region_code)})" for e in f.in_area[:3])
        who, who_en = ("", "") if f.in_area == (f.head,) else (f"集团在{area}已有", "the group's ")
        out.append(_said(f"{who}{there}与{f.scope.name}同属{area}：宜谈区域协同（就近配套、错位分工），而非作为新招引对象",
                         f"{who_en}{there_en} is in {', '.join(f.area or ())} with {f.scope.name}: a partner talk, not a new target"))
    seen = set()  # one reason per relation, its strongest weighing
    for x in sorted((x for n in nodes for x in f.ties[n]), key=lambda x: (-x.strength, x.relation)):
        if x.relation not in seen and len(seen) < 3:
            seen.add(x.relation)
            out.append(x.reason)
    label = TARGET_ROLE_LABELS[best_role]
    # the link the role is named for: of those where it holds, an assembly link (a 链主's vehicle or panel line), then the
    # one where the group is largest; the first link if none holds (the ranking read the data before a write that the
    # models read after: an answer computed again on one version, see app.analysis.service.one_version)
    held = [n for n in nodes if roles[n] is best_role] or nodes[:1]
    made = assembly_links(f.template)
    where = max(held, key=lambda n: (n in made, link_scale[n], -held.index(n)))
    if best_role is TargetRole.leader and where not in made:
        # a 链主 by its tag, which the data gives per enterprise, not per link or chain: naming a supplier link here would
        # read as "leader of 线控制动" for a carmaker that only has a brake supplier there (an assembly link is named:
        # a tagged group making the chain's product there)
        out.append(_said(f"角色：{label}（“链主”标签）", f"role: {best_role.value} (tagged 链主)"))
    else:
        link = f.entry_of[where][0]
        out.append(_said(f"角色：{label}（{link.name}）", f"role: {best_role.value} ({link.name_en})"))
    parts, names = [], {}
    for x, m in members:
        names.setdefault(x, []).append(m.name)
    for n in nodes:
        plants = "、".join(names.get(n, ()))
        link, entry = f.entry_of[n]
        parts.append((f"{link.name}（{MODE_LABELS[entry.mode]}，优先级 {entry.priority:.2f}；{plants}）",
                      f"{link.name_en} (priority {entry.priority:.2f})"))
    out.append(_said("可补环节：" + "；".join(p[0] for p in parts), "gap links it could fill: " + "; ".join(p[1] for p in parts)))
    out.append(_scale_reason(sized, scale, basis, of_group=sized is f.head and basis == 1))
    out.extend(key_r)
    if f.in_province:
        out.append(_IN_PROVINCE)
    if f.cities > 1:
        out.append(_said(f"集团在 {f.cities} 个城市有企业，有异地设厂先例",
                         f"the group has entities in {f.cities} cities: it builds plants elsewhere"))
    if f.km is None:
        out.append(_DISTANCE_UNKNOWN)
    else:
        out.append(_said(f"最近成员{f.nearest.name}距{f.scope.name}约 {f.km:.0f} 公里",
                         f"nearest entity {f.nearest.name} about {f.km:.0f} km from {f.scope.name}"))
    return out
