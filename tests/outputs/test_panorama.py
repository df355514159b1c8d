"""The panorama map: every leaf a box in its status colour, marks, FEEDS, captions and no overlapping labels."""
from __future__ import annotations

import pytest

from app.analysis.panorama import build_panorama
from app.analysis.results import Status
from app.outputs.panorama import panorama_svg
from app.outputs.style import SEED_NOTE, STATUS_FILL, STATUS_STROKE
from tests.fixtures.panorama_tree import tree_report, tree_template
from tests.outputs.builders import AS_OF, big_panorama, toy_data
from tests.outputs.svgcheck import boxes, escapes, outside, overlaps, parse, texts

# Chengdu in the toy data (tests/fixtures/builders.py): toy.a has 3 local enterprises with the 链主 a1
# (threshold 2) -> strong; toy.c has only c1 -> weak; b, d, e and f have none here -> missing.
TOY_STATUS = {"toy.a": Status.strong, "toy.c": Status.weak, "toy.b": Status.missing, "toy.d": Status.missing,
              "toy.e": Status.missing, "toy.f": Status.missing}


@pytest.fixture(scope="module")
def toy_svg() -> str:
    d = toy_data()
    return panorama_svg(d.panorama, d.as_of)


def test_every_leaf_is_a_box_in_its_status_colour(toy_svg):
    found = boxes(parse(toy_svg))
    assert set(found) == set(TOY_STATUS)
    for node_id, status in TOY_STATUS.items():
        assert found[node_id]["data-status"] == status.value
        assert found[node_id]["fill"] == STATUS_FILL[status] and found[node_id]["stroke"] == STATUS_STROKE[status]


def test_boxes_show_counts_key_names_and_marks(toy_svg):
    words = [t for t, _ in texts(parse(toy_svg))]
    assert "本地 3 家 · 重点 1" in words and "甲一材料" in words  # a1 without its legal form
    assert "丙一面板" in words and words.count("本地暂无企业") == 4
    assert words.count("核心") == 2 + 1 and words.count("卡脖子") == 1 + 1  # toy.a, toy.c, toy.b + the legend


def test_title_scope_date_summary_and_demo_note(toy_svg):
    words = [t for t, _ in texts(parse(toy_svg))]
    assert "示例链产业链全景图" in words and "成都市 · 2025年1月2日" in words
    assert any(w.startswith("完备度 50%　强度 17%　强 1 · 弱 1 · 缺 4") for w in words)
    assert any(SEED_NOTE[:10] in w for w in words)
    assert "Noto Sans CJK SC" in parse(toy_svg).get("font-family")


def test_feeds_are_drawn_only_between_adjacent_stages(toy_svg):
    drawn = {p.get("data-feeds") for p in parse(toy_svg).iter("{http://www.w3.org/2000/svg}path") if p.get("data-feeds")}
    assert drawn == {"toy.a>toy.c", "toy.b>toy.c", "toy.c>toy.e", "toy.c>toy.f"}
    d = toy_data()
    skipping = panorama_svg(d.panorama.model_copy(update={"feeds": (("toy.a", "toy.e"), ("toy.a", "toy.b"))}), AS_OF)
    assert "data-feeds" not in skipping  # upstream→downstream skips a column; same stage stays in the box grid


def test_the_same_report_gives_the_same_picture(toy_svg):
    d = toy_data()
    assert panorama_svg(d.panorama, d.as_of) == toy_svg


@pytest.mark.parametrize("n", [6, 40, 60])
def test_no_two_labels_overlap_even_with_long_names(n):
    svg = panorama_svg(big_panorama(n), AS_OF)
    root = parse(svg)
    assert len(boxes(root)) == n
    assert overlaps(root) == [] and outside(root) == [] and escapes(root, "link") == []


def test_a_large_chain_is_laid_out_landscape_for_a3():
    root = parse(panorama_svg(big_panorama(60), AS_OF))
    w, h = float(root.get("width")), float(root.get("height"))
    assert 1.2 < w / h < 2.2


def test_the_map_draws_the_built_tree_with_one_column_per_stage():
    template = tree_template()
    found = boxes(parse(panorama_svg(build_panorama(template, tree_report(template)), AS_OF)))
    assert set(found) == {"t.a", "t.b", "t.c", "t.d", "t.e", "t.f"}
    upstream = [float(found[n]["x"]) for n in ("t.a", "t.c", "t.f")]  # t.f: the second upstream top node
    assert float(found["t.e"]["x"]) > max(upstream)


def test_the_overlap_check_itself_catches_overlapping_labels():
    from app.outputs.svg import Canvas

    c = Canvas(200, 100, "t")
    c.text(10, 30, "玻璃基板", 14)
    c.text(40, 34, "偏光片", 14)
    c.text(10, 80, "远处", 14)
    assert overlaps(parse(c.render())) == [("玻璃基板", "偏光片")]


def test_the_box_check_itself_catches_a_label_running_out_of_its_box():
    from app.outputs.svg import Canvas

    c = Canvas(300, 100, "t")
    c.rect(10, 10, 100, 50, class_="link")
    c.text(20, 30, "超高纯电子特气与湿化学品", 12)  # 12 CJK glyphs: 144 wide in a 100-wide box
    c.text(20, 50, "玻璃基板", 12)
    assert escapes(parse(c.render()), "link") == ["超高纯电子特气与湿化学品"]
