"""The ``store`` fixture: every conformance test runs once per store, on the same data.

``embedded`` always runs. ``neo4j`` runs against the server at ``NEO4J_URI`` (with
``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``) and is skipped, with the reason,
when none is reachable — unless ``CHAINMAP_REQUIRE_NEO4J=1`` (CI), where that is a failure.
Each Neo4j test starts from an emptied database, so the tests refuse to touch a database
holding data they did not write, unless ``CHAINMAP_REQUIRE_NEO4J=1`` says the server is theirs.
"""
from __future__ import annotations

import os

import pytest

from app.datadir.dataset import DataSet
from app.datadir.io import read_data_dir
from app.errors import StoreUnavailable
from app.settings import Settings
from app.store.base import GraphStore
from app.store.embedded.store import EmbeddedStore
from tests.fixtures.builders import write_toy_dir

STORES = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]
_MARKER = ("conformance-tests",)


def _unusable(reason: str) -> None:
    if os.environ.get("CHAINMAP_REQUIRE_NEO4J") == "1":
        pytest.fail(f"CHAINMAP_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server():
    """One Neo4j store for the session, or a skip that says why there is none."""
    from app.store.neo4j.store import Neo4jStore

    settings = Settings(neo4j_timeout_s=min(Settings().neo4j_timeout_s, 5.0))
    store = Neo4jStore.from_settings(settings)
    try:
        store.ping()
        foreign = store._conn.read(_foreign_data)
    except StoreUnavailable as exc:
        store.close()
        _unusable(f"Neo4j half skipped: {exc.message} — start one: scripts/neo4j-local start")
    if foreign and os.environ.get("CHAINMAP_REQUIRE_NEO4J") != "1":
        store.close()
        pytest.skip(f"Neo4j at {settings.neo4j_uri} holds data the tests did not write; they empty the database, "
                    "so they leave it alone (set CHAINMAP_REQUIRE_NEO4J=1 to allow)")
    yield store
    try:
        store._conn.write(_mark_ours)  # whatever the tests left there, the next run may empty again
    except StoreUnavailable:  # a test restarted the server (the bulk import): bookmarks of before it never come
        store._conn.forget_bookmarks()
        store._conn.write(_mark_ours)
    store.close()


def _foreign_data(tx) -> bool:
    """True when the database has nodes and no marker of the tests."""
    record = tx.run("MATCH (n) WITH count(n) AS nodes "
                    "OPTIONAL MATCH (m:Meta {id: $marker}) RETURN nodes, m IS NOT NULL AS ours",
                    marker=_MARKER[0]).single()
    return record["nodes"] > 0 and not record["ours"]


def _mark_ours(tx) -> None:
    tx.run("MERGE (:Meta {id: $marker})", marker=_MARKER[0]).consume()


def make_store(kind: str, ds: DataSet, request: pytest.FixtureRequest) -> GraphStore:
    """A store of ``kind`` holding exactly ``ds`` (the Neo4j database emptied first)."""
    if kind == "embedded":
        return EmbeddedStore(ds)
    store = request.getfixturevalue("neo4j_server")
    store.load(ds, replace=True)
    store._conn.write(_fresh)
    return store


def _fresh(tx) -> None:
    """Mark the database as the tests' and drop the snapshots earlier tests saved (a replace load keeps them)."""
    _mark_ours(tx)
    tx.run("MATCH (s:Snapshot) DELETE s").consume()


@pytest.fixture(scope="session")
def toy_dataset(tmp_path_factory: pytest.TempPathFactory) -> DataSet:
    return read_data_dir(write_toy_dir(tmp_path_factory.mktemp("toy") / "toy"))


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, toy_dataset: DataSet) -> GraphStore:
    """Each store in turn, holding the toy data of ``tests/fixtures/builders.py``."""
    return make_store(request.param, toy_dataset, request)
