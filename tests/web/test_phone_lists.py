"""Long lists on a phone (issue 22, item 7): the target list's cards come 25 at a time instead of one 50,000 px page."""
from __future__ import annotations

import pytest

from app.analysis.service import resolve_scope, target_table
from tests.web.test_dashboard_views import CHENGDU, _open, expect

pytestmark = pytest.mark.browser


def test_on_a_phone_the_target_cards_come_25_at_a_time(page, base_url, seed_store):
    rows = target_table(seed_store, "display", resolve_scope(seed_store, region="成都"), 200).rows
    assert len(rows) > 50
    _open(page, base_url + CHENGDU + "/targets", "zh", (390, 844))
    cards = page.locator(".targets-table tbody tr.clickable")
    expect()(cards).to_have_count(25)
    expect()(page.locator("#targets-count")).to_contain_text(str(len(rows)))  # the count is of every row the filters let through
    page.click("#targets-more")
    expect()(cards).to_have_count(50)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1366, "height": 768})  # an office screen shows them all in the scrolling table
    page.reload()
    expect()(page.locator(".targets-table tbody tr.clickable")).to_have_count(len(rows))
    expect()(page.locator("#targets-more")).to_have_count(0)


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("tab", ["overview", "compare", "parks", "snapshots", "targets"])
def test_a_park_in_english_never_scrolls_sideways(page, base_url, tab, width):
    """English park names are long (Chengdu High-tech Industrial Development Zone): tables wrap them."""
    _open(page, base_url + f"/#/display/park:cd-hitech/{tab}", "en", (width, 844))
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
