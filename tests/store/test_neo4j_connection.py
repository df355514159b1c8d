"""What a person sees when Neo4j is down, misconfigured or refuses a write; the CLI on Neo4j."""
from __future__ import annotations

import json
import time

import pytest

from app.cli.main import main
from app.datadir.dataset import DataSet
from app.errors import Conflict, StoreUnavailable
from app.settings import Settings
from app.store.neo4j.store import Neo4jStore
from graph_schema.models import Enterprise
from graph_schema.rules import uscc_check_digit


def store_at(**overrides) -> Neo4jStore:
    return Neo4jStore.from_settings(Settings(**overrides))


def test_unreachable_server_is_unavailable_within_the_timeout():
    store = store_at(neo4j_uri="bolt://127.0.0.1:9", neo4j_timeout_s=1.0)  # port 9: nothing listens
    start = time.monotonic()
    with pytest.raises(StoreUnavailable, match="cannot reach Neo4j at bolt://127.0.0.1:9"):
        store.chains()
    assert time.monotonic() - start < 10  # the retries stop after neo4j_timeout_s, nothing hangs
    with pytest.raises(StoreUnavailable, match="连不上"):
        store.ping()
    store.close()


def test_bad_uri_names_the_setting():
    with pytest.raises(StoreUnavailable, match="NEO4J_URI"):
        store_at(neo4j_uri="http://localhost:7474")


def test_wrong_login_names_the_settings(neo4j_server):
    # an unknown user, not a wrong password for neo4j: failed logins would lock that account for a while
    settings = Settings()
    store = store_at(neo4j_user="chainmap-nobody", neo4j_password=settings.neo4j_password.get_secret_value())
    with pytest.raises(StoreUnavailable, match="NEO4J_USER / NEO4J_PASSWORD"):
        store.ping()
    store.close()


def test_missing_database_names_the_setting(neo4j_server):
    store = store_at(neo4j_database="nosuchdatabase")
    with pytest.raises(StoreUnavailable, match="NEO4J_DATABASE"):
        store.chains()
    store.close()


def test_routing_uri_works_unchanged(neo4j_server, toy_dataset):
    neo4j_server.load(toy_dataset, replace=True)
    uri = Settings().neo4j_uri.replace("bolt://", "neo4j://", 1)
    routed = store_at(neo4j_uri=uri)
    assert [t.id for t in routed.chains()] == ["toy"]
    assert routed.node_counts("toy", None) == neo4j_server.node_counts("toy", None)
    routed.close()


def test_constraint_violation_is_a_conflict(neo4j_server, toy_dataset):
    code = "91510107MA0000001" + uscc_check_digit("91510107MA0000001")
    neo4j_server.load(toy_dataset, replace=True)
    neo4j_server.load(DataSet(enterprises=[Enterprise(id="x1", name="甲", region_code="510107", uscc=code)]))
    clash = DataSet(enterprises=[Enterprise(id="x2", name="乙", region_code="510107", uscc=code)])
    with pytest.raises(Conflict, match="nothing written"):
        neo4j_server.load(clash)  # a load bypasses the change checks; the unique constraint still holds
    assert neo4j_server.ids_by_uscc([code]) == {code: "x1"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_load_is_idempotent_and_gaps_match_the_embedded_store(neo4j_server, toy_dir, capsys):
    code, out, _ = run(capsys, "--store", "neo4j", "--data", str(toy_dir), "load", "--replace", "--format", "json")
    assert code == 0 and json.loads(out)["enterprises"] == 9
    code, again, _ = run(capsys, "--store", "neo4j", "--data", str(toy_dir), "load", "--format", "json")
    assert code == 0 and json.loads(again) == json.loads(out)
    code, on_neo4j, _ = run(capsys, "--store", "neo4j", "gaps", "toy", "--region", "成都", "--format", "json")
    assert code == 0
    code, embedded, _ = run(capsys, "--data", str(toy_dir), "gaps", "toy", "--region", "成都", "--format", "json")
    assert code == 0 and json.loads(on_neo4j) == json.loads(embedded) and json.loads(on_neo4j)["chain"] == "toy"


def test_cli_says_unavailable_in_one_line(monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("CHAINMAP_NEO4J_TIMEOUT_S", "1")
    code, out, err = run(capsys, "--store", "neo4j", "chains")
    assert code == 1 and out == "" and err.count("\n") == 1 and "cannot reach Neo4j" in err
