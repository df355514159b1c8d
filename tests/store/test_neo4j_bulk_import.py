"""The bulk importer end to end on the local server (scripts/neo4j-local import): the database it builds
exports exactly what the ordinary replace load gives, and the saved snapshots survive it.

It stops and restarts the server, so it runs only against the launcher's own server (NEO4J_URI on
localhost at NEO4J_LOCAL_PORT) and only with ``--runslow``.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from app.settings import Settings
from app.store.base import SnapshotRecord
from app.store.neo4j.bulk import finish_import, write_import_files
from tests.store.conftest import _fresh

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _local_server() -> bool:
    uri = Settings().neo4j_uri
    return uri.split("://", 1)[-1] in (f"localhost:{os.environ.get('NEO4J_LOCAL_PORT', '7687')}",
                                       f"127.0.0.1:{os.environ.get('NEO4J_LOCAL_PORT', '7687')}")


def test_a_bulk_import_exports_what_a_replace_load_exports(neo4j_server, toy_dataset, tmp_path):
    if not _local_server():
        pytest.skip("NEO4J_URI is not the neo4j-local server of NEO4J_LOCAL_PORT: the import would stop another server")
    store = neo4j_server
    store.load(toy_dataset, replace=True)
    store._conn.write(_fresh)
    expected = store.export()
    snap = SnapshotRecord("toy", "region", "510100", "Q4", "2026-12-01T00:00:00Z", '{"x": 1}')
    store.save_snapshot(snap)
    args, _ = write_import_files(toy_dataset, tmp_path, store._conn.database, store.snapshots())
    (tmp_path / "import.args").write_text("\n".join(args) + "\n", encoding="utf-8")
    done = subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "import", str(tmp_path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    finish_import(store._conn, toy_dataset, tmp_path, store.batch_size)
    store._stamp_seen(None)
    store._catalog = None
    got = store.export()
    assert got.enterprises == expected.enterprises and got.links == expected.links and got.supply == expected.supply
    assert got.park_members == expected.park_members and got.parks == expected.parks
    assert {k: (t.chain, t.nodes, t.feeds, t.related) for k, t in got.chains.items()} == \
        {k: (t.chain, t.nodes, t.feeds, t.related) for k, t in expected.chains.items()}
    assert [s.key for s in store.snapshots()] == [snap.key]
    assert store.data_version() is not None
