"""The older scope parameters at the door: ``region=X`` becomes ``scope=X`` and ``park=Y`` becomes ``scope=park:Y``
before routing (:func:`app.api.scope.legacy_query`), so clients written before ``scope`` keep working while the
OpenAPI documents ``scope`` alone. More than one of ``scope``, ``region``, ``park`` is a 422 problem.
"""
from __future__ import annotations

from app.api.problems import problem_of
from app.api.scope import legacy_query
from app.errors import InvalidInput


class LegacyScope:
    """ASGI middleware: rewrite an older ``region`` / ``park`` query parameter as ``scope``."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        query = scope.get("query_string") if scope["type"] == "http" else None
        if query:
            try:
                rewritten = legacy_query(query)
            except InvalidInput as exc:
                return await problem_of(exc)(scope, receive, send)
            if rewritten is not None:
                scope = {**scope, "query_string": rewritten}
        return await self.app(scope, receive, send)
