"""The store is chosen as ``embedded`` or ``neo4j``; ``networkx``, the embedded store's first name, still works."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import Settings, StoreKind
from app.store.embedded import EmbeddedStore
from app.store.factory import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", ["embedded", "networkx"])
def test_both_names_open_the_embedded_store(value, monkeypatch, tmp_path):
    monkeypatch.setenv("CHAINMAP_STORE", value)
    settings = Settings(state_dir=tmp_path)
    assert settings.store is StoreKind.embedded
    assert isinstance(open_store(settings), EmbeddedStore)


def test_an_unknown_store_is_refused():
    with pytest.raises(ValueError, match="store"):
        Settings(store="sqlite")


@pytest.mark.parametrize("value", ["embedded", "networkx"])
def test_the_cli_accepts_both_names(value, tmp_path):
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "--store", value, "chains", "--format", "json"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"CHAINMAP_STATE_DIR": str(tmp_path), "PATH": "/usr/bin", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert '"display"' in done.stdout
