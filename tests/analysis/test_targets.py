"""Targets on the two-chain graph, scores by hand with the distance weight set to 0.

Hefei on ``pan``: gap links glass (weak), film, module, tv (missing). Outside candidates of film:
f2 (上市, revenue 30, supplies the local L1), f3 (revenue 10), f5 (200 employees); f4 is 注销.
film's best entry is extend: .45 (customer panel strong) + 0 density + .2*.4 = .53.
"""
from __future__ import annotations

import pytest

from app.analysis.results import TargetKind
from app.analysis.scope import resolve_scope
from app.analysis.service import target_table
from app.errors import InvalidInput

NO_DISTANCE = {"distance": 0}


def _table(two, **kw):
    return target_table(two, "pan", resolve_scope(two, region="合肥"), weights=NO_DISTANCE, **kw)


def test_scores_and_order(two):
    rows = _table(two).rows
    assert [(r.enterprise_id, r.node_id) for r in rows] == [("f2", "pan.film"), ("f5", "pan.film"), ("f3", "pan.film")]
    # f2: .3 supply + .2*.75 上市 + .2*1 scale + .2*.37 link (pan.film's one mode, 补链: .3*.4 weight + .25 demand
    # of the 链主 L1); f5: scale 1 (only headcount) + link; f3: link only
    assert [r.score for r in rows] == pytest.approx([0.3 + 0.15 + 0.2 + 0.074, 0.2 + 0.074, 0.074])
    f2 = rows[0]
    assert f2.factors == pytest.approx({"supply": 0.3, "key": 0.15, "scale": 0.2, "link": 0.074, "distance": 0.0})
    assert f2.reasons[0].zh.startswith("为本地企业合肥面板链主有限公司供货（以商招商）")


def test_inactive_and_local_enterprises_are_never_targets(two):
    ids = {r.enterprise_id for r in _table(two).rows}
    assert "f4" not in ids and not ids & {"L1", "g1", "h1"}


def test_split_into_key_and_supporting(two):
    t = _table(two)
    assert [r.enterprise_id for r in t.key] == ["f2"] and [r.enterprise_id for r in t.supporting] == ["f5", "f3"]
    assert t.key[0].kind is TargetKind.key
    assert [r.enterprise_id for r in _table(two, limit=1).rows] == ["f2", "f5"]  # one row of each kind


def test_weights_are_configurable(two):
    rows = target_table(two, "pan", resolve_scope(two, region="合肥"), weights={"supply": 0, "key": 0, "distance": 0}).rows
    assert [r.enterprise_id for r in rows] == ["f2", "f5", "f3"]  # f2 and f5 tie on scale; id decides
    with pytest.raises(InvalidInput):
        target_table(two, "pan", resolve_scope(two, region="合肥"), weights={"bogus": 1})


def test_nearer_enterprises_score_higher_on_distance(two):
    only_distance = {k: 0 for k in ("supply", "key", "scale", "link")} | {"distance": 1}
    rows = target_table(two, "pan", resolve_scope(two, region="合肥"), weights=only_distance).rows
    # Wuhan (f5) is nearer to Hefei than Shenzhen (f2, f3)
    assert rows[0].enterprise_id == "f5" and rows[0].score > rows[1].score
    assert "公里" in rows[0].reasons[-1].zh


def test_toy_targets_use_both_directions_of_supply(toy, chengdu):
    rows = {r.enterprise_id: r for r in target_table(toy, "toy", chengdu, weights=NO_DISTANCE).rows}
    assert rows["b1"].factors["supply"] == pytest.approx(0.3)  # b1 supplies c1
    assert rows["e1"].factors["supply"] == pytest.approx(0.3)  # e1 buys from c1
    assert rows["e1"].kind is TargetKind.key and rows["b1"].kind is TargetKind.supporting
    assert rows["d1"].factors["supply"] == 0 and "f1" not in rows
    d = rows["e1"].model_dump(mode="json")
    assert set(d) >= {"enterprise_id", "name", "region_code", "region_name", "node_id", "node_name", "mode", "kind",
                      "score", "factors", "reasons", "tags", "revenue", "employees"}
