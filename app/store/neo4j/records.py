"""Domain objects to Neo4j property maps and back.

Enterprises carry derived properties next to their own fields, so that a scope filter is an
equality on an indexed property rather than a walk up the region tree: ``province_code`` and
``city_code`` (from :class:`~app.regions.RegionIndex`), ``active`` (status not 注销/吊销) and
``key`` (tagged 链主 / 上市 / 小巨人 / 世界500强). They are computed here, from the same model
properties the embedded store uses, and stripped again on the way back. The group rule's ``group_tags`` and
``group_name`` (and ``key`` with them) are written empty here and filled by ``regroup_enterprises`` in the same
load or transaction, from the enterprise's ancestors (:func:`~graph_schema.models.group_tags_of` states the rule).

>>> from app.regions import RegionIndex
>>> e = Enterprise(id="a1", name="甲", region_code="510107", tags=("上市",))
>>> row = enterprise_row(e, RegionIndex.national())
>>> row["city_code"], row["province_code"], row["active"], row["key"]
('510100', '510000', True, True)
>>> enterprise_from(row) == e
True
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from typing import Any

from app.regions import RegionIndex
from graph_schema.construct import constructor
from graph_schema.models import (
    GROUP_TAGS,
    ID_PATTERN,
    KEY_TAGS,
    REGION_CODE_PATTERN,
    STATUSES,
    Chain,
    ChainNode,
    Enterprise,
    EnterpriseLink,
    Feeds,
    Park,
    Region,
    Related,
    Supply,
)
from graph_schema.template import ChainTemplate

DERIVED = frozenset({"city_code", "province_code", "active", "key"})
GROUPED = frozenset({"group_tags", "group_name"})
GROUP_PARAMS = {"group": list(GROUP_TAGS), "key": sorted(KEY_TAGS)}
"""The parameters of ``regroup_enterprises``: the tags a group hands down, and those that make a firm key."""
ENTERPRISE_PROPERTIES = (*Enterprise.model_fields, "city_code", "province_code", "active", "key")
"""Every property of an :Enterprise node; ``merge_enterprises`` sets each one by name."""
LINK_PROPERTIES = tuple(f for f in EnterpriseLink.model_fields if f not in ("enterprise_id", "node_id"))
"""Every property of an IN_NODE relationship; ``merge_links`` / ``create_links`` set each one by name."""


def _props(model: Any) -> dict[str, Any]:
    """The model's fields, tuples as lists, None left out (the form a region list's fingerprint digests)."""
    return {k: v for k, v in model.model_dump(mode="json").items() if v is not None}


def _all_props(model: Any) -> dict[str, Any]:
    """Every field, None included: the write queries name each property, and a null there removes it."""
    return model.model_dump(mode="json")


def enterprise_row(e: Any, regions: RegionIndex) -> dict[str, Any]:
    """An :class:`Enterprise` (or the fast reader's ``EnterpriseRow``, same fields) as the row every
    enterprise write query takes: every property, None included (a null removes a stale value)."""
    row = {f: getattr(e, f) for f in Enterprise.model_fields}
    code = e.region_code
    row.update(city_code=regions.city_of(code), province_code=regions.province_of(code), active=e.active,
               key=not KEY_TAGS.isdisjoint(e.tags), group_tags=(), group_name=None)
    return row


def enterprise_from(props: dict[str, Any], plain: bool = False) -> Enterprise:
    """The enterprise of a node's properties, with its group tags unless ``plain`` (the form files hold)."""
    values = {k: v for k, v in props.items() if k not in DERIVED and k not in GROUPED}
    if not plain and props.get("group_tags"):
        values.update(group_tags=tuple(props["group_tags"]), group_name=props.get("group_name"))
    return Enterprise(**values)


_built = constructor(Enterprise)
_STORED = frozenset(ENTERPRISE_PROPERTIES)
_ID = re.compile(ID_PATTERN)
_CODE = re.compile(REGION_CODE_PATTERN)
_STATUSES = frozenset(STATUSES)


def _text_or_none(v: Any) -> bool:
    return v is None or (type(v) is str and v != "")


def _texts(v: Any) -> bool:
    return type(v) in (list, tuple) and all(type(x) is str for x in v)


def enterprise_stored(props: dict[str, Any], plain: bool = False) -> Enterprise:
    """:func:`enterprise_from` without validating again what ChainMap validated before writing it (~80 µs → ~4 µs).

    Every enterprise ChainMap writes is a validated model's fields (a load, a change set, the bulk
    import of a validated data directory), so validating its properties again gives the same model;
    the embedded store builds its models the same way (:func:`~app.store.embedded.table.constructor`).
    The properties are checked for what the model's rules decide cheaply (known names, types, id and
    region code patterns, status, non-negative numbers); anything else — a value a validation would
    change, such as an integer revenue, an empty status or former names to clean — goes through
    :func:`enterprise_from`, which normalises it or raises as before. Not re-checked: text cleaning
    and length, a USCC's check digit and a founding date's calendar, which a write outside ChainMap
    must respect (docs/scaling.md, "Enterprise models without a second validation").

    >>> row = {"id": "a1", "name": "甲", "region_code": "510107", "revenue": 2.0, "tags": ["上市"], "city_code": "510100",
    ...        "active": True, "key": True, "group_tags": ["链主"], "group_name": "集团"}
    >>> enterprise_stored(row) == enterprise_from(row), enterprise_stored(row).tags, enterprise_stored(row, plain=True).group_tags
    (True, ('上市',), ())
    >>> enterprise_stored({**row, "revenue": 2}).revenue   # validated: the integer becomes a float
    2.0
    """
    get = props.get
    i, name, code, status, revenue, employees = (get("id"), get("name"), get("region_code"), get("status", "存续"),
                                                  get("revenue"), get("employees"))
    tags, former, source = get("tags", ()), get("former_names", ()), get("region_source", "")
    group_tags, group_name = (get("group_tags") or (), get("group_name")) if not plain else ((), None)
    if not group_tags:
        group_name = None
    if not (_STORED.issuperset(props) and type(i) is str and _ID.fullmatch(i) and type(name) is str and name
            and type(code) is str and _CODE.fullmatch(code) and status in _STATUSES and type(source) is str
            and (revenue is None or (type(revenue) is float and revenue >= 0))
            and (employees is None or (type(employees) is int and employees >= 0))
            and _texts(tags) and not former and _texts(group_tags) and _text_or_none(group_name)
            and _text_or_none(get("uscc")) and _text_or_none(get("founded")) and _text_or_none(get("listed_code"))
            and _text_or_none(get("parent_id")) and get("parent_id") != i):
        return enterprise_from(props, plain)
    return _built({"id": i, "uscc": get("uscc"), "name": name, "region_code": code, "founded": get("founded"),
                   "revenue": revenue, "employees": employees, "tags": tuple(tags), "listed_code": get("listed_code"),
                   "status": status, "parent_id": get("parent_id"), "region_source": source, "former_names": (),
                   "group_tags": tuple(group_tags), "group_name": group_name})


def link_row(link: Any) -> dict[str, Any]:
    """An :class:`EnterpriseLink` (or the fast reader's ``LinkRow``) as a flat row: ends, then every property."""
    return {"enterprise_id": link.enterprise_id, "node_id": link.node_id, "role": link.role.value,
            "products": link.products, "grade": link.grade.value, "evidence": link.evidence}


def link_from(enterprise_id: str, node_id: str, props: dict[str, Any]) -> EnterpriseLink:
    return EnterpriseLink(enterprise_id=enterprise_id, node_id=node_id, **props)


def supply_row(s: Any) -> dict[str, Any]:
    """A :class:`Supply` (or the fast reader's ``SupplyRow``)."""
    return {"supplier_id": s.supplier_id, "customer_id": s.customer_id, "product": s.product}


def supply_from(row: dict[str, Any]) -> Supply:
    return Supply(supplier_id=row["supplier_id"], customer_id=row["customer_id"], product=row["product"] or "")


def park_row(p: Park) -> dict[str, Any]:
    return _all_props(p)


def park_from(props: dict[str, Any]) -> Park:
    return Park(**props)


def region_row(r: Region) -> dict[str, Any]:
    return _all_props(r)


def region_from(props: dict[str, Any]) -> Region:
    return Region(**props)


def regions_fingerprint(regions: RegionIndex) -> str:
    """A digest of a region list's rows: equal lists, equal digests (so it need not be written or read again)."""
    if regions is RegionIndex.national():
        return _national_fingerprint()
    return _digest(regions)


def _digest(regions: RegionIndex) -> str:
    rows = sorted((_props(r) for r in regions.regions), key=lambda r: r["code"])
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _national_fingerprint() -> str:
    return _digest(RegionIndex.national())


def is_national(fingerprint: str | None) -> bool:
    return fingerprint == _national_fingerprint()


def chain_row(c: Chain) -> dict[str, Any]:
    return _all_props(c)


def node_row(n: ChainNode) -> dict[str, Any]:
    return _all_props(n)


def templates_from(chains: list[dict], nodes: list[dict], feeds: list[dict], related: list[dict]) -> dict[str, ChainTemplate]:
    """Chain templates from the rows of ``read_chains`` / ``read_chain_nodes`` / ``read_feeds`` / ``read_related``."""
    by_chain: dict[str, tuple[list, list, list]] = {c["id"]: ([], [], []) for c in chains}
    for n in nodes:
        if n["chain_id"] in by_chain:
            by_chain[n["chain_id"]][0].append(ChainNode(**n))
    for f in feeds:
        if f["chain_id"] in by_chain:
            by_chain[f["chain_id"]][1].append(Feeds(source=f["source"], target=f["target"]))
    for r in related:
        if r["chain_id"] in by_chain:
            by_chain[r["chain_id"]][2].append(Related(source=r["source"], target=r["target"], kind=r["kind"]))
    return {
        c["id"]: ChainTemplate(Chain(**c), *by_chain[c["id"]])
        for c in chains
    }


def stamp_number(version: str) -> int:
    """The data stamp (any text: ChainMap writes a UUID hex, a hand-made write may use ``randomUUID()``) as
    the number :meth:`~app.store.base.GraphStore.data_version` returns: its first 63 bits of BLAKE2b.

    >>> stamp_number("0f3a") == stamp_number("0f3a") != stamp_number("0f3b")
    True
    >>> 0 <= stamp_number("4c1b7e0e-8d4f-4c1e-9a55-6b7f2b5d3e11") < 2 ** 63
    True
    """
    return int.from_bytes(hashlib.blake2b(version.encode(), digest_size=8).digest(), "big") >> 1
