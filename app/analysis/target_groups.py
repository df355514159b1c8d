"""Who decides and who is tied: candidates rolled up to their groups, groups already here, and 以商招商 ties.

招商 talks to a group's decision-maker, not to a plant. :func:`roll_up` follows ``parent_id`` to the
top parent present in the data (cycles stop where they close). :func:`local_groups` names, per
group, its active entities inside the scope: the chain's local members and any group entity read on
the way (a parent inside the scope counts), and its entities in the scope's metropolitan area.
:func:`supply_ties` keeps only supply relations between *different* groups with an active local partner, and weighs each for a gap link:

- 1 (full) when the product is that link's (its name, a keyword, or a product the candidate lists
  for it) or the local partner works in a FEEDS neighbour of the link;
- 0.5 (partial) when the partner works in, or the product belongs to, another link of the chain;
- 0 otherwise (a relation of another chain says nothing about this one).

>>> from graph_schema.models import Enterprise
>>> es = {e.id: e for e in [Enterprise(id="g", name="集团", region_code="110105"),
...                         Enterprise(id="p", name="工厂", region_code="510104", parent_id="g")]}
>>> roll_up(_Fixed(es), ["p"])[0]
{'p': 'g'}
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from app.analysis.results import Reason, Scope
from app.analysis.scope import local_ids
from app.store.base import Capability, GraphStore
from graph_schema.models import Enterprise, LinkGrade
from graph_schema.template import ChainTemplate

FULL, PARTIAL = 1.0, 0.5


class _Fixed:
    """A store of a few enterprises (for the examples)."""

    def __init__(self, es: dict[str, Enterprise]):
        self._es = es

    def enterprises(self, ids):
        return {i: self._es[i] for i in ids if i in self._es}


def roll_up(store: GraphStore, ids: Iterable[str], known: dict[str, Enterprise] | None = None
            ) -> tuple[dict[str, str], dict[str, Enterprise]]:
    """The top parent of each of ``ids`` (itself when it has none in the data), and every model read on the way."""
    models = dict(known or {})
    wanted = [i for i in dict.fromkeys(ids)]
    missing = [i for i in wanted if i not in models]
    if missing:
        models.update(store.enterprises(missing))
    while True:  # read the parents level by level
        parents = {e.parent_id for e in models.values() if e.parent_id and e.parent_id not in models}
        fetched = store.enterprises(sorted(parents)) if parents else {}
        if not fetched:
            break
        models.update(fetched)
    top: dict[str, str] = {}
    for i in wanted:
        if i not in models:
            continue
        seen, at = {i}, i
        while (p := models[at].parent_id) and p in models and p not in seen:
            seen.add(p)
            at = p
        top[i] = at
    return top, models


@dataclass(frozen=True)
class Presence:
    """Where the candidate groups already are: group top id → the ids of its active entities inside the scope
    (``here``: an expansion talk) and in the scope's metropolitan area outside it (``around``: a partner talk)."""

    here: dict[str, list[str]]
    around: dict[str, list[str]]
    orders: np.ndarray | None = None  # from a store's group columns: the tops of both, as the candidates' ``order``
    here_orders: np.ndarray | None = None  # … of ``here`` alone
    around_orders: np.ndarray | None = None  # … of ``around`` alone


def local_groups(store: GraphStore, scope: Scope, chain_id: str, models: dict[str, Enterprise],
                 heads: Iterable[str] = (), near: Callable[[str], bool] | None = None) -> Presence:
    """The groups present in the scope (``here``): the chain's local members, the ``models`` given, and every entity
    below the groups of ``models`` and of ``heads`` (candidates), even one working in no link of this chain (a
    group's local sales company or plant of another chain still makes it an expansion talk); and, when ``near``
    (region code → in the scope's area) is given, the groups of ``models``/``heads`` with an entity in the area
    outside the scope (``around``: 浙江吉利控股 with its 湘潭 plant, seen from 长沙)."""
    local = {m.enterprise.id: m.enterprise for m in store.chain_members(chain_id, scope.filter) if m.enterprise.active}
    below = _descendants(store, {*roll_up(store, models, models)[0].values(), *heads} if models or heads else set(), models)
    seen = [e for e in {**models, **below}.values() if e.active and e.id not in local]
    inside = local_ids(store, scope, seen)
    local.update({i: models.get(i) or below[i] for i in inside})
    nearby = {e.id: e for e in seen if e.id not in inside and near is not None and near(e.region_code)}
    top, _ = roll_up(store, {**local, **nearby}, {**models, **below, **local})
    out: dict[str, list[str]] = defaultdict(list)
    for i in sorted(local):
        out[top[i]].append(i)
    around: dict[str, list[str]] = defaultdict(list)
    for i in sorted(nearby):
        around[top[i]].append(i)
    return Presence(dict(out), dict(around))


def presence_of(store: GraphStore, scope: Scope, near: Callable[[str], bool] | None) -> Presence | None:
    """:func:`local_groups` from a store's group columns (``Capability.group_columns``): the same groups for every
    candidate group (groups of one enterprise alone are left out: a candidate is never inside the scope, and one in
    the area is flagged by its own region); None when the store has none."""
    found = store.group_presence(scope.filter, near) if Capability.group_columns in store.capabilities else None
    return None if found is None else Presence(*found)


def _descendants(store: GraphStore, tops: set[str], known: dict[str, Enterprise]) -> dict[str, Enterprise]:
    """Every enterprise below ``tops`` along ``parent_id`` (one store question per ownership level), as models."""
    found: dict[str, Enterprise] = {}
    level, seen = sorted(tops), set(tops)
    while level:
        kids = sorted({c for cs in store.children(level).values() for c in cs} - seen)
        seen.update(kids)
        fresh = [c for c in kids if c not in known]
        found.update({c: known[c] for c in kids if c in known})
        found.update(store.enterprises(fresh) if fresh else {})
        level = kids
    return found


@dataclass(frozen=True)
class Tie:
    """One cross-group supply relation of a candidate with a local enterprise, weighed for one gap link."""

    enterprise_id: str
    node_id: str
    strength: float
    reason: Reason
    relation: tuple[str, str, str]  # (supplier, customer, product)


def _matches(product: str, words: Iterable[str]) -> bool:
    product = product.strip()
    return bool(product) and any(len(w) >= 2 and (w in product or product in w) for w in words)


def supply_ties(store: GraphStore, scope: Scope, template: ChainTemplate, links_of: dict[str, list[str]],
                top: dict[str, str]) -> list[Tie]:
    """The ties of the candidates ``links_of`` (enterprise id → the gap links it is a candidate for) with local firms.

    ``top`` gives the group of each candidate; partners are rolled up here. Only active local
    partners of another group count, weighed per gap link as the module says.
    """
    ids = sorted(links_of)
    relations = [s for s in store.supply_of(ids) if s.supplier_id != s.customer_id]
    if not relations:
        return []
    others = sorted({s.customer_id if s.supplier_id in links_of else s.supplier_id for s in relations}
                    | {s.supplier_id for s in relations if s.customer_id in links_of})
    models = store.enterprises(others)
    local = local_ids(store, scope, [models[i] for i in others if i in models and models[i].active])
    if not local:
        return []
    partner_top, models = roll_up(store, sorted(local), {i: models[i] for i in local})  # the local partners' groups only
    pairs = [(s, mine, theirs, sells) for s in relations
             for mine, theirs, sells in ((s.supplier_id, s.customer_id, True), (s.customer_id, s.supplier_id, False))
             if mine in links_of and theirs in local and partner_top.get(theirs, theirs) != top.get(mine, mine)]
    if not pairs:
        return []
    leaves = set(template.leaf_ids)
    works_in = {i: {x.node_id for x in xs if x.grade is LinkGrade.confirmed and x.node_id in leaves}
                for i, xs in store.enterprise_links(sorted({x[2] for x in pairs})).items()}
    own = {i: {x.node_id: x.products for x in xs} for i, xs in store.enterprise_links(sorted({x[1] for x in pairs})).items()}
    chain_words = {n: (template.node(n).name, *template.node(n).keywords) for n in leaves}
    ties = []
    for s, mine, theirs, sells in pairs:
        partner = models[theirs]
        there = works_in.get(theirs, set())
        product = s.product or "产品"
        for node in links_of[mine]:
            near = set(template.suppliers_of(node)) | set(template.customers_of(node))
            if _matches(s.product, (*chain_words[node], *own.get(mine, {}).get(node, ()))) or there & near:
                strength = FULL
            elif there or any(_matches(s.product, w) for w in chain_words.values()):
                strength = PARTIAL
            else:
                continue
            part = "" if strength == FULL else "（同链其他环节，部分计分）"
            part_en = "" if strength == FULL else " (another link of the chain: partial)"
            if sells:
                reason = Reason(zh=f"为本地{partner.name}供应{product}（以商招商）{part}",
                                en=f"supplies {product} to the local {partner.name}{part_en}")
            else:
                reason = Reason(zh=f"采购本地{partner.name}的{product}（以商招商）{part}",
                                en=f"buys {product} from the local {partner.name}{part_en}")
            ties.append(Tie(mine, node, strength, reason, (s.supplier_id, s.customer_id, s.product)))
    return ties
