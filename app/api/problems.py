"""Every error as RFC 9457 problem details (``application/problem+json``), never a stack trace."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import AmbiguousName, ChainMapError, InvalidInput, StoreUnavailable

log = logging.getLogger("chainmap.api")
PROBLEM = "application/problem+json"
RETRY_AFTER_S = 5


def problem(status: int, title: str, detail: str, type_: str = "about:blank", **extra) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _type(exc: ChainMapError) -> str:
    return f"https://chainmap.dev/problems/{type(exc).__name__.lower()}"


async def on_chainmap_error(request: Request, exc: ChainMapError) -> JSONResponse:
    extra = {}
    if isinstance(exc, InvalidInput):
        extra["errors"] = [p.as_dict() for p in exc.problems]
    if isinstance(exc, AmbiguousName):
        extra["candidates"] = exc.candidates
    if exc.status >= 500 and not isinstance(exc, StoreUnavailable):
        log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(exc.status, exc.title, exc.message, _type(exc), **extra)


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"field": ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path")) or None,
         "location": str(e["loc"][0]) if e["loc"] else None, "message": e["msg"]}
        for e in exc.errors()
    ]
    return problem(422, "输入无效 Invalid input", "请求参数无效 (the request has invalid parameters)",
                   "https://chainmap.dev/problems/invalidinput", errors=errors)


async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    titles = {401: "未认证 Unauthorized", 403: "无权限 Forbidden", 404: "未找到 Not found",
              405: "方法不允许 Method not allowed", 413: "内容过大 Content too large"}
    response = problem(exc.status_code, titles.get(exc.status_code, "错误 Error"), str(exc.detail))
    for k, v in (exc.headers or {}).items():
        response.headers[k] = v
    return response


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "内部错误 Internal error", "服务器内部错误，已记录 (internal error; it has been logged)")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ChainMapError, on_chainmap_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
