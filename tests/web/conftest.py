"""A real server (uvicorn on a free port, seed data) and headless Debian Chromium driven by Playwright.

Browser tests are marked ``browser``; they skip with a reason when Playwright, Chromium or the
npm-installed ECharts (``scripts/setup``) is missing. Screenshots go to ``/tmp/chainmap-shots/``.
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path("/tmp/chainmap-shots")
ECHARTS = Path(__file__).resolve().parents[2] / "app" / "web" / "node_modules" / "echarts" / "dist" / "echarts.min.js"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(settings, store=None):
    """Start the app on uvicorn in a thread; returns (base url, stop)."""
    import uvicorn

    from app.api.main import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)

    def stop():
        server.should_exit = True
        thread.join(10)

    return f"http://127.0.0.1:{port}", stop


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory):
    """The seed on the embedded store, open mode, with a journal of its own (never the user's)."""
    from app.settings import SEED_DIR, Settings

    return Settings(store="networkx", data_dir=SEED_DIR, state_dir=tmp_path_factory.mktemp("web-state"), api_keys="")


@pytest.fixture(scope="session")
def seed_store(seed_settings):
    from app.store.factory import open_store

    store = open_store(seed_settings)
    yield store
    store.close()


@pytest.fixture(scope="session")
def base_url(seed_settings, seed_store):
    url, stop = serve(seed_settings, seed_store)
    yield url
    stop()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (scripts/test installs Debian's chromium)")
    if not ECHARTS.is_file():
        pytest.skip("ECharts is not installed in app/web/node_modules (run scripts/setup)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page (its own localStorage) that fails the test on any uncaught script error."""
    context = browser.new_context(viewport={"width": 1440, "height": 950}, locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
    assert not errors, f"script errors in the page: {errors}"


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
