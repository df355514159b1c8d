"""Issue 22 in headless Chromium over the seed: every tab on a phone and an office screen, words and numbers a
person can repeat, exports that hold exactly what the page shows, the overview at a glance, and comparing places.

Expected values come from the analyses on the same store.
"""
from __future__ import annotations

import io
import re

import openpyxl
import pytest

from app.analysis.service import gap_report, resolve_scope, target_table
from tests.web.conftest import shot

pytestmark = pytest.mark.browser
CHENGDU = "/#/display/510100"
TABS = ["overview", "panorama", "gaps", "targets", "roadmap", "compare", "parks", "snapshots", "enterprises"]
CJK = re.compile(r"[\u3400-\u9fff]")


def expect():
    from playwright.sync_api import expect as e

    return e


def _open(page, url, lang="zh", size=(1600, 1000)):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.add_init_script(f"localStorage.setItem('chainmap.lang', '{lang}')")
    page.goto(url)
    expect()(page.locator("#page .loading")).to_have_count(0, timeout=30_000)
    assert page.locator("#page .error").count() == 0, page.locator("#page .error").first.inner_text()


@pytest.fixture(scope="module")
def chengdu(seed_store):
    scope = resolve_scope(seed_store, region="成都")
    return scope, gap_report(seed_store, "display", scope)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tab", TABS)
def test_at_390_px_no_tab_scrolls_sideways(page, base_url, tab, lang):
    _open(page, base_url + CHENGDU + f"/{tab}", lang, (390, 844))
    page.wait_for_timeout(300)  # charts draw after the data
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, f"phone-{tab}-{lang}")


def test_on_an_office_screen_the_target_list_shows_eight_rows(page, base_url):
    _open(page, base_url + CHENGDU + "/targets", "zh", (1366, 768))
    rows = page.locator(".targets-table tbody tr")
    visible = page.evaluate("""() => [...document.querySelectorAll('.targets-table tbody tr')]
        .filter((tr) => { const r = tr.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }).length""")
    assert visible >= 8 and rows.count() > 8
    rows.first.click()  # a click opens the row's plants, factors and reasons
    expect()(page.locator(".targets-table tr.detail .factors").first).to_be_visible()
    page.locator('input[data-filter="q"]').fill("没有这样的企业zzz")
    expect()(page.locator(".targets-table tbody tr.empty-row")).to_contain_text("没有符合筛选条件的企业")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_export_of_a_filtered_list_holds_exactly_the_rows_shown(page, base_url, seed_store, chengdu, lang):
    scope, _ = chengdu
    table = target_table(seed_store, "display", scope, 200)
    _open(page, base_url + CHENGDU + "/targets", lang)
    page.select_option('select[data-filter="kind"]', "supporting")
    page.locator('th[data-sort="value"]').click()
    body = page.locator(".targets-table tbody tr")
    shown = [x.get_attribute("data-enterprise") for x in body.all()]
    assert 0 < len(shown) < len(table.rows)
    with page.expect_download() as info:
        page.click("#download-xlsx")
    with open(info.value.path(), "rb") as f:
        wb = openpyxl.load_workbook(io.BytesIO(f.read()))
    ws = wb.worksheets[0]
    header, *rows = list(ws.iter_rows(values_only=True))
    by_id = {r.enterprise_id: r for r in table.rows}
    assert [r[3] for r in rows] == [by_id[i].name for i in shown]  # the rows shown, in the page's order
    first = page.locator(".targets-table tbody tr").first.locator("td")
    assert f"{rows[0][0]:.3f}" == first.nth(0).inner_text() and f"{rows[0][2]:.3f}" == first.nth(2).inner_text()
    assert ws.cell(2, 1).number_format == "0.000"
    if lang == "en":
        assert header[0] == "Score" and wb.sheetnames == ["Targets", "About"]
        assert rows[0][12] == "; ".join(r.en for r in by_id[shown[0]].reasons)  # English only
        assert not CJK.search(" ".join(str(x) for x in header + rows[0][5:9]))
    else:
        assert header[0] == "推荐分" and rows[0][12] == "；".join(r.zh for r in by_id[shown[0]].reasons)
    assert page.url.count("kind=supporting") == 1
    page.reload()  # the filters and sort live in the address
    expect()(page.locator('select[data-filter="kind"]')).to_have_value("supporting")
    assert [x.get_attribute("data-enterprise") for x in page.locator(".targets-table tbody tr").all()] == shown


# English mode without Chinese outside names: tests/web/test_english_mode.py


@pytest.mark.parametrize("tab", TABS)
def test_no_internal_id_or_english_word_in_chinese_mode(page, base_url, tab):
    _open(page, base_url + CHENGDU + f"/{tab}", "zh")
    text = page.locator("body").inner_text()
    assert not re.search(r"\b(display|icv|biomed)\.[a-z_]+", text)
    assert not re.search(r"\b(strengthen|pull|shortfall|adjacency)\b", text, re.I)
    assert "强链环节" not in text  # 强链 is a mode; the strong status is 优势环节


def test_every_number_says_what_it_means(page, base_url):
    _open(page, base_url + CHENGDU + "/gaps")
    assert "0–1" in page.locator(".gaps-table th .help").first.get_attribute("title")
    page.goto(base_url + CHENGDU + "/panorama?node=display.driver_ic")
    for stat in ("lq", "rca", "density"):
        dt = page.locator(f'#link-panel dd[data-stat="{stat}"]').locator("xpath=preceding-sibling::dt[1]/span")
        assert dt.get_attribute("title")
    page.goto(base_url + CHENGDU + "/targets")
    for key in ("score", "feasibility", "value"):
        assert "0–1" in page.locator(f'th[data-sort="{key}"]').get_attribute("title")


def test_the_overview_gives_a_verdict_a_date_and_a_working_download(page, base_url, chengdu):
    _, report = chengdu
    _open(page, base_url + CHENGDU + "/overview", "zh", (1366, 768))
    verdict = page.locator("#verdict")
    expect()(verdict).to_contain_text(f"完备度 {report.completeness * 100:.1f}%")
    expect()(verdict).to_contain_text(f"缺失环节 {report.counts.missing} 个")
    expect()(verdict).to_contain_text(report.fill[0].name)
    expect()(page.locator("[data-date]")).to_have_text(re.compile(r"数据文件更新于 \d{4}-\d\d-\d\d"))
    strip = page.locator("#chain-strip .strip-link")  # the chain at a glance: one square per link, in its status
    expect()(strip).to_have_count(len(report.links))
    assert {x.get_attribute("data-node"): x.get_attribute("data-status") for x in strip.all()} == {
        x.node_id: x.status.value for x in report.links}
    with page.expect_download() as info:
        page.click("#overview-download")
    assert info.value.suggested_filename.endswith(".xlsx")
    shot(page, "overview-verdict")


def test_the_status_matrix_colours_match_each_citys_gap_statuses(page, base_url, seed_store):
    _open(page, base_url + CHENGDU + "/compare?with=420100,440300")
    cells = page.locator(".status-matrix td[data-status]")
    expect()(cells.first).to_be_visible()
    for code in ("510100", "420100", "440300"):
        report = gap_report(seed_store, "display", resolve_scope(seed_store, region=code))
        got = {c.evaluate("(td) => td.parentElement.dataset.node"): c.get_attribute("data-status")
               for c in page.locator(f'.status-matrix td[data-code="{code}"]').all()}
        assert got == {x.node_id: x.status.value for x in report.links}
    legend = page.locator('.heat-legend [data-status="strong"] .swatch').first  # one legend, used by both matrices
    cell = page.locator('.status-matrix td[data-status="strong"]').first
    assert legend.evaluate("e => getComputedStyle(e).backgroundColor") == cell.evaluate("e => getComputedStyle(e).backgroundColor")


def test_an_eleventh_city_gets_a_message_and_a_chain_switch_keeps_the_cities(page, base_url):
    ten = "420100,440300,110000,310000,320500,340100,500000,350200,510700"
    _open(page, base_url + CHENGDU + f"/compare?with={ten}")
    expect()(page.locator(".compare-table tbody tr")).to_have_count(10)
    add = page.locator(".similar-table button").first
    if add.count():
        add.click()
        expect()(page.locator("#compare-limit")).to_contain_text("最多对比 10 个")
    page.goto(base_url + CHENGDU + f"/compare?with={ten},441300")
    expect()(page.locator("#compare-limit")).to_be_visible()
    assert page.locator("#page .error").count() == 0
    expect()(page.locator(".compare-table tbody tr")).to_have_count(10)
    page.select_option("#chain-select", "icv")
    page.wait_for_url(re.compile(r"#/icv/510100/compare\?with="))
    expect()(page.locator(".compare-table tbody tr")).to_have_count(10)


def test_a_what_if_survives_a_reload(page, base_url, seed_store, chengdu):
    from app.analysis.service import what_if

    scope, _ = chengdu
    _open(page, base_url + CHENGDU + "/roadmap")
    first = page.locator('.phase[data-phase="near"] input[type=checkbox]').first
    enterprise = first.get_attribute("data-enterprise")
    first.check()
    expected = what_if(seed_store, "display", scope, [enterprise])
    after = f"{expected.after.completeness * 100:.1f}%"
    expect()(page.locator("#whatif-result tbody tr").first).to_contain_text(after)
    assert f"land={enterprise}" in page.url
    page.reload()
    expect()(page.locator(f'input[data-enterprise="{enterprise}"]').first).to_be_checked()
    expect()(page.locator("#whatif-result tbody tr").first).to_contain_text(after)
    page.click("#whatif-panorama")  # the same what-if drawn on the panorama (远景图·推演后)
    expect()(page.locator('#panorama-chart[data-view="whatif"] canvas').first).to_be_visible()
    shown = dict(page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('panorama-chart'))
        .getOption().series[0].data.map((d) => [d.node_id, d.shown])"""))
    changed = {c.node_id: c.after.value for c in expected.changed}
    assert {n: s for n, s in shown.items() if n in changed} == changed
    for s in ("strong", "weak", "missing"):
        expect()(page.locator(f'.legend-item[data-status="{s}"]')).to_contain_text(str(getattr(expected.after.counts, s)))


def test_the_vision_map_shows_the_plan_after_each_phase_and_the_maps_download(page, base_url, seed_store, chengdu):
    from app.analysis.service import build_roadmap

    scope, report = chengdu
    plan = build_roadmap(seed_store, "display", scope)
    _open(page, base_url + CHENGDU + "/panorama")
    page.locator('.view-switch [data-view="mid"]').click()
    expect()(page.locator('#panorama-chart[data-view="mid"] canvas').first).to_be_visible()
    planned = {i.node_id for p in plan.phases[:2] for i in p.items if i.mode.value != "fuse"}
    shown = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('panorama-chart'))
        .getOption().series[0].data.map((d) => [d.node_id, d.shown])""")
    got = dict(shown)
    assert {n for n, s in got.items() if s == "planned"} == planned
    assert {n for n, s in got.items() if s == "not_pursued"} == {x.node_id for x in plan.not_pursued}
    expect()(page.locator('.legend-item[data-status="planned"]')).to_contain_text(str(len(planned)))
    page.reload()
    expect()(page.locator('.view-switch .subtab.active')).to_have_attribute("data-view", "mid")
    shot(page, "panorama-vision-mid")
    with page.expect_download() as info:
        page.click('[data-image="panorama-png"]')
    with open(info.value.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    page.goto(base_url + CHENGDU + "/roadmap")
    with page.expect_download() as info:
        page.click('[data-image="roadmap-svg"]')
    with open(info.value.path(), "rb") as f:
        assert b"<svg" in f.read(4000)


def test_the_presence_fit_scatter_has_one_point_per_link_in_its_status_colour(page, base_url, chengdu):
    from app.outputs import style

    _, report = chengdu
    _open(page, base_url + CHENGDU + "/gaps")
    expect()(page.locator("#fit-chart canvas").first).to_be_visible()
    points = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('fit-chart')).getOption().series[0].data
        .map((d) => [d.node_id, d.itemStyle.color, d.quadrant, d.value[1]])""")
    assert sorted(p[0] for p in points) == sorted(x.node_id for x in report.links)
    links = {x.node_id: x for x in report.links}
    densities = sorted(x.density for x in report.links)
    n = len(densities)
    fit = densities[n // 2] if n % 2 else (densities[n // 2 - 1] + densities[n // 2]) / 2
    for node, colour, quad, _ in points:
        x = links[node]
        assert colour == style.STATUS_FILL[x.status]
        assert quad == {(True, True): "strengthen", (False, True): "fill", (True, False): "extend", (False, False): "hold"}[
            (x.lq >= 1, x.density >= fit)]
    assert page.locator("#fit-chart").get_attribute("data-points") == str(len(report.links))


def test_the_target_map_shows_chengdus_candidates_by_kind_and_opens_an_enterprise(page, base_url, seed_store, chengdu):
    scope, _ = chengdu
    table = target_table(seed_store, "display", scope, 200)
    regions = seed_store.regions()
    _open(page, base_url + CHENGDU + "/targets?kind=partner&show=map")
    expect()(page.locator("#target-map canvas").first).to_be_visible()
    expect()(page.locator("#target-map")).to_have_attribute("data-points", re.compile(r"\d+"))
    colours = page.evaluate("""() => Object.fromEntries(['key', 'supporting', 'expansion', 'partner'].map((k) =>
        [k, getComputedStyle(document.querySelector(`.legend-item[data-kind="${k}"] .dot`)).backgroundColor]))""")
    assert len(set(colours.values())) == 4  # one colour per kind, named in the legend
    page.select_option('select[data-filter="kind"]', "")
    placed = [r for r in table.rows if r.region_code in regions and regions.get(r.region_code).lon is not None]
    expect()(page.locator("#target-map")).to_have_attribute("data-points", str(len(placed)))  # the rows the list shows, all kinds
    points = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('target-map')).getOption().series
        .find((s) => s.id === 'targets').data.map((d) => [d.row.enterprise_id, d.row.kind, d.itemStyle.color])""")
    assert sorted(p[0] for p in points) == sorted(r.enterprise_id for r in placed)
    kinds = {r.enterprise_id: r.kind.value for r in table.rows}
    assert all(kind == kinds[e] for e, kind, _ in points)
    by_kind = {kind: colour for _, kind, colour in points}
    assert len(by_kind) == len({k for _, k, _ in points}) == len(set(by_kind.values()))  # kinds told apart by colour
    assert {"key", "expansion", "partner"} <= set(by_kind)
    page.reload()
    expect()(page.locator('.show-switch .subtab.active')).to_have_attribute("data-show", "map")
    shot(page, "target-map")
    node = chengdu[1].fill[0].node_id  # from a link on the panorama to its candidates on the map
    page.goto(base_url + CHENGDU + f"/panorama?node={node}")
    page.locator(f'#link-panel [data-map-link="{node}"]').click()
    expect()(page.locator('select[data-filter="node"]')).to_have_value(node)
    for_link = [r for r in placed if node in r.node_ids]
    expect()(page.locator("#target-map")).to_have_attribute("data-points", str(len(for_link)))


def test_the_big_screen_mode_enlarges_the_overview_and_stays_on(page, base_url):
    _open(page, base_url + CHENGDU + "/overview", "zh", (1920, 1080))
    size = lambda: page.locator('[data-kpi="completeness"] .card-value').evaluate("e => parseFloat(getComputedStyle(e).fontSize)")  # noqa: E731
    before = size()
    page.click("#big-button")
    expect()(page.locator("#big-button")).to_have_text("退出大屏")
    assert size() >= before * 1.5
    page.reload()
    expect()(page.locator("body.big")).to_have_count(1)
    shot(page, "overview-big-screen")


def test_the_province_matrix_gives_each_chain_in_each_city_its_status_mix(page, base_url, seed_store):
    from app.services.ranking import scope_ranking

    _open(page, base_url + CHENGDU + "/compare")
    matrix = page.locator(".province-matrix")
    expect()(matrix).to_be_visible()
    checked = 0
    for chain in seed_store.chains():
        rows = [x for x in scope_ranking(seed_store, chain.id, None, None)["rows"] if x["scope"]["code"].startswith("51")]
        for x in rows:
            cell = matrix.locator(f'tr[data-chain="{chain.id}"] td[data-code="{x["scope"]["code"]}"]')
            c = x["counts"]
            assert cell.get_attribute("data-counts") == f"{c['strong']}/{c['weak']}/{c['missing']}"
            checked += 1
    assert checked >= 3  # 成都 on several chains, and other cities of 四川
    legend = page.locator('#province-matrix').locator("xpath=..").locator('.heat-legend [data-status="missing"] .swatch')
    part = matrix.locator('.mix-part[data-status="missing"]').first
    assert legend.evaluate("e => getComputedStyle(e).backgroundColor") == part.evaluate("e => getComputedStyle(e).backgroundColor")
