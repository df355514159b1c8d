"""The parks page and parks as peers in headless Chromium, at a laptop's and a phone's width, over the seed.

Expected values come from the analyses on the same store, so the page shows what the API and the CLI give.
"""
from __future__ import annotations

import re

import pytest

from app.analysis.parks import compare_parks
from app.store.base import EnterpriseQuery, ScopeFilter
from tests.web.conftest import shot

pytestmark = pytest.mark.browser
WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}


def expect():
    from playwright.sync_api import expect as e

    return e


@pytest.fixture(params=list(WIDTHS))
def sized(request, page):
    width, height = WIDTHS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return page, request.param, width


@pytest.fixture(scope="module")
def chengdu_biomed(seed_store):
    return compare_parks(seed_store, "biomed", "成都")


def test_the_parks_of_chengdu_show_their_overlap_and_division(sized, base_url, chengdu_biomed):
    page, name, width = sized
    r = chengdu_biomed
    page.goto(base_url + "/#/biomed/510100/parks")
    rows = page.locator(".parks-table tbody tr")
    expect()(rows).to_have_count(len(r.parks))
    assert [x.get_attribute("data-park") for x in rows.all()] == [p.park_id for p in r.parks]
    pair = r.overlap[0]
    row = page.locator(f'.overlap-table tr[data-pair="{pair.park_a}|{pair.park_b}"]')
    expect()(row).to_contain_text(f"{pair.index:.2f}")
    expect()(row).to_contain_text("仿制药")
    division = page.locator(".division-table tbody tr")
    expect()(division).to_have_count(len(r.division))
    home = {d.node_id: d.park_id for d in r.division}
    assert {x.get_attribute("data-node"): x.get_attribute("data-home") for x in division.all()} == home
    # nothing but the wide tables' own boxes scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"parks-{name}")


def test_a_park_ranks_among_parks_and_lists_its_own_enterprises(page, base_url, seed_store):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base_url + "/#/biomed/park:cd-medical-city/overview")
    expect()(page.locator(".rank-card .card-label")).to_have_text("园区排名")
    table = page.locator('.rank-table[data-peers="parks"]')
    expect()(table).to_be_visible()
    page.select_option("select[data-among]", "city")
    expect()(page.locator('.rank-table[data-peers="parks"] tbody tr')).to_have_count(2)  # 成都高新区 and 成都医学城
    expect()(page.locator('[data-kpi="rank"]')).to_have_text(re.compile(r"第 [12] / 2 位"))
    shot(page, "park-rank")
    page.goto(base_url + "/#/biomed/park:cd-medical-city/compare")
    expect()(page.locator(".compare-table tbody tr").first).to_have_attribute("data-code", "cd-medical-city")
    similar = page.locator(".similar-table tbody tr")
    expect()(similar.first).to_be_visible()
    parks = {p.id for p in seed_store.parks()}
    assert all(x.get_attribute("data-code") in parks for x in similar.all())
    page.goto(base_url + "/#/biomed/park:cd-medical-city/enterprises")
    count = seed_store.find_enterprises(EnterpriseQuery(scope=ScopeFilter.park("cd-medical-city")))[1]
    expect()(page.locator(".ent-list > p.muted")).to_have_text(f"共 {count} 家")


def test_a_city_without_parks_says_so(page, base_url):
    page.goto(base_url + "/#/display/540100/parks")
    expect()(page.locator('#page .error[data-status="404"]')).to_contain_text("没有园区")
