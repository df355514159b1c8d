"""Whitelists that turn a caller's choice into one of a few fixed queries.

A scope decides which property the Neo4j store filters on (``province_code``, ``city_code``,
``region_code`` or the IN_PARK edge), and so which query text runs. The choice goes through
these ``StrEnum`` classes, whose values are query names in ``queries/``; no text is ever built.

>>> from app.store.base import ScopeFilter
>>> from graph_schema.models import RegionLevel
>>> CountsQuery[scope_shape(ScopeFilter.region("510100", RegionLevel.city))].value
'node_counts_city'
>>> MembersQuery[scope_shape(None)].value
'members_national'
"""
from __future__ import annotations

from enum import StrEnum

from app.store.base import EnterpriseQuery, ScopeFilter, ScopeKind


class CountsQuery(StrEnum):
    """``node_counts`` by scope shape."""

    national = "node_counts_national"
    province = "node_counts_province"
    city = "node_counts_city"
    county = "node_counts_county"
    park = "node_counts_park"


class MembersQuery(StrEnum):
    """``node_members`` / ``chain_members`` by scope shape."""

    national = "members_national"
    province = "members_province"
    city = "members_city"
    county = "members_county"
    park = "members_park"


class InsideMembersQuery(StrEnum):
    """Members *inside* a region: the scan starts from the region's enterprises (indexed code), not from the leaves."""

    province = "members_inside_province"
    city = "members_inside_city"
    county = "members_inside_county"


class PartnersQuery(StrEnum):
    """The scope's side of a target list (supply partners of its active enterprises) by scope shape."""

    province = "scope_partners_province"
    city = "scope_partners_city"
    county = "scope_partners_county"
    park = "scope_partners_park"


class FindQuery(StrEnum):
    """``find_enterprises`` by the pool searched: everything, one link, one chain, or (no other filter) one scope."""

    all = "find_enterprises_all"
    node = "find_enterprises_node"
    chain = "find_enterprises_chain"
    province = "find_enterprises_province"
    city = "find_enterprises_city"
    county = "find_enterprises_county"
    park = "find_enterprises_park"


def scope_shape(scope: ScopeFilter | None) -> str:
    """The member name of a scope in the whitelists: national, park, or the region level."""
    if scope is None:
        return "national"
    if scope.kind is ScopeKind.park:
        return "park"
    if scope.level is None:
        from app.errors import InvalidInput

        raise InvalidInput(f"范围 {scope.code} 缺少行政级别 (region scope without a level)")
    return scope.level.value


def find_shape(query: EnterpriseQuery) -> FindQuery:
    """Node beats chain, as in the embedded store: a node filter narrows further than its chain."""
    if query.node_id is not None:
        return FindQuery.node
    if query.chain_id is not None:
        return FindQuery.chain
    if query.scope is not None and not (query.text or "").strip() and not query.tag:
        return FindQuery[scope_shape(query.scope)]  # a scope alone: start from its index
    return FindQuery.all


def find_params(query: EnterpriseQuery) -> dict:
    """Parameters of the find queries; a filter left out is null and matches everything."""
    text = (query.text or "").strip() or None
    scope = query.scope
    shape = scope_shape(scope) if scope is not None else None
    return {
        "text": text,
        "text_upper": text.upper() if text else None,
        "tag": query.tag or None,
        "include_inactive": query.include_inactive,
        "node_id": query.node_id,
        "chain_id": query.chain_id,
        "province": scope.code if shape == "province" else None,
        "city": scope.code if shape == "city" else None,
        "county": scope.code if shape == "county" else None,
        "park": scope.code if shape == "park" else None,
        "offset": max(query.offset, 0),
        "limit": max(query.limit, 0),
    }
