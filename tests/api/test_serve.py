"""``chainmap serve``: refuses to bind beyond localhost without API keys."""
from __future__ import annotations

import pytest

from app.cli.main import main


@pytest.fixture
def runs(monkeypatch, toy_dir):
    """uvicorn.run replaced by a recorder; the toy data directory as the store."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(toy_dir))
    return calls


def test_refuses_public_bind_without_keys(runs, monkeypatch, capsys):
    monkeypatch.delenv("CHAINMAP_API_KEYS", raising=False)
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "refusing to bind 0.0.0.0 without CHAINMAP_API_KEYS" in capsys.readouterr().err
    assert runs == []


def test_localhost_without_keys_says_so(runs, monkeypatch, capsys):
    monkeypatch.delenv("CHAINMAP_API_KEYS", raising=False)
    assert main(["serve", "--port", "8123"]) == 0
    assert "serving on localhost only" in capsys.readouterr().out
    assert runs[0][1]["host"] == "127.0.0.1" and runs[0][1]["port"] == 8123


def test_public_bind_with_keys(runs, monkeypatch):
    monkeypatch.setenv("CHAINMAP_API_KEYS", "viewer-key-0001:viewer")
    assert main(["serve", "--host", "0.0.0.0"]) == 0
    assert runs[0][1]["host"] == "0.0.0.0"


def test_workers_load_their_own_store_on_one_journal(runs, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("CHAINMAP_API_KEYS", raising=False)
    monkeypatch.setenv("CHAINMAP_STORE", "networkx")  # serve sets these for the workers; restored after the test
    monkeypatch.setenv("CHAINMAP_STATE_DIR", str(tmp_path / "shared-state"))
    assert main(["serve", "--workers", "2"]) == 0
    app, kw = runs[0]
    assert app == "app.api.main:app" and kw["workers"] == 2
    out = capsys.readouterr().out
    assert "2 worker processes, each loading the data" in out and "enterprises" not in out  # the parent loaded nothing
    import os

    assert os.environ["CHAINMAP_STATE_DIR"] == str(tmp_path / "shared-state")
