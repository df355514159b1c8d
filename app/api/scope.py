"""The scope of a request: ``region`` (a code or name) or ``park`` (an id) in the query, at most one of them.

Routes that need a scope take :data:`ScopeDep`; a route where the scope is optional takes
:data:`RegionQ` and :data:`ParkQ` and calls :func:`scope_of` with ``required=False``.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from app.analysis.results import Scope
from app.analysis.scope import resolve_scope
from app.api.deps import StoreDep
from app.errors import InvalidInput
from app.store.base import GraphStore
from graph_schema.models import ID_PATTERN

# OpenAPI cannot say "exactly one of two query parameters", so both are optional in the schema and the rule is
# in the words: a route that needs a scope answers 422 to neither, and every route to both.
RegionQ = Annotated[str | None, Query(min_length=1, max_length=40, examples=["成都"], description=(
    "地区：行政区划代码或名称，或新区/开发区名称；与 park 二选一，需要范围的接口必须给出其一 "
    "(a region code or name, or a zone's name; give this or park, not both — a route that needs a scope refuses neither)"))]
ParkQ = Annotated[str | None, Query(pattern=ID_PATTERN, description=(
    "园区编号；与 region 二选一 (a park id; give this or region, not both — a route that needs a scope refuses neither)"))]


def scope_of(store: GraphStore, region: str | None, park: str | None, required: bool = True) -> Scope | None:
    """The region's or the park's scope; ``None`` for neither when not ``required``."""
    if region and park:
        raise InvalidInput("地区与园区只能给出一个 (give a region or a park, not both)")
    if not (region or park) and not required:
        return None
    return resolve_scope(store, region=region, park=park)


def listed(text: str, most: int, what_zh: str, what_en: str) -> list[str]:
    """The comma-separated items of ``text`` (blank ones dropped, repeats once), at least one and at most ``most``.

    >>> listed("成都, 武汉,,成都", 10, "地区", "regions")
    ['成都', '武汉']
    """
    items = list(dict.fromkeys(x.strip() for x in text.split(",") if x.strip()))
    if not items:
        raise InvalidInput(f"请至少给出一个{what_zh} (give at least one of the {what_en})")
    if len(items) > most:
        raise InvalidInput(f"最多对比 {most} 个{what_zh}，实为 {len(items)} 个 (at most {most} {what_en})")
    return items


def _required(store: StoreDep, region: RegionQ = None, park: ParkQ = None) -> Scope:
    return scope_of(store, region, park)


ScopeDep = Annotated[Scope, Depends(_required)]
