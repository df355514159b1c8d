"""``chainmap snapshot save|list|diff`` on the toy data: a snapshot → import → diff cycle through the CLI, and bad input
as one line with exit 1."""
from __future__ import annotations

import csv
import json

from app.cli.main import main
from tests.fixtures.registry.samples import QCC_HEADER, qcc_row


def test_snapshot_import_diff_cycle(toy_dir, tmp_path, capsys):
    data = ["--data", str(toy_dir)]
    assert main([*data, "snapshot", "save", "toy", "--region", "成都", "--label", "Q3"]) == 0
    assert "已保存快照 saved snapshot Q3" in capsys.readouterr().out
    registry = tmp_path / "qcc.csv"
    with registry.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([QCC_HEADER, qcc_row(1, "成都乙材料科技有限公司", "乙材料的研发、生产和销售。")])
    assert main([*data, "import", str(registry)]) == 0
    capsys.readouterr()
    main([*data, "review", "accept", "成都乙材料科技有限公司", "toy.b"])  # confirmed, whatever grade the linker gave
    capsys.readouterr()
    assert main([*data, "snapshot", "diff", "toy", "--region", "成都", "--since", "Q3", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    # strong, not weak: with 120 staff it ranks in the link's national top fifth by scale, and the reason says so
    assert [(c["node_id"], c["before"], c["after"]) for c in d["changed"]] == [("toy.b", "missing", "strong")]
    assert "规模" in d["changed"][0]["reasons"][-1]["zh"]
    assert [(e["name"], e["node_id"]) for e in d["entered"]] == [("成都乙材料科技有限公司", "toy.b")]
    assert main([*data, "snapshot", "diff", "toy", "--region", "成都"]) == 0
    out = capsys.readouterr().out
    assert "乙材料" in out and "缺 → 强" in out and "since Q3" in out
    assert main([*data, "snapshot", "list"]) == 0
    assert "Q3" in capsys.readouterr().out


def test_bad_input_is_one_line(toy_dir, capsys):
    data = ["--data", str(toy_dir)]
    for argv, words in ((["snapshot", "diff", "toy", "--region", "成都"], "还没有快照"),
                        (["snapshot", "save", "toy"], "--region"),
                        (["snapshot", "diff", "toy", "--region", "没有这个城市"], "没有这个城市")):
        assert main([*data, *argv]) == 1
        err = capsys.readouterr().err.strip()
        assert words in err and "\n" not in err and "Traceback" not in err
    assert main([*data, "snapshot", "save", "toy", "--region", "成都", "--label", "Q3"]) == 0
    assert main([*data, "snapshot", "diff", "toy", "--region", "成都", "--since", "Q9"]) == 1
    assert "no snapshot labelled 'Q9'" in capsys.readouterr().err
