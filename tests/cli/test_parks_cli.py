"""``chainmap parks`` on the seed: the parks of a city with their overlap; bad input is one line and exit 1."""
from __future__ import annotations

import json

import pytest

from app.cli.main import main


def test_chengdu_biomed_lists_both_parks_and_their_overlap(capsys):
    assert main(["parks", "biomed", "--city", "成都", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [p["park_id"] for p in d["parks"]] == ["cd-hitech", "cd-medical-city", "cd-xingu"]  # 成都芯谷 leads display only
    pair = d["overlap"][0]
    assert pair["index"] > 0 and pair["strong_ids"] == ["biomed.generic_drug"]  # 仿制药 is strong in both
    assert {x["node_id"] for x in d["division"]} == {c["node_id"] for c in d["links"]}


def test_chengdu_display_table_names_the_parks(capsys):
    assert main(["parks", "display", "--city", "成都"]) == 0
    out = capsys.readouterr().out
    assert "成都高新技术产业开发区" in out and "成都医学城" in out and "未将本链列为主导产业" in out
    assert "成都芯谷" in out and "重叠 overlap" in out  # the two display parks (高新区, 双流's 芯谷) claim the same links


@pytest.mark.parametrize(("city", "words"), [("拉萨", "没有园区"), ("没有这个城市", "没有这个城市")])
def test_a_city_without_parks_or_unknown_is_one_line(capsys, city, words):
    assert main(["parks", "display", "--city", city]) == 1
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err and "Traceback" not in err
