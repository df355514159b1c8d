"""The dashboard in headless Chromium over the real server and the seed: what a person sees.

Expected values come from the analysis services on the same store, so the page is checked
against the numbers the API and the CLI give.
"""
from __future__ import annotations

import io
import re

import openpyxl
import pytest

from app.analysis.results import Status, TargetKind
from app.analysis.service import build_roadmap, gap_report, resolve_scope, target_table, what_if
from app.outputs import style
from tests.web.conftest import serve, shot

pytestmark = pytest.mark.browser
CHENGDU = "/#/display/510100"
TABS = ["overview", "panorama", "gaps", "targets", "roadmap", "compare", "parks", "snapshots", "enterprises"]


def expect():
    from playwright.sync_api import expect as e

    return e


@pytest.fixture(scope="module")
def chengdu(seed_store):
    scope = resolve_scope(seed_store, region="成都")
    return scope, gap_report(seed_store, "display", scope)


def _hex(rgb: list[int]) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb[:3])


def _boxes(page) -> list[dict]:
    """Every link box of the panorama: its id, status, centre in page pixels and the colour drawn inside it."""
    return page.evaluate("""() => {
        const el = document.getElementById('panorama-chart');
        const chart = echarts.getInstanceByDom(el);
        const canvas = el.querySelector('canvas');
        const ctx = canvas.getContext('2d');
        const ratio = canvas.width / canvas.clientWidth;
        const box = canvas.getBoundingClientRect();
        return chart.getOption().series[0].data.map((d) => {
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, d.value);
            // a pixel inside the box, left of the label and under its baseline
            const px = ctx.getImageData(Math.round((x - 40) * ratio), Math.round((y + 11) * ratio), 1, 1).data;
            return {id: d.node_id, status: d.status, x: box.left + x, y: box.top + y, rgb: Array.from(px)};
        });
    }""")


def test_a_new_user_finds_chengdus_missing_display_links(page, base_url, chengdu):
    scope, report = chengdu
    page.goto(base_url + "/")
    expect()(page.locator("#data-note")).to_contain_text("示意性演示数据")
    page.select_option("#chain-select", "display")
    page.fill("#scope-input", "成都")
    page.locator('#scope-menu .menu-item[data-code="510100"]').click()
    page.wait_for_url(re.compile(r"#/display/510100/overview$"))
    expect()(page.locator('[data-kpi="missing"] .card-value')).to_have_text(f"{report.counts.missing} 个环节")
    expect()(page.locator('[data-kpi="completeness"] .card-value')).to_have_text(f"{report.completeness * 100:.1f}%")
    expect()(page.locator('[data-kpi="rank"]')).to_have_text(re.compile(r"第 \d+ / \d+ 位"))
    shot(page, "overview")
    page.get_by_role("button", name=re.compile("查看缺失环节")).click()
    page.wait_for_url(re.compile(r"/gaps"))
    rows = page.locator('.gaps-table[data-mode="fill"] tbody tr')
    expect()(rows).to_have_count(min(10, len(report.fill)))  # the top ten; the rest one click away
    assert rows.first.get_attribute("data-node") == report.fill[0].node_id
    page.locator('[data-show-all="fill"]').click()
    expect()(rows).to_have_count(len(report.fill))
    assert [r.get_attribute("data-node") for r in rows.all()] == [e.node_id for e in report.fill]
    shot(page, "gaps")


def test_the_panorama_draws_every_link_in_its_status_colour(page, base_url, chengdu):
    _, report = chengdu
    page.goto(base_url + CHENGDU + "/panorama")
    page.wait_for_selector("#panorama-chart canvas")
    boxes = _boxes(page)
    assert {b["id"]: b["status"] for b in boxes} == {x.node_id: x.status.value for x in report.links}
    drawn = {s: 0 for s in Status}
    for b in boxes:
        colour = _hex(b["rgb"])
        matches = [s for s in Status if colour == style.STATUS_FILL[s]]
        assert matches == [Status(b["status"])], f"{b['id']} is drawn {colour}, expected {style.STATUS_FILL[Status(b['status'])]}"
        drawn[matches[0]] += 1
    assert drawn == {Status.strong: report.counts.strong, Status.weak: report.counts.weak, Status.missing: report.counts.missing}
    for s in ("strong", "weak", "missing"):
        expect()(page.locator(f'.legend-item[data-status="{s}"]')).to_contain_text(str(getattr(report.counts, s)))
    shot(page, "panorama")


def test_clicking_a_missing_link_shows_its_reasons_and_candidates(page, base_url, seed_store, chengdu):
    scope, report = chengdu
    target = report.fill[0]
    rows = [r for r in target_table(seed_store, "display", scope, 200).rows
            if target.node_id in r.node_ids and r.kind in (TargetKind.key, TargetKind.supporting)]
    assert rows, "the seed should have candidates for Chengdu's top missing link"
    page.goto(base_url + CHENGDU + "/panorama")
    page.wait_for_selector("#panorama-chart canvas")
    box = next(b for b in _boxes(page) if b["id"] == target.node_id)
    page.mouse.click(box["x"], box["y"])
    panel = page.locator("#link-panel")
    expect()(panel.locator("h3")).to_have_text(target.name)
    expect()(panel.locator(".badge")).to_have_text("缺失")
    expect()(panel).to_contain_text("本地没有该环节的企业")
    why = report.link(target.node_id).reasons[0]
    expect()(panel.locator("ul.reasons > li").first).to_have_text(why.zh)  # the page's language, the other on hover
    assert panel.locator("ul.reasons > li").first.get_attribute("title") == why.en
    candidates = panel.locator(".candidates > li")
    expect()(candidates).to_have_count(min(10, len(rows)))
    assert [c.get_attribute("data-enterprise") for c in candidates.all()] == [r.enterprise_id for r in rows[:10]]
    assert page.url.endswith(f"?node={target.node_id}")  # the open link is part of the deep link
    shot(page, "panorama-link")


def test_the_target_table_sorts_filters_and_downloads_a_valid_xlsx(page, base_url, seed_store, chengdu):
    scope, _ = chengdu
    shown = target_table(seed_store, "display", scope, 200)
    full = target_table(seed_store, "display", scope)
    page.goto(base_url + CHENGDU + "/targets")
    body = page.locator(".targets-table tbody tr")
    expect()(body).to_have_count(len(shown.rows))
    assert body.first.get_attribute("data-enterprise") == shown.rows[0].enterprise_id
    page.select_option('select[data-filter="kind"]', "supporting")
    expect()(body).to_have_count(len(shown.supporting))
    page.select_option('select[data-filter="kind"]', "")
    page.locator('th[data-sort="score"]').click()  # now lowest first
    assert float(body.first.locator("td").first.inner_text()) == pytest.approx(min(r.score for r in shown.rows), abs=5e-4)
    shot(page, "targets")
    with page.expect_download() as info:
        page.click("#download-xlsx")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx") and "招商名录表" in download.suggested_filename
    with open(download.path(), "rb") as f:
        wb = openpyxl.load_workbook(io.BytesIO(f.read()))
    assert wb.sheetnames == ["招商名录", "说明"]  # the rows the page shows, as it shows them (issue 22)
    names = [row[3] for row in wb["招商名录"].iter_rows(min_row=2, values_only=True)]
    assert names == [r.name for r in sorted(shown.rows, key=lambda r: round(r.score, 4))]  # the API sends 4 places
    assert len(names) == len(full.rows) == len(shown.rows)  # the seed has fewer than 200 of each kind
    expect()(page.locator("#notice")).to_contain_text("已下载")


def test_ticking_candidates_on_the_roadmap_shows_the_completeness_change(page, base_url, seed_store, chengdu):
    scope, report = chengdu
    page.goto(base_url + CHENGDU + "/roadmap")
    first = page.locator('.phase[data-phase="near"] input[type=checkbox]').first
    enterprise = first.get_attribute("data-enterprise")
    first.check()
    expected = what_if(seed_store, "display", scope, [enterprise])
    result = page.locator("#whatif-result")
    expect()(result.locator("tbody tr").first).to_contain_text(f"{expected.after.completeness * 100:.1f}%")
    expect()(result.locator("tbody tr").first).to_contain_text(f"{report.completeness * 100:.1f}%")
    for change in expected.changed:
        expect()(result.locator(f'li[data-node="{change.node_id}"]')).to_contain_text(change.name)
    shot(page, "roadmap")


def test_dropping_and_pinning_links_recomputes_the_roadmap(page, base_url, seed_store, chengdu):
    scope, _ = chengdu
    page.goto(base_url + CHENGDU + "/roadmap")
    left = page.locator('.not-pursued .road-card')
    plan = build_roadmap(seed_store, "display", scope)
    expect()(left).to_have_count(len(plan.not_pursued))
    page.locator('.phase[data-phase="near"] [data-drop="display.wet_chemicals"]').click()
    expect()(page.locator('.not-pursued [data-node="display.wet_chemicals"]')).to_contain_text("按用户选择暂不布局")
    expect()(page.locator('.phase[data-phase="near"] [data-node="display.wet_chemicals"]')).to_have_count(0)
    dropped = build_roadmap(seed_store, "display", scope, exclude=["display.wet_chemicals"])
    expect()(page.locator('.phase[data-phase="near"] .phase-after strong')).to_have_text(
        f"{dropped.phases[0].target_completeness * 100:.1f}%")
    first = plan.not_pursued[0].node_id
    page.locator(f'.not-pursued [data-pin="{first}"]').click()
    expect()(page.locator(f'.phases .phase:not(.not-pursued) [data-node="{first}"]')).to_have_count(1)
    page.reload()  # the pins live in the address
    expect()(page.locator('.not-pursued [data-node="display.wet_chemicals"]')).to_have_count(1)
    page.locator("[data-pins-reset]").click()
    expect()(left).to_have_count(len(plan.not_pursued))
    shot(page, "roadmap-pins")


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_shows_content_never_a_blank_page_or_an_error(page, base_url, tab):
    page.goto(base_url + CHENGDU + f"/{tab}")
    expect()(page.locator(f'.tab.active[data-tab="{tab}"]')).to_be_visible()
    expect()(page.locator("#page .loading")).to_have_count(0, timeout=30_000)
    assert page.locator("#page .error").count() == 0, page.locator("#page .error").first.inner_text()
    assert len(page.locator("#page").inner_text().strip()) > 40
    shot(page, f"tab-{tab}")


def test_the_english_switch_and_the_deep_link_survive_a_reload(page, base_url, chengdu):
    _, report = chengdu
    page.goto(base_url + CHENGDU + "/gaps?mode=extend")
    expect()(page.locator('.subtab.active[data-mode="extend"]')).to_be_visible()
    first = page.locator("#mode-body ul.reasons > li").first
    expect()(first).to_have_text(report.extend[0].reasons[0].zh)
    page.click("#lang-button")
    expect()(page.locator('.tab[data-tab="panorama"]')).to_have_text("Panorama")
    expect()(first).to_have_text(report.extend[0].reasons[0].en)  # the same reason, in English
    page.reload()
    expect()(page.locator('.tab[data-tab="gaps"]')).to_have_text("Gaps")
    expect()(page.locator('.subtab.active[data-mode="extend"]')).to_be_visible()
    shot(page, "gaps-english")


def test_a_protected_deployment_asks_for_a_key_and_shows_problems_in_the_page(page, seed_settings, seed_store):
    settings = seed_settings.model_copy(update={"api_keys": "viewer-key-0001:viewer,analyst-key-0001:analyst"})
    url, stop = serve(settings, seed_store)
    try:
        page.goto(url + CHENGDU + "/overview")
        problem = page.locator('.error[data-status="401"]')
        expect()(problem).to_contain_text("X-API-Key")
        shot(page, "auth-401")
        problem.get_by_role("button", name="输入 API 密钥").click()
        page.fill("#key-input", "viewer-key-0001")
        page.click("#key-save")
        expect()(page.locator('[data-kpi="missing"]')).to_be_visible()
        page.click('.tab[data-tab="targets"]')
        expect()(page.locator('.error[data-status="403"]')).to_contain_text("analyst")
        shot(page, "auth-403")
    finally:
        stop()
