"""Backup is ``chainmap export --out DIR``; restore is starting from DIR. Both directions between the stores.

The seed data goes into Neo4j, is exported by the CLI, loaded into the embedded store, exported
again and loaded back into Neo4j: every gap report (chain × scope) is identical at each step, and
the two exported directories are identical file for file. The embedded store's backup includes
the writes of its journal.
"""
from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.service import gap_report
from app.datadir.io import read_data_dir
from app.settings import SEED_DIR
from app.store.base import ChangeSet
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink
from tests.trust.conftest import PYTHON, child_env

SCOPES = {"display": ["成都", "合肥", "四川"], "icv": ["重庆", "武汉"], "bigdata": ["贵阳"], "biomed": ["苏州", "上海"]}


def export_cli(out: Path, **env: str) -> None:
    r = subprocess.run([PYTHON, "-m", "app.cli.main", "export", "--out", str(out)], env=child_env(**env),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]


def analyses(store) -> dict:
    out = {}
    for chain, regions in SCOPES.items():
        for region in regions:
            out[(chain, region)] = gap_report(store, chain, resolve_scope(store, region=region)).model_dump(mode="json")
    return out


def same_files(a: Path, b: Path) -> None:
    left = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    right = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert left == right
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in left], shallow=False)
    assert not mismatch and not errors, mismatch


@pytest.mark.neo4j
def test_neo4j_to_embedded_and_back_gives_identical_analyses(neo4j_server, tmp_path):
    from app.settings import Settings

    seed = read_data_dir(SEED_DIR)
    neo4j_server.load(seed, replace=True)
    reference = analyses(neo4j_server)
    assert reference[("display", "合肥")]["links"], "the seed gives the analyses something to compare"

    s = Settings()
    neo_env = {"CHAINMAP_STORE": "neo4j", "NEO4J_URI": s.neo4j_uri, "NEO4J_USER": s.neo4j_user,
               "NEO4J_PASSWORD": s.neo4j_password.get_secret_value(), "NEO4J_DATABASE": s.neo4j_database}
    from_neo4j = tmp_path / "from-neo4j"
    export_cli(from_neo4j, **neo_env)
    embedded = EmbeddedStore.open(from_neo4j, tmp_path / "state")
    assert analyses(embedded) == reference
    assert embedded.stats() == neo4j_server.stats()

    from_embedded = tmp_path / "from-embedded"
    export_cli(from_embedded, CHAINMAP_STORE="networkx", CHAINMAP_DATA_DIR=str(from_neo4j), CHAINMAP_STATE_DIR=str(tmp_path / "state"))
    same_files(from_neo4j, from_embedded)

    neo4j_server.load(read_data_dir(from_embedded), replace=True)   # restore into Neo4j
    assert analyses(neo4j_server) == reference


def test_embedded_backup_includes_journal_writes_and_restores(toy_dir, tmp_path):
    state = tmp_path / "state"
    store = EmbeddedStore.open(toy_dir, state)
    store.apply(ChangeSet(enterprises=[Enterprise(id="n1", name="备份后新增企业", region_code="510107")],
                          links=[EnterpriseLink(enterprise_id="n1", node_id="toy.c")]))
    store.apply(ChangeSet(delete_enterprises=["a3"]))
    before = analyses_toy(store)
    backup = tmp_path / "backup"
    export_cli(backup, CHAINMAP_DATA_DIR=str(toy_dir), CHAINMAP_STATE_DIR=str(state))
    restored = EmbeddedStore.open(backup, tmp_path / "fresh-state")   # restore: start from the backup
    assert restored.get_enterprise("n1").name == "备份后新增企业"
    assert restored.enterprises(["a3"]) == {}
    assert analyses_toy(restored) == before


def analyses_toy(store) -> dict:
    return {r: gap_report(store, "toy", resolve_scope(store, region=r)).model_dump(mode="json")
            for r in ("成都", "武汉", "北京")}
