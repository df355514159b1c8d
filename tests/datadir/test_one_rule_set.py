"""One reader and one rule set: the same bad row reads the same through the data directory, the registry
import and the API upload; a change set a service validated is not checked again by the store."""
from __future__ import annotations

import csv

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.datadir import rules
from app.datadir.io import read_data_dir
from app.datadir.registry.reader import read_bytes
from app.errors import InvalidInput, Problem, TooLarge
from app.services.datadir_import import import_datadir_file
from app.services.imports import ImportOptions, import_registry
from app.settings import Settings
from app.store import changes as changes_module
from app.store.base import ChangeSet
from app.store.changes import is_checked, validate_changes
from app.store.embedded import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink
from tests.api.conftest import KEYS, as_role

BAD_ROWS = {  # column values of one bad enterprise row → the rule's problem (file and row left out)
    "unknown region": ({"id": "z1", "name": "某某新材料有限公司", "region_code": "999999"},
                       rules.unknown_region("999999", None, None)),
    "unknown parent": ({"id": "z2", "name": "某某光电有限公司", "region_code": "510107", "parent_id": "ghost"},
                       rules.unknown_parent("ghost", None, None)),
}


def _text(row: dict[str, str]) -> str:
    return ",".join(row) + "\n" + ",".join(row.values()) + "\n"


def via_data_directory(toy_dir, row: dict[str, str]) -> Problem:
    path = toy_dir / "enterprises.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        stored = list(csv.DictReader(fh))
    header = list(dict.fromkeys([*stored[0], *row]))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows([*stored, row])
    with pytest.raises(InvalidInput) as info:
        read_data_dir(toy_dir)
    [problem] = info.value.problems
    return problem


def via_registry_import(toy_dir, row: dict[str, str]) -> tuple[str, str, int]:
    """(message, column, row) of the registry import's row problem; a dry run reports it too."""
    store = EmbeddedStore.open(toy_dir)
    table = read_bytes(_text(row).encode(), "r.csv")
    dry = import_registry(store, table, ImportOptions(dry_run=True), "r.csv")
    report = import_registry(store, table, ImportOptions(), "r.csv")
    assert [str(p) for p in dry.problems] == [str(p) for p in report.problems] and not report.applied
    [p] = [p for p in report.problems if p.level == "error"]
    return p.problem, p.column, p.row


def via_api_upload(toy_dir, tmp_path, row: dict[str, str]) -> dict:
    settings = Settings(data_dir=toy_dir, state_dir=tmp_path / "s", api_keys=f"{KEYS['admin']}:admin")
    with TestClient(create_app(settings)) as client:
        r = client.post("/imports", files={"file": ("e.csv", _text(row).encode())}, headers=as_role("admin"))
    assert r.status_code == 422
    [problem] = r.json()["errors"]
    return problem


@pytest.mark.parametrize("case", BAD_ROWS)
def test_the_same_bad_row_gives_the_same_message_everywhere(toy_dir, tmp_path, case):
    row, expected = BAD_ROWS[case]
    api = via_api_upload(toy_dir, tmp_path, row)
    registry = via_registry_import(toy_dir, row)
    datadir = via_data_directory(toy_dir, row)
    assert datadir.message == registry[0] == api["message"] == expected.message
    assert datadir.field == registry[1] == api["field"] == expected.field
    assert registry[2] == api["row"] == 2 and api["file"] == "e.csv" and datadir.file == "enterprises.csv"


def test_a_link_to_a_non_leaf_reads_the_same_in_the_data_directory_the_upload_and_the_store(toy_dir):
    store = EmbeddedStore.open(toy_dir)
    with pytest.raises(InvalidInput) as upload:
        import_datadir_file(store, b"enterprise_id,node_id\na1,toy.mat\n", "l.csv", "enterprise_nodes")
    with pytest.raises(InvalidInput) as direct:
        store.apply(ChangeSet(links=[EnterpriseLink(enterprise_id="a1", node_id="toy.mat")]))
    with (toy_dir / "enterprise_nodes.csv").open("a", encoding="utf-8") as fh:
        fh.write("a1,toy.mat,core,,confirmed,\n")
    with pytest.raises(InvalidInput) as datadir:
        read_data_dir(toy_dir)
    expected = rules.not_a_leaf("toy.mat", None, None).message
    assert [p.message for p in upload.value.problems] == [p.message for p in direct.value.problems] == [expected]
    assert expected in [p.message for p in datadir.value.problems]
    assert (upload.value.problems[0].file, upload.value.problems[0].row) == ("l.csv", 2)


def test_registry_rows_breaking_a_rule_are_rejected_and_the_rest_applied_with_skip_invalid(toy_dir):
    store = EmbeddedStore.open(toy_dir)
    text = "id,name,region_code,parent_id\nz1,某某新材料有限公司,510107,\nz2,某某光电有限公司,510107,ghost\n"
    report = import_registry(store, read_bytes(text.encode(), "r.csv"), ImportOptions(skip_invalid=True), "r.csv")
    assert report.applied and (report.created, report.rejected) == (1, 1)
    assert [(row, problems) for row, _, problems in report.rejected_rows] == [
        (3, [rules.unknown_parent("ghost", None, None).message])]
    assert store.get_enterprise("z1").name == "某某新材料有限公司" and store.enterprises(["z2"]) == {}


def test_an_import_is_validated_once(toy_dir, monkeypatch):
    store = EmbeddedStore.open(toy_dir)
    calls = []
    original = changes_module.check_rules
    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(changes_module, "check_rules", counted)
    monkeypatch.setattr("app.services.imports.check_rules", counted)
    counts = import_datadir_file(store, "id,name,region_code\nn1,新公司,510107\n".encode(), "e.csv")
    assert counts.created == 1 and store.get_enterprise("n1").name == "新公司"
    assert len(calls) == 1  # by the service; the store applied the checked change set as it was
    store.apply(ChangeSet(enterprises=[Enterprise(id="n2", name="直接写入", region_code="510107")]))
    assert len(calls) == 2  # a direct caller's change set is checked by the store, by the same rules
    table = read_bytes("id,name,region_code\nn3,登记公司,510107\n".encode(), "r.csv")
    assert import_registry(store, table, ImportOptions(), "r.csv").applied and store.get_enterprise("n3")
    assert len(calls) == 3  # the registry import's change set, checked once too


def test_a_checked_change_set_is_checked_again_after_another_write(toy_dir):
    store = EmbeddedStore.open(toy_dir)
    checked = validate_changes(store, ChangeSet(links=[EnterpriseLink(enterprise_id="b1", node_id="toy.c")]))
    assert is_checked(store, checked)
    store.apply(ChangeSet(delete_enterprises=["b1"]))  # the data moved on: the check no longer vouches
    assert not is_checked(store, checked)
    with pytest.raises(InvalidInput, match="b1"):
        store.apply(checked)
    assert not is_checked(EmbeddedStore.open(toy_dir), validate_changes(store, ChangeSet()))  # another store


def test_title_rows_above_the_header_keep_spreadsheet_row_numbers(toy_dir):
    store = EmbeddedStore.open(toy_dir)
    with pytest.raises(InvalidInput) as info:
        import_datadir_file(store, "企业名单 2024\n\nid,name,region_code\nz1,某公司,999999\n".encode("gbk"), "e.csv")
    assert [(p.row, p.field) for p in info.value.problems] == [(4, "region_code")]


def test_one_row_limit_and_one_status_for_every_importer(toy_dir):
    store = EmbeddedStore.open(toy_dir)
    data = ("id,name,region_code\n" + "n1,甲公司,510107\n" * 3).encode()
    with pytest.raises(TooLarge) as upload:
        import_datadir_file(store, data, "e.csv", max_rows=2)
    with pytest.raises(TooLarge) as registry:
        read_bytes(data, "e.csv", max_rows=2)
    assert upload.value.status == registry.value.status == 413 and upload.value.message == registry.value.message
