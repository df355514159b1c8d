from __future__ import annotations

import json

from app.cli.main import main


def _json(capsys, toy_dir, *argv):
    assert main(["--data", str(toy_dir), *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_gaps_json(capsys, toy_dir):
    d = _json(capsys, toy_dir, "gaps", "toy", "--region", "成都")
    assert {"chain", "scope", "completeness", "strength", "links", "fill", "strengthen", "extend", "build", "fuse"} <= set(d)
    assert d["scope"]["code"] == "510100" and d["completeness"] == 0.5
    assert d["fill"][0]["node_id"] == "toy.b" and d["fill"][0]["reasons"]
    assert {"node_id", "name", "stage", "status", "local_count", "key_count", "lq", "rca", "density"} <= set(d["links"][0])


def test_targets_roadmap_whatif_compare_json(capsys, toy_dir):
    rows = _json(capsys, toy_dir, "targets", "toy", "--region", "510100", "--limit", "2")
    assert rows and {"enterprise_id", "kind", "score", "factors", "reasons"} <= set(rows[0])
    assert [p["phase"] for p in _json(capsys, toy_dir, "roadmap", "toy", "--region", "成都")["phases"]] == ["near", "mid", "long"]
    w = _json(capsys, toy_dir, "whatif", "toy", "--region", "成都", "--land", "b1,e1")
    assert w["after"]["completeness"] == 0.75 and len(w["changed"]) == 2
    c = _json(capsys, toy_dir, "compare", "toy", "--regions", "成都,武汉")
    assert [s["scope"]["code"] for s in c["scopes"]] == ["510100", "420100"]


def test_tables_and_errors(capsys, toy_dir):
    assert main(["--data", str(toy_dir), "gaps", "toy", "--region", "成都"]) == 0
    out = capsys.readouterr().out
    assert "补链 fill" in out and "乙材料" in out
    assert main(["--data", str(toy_dir), "gaps", "toy", "--region", "朝阳"]) == 1
    assert "朝阳" in capsys.readouterr().err
    assert main(["--data", str(toy_dir), "gaps", "nochain", "--region", "成都"]) == 1
