"""The development path map: three lanes, a card per planned link with its mode and targets, arrows, completeness."""
from __future__ import annotations

from app.analysis.results import MODE_LABELS
from app.outputs.roadmap_map import roadmap_svg
from tests.outputs.builders import AS_OF, big_roadmap, toy_data
from tests.outputs.svgcheck import NS, boxes, escapes, outside, overlaps, parse, texts


def test_three_lanes_with_the_completeness_after_each_phase():
    rm = toy_data().roadmap
    root = parse(roadmap_svg(rm, AS_OF))
    lanes = [r.get("data-phase") for r in root.iter(f"{NS}rect") if r.get("class") == "lane"]
    assert lanes == ["near", "mid", "long"]
    words = [t for t, _ in texts(root)]
    assert {"近期", "中期", "远期"} <= set(words)
    before = rm.completeness_now
    for phase in rm.phases:
        assert f"完整度 {before * 100:.0f}% → {phase.target_completeness * 100:.0f}%" in words
        before = phase.target_completeness


def test_every_planned_link_is_a_card_with_its_mode_and_top_targets():
    rm = toy_data().roadmap
    root = parse(roadmap_svg(rm, AS_OF))
    cards = boxes(root, "card")
    items = [i for p in rm.phases for i in p.items]
    assert set(cards) == {i.node_id for i in items}
    words = [t for t, _ in texts(root)]
    for item in items:
        assert cards[item.node_id]["data-mode"] == item.mode.value
        assert item.name in words and MODE_LABELS[item.mode] in words
        for k, t in enumerate(item.targets[:3], 1):
            assert any(w.startswith(f"{k}. ") and w[3:].rstrip("…") in t.name for w in words)


def test_an_arrow_runs_from_each_feeding_planned_link():
    rm = toy_data().roadmap
    root = parse(roadmap_svg(rm, AS_OF))
    arrows = {p.get("data-after") for p in root.iter(f"{NS}path") if p.get("data-after")}
    assert arrows == {f"{a}>{i.node_id}" for p in rm.phases for i in p.items for a in i.after}
    assert arrows  # the toy plan has dependencies: toy.c after toy.b, toy.e/f after toy.c


def test_no_labels_overlap_on_a_crowded_plan():
    root = parse(roadmap_svg(big_roadmap(45), AS_OF))
    assert len(boxes(root, "card")) == 45
    assert overlaps(root) == [] and outside(root) == [] and escapes(root, "card") == []


def test_the_links_not_pursued_are_listed_under_the_lanes():
    rm = toy_data().roadmap
    assert rm.not_pursued
    words = " ".join(t for t, _ in texts(parse(roadmap_svg(rm, AS_OF))))
    assert "暂不布局：" in words and all(x.name in words for x in rm.not_pursued)
