"""Hostile and malformed files to every importer: always a clear refusal, never a crash or a partial write.

Importers: the data-directory upload (``import_datadir_file``, behind ``POST /imports``), the registry
import (``read_bytes`` + ``import_registry``, behind ``chainmap import``), and the data-directory
reader (``read_data_dir``, behind ``chainmap load`` and every start). Whatever hypothesis feeds
them, the outcome is a success or an :class:`~app.errors.InvalidInput` (413 ``TooLarge``
included) naming the problem — and after a refusal the store holds exactly what it held before.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.datadir.io import read_data_dir
from app.datadir.registry.reader import read_bytes
from app.datadir.tabular import MAX_ROWS, read_table_bytes
from app.errors import InvalidInput, TooLarge
from app.services.datadir_import import ImportKind, import_datadir_file
from app.services.imports import ImportOptions, import_registry
from tests.fixtures.analysis_graphs import toy_store
from tests.trust.hostile import EXTERNAL, LAUGHS, csv_files, entity_attack, workbook, xlsx_files, zip_bomb

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
STORE = toy_store()
SNAPSHOT = STORE.export()


def unchanged(store) -> bool:
    now = store.export()
    return (now.enterprises, now.links, now.supply) == (SNAPSHOT.enterprises, SNAPSHOT.links, SNAPSHOT.supply)


def refused_cleanly(exc: InvalidInput) -> None:
    assert exc.message.strip(), "a refusal must say why"
    assert 400 <= exc.status < 500
    for p in exc.problems:
        assert p.message.strip()


@FAST
@given(data=st.one_of(csv_files(), xlsx_files(), st.binary(max_size=300)),
       kind=st.sampled_from(list(ImportKind)), name=st.sampled_from(["e.csv", "e.xlsx", "e.txt", "e.xls", ""]))
def test_data_directory_upload_refuses_or_applies_whole(data, kind, name):
    store = toy_store()
    try:
        counts = import_datadir_file(store, data, name, kind)
    except InvalidInput as exc:
        refused_cleanly(exc)
        assert unchanged(store), "a refused upload changed the store"
        return
    after = store.export()   # accepted: the store moved by exactly what the import reports
    if kind is ImportKind.enterprises:
        assert len(after.enterprises) == len(SNAPSHOT.enterprises) + counts.created
        assert counts.created + counts.updated + counts.unchanged == counts.rows
    elif kind is ImportKind.enterprise_nodes:
        assert 0 <= len(after.links) - len(SNAPSHOT.links) <= counts.links
    else:
        assert 0 <= len(after.supply) - len(SNAPSHOT.supply) <= counts.supply


@FAST
@given(data=st.one_of(csv_files(), xlsx_files(), st.binary(max_size=300)), name=st.sampled_from(["r.csv", "r.xlsx"]),
       skip_invalid=st.booleans())
def test_registry_import_refuses_or_applies_only_valid_rows(data, name, skip_invalid):
    store = toy_store()
    try:
        table = read_bytes(data, name)
        report = import_registry(store, table, ImportOptions(skip_invalid=skip_invalid))
    except InvalidInput as exc:
        refused_cleanly(exc)
        assert unchanged(store)
        return
    if report.rejected and not skip_invalid:
        assert not report.applied and unchanged(store), "rows with errors, yet something was written"
    if not report.applied:
        assert unchanged(store)
    stored = store.enterprises(report.enterprise_ids) if report.applied else {}
    assert len(stored) == len(set(report.enterprise_ids)) or not report.applied


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(csv_files(), st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
       target=st.sampled_from(["enterprises.csv", "enterprise_nodes.csv", "supply.csv", "parks.csv",
                               "park_enterprises.csv", "chains/toy.yaml"]))
def test_data_directory_reader_refuses_damaged_files(tmp_path_factory, data, target):
    from tests.fixtures.builders import write_toy_dir

    root = write_toy_dir(tmp_path_factory.mktemp("hostile") / "toy")
    (root / target).write_bytes(data)
    try:
        ds = read_data_dir(root)
    except InvalidInput as exc:
        refused_cleanly(exc)
        return
    assert ds.chains or target == "chains/toy.yaml"


@pytest.mark.parametrize("reader", ["upload", "registry"])
@pytest.mark.parametrize("attack", ["laughs", "external"])
def test_xml_entity_attacks_in_xlsx_are_refused(reader, attack):
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML, "defusedxml is not installed, so openpyxl would expand entities"
    prolog, entity = (LAUGHS, "lol9") if attack == "laughs" else (EXTERNAL, "xxe")
    data = entity_attack([["id", "name", "region_code", "企业名称"], ["n1", "甲", "510107", "甲公司"]], prolog, entity)
    with pytest.raises(InvalidInput) as info:
        if reader == "upload":
            read_table_bytes(data, "bomb.xlsx")
        else:
            read_bytes(data, "bomb.xlsx")
    assert "root:" not in str(info.value)          # /etc/passwd never read into the message


def test_openpyxl_parses_through_defusedxml():
    """The refusal above comes from defusedxml inside openpyxl, not from a lucky parse error."""
    import io

    import openpyxl
    from defusedxml import DefusedXmlException

    data = entity_attack([["id", "name"]], LAUGHS, "lol9")
    with pytest.raises(Exception) as info:
        openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    chain, exc = [], info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(isinstance(e, DefusedXmlException) for e in chain), chain


@pytest.mark.parametrize("reader", ["upload", "registry"])
def test_zip_bomb_xlsx_is_refused_before_unpacking(reader):
    import tracemalloc

    data = zip_bomb(64)
    assert len(data) < 1_000_000
    tracemalloc.start()
    with pytest.raises(InvalidInput) as info:
        read_table_bytes(data, "bomb.xlsx") if reader == "upload" else read_bytes(data, "bomb.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 32 * 1024 * 1024, f"{peak / 1e6:.0f} MB used: the archive was unpacked"
    assert "zip" in str(info.value).lower() or "解压" in str(info.value)


def test_row_limit_is_enforced_for_csv_and_xlsx():
    csv = ("id,name,region_code\n" + "n,x,510107\n" * 11).encode()
    with pytest.raises(TooLarge):
        read_table_bytes(csv, "e.csv", max_rows=10)
    xlsx = workbook([["id", "name", "region_code"]] + [["n", "x", "510107"]] * 11)
    with pytest.raises(TooLarge):
        read_table_bytes(xlsx, "e.xlsx", max_rows=10)
    with pytest.raises(InvalidInput, match="上限"):
        read_bytes(("企业名称,所属城市\n" + "甲公司,成都市\n" * 11).encode(), "r.csv", max_rows=10)
    assert MAX_ROWS >= 10_000
