"""Enterprise records for people: with region names, links, supply relations and parks.

>>> from app.settings import SEED_DIR
>>> from app.store.embedded.store import EmbeddedStore
>>> store = EmbeddedStore.open(SEED_DIR)
>>> detail = enterprise_detail(store, store.find_enterprises(EnterpriseQuery(limit=1))[0][0].id)
>>> sorted(detail)[:4]
['active', 'employees', 'founded', 'id']
"""
from __future__ import annotations

from typing import Any

from app.errors import NotFound
from app.store.base import EnterpriseQuery, GraphStore
from graph_schema.models import Enterprise


def enterprise_public(store: GraphStore, e: Enterprise) -> dict[str, Any]:
    regions = store.regions()
    return {
        "id": e.id, "uscc": e.uscc, "name": e.name, "region_code": e.region_code,
        "region_name": regions.full_name(e.region_code) if e.region_code in regions else e.region_code,
        "founded": e.founded, "revenue": e.revenue, "employees": e.employees, "tags": list(e.tags),
        "listed_code": e.listed_code, "status": e.status, "active": e.active, "parent_id": e.parent_id,
    }


def enterprise_detail(store: GraphStore, enterprise_id: str) -> dict[str, Any]:
    """An enterprise with its links to chain links, its supply relations and its parks."""
    e = store.get_enterprise(enterprise_id)
    nodes = {n.id: (t.id, n) for t in store.chains() for n in t.nodes}
    links = []
    for link in store.enterprise_links([e.id]).get(e.id, []):
        chain_id, node = nodes.get(link.node_id, ("", None))
        links.append({"node_id": link.node_id, "node_name": node.name if node else link.node_id, "chain_id": chain_id,
                      "role": link.role.value, "grade": link.grade.value, "products": list(link.products),
                      "evidence": link.evidence})
    supply = store.supply_of([e.id])
    names = {x.id: x.name for x in store.enterprises(sorted({s.supplier_id for s in supply} | {s.customer_id for s in supply})).values()}
    return {
        **enterprise_public(store, e),
        "region_source": e.region_source,
        "links": links,
        "supply": [{"supplier_id": s.supplier_id, "supplier_name": names.get(s.supplier_id, s.supplier_id),
                    "customer_id": s.customer_id, "customer_name": names.get(s.customer_id, s.customer_id),
                    "product": s.product} for s in supply],
        "parks": store.park_ids_of(e.id),
    }


def find_enterprise(store: GraphStore, id_or_name: str) -> Enterprise:
    """By id, USCC or exact name; a partial name must match exactly one enterprise."""
    found = store.enterprises([id_or_name])
    if found:
        return found[id_or_name]
    owners = store.ids_by_uscc([id_or_name.upper()])
    if owners:
        return store.get_enterprise(next(iter(owners.values())))
    matches, count = store.find_enterprises(EnterpriseQuery(text=id_or_name, limit=20))
    exact = [e for e in matches if e.name == id_or_name]
    if len(exact) == 1 or count == 1:
        return (exact or matches)[0]
    if count == 0:
        raise NotFound(f"没有找到企业“{id_or_name}” (no enterprise matches {id_or_name!r})")
    listing = "、".join(f"{e.name}({e.id})" for e in matches[:10])
    raise NotFound(f"“{id_or_name}”匹配 {count} 家企业，请用编号指定：{listing} (several enterprises match)")


def make_enterprise(data: dict[str, Any]) -> Enterprise:
    """An :class:`Enterprise` from plain data; a bad field raises InvalidInput naming it."""
    from pydantic import ValidationError

    from app.errors import InvalidInput, Problem

    try:
        return Enterprise(**data)
    except ValidationError as exc:
        problems = [Problem(e["msg"].removeprefix("Value error, "), field=".".join(map(str, e["loc"]))) for e in exc.errors()]
        raise InvalidInput("企业字段无效 (invalid enterprise fields)", problems) from None
