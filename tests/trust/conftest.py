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
