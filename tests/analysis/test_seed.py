"""End to end on the seed data: what a Chengdu display official would check."""
from __future__ import annotations

import pytest

from app.analysis import service
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore

pytestmark = pytest.mark.skipif(not (SEED_DIR / "enterprises.csv").exists(), reason="the seed data is not there yet")


@pytest.fixture(scope="module")
def seed():
    return EmbeddedStore.open(SEED_DIR)


@pytest.fixture(scope="module")
def chengdu_display(seed):
    return service.gap_report(seed, "display", resolve_scope(seed, region="成都"))


def test_chengdu_upstream_gaps_appear_under_fill_with_reasons(seed, chengdu_display):
    r = chengdu_display
    upstream_missing = {x.node_id for x in r.links if x.stage == "upstream" and x.status is Status.missing}
    assert upstream_missing, "Chengdu should lack some upstream display links"
    fill = {e.node_id: e for e in r.fill}
    assert upstream_missing <= set(fill)
    for node_id in upstream_missing:
        assert fill[node_id].reasons[0].zh.startswith("本地缺失该环节")
        assert sum(fill[node_id].factors.values()) == pytest.approx(fill[node_id].priority)
    # the heaviest missing core / choke-point upstream links lead the list
    top = r.fill[0]
    assert top.factors["core"] > 0 or top.factors["chokepoint"] > 0


def test_boe_local_supporting_rate_is_reported(chengdu_display):
    boe = [x for x in chengdu_display.leaders if "京东方" in x.name]
    assert boe, "a BOE plant is a 链主 in Chengdu"
    leader = boe[0]
    assert 0 <= leader.supporting_rate <= 1
    assert leader.supporting_rate == pytest.approx(len(leader.covered_supplier_links) / len(leader.supplier_links))
    assert "本地配套率" in leader.reasons[0].zh


def test_every_link_and_entry_is_explained(chengdu_display):
    d = chengdu_display.model_dump(mode="json")
    assert all(link["reasons"] for link in d["links"])
    assert all(e["reasons"] for mode in ("fill", "strengthen", "extend", "build", "fuse") for e in d[mode])
    assert 0 < d["completeness"] < 1 and d["strength"] <= d["completeness"]


def test_targets_lie_outside_chengdu_and_are_active(seed):
    scope = resolve_scope(seed, region="成都")
    table = service.target_table(seed, "display", scope, limit=20)
    assert table.key and table.supporting
    found = seed.enterprises([r.enterprise_id for r in table.rows])
    regions = seed.regions()
    assert all(regions.city_of(e.region_code) != "510100" and e.active for e in found.values())
    assert all(r.reasons for r in table.rows)


def test_roadmap_and_whatif_on_the_seed(seed):
    scope = resolve_scope(seed, region="成都")
    roadmap = service.build_roadmap(seed, "display", scope)
    afters = [p.completeness_after for p in roadmap.phases]
    assert roadmap.completeness_now <= afters[0] <= afters[1] <= afters[2] == pytest.approx(1.0)
    first = roadmap.phases[0].items[0]
    if first.targets:
        w = service.what_if(seed, "display", scope, [first.targets[0].enterprise_id])
        assert w.after.completeness >= w.before.completeness


def test_compare_finds_similar_cities(seed):
    c = service.compare_scopes(seed, "display", [resolve_scope(seed, region=r) for r in ("成都", "合肥", "武汉")])
    assert [s.scope.code for s in c.scopes] == ["510100", "340100", "420100"]
    assert c.similar and all(s.code != "510100" for s in c.similar)
    assert [s.similarity for s in c.similar] == sorted((s.similarity for s in c.similar), reverse=True)
