"""Shared helpers of the trust tests: the child processes they start, and how to stop only those."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    env.update(extra)
    return env


def kill_hard(proc: subprocess.Popen) -> None:
    """SIGKILL one child we started, and reap it."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


# The store fixtures of the conformance suite: ``store`` runs a test once per store (networkx, neo4j).
from tests.store.conftest import make_store, neo4j_server, store, toy_dataset  # noqa: E402,F401


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_api(env: dict[str, str], port: int, timeout: float = 90) -> subprocess.Popen:
    """A real uvicorn serving the API on loopback; returns once /healthz answers."""
    import time

    import httpx

    proc = subprocess.Popen([PYTHON, "-m", "uvicorn", "app.api.main:app", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"API server exited: {proc.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    kill_hard(proc)
    raise RuntimeError("API server did not answer /healthz in time")
from tests.api.conftest import api_settings, client  # noqa: E402,F401  (the API fixtures, shared)
