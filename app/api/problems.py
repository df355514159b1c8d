"""Every error as RFC 9457 problem details (``application/problem+json``), never a stack trace.

:func:`problem` is the one builder: the exception handlers below, the middleware that answers by itself
(deadline 503, body limit 413) and the routes that answer a problem without raising all use it.

>>> import json
>>> r = problem_of(StoreUnavailable("稍后重试 (retry later)"))
>>> r.status_code, r.media_type, r.headers["retry-after"], json.loads(r.body)["type"]
(503, 'application/problem+json', '5', 'https://chainmap.dev/problems/storeunavailable')
"""
from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import AmbiguousName, Busy, ChainMapError, InvalidInput, StoreUnavailable

log = logging.getLogger("chainmap.api")
PROBLEM = "application/problem+json"
RETRY_AFTER_S = 5
HTTP_TITLES = {401: "未认证 Unauthorized", 403: "无权限 Forbidden", 404: "未找到 Not found",
               405: "方法不允许 Method not allowed", 413: "内容过大 Content too large"}


def problem(status: int, title: str, detail: str, type_: str = "about:blank", **extra) -> JSONResponse:
    """Problem details as a response (also an ASGI app, so middleware can send it); a 503 says when to retry."""
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    headers = {"Retry-After": str(extra.pop("retry_after", RETRY_AFTER_S))} if status in (429, 503) else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def problem_of(exc: ChainMapError) -> JSONResponse:
    """The problem details of a ChainMap error: its status, title and type, the rows at fault, the candidates."""
    extra = {}
    if isinstance(exc, InvalidInput):
        extra["errors"] = [p.as_dict() for p in exc.problems]
    if isinstance(exc, AmbiguousName):
        extra["candidates"] = exc.candidates
    if isinstance(exc, Busy):
        extra["retry_after"] = exc.retry_after
    return problem(exc.status, exc.title, exc.message, f"https://chainmap.dev/problems/{type(exc).__name__.lower()}",
                   **extra)


async def on_chainmap_error(request: Request, exc: ChainMapError) -> JSONResponse:
    if exc.status >= 500 and not isinstance(exc, StoreUnavailable):
        log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_of(exc)


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"field": ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path")) or None,
         "location": str(e["loc"][0]) if e["loc"] else None, "message": e["msg"]}
        for e in exc.errors()
    ]
    return problem(422, "输入无效 Invalid input", "请求参数无效 (the request has invalid parameters)",
                   "https://chainmap.dev/problems/invalidinput", errors=errors)


async def on_model_error(request: Request, exc: ValidationError) -> JSONResponse:
    """A model built from the request inside a route refused a value (text rules, dates, own parent): bad input."""
    errors = [{"field": ".".join(str(p) for p in e["loc"]) or None, "message": e["msg"].removeprefix("Value error, ")}
              for e in exc.errors()]
    return problem(422, "输入无效 Invalid input", "请求中的数据无效 (the request holds invalid data)",
                   "https://chainmap.dev/problems/invalidinput", errors=errors)


async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    response = problem(exc.status_code, HTTP_TITLES.get(exc.status_code, "错误 Error"), str(exc.detail))
    for k, v in (exc.headers or {}).items():
        response.headers[k] = v
    allowed = _allowed_methods(request) if exc.status_code == 405 else []
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response


def _allowed_methods(request: Request) -> list[str]:
    """Every method the OpenAPI documents at this path (Starlette names only the first matching route's)."""
    paths = request.app.openapi().get("paths", {})
    for template, operations in paths.items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, request.url.path):
            methods = {"get", "post", "put", "patch", "delete", "head", "options"}
            return sorted(m.upper() for m in operations if m in methods)
    return []


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "内部错误 Internal error", "服务器内部错误，已记录 (internal error; it has been logged)")


PROBLEM_SCHEMA_REF = "#/components/schemas/ProblemDetails"
DESCRIPTIONS = {
    400: "请求无法解析 malformed request",
    401: "缺少或无效的 API 密钥 missing or unknown X-API-Key",
    403: "角色权限不足 the key's role is too low",
    404: "产业链、地区、园区或企业不存在 no such chain, region, park or enterprise",
    409: "与已存数据冲突 conflicts with stored data",
    413: "内容过大 content too large",
    429: "繁忙，稍后重试 too much expensive work queued, retry later (Retry-After)",
    422: "输入无效，errors 逐项列出 invalid input, every problem listed in errors",
    503: "存储暂不可用，稍后重试 store unavailable, retry later (Retry-After)",
    507: "磁盘已满，未作任何更改 disk full under the state directory, nothing was changed",
}


def problem_responses(*codes: int, descriptions: dict[int, str] | None = None) -> dict[int | str, dict]:
    """``responses=`` entries for a route: problem details under ``application/problem+json``."""
    descriptions = descriptions or {}
    return {code: {"description": descriptions.get(code, DESCRIPTIONS.get(code, "错误 error")),
                   "content": {PROBLEM: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}}} for code in codes}


def document(schema: dict) -> dict:
    """Document the problem answers every operation can give, so the OpenAPI covers every response.

    Every secured operation may answer 401 and 403; every operation with parameters or a body 400 and
    422 (as problem details, replacing FastAPI's default 422 schema); every operation but the liveness
    and metrics endpoints 503; any operation that takes a path parameter or is secured 404.
    """
    from app.api.schemas import ProblemDetails

    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["ProblemDetails"] = problem_schema
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            codes = set()
            if op.get("security"):
                codes |= {401, 403, 404}
            if op.get("parameters") or op.get("requestBody"):
                codes |= {400, 422}
            if "{" in path:
                codes.add(404)
            if path not in ("/healthz", "/metrics"):
                codes.add(503)
            if method in ("post", "put", "patch", "delete"):
                codes.add(507)  # the state directory's disk is full: nothing was changed
            if "/report" in path or path.startswith("/imports"):
                codes.add(429)  # expensive work queued past the cap (app.api.middleware.workcap)
            responses = op["responses"]
            for code, entry in problem_responses(*sorted(codes)).items():
                responses.setdefault(str(code), {}).setdefault("description", entry["description"])
            for code, entry in responses.items():
                if code == "422" and entry.get("description") == "Validation Error":
                    entry["description"] = DESCRIPTIONS[422]
                if code.isdigit() and int(code) >= 400:
                    entry["content"] = {PROBLEM: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}}
    for unused in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{unused}" not in str(schema.get("paths")):
            components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    app.add_exception_handler(ChainMapError, on_chainmap_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(ValidationError, on_model_error)
    app.add_exception_handler(Exception, on_unexpected)
