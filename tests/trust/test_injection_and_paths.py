"""Cypher injection strings are data on both stores; no path leaves the directory it was given."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.errors import InvalidInput, NotFound
from app.store.base import ChangeSet, EnterpriseQuery
from graph_schema.models import Enterprise, EnterpriseLink, Supply
from graph_schema.text import clean_text
from tests.api.conftest import KEYS
from tests.trust.conftest import PYTHON, ROOT, child_env

INJECTIONS = [
    "x' OR 1=1 //", "\") MATCH (n) DETACH DELETE n //", "'}) MATCH (n) DETACH DELETE n RETURN 1 //",
    "$ids", "{id: 'a1'}", "`backtick`", "\\u0027; DROP", "a1\nMATCH (n) DELETE n", "CALL dbms.killQueries([])",
    "甲' UNION MATCH (e:Enterprise) RETURN e //",
]
STORED = [clean_text(t, "evidence") for t in INJECTIONS]  # as every model keeps text: the line break became a space


def test_injection_strings_round_trip_as_data(store):
    before = store.stats()
    made = [Enterprise(id=f"inj{i}", name=f"企业{text}", region_code="510107", tags=(text, "链主"), status="存续")
            for i, text in enumerate(INJECTIONS)]
    store.apply(ChangeSet(
        enterprises=made,
        links=[EnterpriseLink(enterprise_id=e.id, node_id="toy.d", products=(t,), evidence=t)
               for e, t in zip(made, INJECTIONS, strict=True)],
        supply=[Supply(supplier_id="inj0", customer_id="inj1", product=INJECTIONS[1])]))
    stored = store.enterprises([e.id for e in made])
    for e in made:
        assert stored[e.id] == e, f"{e.id} came back changed"
    links = store.enterprise_links([e.id for e in made])
    assert [links[e.id][0].evidence for e in made] == STORED
    assert store.supply_of(["inj0"])[0].product == STORED[1]
    after = store.stats()
    assert after.enterprises == before.enterprises + len(INJECTIONS)
    assert after.chains == before.chains and after.nodes == before.nodes

    for text in STORED:
        found, count = store.find_enterprises(EnterpriseQuery(text=text))
        assert [e.id for e in found] == [f"inj{STORED.index(text)}"], text
        found, _ = store.find_enterprises(EnterpriseQuery(tag=text))
        assert [e.id for e in found] == [f"inj{STORED.index(text)}"]
        with pytest.raises(NotFound):
            store.chain(text)
        with pytest.raises(NotFound):
            store.get_enterprise(text)
        assert store.enterprises([text]) == {} and store.ids_by_uscc([text]) == {}
        assert store.node_members(text, None) == []
        assert store.enterprise_links([text]) == {} and store.supply_of([text]) == []
    assert store.stats() == after, "a read with an injection string changed the graph"


def test_no_query_is_built_from_input():
    """Cypher text is constant: queries/ files run by name, no f-string, % or .format() reaches tx.run."""
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\.run\(\s*(f[\"']|[\"'][^\"']*[\"']\s*(%|\.format|\+))", text):
            offenders.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
        for m in re.finditer(r"execute_query\(\s*f[\"']", text):
            offenders.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
    for path in (ROOT / "queries").glob("*.cypher"):
        assert "{{" not in path.read_text(encoding="utf-8") and "%s" not in path.read_text(encoding="utf-8"), path.name
    assert not offenders, offenders


@pytest.mark.parametrize("url", [
    "/static/..%2F..%2Fsettings.py", "/static/../../app/settings.py", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/vendor/..%2F..%2F..%2Fpyproject.toml", "/chains/..%2F..%2Fetc/report/targets?region=成都",
    "/chains/toy/report/..%2F..%2Fpasswd?region=成都", "/chains/toy/report/targets?region=../../etc&format=csv",
    "/chains/toy/report/targets?region=成都&format=../../x", "/enterprises/..%2Fa1", "/review/a1/..%2F..%2Fx/accept",
])
def test_api_paths_cannot_reach_outside_files(client, url):
    method = "POST" if url.endswith("/accept") else "GET"
    r = client.request(method, url, headers={"X-API-Key": KEYS["admin"]})
    assert r.status_code in (400, 404, 405, 422), (url, r.status_code)
    assert "chainmap" not in r.text.lower() or r.headers["content-type"].startswith("application/problem+json")
    assert "BaseSettings" not in r.text and "[project]" not in r.text


def test_chain_ids_that_are_paths_are_refused_at_read(tmp_path):
    import yaml

    from app.datadir.io import read_data_dir
    from tests.fixtures.builders import TOY_CHAIN, write_toy_dir

    for i, bad in enumerate(("../../evil", "a/b", ".hidden", "..", "a\\b", "/etc/passwd")):
        root = write_toy_dir(tmp_path / f"d{i}")
        (root / "chains" / "toy.yaml").write_text(yaml.safe_dump({**TOY_CHAIN, "id": bad}, allow_unicode=True), encoding="utf-8")
        with pytest.raises(InvalidInput):
            read_data_dir(root)


def _files_under(root: Path) -> set[Path]:
    return {p.resolve() for p in root.rglob("*") if p.is_file()}


def test_export_and_report_write_only_inside_out(toy_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    sentinel = outside / "keep.txt"
    sentinel.write_text("unchanged")
    out = outside / "inner" / "export"
    env = child_env(CHAINMAP_DATA_DIR=str(toy_dir), CHAINMAP_STATE_DIR=str(tmp_path / "state"))
    before = _files_under(tmp_path)
    r = subprocess.run([PYTHON, "-m", "app.cli.main", "export", "--out", str(out)], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    report = outside / "inner" / "report"
    r = subprocess.run([PYTHON, "-m", "app.cli.main", "report", "toy", "--region", "成都", "--out", str(report), "--no-pdf"],
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    new = _files_under(tmp_path) - before
    stray = [p for p in new if not (p.is_relative_to(out.resolve()) or p.is_relative_to(report.resolve())
                                    or p.is_relative_to((tmp_path / "state").resolve()))]
    assert not stray, stray
    assert sentinel.read_text() == "unchanged"
    assert (out / "enterprises.csv").exists() and (report / "targets.xlsx").exists()
