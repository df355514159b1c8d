"""The panorama's 招商地图 of one link (issue 22, item 1) in headless Chromium over the seed.

Choosing a link shows the scope, that link's local enterprises and the candidates for it, sized by score and
coloured by kind, with distance rings; a click on a dot opens the enterprise. Expected values come from the
analyses and the store, never from the page.
"""
from __future__ import annotations

import pytest

from app.analysis.service import resolve_scope, target_table
from app.store.base import EnterpriseQuery, ScopeFilter
from tests.web.conftest import shot
from tests.web.test_dashboard_views import CHENGDU, _open, expect

pytestmark = pytest.mark.browser
LINK = "display.glass_substrate"  # weak in 成都: two local plants, and candidates of every kind


@pytest.fixture(scope="module")
def expected(seed_store):
    scope = resolve_scope(seed_store, region="成都")
    regions = seed_store.regions()
    placed = lambda code: code in regions and regions.get(code).lon is not None  # noqa: E731
    rows = [r for r in target_table(seed_store, "display", scope, 200).rows if LINK in r.node_ids and placed(r.region_code)]
    region = regions.get(scope.code)
    local, _ = seed_store.find_enterprises(EnterpriseQuery(node_id=LINK, scope=ScopeFilter.region(region.code, region.level), limit=50))
    return rows, [e for e in local if placed(e.region_code)]


def _series(page, sid):
    return page.evaluate(f"""() => echarts.getInstanceByDom(document.getElementById('link-map')).getOption().series
        .find((s) => s.id === '{sid}').data""")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_links_map_shows_its_local_enterprises_and_its_candidates_by_kind(page, base_url, expected, lang):
    rows, local = expected
    assert rows and local and len({r.kind.value for r in rows}) >= 3  # the case is worth drawing: several kinds
    _open(page, base_url + CHENGDU + f"/panorama?node={LINK}", lang)
    box = page.locator("#link-map")
    expect()(box.locator("canvas").first).to_be_visible()
    expect()(box).to_have_attribute("data-points", str(len(rows)))
    expect()(box).to_have_attribute("data-local", str(len(local)))
    points = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('link-map')).getOption().series
        .find((s) => s.id === 'targets').data.map((d) => [d.row.enterprise_id, d.row.kind, d.itemStyle.color, d.value[2]])""")
    assert sorted(p[0] for p in points) == sorted(r.enterprise_id for r in rows)
    kinds = {r.enterprise_id: r.kind.value for r in rows}
    scores = {r.enterprise_id: r.score for r in rows}
    assert all(kind == kinds[e] and abs(score - scores[e]) < 1e-3 for e, kind, _, score in points)  # sized by the row's score
    legend = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#link-panel .legend-item[data-kind]')]
        .map((x) => [x.dataset.kind, getComputedStyle(x.querySelector('.dot')).backgroundColor]))""")
    rgb = lambda hexa: "rgb({}, {}, {})".format(*(int(hexa[i:i + 2], 16) for i in (1, 3, 5)))  # noqa: E731
    assert all(legend[kind] == rgb(colour) for _, kind, colour, _ in points)  # each dot in its kind's legend colour
    assert len(set(legend.values())) == len(legend) == 5  # four kinds and the local enterprises, told apart
    assert sorted(d["ent"]["id"] for d in _series(page, "local")) == sorted(e.id for e in local)
    rings = _series(page, "rings")
    assert [r["name"] for r in rings] == ["300 km", "800 km", "1500 km"]
    assert len(_series(page, "home")) == 1  # the scope itself
    shot(page, f"link-map-{lang}")


def test_a_click_on_a_candidate_opens_the_enterprise_and_the_map_follows_the_link(page, base_url, expected):
    rows, _ = expected
    _open(page, base_url + CHENGDU + f"/panorama?node={LINK}")
    box = page.locator("#link-map")
    expect()(box).to_have_attribute("data-points", str(len(rows)))
    best = max(rows, key=lambda r: r.score)
    x, y = page.evaluate(f"""() => {{
        const chart = echarts.getInstanceByDom(document.getElementById('link-map'));
        const d = chart.getOption().series.find((s) => s.id === 'targets').data.find((p) => p.row.enterprise_id === '{best.enterprise_id}');
        return chart.convertToPixel({{ seriesId: 'targets' }}, d.value.slice(0, 2));
    }}""")
    at = box.bounding_box()
    # another dot in the same city may lie on top: whichever is hit, the page opens that enterprise
    same_place = {r.enterprise_id for r in rows if r.region_code == best.region_code}
    page.mouse.click(at["x"] + x, at["y"] + y)
    expect()(page).to_have_url(__import__("re").compile(r"/enterprises\?e="))
    assert page.url.split("e=")[1] in same_place
    # another link redraws the map for that link
    page.goto(base_url + CHENGDU + "/panorama?node=display.driver_ic")
    expect()(page.locator("#link-map")).to_have_attribute("data-node", "display.driver_ic")
    expect()(page.locator("#link-map")).to_have_attribute("data-local", "0")
