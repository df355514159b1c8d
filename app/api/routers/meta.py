"""Health, readiness and metrics."""
from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.api.deps import StoreDep
from app.api.problems import problem

router = APIRouter(tags=["运维 operations"])


@router.get("/healthz", summary="进程存活 Process is up")
async def healthz() -> dict:  # async: a liveness probe needs no thread-pool hop
    """进程存活即返回 ok (the process is up)."""
    return {"status": "ok"}


@router.get("/readyz", summary="存储可用 Store reachable", responses={503: {"description": "存储不可用 store unreachable"}})
def readyz(store: StoreDep):
    """存储可达时返回 ready，否则 503 (ready when the store answers)."""
    from app.errors import StoreUnavailable

    try:
        store.ping()
    except StoreUnavailable as exc:
        return problem(503, exc.title, exc.message)
    return {"status": "ready"}


@router.get("/metrics", summary="Prometheus 指标 metrics", response_class=Response)
def metrics() -> Response:
    """Prometheus 文本格式指标 (Prometheus text format)."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
