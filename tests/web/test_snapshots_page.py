"""The 历次评估 (Reviews) tab and "since the last review" (issue 22, item 8) in headless Chromium.

A store of its own: the seed, a snapshot of 长沙 ICV, then a 长沙 plant of 中车时代电气 (on its target list).
Expected values come from the snapshot analysis on the same store.
"""
from __future__ import annotations

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.snapshots import changes_since, save_snapshot
from app.store.base import ChangeSet
from graph_schema.models import Enterprise, EnterpriseLink
from tests.web.conftest import serve, shot
from tests.web.test_dashboard_views import _open, expect
from tests.web.test_english_mode import _check, data_words  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def reviewed(tmp_path):
    from app.settings import SEED_DIR, Settings
    from app.store.factory import open_store

    settings = Settings(store="networkx", data_dir=SEED_DIR, state_dir=tmp_path / "state", api_keys="")
    store = open_store(settings)
    scope = resolve_scope(store, region="长沙")
    save_snapshot(store, "icv", scope, label="2026Q3")
    store.apply(ChangeSet(enterprises=[Enterprise(id="crrc-te-cs", name="中车时代电动（长沙）有限公司", region_code="430104",
                                                  parent_id="crrc-te", employees=600)],
                          links=[EnterpriseLink(enterprise_id="crrc-te-cs", node_id="icv.e_motor_control")]))
    url, stop = serve(settings, store)
    yield url, store, scope
    stop()
    store.close()


def test_the_reviews_tab_lists_each_snapshot_with_what_changed_since(page, reviewed):
    url, store, scope = reviewed
    d = changes_since(store, "icv", scope, "2026Q3")
    assert d.changed and d.entered and d.landed_targets  # the case is worth showing
    _open(page, url + "/#/icv/430100/snapshots", "zh", (1366, 900))
    row = page.locator('tr[data-snapshot="2026Q3"]')
    expect()(row).to_be_visible()
    for key, n in {"changed": len(d.changed), "entered": len(d.entered), "left": len(d.left), "landed": len(d.landed_targets)}.items():
        expect()(row.locator(f'[data-count="{key}"]')).to_have_text(str(n))
    expect()(row.locator('[data-shift="completeness"]')).to_have_text(f"{d.completeness.before:.1%} → {d.completeness.after:.1%}")
    row.click()
    detail = page.locator('tr[data-detail="2026Q3"]')
    expect()(detail.locator("[data-since-changed] tbody tr")).to_have_count(len(d.changed))
    assert [x.get_attribute("data-node") for x in detail.locator("[data-since-changed] tbody tr").all()] == [c.node_id for c in d.changed]
    expect()(detail.locator("[data-since-entered]")).to_contain_text("中车时代电动（长沙）有限公司")
    expect()(detail.locator("[data-since-landed]")).to_contain_text("株洲中车时代电气股份有限公司")
    shot(page, "snapshots-1366")
    # saving the current state from the page: the new snapshot comes first, with nothing changed since
    page.fill("#snapshot-label", "2026Q4")
    page.click("#snapshot-save")
    expect()(page.locator("[data-saved]")).to_have_attribute("data-saved", "2026Q4")
    rows = page.locator("tr[data-snapshot]")
    expect()(rows).to_have_count(2)
    assert rows.first.get_attribute("data-snapshot") == "2026Q4"
    assert rows.first.locator('[data-count="changed"]').inner_text() == "0"
    # the overview's "since the last review" now speaks of 2026Q4 and links to this tab
    page.goto(url + "/#/icv/430100/overview")
    expect()(page.locator("[data-since]")).to_contain_text("2026Q4")
    page.locator('[data-since] a[href*="/snapshots"]').click()
    expect()(page.locator("tr[data-snapshot]")).to_have_count(2)


def test_a_scope_without_snapshots_says_how_to_start(page, base_url):
    _open(page, base_url + "/#/display/510100/snapshots", "zh")
    expect()(page.locator('[data-empty="snapshots"]')).to_be_visible()
    expect()(page.locator("#snapshot-save")).to_be_visible()


def test_the_reviews_and_since_panels_are_english_in_english_mode(page, reviewed, data_words):  # noqa: F811
    url, _, _ = reviewed
    names, products = data_words
    data_words = (names | {"中车时代电动（长沙）有限公司"}, products)  # the plant the fixture adds  # noqa: F811
    _open(page, url + "/#/icv/430100/snapshots", "en")
    page.locator('tr[data-snapshot="2026Q3"]').click()
    expect()(page.locator('tr[data-detail="2026Q3"] [data-since-changed]')).to_be_visible()
    _check(page, data_words)
    shot(page, "snapshots-en")
    _open(page, url + "/#/icv/430100/overview", "en")
    expect()(page.locator("[data-since-changed]")).to_be_visible()
    _check(page, data_words)
