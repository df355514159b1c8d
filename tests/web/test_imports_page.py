"""The import & review page in a browser: the development export, dry run → apply → links visible → one review accepted."""
from __future__ import annotations

import re
import shutil

import pytest

from app.datadir.registry.linkbench import DEFAULT_SET
from tests.web.conftest import serve, shot

pytestmark = pytest.mark.browser
EXPORT = DEFAULT_SET.parent / "export_qcc.xlsx"
ADMIN = "admin-key-000001"


def expect():
    from playwright.sync_api import expect as e

    return e


@pytest.fixture
def admin_url(seed_settings, tmp_path):
    """A server of its own on a copy of the seed (the import writes), protected, with an admin key."""
    from app.settings import SEED_DIR
    from app.store.factory import open_store

    data = tmp_path / "seed"
    shutil.copytree(SEED_DIR, data)
    settings = seed_settings.model_copy(update={"data_dir": data, "state_dir": tmp_path / "state", "api_keys": f"{ADMIN}:admin"})
    store = open_store(settings)
    url, stop = serve(settings, store)
    yield url
    stop()
    store.close()


def _dry_run(page, url: str, lang: str = "zh"):
    """The development export uploaded and dry-run in the page as the admin, in ``lang``: the 256 rows it shows."""
    page.add_init_script(f"localStorage.setItem('chainmap.apiKey', '{ADMIN}'); localStorage.setItem('chainmap.lang', '{lang}')")
    page.goto(url + "/#/display/-/imports")
    page.set_input_files("#import-file", str(EXPORT))
    page.click("#import-dry")
    rows = page.locator(".import-rows tbody tr")
    expect()(rows).to_have_count(256)
    return rows


@pytest.mark.skipif(not EXPORT.exists(), reason=f"development export not present at {EXPORT}")
def test_the_development_export_is_imported_and_a_review_accepted_in_the_page(page, admin_url):
    _dry_run(page, admin_url)
    expect()(page.locator(".import-state")).to_contain_text("试运行")
    tv = page.locator('.import-rows tr[data-row="4"] [data-link="display.tv"]')
    expect()(tv).to_have_attribute("data-grade", "confirmed")
    expect()(tv).to_contain_text("电视 · 确认")  # the grade in the page's language, the link by its name
    expect()(page.locator(".import-rows tr.rejected").first).to_contain_text("已属于")   # a stock-code conflict, on its row
    shot(page, "import-dry-run")
    page.click("#import-apply")   # rows with errors and no skip: all or nothing, so nothing
    expect()(page.locator(".import-state")).to_contain_text("未写入")
    page.check("#import-skip")
    page.click("#import-apply")
    expect()(page.locator('[data-applied="true"] .import-state')).to_contain_text("已写入")
    queue = page.locator("#review-queue tbody tr")
    expect()(queue.first).to_be_visible()
    before = page.locator("#review-queue h3").inner_text()
    key = queue.first.get_attribute("data-review")
    queue.first.locator("button.accept").click()
    expect()(page.locator(f'#review-queue tr[data-review="{key}"]')).to_have_count(0)
    assert page.locator("#review-queue h3").inner_text() != before
    shot(page, "import-review")
    enterprise, node = key.split("|")
    page.goto(admin_url + f"/#/display/-/enterprises?e={enterprise}")
    expect()(page.locator(f'[data-enterprise="{enterprise}"] table')).to_be_visible()


@pytest.mark.skipif(not EXPORT.exists(), reason=f"development export not present at {EXPORT}")
def test_in_english_the_dry_run_and_the_queue_name_links_and_grades_in_english(page, admin_url):
    _dry_run(page, admin_url, "en")
    tv = page.locator('.import-rows tr[data-row="4"] [data-link="display.tv"]')
    expect()(tv).to_contain_text("Television · confirmed")
    links = page.locator(".import-rows [data-link]").all_inner_texts()
    assert links and not [x for x in links if re.search(r"[\u3400-\u9fff]", x)]  # link names and grades, never Chinese
    page.check("#import-skip")
    page.click("#import-apply")
    expect()(page.locator("#review-queue tr[data-review]").first).to_be_visible()
    first_cells = page.locator("#review-queue tr[data-review] td:first-child").all_inner_texts()
    assert first_cells and not [x for x in first_cells if re.search(r"[\u3400-\u9fff]", x)]  # the queue's links in English
