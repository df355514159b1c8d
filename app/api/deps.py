"""The API's dependencies, as ``Annotated`` aliases; tests swap them with ``app.dependency_overrides``."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from app.api.security import ApiRole, allows, fingerprint, role_of
from app.settings import Settings
from app.store.base import GraphStore

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API 密钥 API key (viewer / analyst / admin)")


def get_store(request: Request) -> GraphStore:
    store = request.app.state.store
    store.refresh()  # writes by `chainmap import` and other processes show without a restart
    return store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


# The role checks are ``async``: they only read headers, so they run on the event loop instead of
# costing a thread-pool hop each on every request.
async def _caller_role(request: Request, key: str | None = Security(_api_key)) -> ApiRole:
    keys = request.app.state.api_keys
    if not keys:
        return ApiRole.admin  # open mode: bound to localhost only
    role = role_of(keys, key)
    if role is None:
        raise HTTPException(401, "缺少或无效的 API 密钥 (missing or unknown X-API-Key)", headers={"WWW-Authenticate": "X-API-Key"})
    request.state.role = role
    request.state.key_fingerprint = fingerprint(key)  # the key that authenticated: the one the audit log names
    return role


def require(needed: ApiRole):
    """A dependency that lets a caller through when its role is at least ``needed``."""

    async def check(role: Annotated[ApiRole, Depends(_caller_role)]) -> ApiRole:
        if not allows(role, needed):
            raise HTTPException(403, f"需要 {needed.value} 及以上角色 (this needs the {needed.value} role or above)")
        return role

    return Depends(check)


Viewer = require(ApiRole.viewer)
Analyst = require(ApiRole.analyst)
Admin = require(ApiRole.admin)
