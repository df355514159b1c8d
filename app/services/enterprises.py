"""Enterprise records for people: with region names, links, supply relations and parks.

>>> from app.settings import SEED_DIR
>>> from app.store.embedded.store import EmbeddedStore
>>> store = EmbeddedStore.open(SEED_DIR)
>>> detail = enterprise_detail(store, store.find_enterprises(EnterpriseQuery(limit=1))[0][0].id)
>>> sorted(detail)[:4]
['active', 'employees', 'former_names', 'founded']
"""
from __future__ import annotations

import re
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
        "former_names": list(e.former_names),
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


_STOCK = re.compile(r"^(?:(SH|SZ|BJ))?(\d{6})(?:\.(SH|SZ|BJ))?$|^(\d{4,5})\.HK$")
_SHORT_TAIL = re.compile(r"(?:-?[UW]{1,2}|[AB])$")
# what follows the 字号 in a registered name: 京东方|科技集团…, not 京东方|华灿光电… (another firm's 字号)
_ORG_WORDS = ("科技", "集团", "股份", "控股", "实业", "电子", "电器", "电气", "医药", "药业", "制药", "生物", "汽车", "光电",
              "信息", "通信", "通讯", "技术", "能源", "材料", "新材料", "有限", "发展", "投资", "软件", "网络", "数据", "智能",
              "精密", "半导体", "微电子", "显示", "动力", "电池", "医疗", "健康", "化工", "工业", "国际", "中国", "(", "（")
_SHORT_HEAD = re.compile(r"^(?:\*?ST|XD|XR|DR|N|C)(?=[\u4e00-\u9fff])")


def stock_code(text: str) -> str | None:
    """The stock code a user typed, with its exchange: ``000725`` and ``sz000725`` → ``000725.SZ``.

    >>> stock_code("000725"), stock_code("600000.sh"), stock_code("SZ000725"), stock_code("京东方")
    ('000725.SZ', '600000.SH', '000725.SZ', None)
    """
    from app.datadir.registry.values import parse_listed_code

    t = "".join(text.split()).upper()
    m = _STOCK.match(t)
    if not m:
        return None
    exchange = m.group(1) or m.group(3)
    return f"{m.group(2)}.{exchange}" if exchange else parse_listed_code(t)


def name_variants(text: str) -> list[str]:
    """The text as typed and with the other bracket width: ``甲（成都）`` and ``甲(成都)``."""
    half = text.replace("（", "(").replace("）", ")")
    full = text.replace("(", "（").replace(")", "）")
    return list(dict.fromkeys([text.strip(), half.strip(), full.strip()]))


def short_name_cores(text: str) -> list[str]:
    """Name parts a 证券简称 may stand for, most likely first (the later ones drop a region prefix).

    >>> short_name_cores("京东方A"), short_name_cores("*ST华微"), short_name_cores("深康佳A")
    (['京东方', '东方'], ['华微'], ['深康佳', '康佳'])
    """
    core = _SHORT_HEAD.sub("", _SHORT_TAIL.sub("", text.strip()))
    cores = [core] if core and core != text.strip() else []
    base = core or text.strip()
    if len(base) >= 3:   # a region prefix: 深康佳 → 康佳; tried only when the whole core finds nothing
        cores.append(base[1:])
    return [c for c in dict.fromkeys(cores) if len(c) >= 2]


def lookup_enterprise(store: GraphStore, text: str) -> tuple[Enterprise, str]:
    """The one enterprise ``text`` names, and how it was recognised (zh/en, to show the user).

    Tried in turn: id, USCC, stock code (with or without exchange), full name (either bracket
    width), a former name (曾用名), a part of a name or former name that matches one enterprise, a
    证券简称 (京东方A). Several matches raise NotFound listing them.
    """
    text = (text or "").strip()
    found = store.enterprises([text])
    if found:
        return found[text], "编号 id"
    owners = store.ids_by_uscc([text.upper()])
    if owners:
        return store.get_enterprise(next(iter(owners.values()))), "统一社会信用代码 USCC"
    code = stock_code(text)
    if code:
        matches, _ = store.find_enterprises(EnterpriseQuery(text=code, limit=5))
        listed = [e for e in matches if e.listed_code == code]
        if len(listed) == 1:
            return listed[0], f"股票代码 stock code {code}"
    seen: list[Enterprise] = []
    for variant in name_variants(text):
        matches, count = store.find_enterprises(EnterpriseQuery(text=variant, limit=20))
        exact = [e for e in matches if e.name == variant]
        if len(exact) == 1:
            return exact[0], "企业全称 full name"
        former = [e for e in matches if variant in e.former_names]
        if len(former) == 1 and not exact:
            return former[0], f"曾用名 former name（现名 now {former[0].name}）"
        if count == 1:
            e = matches[0]
            return e, "名称片段 name part" if variant in e.name else f"曾用名片段 part of a former name（现名 now {e.name}）"
        seen.extend(matches)
    if not seen:
        for core in short_name_cores(text):
            matches, count = store.find_enterprises(EnterpriseQuery(text=core, limit=200))
            listed = [e for e in matches if e.listed_code]
            leading = [e for e in listed if e.name.startswith(core) and e.name[len(core):].startswith(_ORG_WORDS)]
            pick = matches if count == 1 else leading if len(leading) == 1 else listed if len(listed) == 1 else []
            if pick:   # a 证券简称 names the listed company, not its subsidiaries (nor 北京东方… for 京东方)
                return pick[0], f"证券简称 short name（按「{core}」匹配 matched as {core!r}）"
            seen.extend(matches)
            if count:
                break
    if not seen:
        raise NotFound(f"没有找到企业“{text}” (no enterprise matches {text!r})")
    unique = list({e.id: e for e in seen}.values())
    listing = "、".join(f"{e.name}({e.id})" for e in unique[:10])
    raise NotFound(f"“{text}”匹配多家企业，请用编号指定：{listing} (several enterprises match)")


def find_enterprise(store: GraphStore, id_or_name: str) -> Enterprise:
    """By id, USCC, stock code, name or short name (see :func:`lookup_enterprise`)."""
    return lookup_enterprise(store, id_or_name)[0]


def search_text(store: GraphStore, text: str | None) -> str | None:
    """The text a search should run with: a stock code gets its exchange, a short name its core
    and a bracket of the other width is tried, when the text as typed finds nothing."""
    if not text or not text.strip():
        return text
    code = stock_code(text)
    if code:
        return code
    for variant in [*name_variants(text), *short_name_cores(text)]:
        if store.find_enterprises(EnterpriseQuery(text=variant, limit=1))[1]:
            return variant
    return text


def make_enterprise(data: dict[str, Any]) -> Enterprise:
    """An :class:`Enterprise` from plain data; a bad field raises InvalidInput naming it."""
    from pydantic import ValidationError

    from app.errors import InvalidInput, Problem

    try:
        return Enterprise(**data)
    except ValidationError as exc:
        problems = [Problem(e["msg"].removeprefix("Value error, "), field=".".join(map(str, e["loc"]))) for e in exc.errors()]
        raise InvalidInput("企业字段无效 (invalid enterprise fields)", problems) from None
