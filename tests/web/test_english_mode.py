"""English mode shows no Chinese outside enterprise names (issue 22, item 6) — every tab, a city and a park.

What may stay Chinese, exactly:
- an enterprise's name (the legal name is the data; marked ``data-name`` and checked to be a name of the seed);
- a product as the data records it (``enterprise_nodes.csv`` products, ``supply.csv`` product; marked
  ``data-product`` where shown alone, and quoted inside English reasons);
- the hover text of a reason (``data-other-language``): the same reason in Chinese, for an official who must quote it;
- a registry export's evidence for a link in the review queue (``data-evidence``): the export's own words, quoted;
- the language switch, which names its language in that language (``lang="zh"``).
Place names (regions, parks, zones, metropolitan areas), tags, link names, legends and every word of the page
are English; reasons' English is checked after removing the enterprise and product names above and nothing else.
"""
from __future__ import annotations

import csv
import re

import pytest

from app.settings import SEED_DIR
from tests.web.conftest import shot
from tests.web.test_dashboard_views import CJK, _open, expect

pytestmark = pytest.mark.browser
SCOPES = {"chengdu-display": "/#/display/510100", "changsha-icv": "/#/icv/430100",
          "optics-valley-biomed": "/#/biomed/park:wh-optics-valley"}
TABS = ["overview", "panorama", "gaps", "targets", "roadmap", "compare", "parks", "snapshots", "enterprises", "imports"]
TEXTS = """() => {
  const skip = (el) => el.closest('[data-name], [data-product], [data-evidence], [lang="zh"], option, script, style, [hidden]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (!n.textContent.trim() || skip(n.parentElement) || !n.parentElement.getClientRects().length) continue;
    out.push(n.textContent.trim());
  }
  for (const el of document.querySelectorAll('[title]:not([data-other-language]), [placeholder], [aria-label]')) {
    if (el.closest('[hidden]')) continue;
    for (const a of ['title', 'placeholder', 'aria-label']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  return out;
}"""
NAMED = """() => ({ names: [...document.querySelectorAll('[data-name]')].map((x) => x.textContent.trim()).filter(Boolean),
  products: [...document.querySelectorAll('[data-product]')].map((x) => x.textContent.trim()).filter(Boolean) })"""


@pytest.fixture(scope="module")
def data_words():
    """The enterprise names and the products of the seed: the only Chinese English mode may show."""
    with open(SEED_DIR / "enterprises.csv", encoding="utf-8") as f:
        names = {r["name"] for r in csv.DictReader(f)}
    products = set()
    with open(SEED_DIR / "enterprise_nodes.csv", encoding="utf-8") as f:
        products |= {p for r in csv.DictReader(f) for p in (r["products"] or "").split(";") if p}
    with open(SEED_DIR / "supply.csv", encoding="utf-8") as f:
        products |= {r["product"] for r in csv.DictReader(f) if r["product"]}
    return names, products


def _park_ids():
    with open(SEED_DIR / "parks.csv", encoding="utf-8") as f:
        return {r["id"] for r in csv.DictReader(f)}


PARK_IDS = re.compile(r"(?<![\w.-])(" + "|".join(sorted(map(re.escape, _park_ids()), key=len, reverse=True)) + r")(?![\w-])")


def _without(text, words):
    for w in words:
        if w in text:
            text = text.replace(w, "")
    return text


def _check(page, data_words):
    names, products = data_words
    words = sorted(names | products, key=len, reverse=True)
    texts = page.evaluate(TEXTS)
    chinese = [x for x in texts if CJK.search(_without(x, words))]
    assert not chinese, chinese[:10]
    assert not [x for x in texts if PARK_IDS.search(x)], "a park named by its id"  # parks by name, never by internal id
    marked = page.evaluate(NAMED)
    split = lambda xs: {y.strip() for x in xs for y in re.split(r", |、|;", x) if y.strip()}  # noqa: E731
    assert split(marked["names"]) <= names, split(marked["names"]) - names  # the exemption hides enterprise names only
    assert split(marked["products"]) <= products, split(marked["products"]) - products


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("scope", list(SCOPES))
def test_english_mode_shows_no_chinese_outside_enterprise_and_product_names(page, base_url, data_words, scope, tab):
    _open(page, base_url + SCOPES[scope] + f"/{tab}", "en")
    page.wait_for_timeout(300)  # lists filled after the data
    _check(page, data_words)
    shot(page, f"english-{scope}-{tab}")


@pytest.mark.parametrize("url", ["/#/display/510100/panorama?node=display.glass_substrate", "/#/display/510100/enterprises?e=boe-cd-b7",
                                 "/#/display/510100/targets?node=display.glass_substrate"])
def test_english_detail_panels_show_no_chinese_outside_names(page, base_url, data_words, url):
    _open(page, base_url + url, "en")
    if "panorama" in url:
        expect()(page.locator("#link-panel ol.candidates")).to_be_visible()
    if "targets" in url:
        page.locator(".targets-table tbody tr.clickable").first.click()
        expect()(page.locator("tr.detail")).to_be_visible()
    page.wait_for_timeout(300)
    _check(page, data_words)


def test_place_names_are_english_in_english_mode(page, base_url):
    _open(page, base_url + "/#/display/510100/targets?node=display.glass_substrate", "en")
    head = page.locator(".page-head h2").inner_text()
    assert head.startswith("Chengdu")
    assert page.locator("#scope-input").input_value() == "Chengdu, Sichuan"
    places = page.locator(".targets-table tbody tr.clickable td:nth-child(5)").all_inner_texts()
    assert places and all(re.fullmatch(r"[A-Za-z' ,()-]+", p) for p in places), places
    _open(page, base_url + "/#/display/park:cd-hitech/overview", "en")
    assert "Chengdu High-tech Industrial Development Zone" in page.locator(".page-head h2").inner_text()


def test_an_english_reader_finds_a_city_by_its_english_name(page, base_url):
    _open(page, base_url + "/#/display/510100/overview", "en")
    page.locator("#scope-input").fill("Changsha")
    item = page.locator('#scope-menu .menu-item[data-code="430100"]')
    expect()(item).to_be_visible()
    assert item.inner_text().startswith("Changsha, Hunan")
    item.dispatch_event("mousedown")
    expect()(page).to_have_url(re.compile(r"#/display/430100/overview"))
