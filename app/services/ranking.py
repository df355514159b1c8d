"""How a scope ranks among its peers on a chain, for the dashboard's overview.

A region is ranked among the prefecture-level cities with at least one enterprise on the chain; a
park among parks — of its city, its province, or all (``among``) — never among cities. A peer park
is one that declares the chain as a lead chain or has an enterprise on it. Every row is compared
with :func:`app.analysis.compare.compare_scopes` and all are ordered by completeness, strength and
code.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.scope import resolve_scope
>>> store = toy_store()
>>> r = scope_ranking(store, "toy", resolve_scope(store, region="成都"))
>>> r["rank"], r["total"], r["peers"], [row["scope"]["code"] for row in r["rows"]]
(1, 3, 'cities', ['510100', '420100', '110000'])
>>> from tests.fixtures.park_graphs import park_store
>>> store = park_store()
>>> r = scope_ranking(store, "toy", resolve_scope(store, park="cd-west"), among="city")
>>> r["rank"], r["peers"], [row["scope"]["code"] for row in r["rows"]]
(2, 'parks', ['cd-east', 'cd-west'])
"""
from __future__ import annotations

from enum import StrEnum
from typing import Any

from app.analysis.compare import compare_scopes, park_node_counts
from app.analysis.results import Scope
from app.analysis.scope import scope_of_region
from app.errors import InvalidInput
from app.store.base import GraphStore, ScopeKind


class Among(StrEnum):
    """Which parks a park is ranked among."""

    city = "city"
    province = "province"
    all = "all"


def peer_parks(store: GraphStore, chain_id: str, park_id: str, among: Among = Among.all) -> list[Scope]:
    """The parks a park is ranked among: itself, and those of its city / province / all on the chain."""
    regions = store.regions()
    home = store.park(park_id)
    area = {Among.city: regions.city_of, Among.province: regions.province_of}.get(among)
    working = park_node_counts(store, chain_id)
    out = []
    for p in sorted(store.parks(), key=lambda p: p.id):
        if area and area(p.region_code) != area(home.region_code):
            continue
        if p.id == park_id or chain_id in p.lead_chains or p.id in working:
            out.append(Scope(kind=ScopeKind.park, code=p.id, name=p.name))
    return out


def scope_ranking(store: GraphStore, chain_id: str, scope: Scope | None = None, among: Among | str | None = None
                  ) -> dict[str, Any]:
    """The scope's place (1 = most complete) among its peers, with every row's indicators.

    Without a scope, the cities alone (``rank`` is then ``None``). ``among`` (city, province, all;
    default all) applies to a park only.
    """
    template = store.chain(chain_id)
    if among is not None and (scope is None or scope.kind != ScopeKind.park):
        raise InvalidInput("among 仅用于园区排名 (among applies to a park scope only)")
    if scope is not None and scope.kind == ScopeKind.park:
        among = Among(among or Among.all)
        scopes = peer_parks(store, chain_id, scope.code, among)
        scopes = [scope, *(s for s in scopes if s.code != scope.code)]
    else:
        regions = store.regions()
        itself = scope.code if scope else None
        others = [scope_of_region(regions, c) for c in sorted(store.city_node_counts(chain_id)) if c != itself]
        scopes = [scope, *others] if scope else others
    base = {"chain": template.id, "chain_name": template.chain.name, "scope": scope.model_dump(mode="json") if scope else None,
            "peers": "parks" if among else "cities", "among": among.value if among else None}
    if not scopes:
        return base | {"rank": None, "total": 0, "rows": []}
    compared = compare_scopes(store, chain_id, scopes, similar=0)
    rows = [s.model_dump(mode="json", exclude={"link_counts"}) for s in compared.scopes]
    rows.sort(key=lambda r: (-r["completeness"], -r["strength"], r["scope"]["code"]))
    rank = None
    if scope is not None:
        rank = next(i for i, r in enumerate(rows, 1)
                    if r["scope"]["code"] == scope.code and r["scope"]["kind"] == scope.kind)
    return base | {"rank": rank, "total": len(rows), "rows": rows}
