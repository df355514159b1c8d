"""The two stores give identical answers on the same data: every primitive, then every analysis.

Runs on the toy data and on the seed data (seed/). Each answer of the embedded store is compared
with the Neo4j store's, order included where the contract fixes an order; analyses are compared
as the JSON the CLI and the API print.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from app.datadir.io import read_data_dir
from app.errors import InvalidInput
from app.settings import SEED_DIR
from app.store.base import EnterpriseQuery, GraphStore, ScopeFilter
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import LinkGrade, RegionLevel
from tests.store.conftest import make_store

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module", params=["toy", pytest.param("seed", marks=pytest.mark.slow)])
def twin(request, toy_dataset):
    """(embedded store, Neo4j store) holding the same data set."""
    if request.param == "toy":
        ds = toy_dataset
    else:
        if not (SEED_DIR / "enterprises.csv").exists():
            pytest.skip("seed/enterprises.csv is not there yet")
        try:
            ds = read_data_dir(SEED_DIR)
        except InvalidInput as exc:
            pytest.skip(f"the seed data does not validate yet: {exc.message}")
    return EmbeddedStore(ds), make_store("neo4j", ds, request)


def region_scopes(store: GraphStore) -> list[ScopeFilter]:
    """One scope of each shape where the data is densest: two cities, a province, a county, two parks."""
    regions = store.regions()
    ds = store.export()
    cities = Counter(regions.city_of(e.region_code) for e in ds.enterprises if regions.city_of(e.region_code))
    counties = Counter(e.region_code for e in ds.enterprises if regions.get(e.region_code).level is RegionLevel.county)
    parks = Counter(m.park_id for m in ds.park_members)
    busiest = [c for c, _ in cities.most_common(2)]
    return ([ScopeFilter.region(c, RegionLevel.city) for c in busiest]
            + [ScopeFilter.region(regions.province_of(busiest[0]), RegionLevel.province)]
            + [ScopeFilter.region(c, RegionLevel.county) for c, _ in counties.most_common(1)]
            + [ScopeFilter.park(p) for p, _ in parks.most_common(2)])


def primitive_answers(store: GraphStore, scopes: list[ScopeFilter]) -> dict:
    out: dict = {"stats": store.stats(), "parks": store.parks(), "regions": store.regions().regions}
    ds = store.export()
    ids = [e.id for e in ds.enterprises]
    for t in store.chains():
        out[("template", t.id)] = (t.chain, t.nodes, t.feeds, t.related)
        out[("city_counts", t.id)] = store.city_node_counts(t.id)
        for scope in [None, *scopes]:
            out[("counts", t.id, scope)] = list(store.node_counts(t.id, scope).items())
        for scope in scopes:
            out[("members", t.id, scope)] = store.chain_members(t.id, scope)
            out[("outside", t.id, scope)] = [store.node_members(n, scope, inside=False) for n in t.leaf_ids]
        out[("find", t.id)] = store.find_enterprises(EnterpriseQuery(chain_id=t.id, limit=20, offset=5))
    out["enterprises"] = store.enterprises(ids)
    out["links"] = store.enterprise_links(ids)
    out["supply"] = store.supply_of(ids)
    out["uscc"] = store.ids_by_uscc([e.uscc for e in ds.enterprises if e.uscc])
    out["parks_of"] = {i: store.park_ids_of(i) for i in ids[:100]}
    for grade in LinkGrade:
        out[("grade", grade)] = store.links_by_grade(grade, 25, 10)
    for scope in scopes:
        out[("find", scope)] = store.find_enterprises(EnterpriseQuery(scope=scope, include_inactive=False, limit=1000))
    out["find_text"] = store.find_enterprises(EnterpriseQuery(text="有限公司", limit=30))
    return out


def test_every_primitive_answers_the_same(twin):
    embedded, neo = twin
    scopes = region_scopes(embedded)
    expected, found = primitive_answers(embedded, scopes), primitive_answers(neo, scopes)
    assert expected.keys() == found.keys()
    different = [k for k in expected if expected[k] != found[k]]
    assert not different, f"{len(different)} answers differ, first {different[0]}"


def _analyses(store: GraphStore) -> dict[str, str]:
    service = pytest.importorskip("app.analysis.service")
    from app.analysis.compare import compare_scopes
    from app.analysis.whatif import what_if

    out = {}
    filters = region_scopes(store)
    scopes = [service.resolve_scope(store, park=f.code) if f.kind == "park" else service.resolve_scope(store, region=f.code)
              for f in filters]
    shapes = {(f.kind, f.level): scope for f, scope in reversed(list(zip(filters, scopes, strict=True)))}  # the first of each shape
    for t in store.chains():
        for scope in shapes.values():
            report = service.gap_report(store, t.id, scope)
            table = service.target_table(store, t.id, scope, report=report)
            out[f"gaps {t.id} {scope.code}"] = report.model_dump(mode="json")
            out[f"targets {t.id} {scope.code}"] = table.model_dump(mode="json")
            # with a limit, only the rows kept are built (both stores through the same column scoring)
            out[f"targets10 {t.id} {scope.code}"] = service.target_table(store, t.id, scope, limit=10,
                                                                         report=report).model_dump(mode="json")
            out[f"roadmap {t.id} {scope.code}"] = service.build_roadmap(store, t.id, scope).model_dump(mode="json")
            landed = [row.enterprise_id for row in table.rows[:3]]
            if landed:
                out[f"whatif {t.id} {scope.code}"] = what_if(store, t.id, scope, landed).model_dump(mode="json")
        region_only = [s for s in scopes if s.kind != "park"]
        out[f"compare {t.id}"] = compare_scopes(store, t.id, region_only).model_dump(mode="json")
    return {k: json.dumps(v, ensure_ascii=False, sort_keys=True) for k, v in out.items()}


def test_every_analysis_prints_the_same_json(twin):
    embedded, neo = twin
    expected, found = _analyses(embedded), _analyses(neo)
    assert expected.keys() == found.keys()
    different = [k for k in expected if expected[k] != found[k]]
    assert not different, f"{len(different)} analyses differ, first {different[0]}"
