"""Issue 22: the 路径图 tab draws the report's swimlanes (近期 / 中期 / 远期) and an arrow from each planned customer
link to each supplier link that follows it (anchors first), in headless Chromium over the seed.

Expected values come from the API the page reads (GET /chains/display/roadmap?region=成都).
"""
from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from tests.web.conftest import shot
from tests.web.test_dashboard_views import CHENGDU, _open

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def plan(base_url):
    with urllib.request.urlopen(base_url + "/chains/display/roadmap?" + urllib.parse.urlencode({"region": "成都"})) as r:
        return json.load(r)


def _pairs(plan) -> set[str]:
    return {f"{src}>{item['node_id']}" for p in plan["phases"] for item in p["items"] for src in item["after"]}


def test_the_roadmap_has_three_lanes_and_one_arrow_per_link_and_customer(page, base_url, plan):
    _open(page, base_url + CHENGDU + "/roadmap", "zh", (1366, 768))
    lanes = page.locator(".lanes > .phase.lane")
    assert [x.get_attribute("data-phase") for x in lanes.all()] == ["near", "mid", "long"]
    for phase in plan["phases"]:
        lane = page.locator(f'.lane[data-phase="{phase["phase"]}"]')
        assert lane.locator(".road-card").count() == len(phase["items"]) > 0
        assert lane.locator(".lane-count").inner_text().startswith(f"{len(phase['items'])} ")
    # lanes run top to bottom, each the full width of the plan
    tops = [x.bounding_box()["y"] for x in lanes.all()]
    assert tops == sorted(tops) and len({round(x.bounding_box()["width"]) for x in lanes.all()}) == 1
    pairs = _pairs(plan)
    assert len(pairs) >= 5  # the seed plans several suppliers after their customers
    arrows = page.locator(".lane-arrows path[data-after]")
    assert sorted(a.get_attribute("data-after") for a in arrows.all()) == sorted(pairs)
    # each arrow starts at its customer's card and ends at its supplier's card
    ends = page.evaluate("""() => [...document.querySelectorAll('.lane-arrows path[data-after]')].map((p) => {
        const box = p.ownerSVGElement.getBoundingClientRect(), len = p.getTotalLength();
        const a = p.getPointAtLength(0), b = p.getPointAtLength(len);
        return [p.dataset.after, a.x + box.left, a.y + box.top, b.x + box.left, b.y + box.top]; })""")
    for after, x0, y0, x1, y1 in ends:
        src, dst = after.split(">")
        for node, x, y in ((src, x0, y0), (dst, x1, y1)):
            r = page.locator(f'.lane [data-node="{node}"]').bounding_box()
            assert r["x"] - 4 <= x <= r["x"] + r["width"] + 4 and r["y"] - 4 <= y <= r["y"] + r["height"] + 4, (after, node)
    # hovering a supplier lights its customers' cards and arrows
    first = next(iter(sorted(pairs)))
    src, dst = first.split(">")
    page.locator(f'.lane [data-node="{dst}"]').hover()
    assert "dep" in page.locator(f'.lane [data-node="{src}"]').get_attribute("class")
    assert "on" in page.locator(f'.lane-arrows path[data-after="{first}"]').get_attribute("class")
    shot(page, "roadmap-lanes-1366")
    # the what-if, the not-pursued list and the downloads are still there
    assert page.locator(".not-pursued .road-card").count() == len(plan["not_pursued"])
    assert page.locator('[data-image="roadmap-svg"]').count() == 1 and page.locator("aside.whatif").count() == 1


def test_at_390_px_the_lanes_stack_without_sideways_scroll(page, base_url, plan):
    _open(page, base_url + CHENGDU + "/roadmap", "zh", (390, 844))
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    lanes = page.locator(".lanes > .phase.lane")
    assert lanes.count() == 3
    for phase in plan["phases"]:
        cards = page.locator(f'.lane[data-phase="{phase["phase"]}"] .road-card').all()
        assert len(cards) == len(phase["items"])
        xs = {round(c.bounding_box()["x"]) for c in cards}
        assert len(xs) == 1  # one column
    assert not page.locator(".lane-arrows").is_visible()  # each card still says what it follows (↳)
    shot(page, "roadmap-lanes-390")


def test_the_english_roadmap_lanes_are_english(page, base_url, plan):
    """The lanes in English (no Chinese outside names on the whole tab: tests/web/test_english_mode.py)."""
    _open(page, base_url + CHENGDU + "/roadmap", "en", (1366, 768))
    assert page.locator(".lane-arrows path[data-after]").count() == len(_pairs(plan))
    assert page.locator('.lane[data-phase="near"] h3').inner_text() == "Near term"
    shot(page, "roadmap-lanes-en")
