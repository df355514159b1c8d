"""The scope of a request: one ``scope`` text in the query (or in a JSON body), read by
:func:`app.analysis.scope.resolve_named`.

``scope=成都`` / ``scope=510100`` (a region, with every region within it), ``scope=贵安新区`` (a zone, by name or
id), ``scope=park:cd-hitech`` (a park, by id; a park's full name works as a region does). Routes that need a scope
take :data:`ScopeDep`; a route where it is optional takes :data:`OptionalScopeQ` and calls :func:`scope_of`.

The old pair ``region=`` / ``park=`` (at most one of them) is still understood and no longer documented: a request
that uses it is rewritten once, at the door, by :func:`legacy_query` (query strings,
:class:`app.api.middleware.legacy_scope.LegacyScope`) or :meth:`ScopedBody.legacy_fields` (JSON bodies).

>>> legacy_query(b"region=%E6%88%90%E9%83%BD&limit=5")
b'scope=%E6%88%90%E9%83%BD&limit=5'
>>> legacy_query(b"park=cd-hitech"), legacy_query(b"scope=park%3Acd-hitech&x=1")
(b'scope=park%3Acd-hitech', None)
>>> legacy_query(b"region=a&park=b")
Traceback (most recent call last):
...
app.errors.InvalidInput: 只能给出一个范围：scope，或旧的 region / park 之一 (give one scope: scope, or one of the older region / park)
"""
from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, unquote_plus

from fastapi import Depends, Query
from pydantic import BaseModel, Field, model_validator

from app.analysis.results import Scope
from app.analysis.scope import PARK_PREFIX, SCOPE_MAX, SCOPE_PATTERN, resolve_named
from app.api.deps import StoreDep
from app.errors import InvalidInput
from app.store.base import GraphStore
from graph_schema.text import WHITESPACE, char_class

SCOPE_EXAMPLES = ["成都", "510100", "park:cd-hitech", "贵安新区"]
SCOPE_HELP = (
    "范围：地区（行政区划代码或名称，含其下辖地区）、新区/开发区名称、园区全称，或 park:<园区编号> "
    "(a region code or name, with every region within it; a zone's name or id; a park's full name; or park:<park id>. "
    f"At most {SCOPE_MAX} characters and no colon, except after park:. A name that names nothing is a 404; "
    "a name several regions share is a 422 listing them in candidates)")
ScopeQ = Annotated[str, Query(pattern=SCOPE_PATTERN, examples=SCOPE_EXAMPLES, description=SCOPE_HELP)]
OptionalScopeQ = Annotated[str | None, Query(pattern=SCOPE_PATTERN, examples=SCOPE_EXAMPLES, description=(
    f"{SCOPE_HELP}; 不给则不限范围 (optional: without it, no scope)"))]
LEGACY = ("region", "park")
TOO_MANY = "只能给出一个范围：scope，或旧的 region / park 之一 (give one scope: scope, or one of the older region / park)"


def scope_of(store: GraphStore, text: str | None) -> Scope | None:
    """The scope ``text`` names; ``None`` for none (an optional scope not given)."""
    return resolve_named(store, text) if text else None


def legacy_scope(region: str | None, park: str | None) -> str | None:
    """The scope text of the older pair: ``region`` as it is, ``park`` as ``park:<id>``; None for neither.

    >>> legacy_scope("成都", None), legacy_scope(None, "cd-hitech"), legacy_scope(None, None)
    ('成都', 'park:cd-hitech', None)
    """
    if region is not None and park is not None:
        raise InvalidInput(TOO_MANY)
    return f"{PARK_PREFIX}{park}" if park is not None else region


def legacy_query(query: bytes) -> bytes | None:
    """``query`` with an older ``region=X`` written as ``scope=X`` and ``park=Y`` as ``scope=park:Y`` (values kept
    byte for byte); None when there is nothing to rewrite. More than one of scope, region, park is refused."""
    pairs = [p.split(b"=", 1) for p in query.split(b"&")]
    keys = [unquote_plus(p[0].decode("latin-1")) for p in pairs]
    if not any(k in LEGACY for k in keys):
        return None
    if sum(k in (*LEGACY, "scope") for k in keys) > 1:
        raise InvalidInput(TOO_MANY)
    out = []
    for key, pair in zip(keys, pairs, strict=True):
        value = pair[1] if len(pair) > 1 else b""
        if key == "region":
            out.append(b"scope=" + value)
        elif key == "park":
            out.append(b"scope=" + quote(PARK_PREFIX).encode() + value)
        else:
            out.append(b"=".join(pair))
    return b"&".join(out)


class ScopedBody(BaseModel):
    """A JSON body with a ``scope`` (:data:`~app.analysis.scope.SCOPE_PATTERN`); the older ``region`` / ``park``
    fields are read as it, undocumented.

    >>> ScopedBody.model_validate({"park": "cd-hitech"}).scope
    'park:cd-hitech'
    """

    model_config = {"extra": "forbid"}

    scope: str = Field(pattern=SCOPE_PATTERN, examples=SCOPE_EXAMPLES, description=SCOPE_HELP)

    @model_validator(mode="before")
    @classmethod
    def legacy_fields(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not any(k in data for k in LEGACY):
            return data
        data = dict(data)
        region, park = data.pop("region", None), data.pop("park", None)
        if any(v is not None and not isinstance(v, str) for v in (region, park)):
            raise ValueError("region / park 应为文本 (region / park must be text)")
        if "scope" in data and (region, park) != (None, None):
            raise ValueError(TOO_MANY)
        try:
            text = legacy_scope(region, park)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        return {**data, "scope": text} if text is not None else data


def listed(text: str, most: int, what_zh: str, what_en: str) -> list[str]:
    """The comma-separated items of ``text`` (blank ones dropped, repeats once), at least one and at most ``most``
    given (:func:`list_pattern` says the same in the schema).

    >>> listed("成都, 武汉,,成都", 10, "地区", "regions")
    ['成都', '武汉']
    """
    items = [x.strip() for x in text.split(",") if x.strip()]
    if not items:
        raise InvalidInput(f"请至少给出一个{what_zh} (give at least one of the {what_en})")
    if len(items) > most:
        raise InvalidInput(f"最多对比 {most} 个{what_zh}，实为 {len(items)} 个 (at most {most} {what_en})")
    return list(dict.fromkeys(items))


def list_pattern(most: int) -> dict:
    """What :func:`listed` accepts, as a schema ``pattern`` (``json_schema_extra`` of the query parameter, so that the
    refusal keeps :func:`listed`'s words): 1 to ``most`` non-blank items between commas, blank ones allowed.

    >>> import re
    >>> p = list_pattern(2)["pattern"]
    >>> [bool(re.fullmatch(p, t)) for t in ("a", " a, ,b,", ",", " ", "a,b,c")]
    [True, True, False, False, False]
    """
    blank, item = f"[{char_class(WHITESPACE)}]*", f"[^,]*[^,{char_class(WHITESPACE)}][^,]*"
    return {"pattern": rf"^(?:{blank},)*{item}(?:,(?:{blank},)*{item}){{0,{most - 1}}}(?:,{blank})*$"}


def _required(store: StoreDep, scope: ScopeQ) -> Scope:
    return resolve_named(store, scope)


ScopeDep = Annotated[Scope, Depends(_required)]
