"""``/docs``: Swagger UI from the ``swagger-ui-bundle`` package, served by this service (no CDN).

The page loads only same-origin scripts (the bundle and :data:`INIT_JS`), so the security headers'
``script-src 'self'`` holds on it too. Off by default when API keys are configured (``CHAINMAP_DOCS``).
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"
PAGE = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>ChainMap API 文档</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>"""
INIT_JS = "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true});\n"


def install(app: FastAPI) -> None:
    """Serve ``/docs`` and its assets from the installed package."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE)

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(INIT_JS, media_type="text/javascript")
