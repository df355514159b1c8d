"""The dashboard's files: ``static/`` (the page, its ES modules and CSS) and ``node_modules/`` (the charting
library, installed from the npm registry by ``scripts/setup``, never copied into the repository).

No Python lives here beyond these paths: the HTTP side is :mod:`app.api.routers.dashboard`, the scope ranking
it serves :mod:`app.services.ranking`, so ``app.api`` reads this package and this package imports nothing.
"""
from __future__ import annotations

from pathlib import Path

WEB = Path(__file__).resolve().parent
STATIC = WEB / "static"
NODE_MODULES = WEB / "node_modules"
