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


def test_tables_print_names_not_ids(capsys, toy_dir):
    assert main(["--data", str(toy_dir), "roadmap", "toy", "--region", "成都"]) == 0
    out = capsys.readouterr().out
    assert "目标完整度 target completeness" in out and "暂不布局 not pursued" in out
    mid = out[out.index("中期 mid"):out.index("远期 long")]
    assert "乙材料" in mid and "丙面板" in mid and "toy." not in out  # 在其后 names the customer link
    assert main(["--data", str(toy_dir), "roadmap", "toy", "--region", "成都", "--exclude", "乙材料",
                 "--include", "丁模组,戊终端"]) == 0
    out = capsys.readouterr().out
    assert "按用户选择暂不布局" in out and "丁模组" in out[:out.index("暂不布局 not pursued")]
    assert main(["--data", str(toy_dir), "whatif", "toy", "--region", "成都", "--land", "b1"]) == 0
    out = capsys.readouterr().out
    assert "缺 missing" in out and "强 strong" in out and "{" not in out  # statuses, not a dict
    assert main(["--data", str(toy_dir), "gaps", "toy", "--region", "成都", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "另有 3 个" in out and "己终端" in out[out.index("另有 3 个"):]  # the rest, named
    assert "toy." not in out[out.index("链主本地配套率"):]
