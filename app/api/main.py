"""The FastAPI application: lifespan builds the store once; routers stay thin.

``create_app(settings, store=None)``; ``uvicorn app.api.main:app`` uses the settings from the environment.
"""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from app.analysis.targets import prepare as prepare_targets
from app.api import audit, problems
from app.api import docs as api_docs
from app.api.answers import AnswerCache
from app.api.middleware.access import AccessLog
from app.api.middleware.body_limit import BodyLimit
from app.api.middleware.deadline import Deadline
from app.api.middleware.guard import Guard, SecurityHeaders, allowed_hosts
from app.api.middleware.legacy_scope import LegacyScope
from app.api.middleware.workcap import WorkCap
from app.api.routers import analyses, catalog, dashboard, enterprises, imports, meta, parks, reports, review, snapshots
from app.api.security import parse_api_keys
from app.settings import Settings
from app.store.base import GraphStore

DESCRIPTION = """ChainMap 产业链图谱与缺链分析 API — industrial-chain mapping and gap analysis.

认证：请求头 `X-API-Key`；角色 viewer（产业链、全景图、缺链、对比）< analyst（另加招商名录、路径图、
推演、导出、企业详情）< admin（另加写入与导入）。Authentication: `X-API-Key` header with roles
viewer < analyst < admin. Errors are RFC 9457 problem details.

示例数据为根据公开信息整理的示意性演示数据 (the seed is illustrative demo data compiled from public information).
"""


def _warm(store, links: bool) -> None:
    """Read every link's columns into this worker's budget (Neo4j, when ``links``) and what target lists keep per data
    version (:func:`app.analysis.targets.prepare`), so its first questions are not cold; requests are served meanwhile
    and read what is not kept yet themselves. A failure only costs the head start."""
    log = logging.getLogger("chainmap")
    try:
        if links and hasattr(store, "warm"):
            log.info("warm start: %d links read", store.warm())
        log.info("warm start: target lists prepared for %d links", prepare_targets(store))
    except Exception:  # noqa: BLE001 — a closed store or a lost connection: the requests read for themselves
        log.warning("warm start stopped", exc_info=True)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings()
    api_keys = parse_api_keys(settings.api_keys)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        owned = store is None
        if owned:
            from app.store.factory import open_store

            app.state.store = open_store(settings)
            threading.Thread(target=_warm, args=(app.state.store, settings.neo4j_warm_on_start), name="chainmap-warm",
                             daemon=True).start()
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    docs = settings.docs if settings.docs is not None else not api_keys  # production (keys on): docs off unless asked
    app = FastAPI(title="ChainMap 产业链图谱", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.api_keys = api_keys
    app.state.answers = AnswerCache(settings.answer_cache_mb * 2**20) if settings.answer_cache_mb else None
    if store is not None:
        app.state.store = store
    problems.install(app)
    if docs:
        api_docs.install(app)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    app.add_middleware(LegacyScope)  # innermost: region= / park= read as scope= just before routing
    app.add_middleware(Guard, api_keys=api_keys, allowed_hosts=allowed_hosts(settings.allowed_hosts, open_mode=not api_keys),
                       cors_origins=origins)
    audit.install(app, settings.state_dir)
    app.add_middleware(WorkCap, api_keys=api_keys, workers=settings.expensive_workers, queue=settings.expensive_queue)
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=6)  # 9: +25% CPU for 1% less (50 KB gap report)
    app.add_middleware(BodyLimit, max_mb=settings.max_upload_mb)
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "PATCH", "DELETE"],
                           allow_headers=["X-API-Key", "Content-Type"])

    app.add_middleware(AccessLog)
    app.add_middleware(Deadline, seconds=settings.request_timeout_s)
    app.add_middleware(SecurityHeaders)
    for module in (meta, audit, catalog, enterprises, analyses, parks, snapshots, imports, reports, review, dashboard):
        app.include_router(module.router)

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = problems.document(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi
    return app


def __getattr__(name: str):
    if name == "app":  # `uvicorn app.api.main:app`
        return create_app()
    raise AttributeError(name)
