"""An API worker warms a store that can warm (Neo4j's link columns) in the background as it starts, when asked to."""
from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

import app.store.factory as factory
from app.api.main import create_app
from app.settings import Settings
from app.store.embedded.store import EmbeddedStore


class WarmingStore(EmbeddedStore):
    def __init__(self, fail: bool = False):
        super().__init__()
        self.warmed, self.fail = threading.Event(), fail

    def warm(self, chain_ids=None) -> int:
        self.warmed.set()
        if self.fail:
            raise ConnectionError("lost the server")
        return 0


@pytest.mark.parametrize("on", [True, False])
def test_a_worker_warms_its_store_as_it_starts_only_when_asked(tmp_path, monkeypatch, on):
    store = WarmingStore()
    monkeypatch.setattr(factory, "open_store", lambda settings: store)
    with TestClient(create_app(Settings(state_dir=tmp_path, neo4j_warm_on_start=on))) as client:
        assert client.get("/healthz").status_code == 200
        if on:
            assert store.warmed.wait(5)
        else:
            assert not store.warmed.wait(0.2)


def test_a_failed_warm_start_leaves_the_worker_serving(tmp_path, monkeypatch):
    store = WarmingStore(fail=True)
    monkeypatch.setattr(factory, "open_store", lambda settings: store)
    with TestClient(create_app(Settings(state_dir=tmp_path, neo4j_warm_on_start=True))) as client:
        assert store.warmed.wait(5)
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("on", [True, False])
def test_a_worker_prepares_its_target_lists_as_it_starts(tmp_path, monkeypatch, on):
    """What target lists keep per data version is worked out at the start whatever the store (Neo4j links or not)."""
    import app.api.main as main

    store, prepared = WarmingStore(), threading.Event()
    monkeypatch.setattr(factory, "open_store", lambda settings: store)
    monkeypatch.setattr(main, "prepare_targets", lambda s: prepared.set() or 0 if s is store else None)
    with TestClient(create_app(Settings(state_dir=tmp_path, neo4j_warm_on_start=on))) as client:
        assert client.get("/healthz").status_code == 200
        assert prepared.wait(5)
