"""The analyses over HTTP on the toy data, with answers computed by hand (see tests/fixtures/builders.py).

Chengdu holds a1 a2 a3 in toy.a (a1 链主+上市) and c1 in toy.c (上市); the weak threshold is 2 and
the leaf weights a .5, b .25, c 1, d .5, e .5, f .25 add up to 3. So in Chengdu toy.a is strong,
toy.c weak (one enterprise), the other four missing: completeness 1.5/3 = .5, strength .5/3.
"""
from __future__ import annotations

import pytest

from tests.api.conftest import as_role

V, A = as_role("viewer"), as_role("analyst")


def test_panorama_is_the_chain_tree_with_statuses(client):
    p = client.get("/chains/toy/panorama", params={"region": "成都"}, headers=V).json()
    assert p["scope"] == {"kind": "region", "code": "510100", "name": "成都市", "level": "city"}
    assert (p["completeness"], p["strength"], p["counts"]) == (0.5, 0.1667, {"strong": 1, "weak": 1, "missing": 4})
    assert [s["stage"] for s in p["stages"]] == ["upstream", "midstream", "downstream"]
    segments = {seg["id"]: [x["node_id"] for x in seg["links"]] for s in p["stages"] for seg in s["segments"]}
    assert segments == {"toy.mat": ["toy.a", "toy.b"], "toy.mfg": ["toy.c", "toy.d"], "toy.app": ["toy.e", "toy.f"]}
    links = {x["node_id"]: x for s in p["stages"] for seg in s["segments"] for x in seg["links"]}
    assert (links["toy.a"]["status"], links["toy.a"]["local_count"], links["toy.a"]["key_count"]) == ("strong", 3, 1)
    assert links["toy.a"]["key_enterprises"] == [{"id": "a1", "name": "甲一材料有限公司"}]
    assert (links["toy.c"]["status"], links["toy.c"]["local_count"]) == ("weak", 1)
    assert "少于阈值 2 家" in links["toy.c"]["reasons"][0]["zh"]
    assert links["toy.f"]["status"] == "missing" and links["toy.f"]["national_count"] == 0  # f1 is 注销
    assert ["toy.a", "toy.c"] in p["feeds"]


def test_panorama_of_a_park(client):
    p = client.get("/chains/toy/panorama", params={"park": "toy-park"}, headers=V).json()
    assert p["scope"]["kind"] == "park" and p["scope"]["level"] is None
    assert p["counts"] == {"strong": 1, "weak": 0, "missing": 5}  # a1, a2 in toy.a with a key enterprise


def test_gaps_lists_the_modes_with_reasons(client):
    g = client.get("/chains/toy/gaps", params={"region": "510100"}, headers=V).json()
    assert [e["node_id"] for e in g["fill"]] == ["toy.b", "toy.e", "toy.f", "toy.d"]
    assert [e["node_id"] for e in g["strengthen"]] == ["toy.c"]
    assert g["extend"] == []  # one link, one mode: b, e, f sit under 补链 (c is weak, so nothing to extend from)
    assert all(e["reasons"] for m in ("fill", "strengthen", "extend") for e in g[m])
    assert {x["node_id"]: x["rule"] for x in g["links"] if x["rule"]} == {"toy.a": "count"}
    assert "chain_id" not in g["fill"][0]  # the CLI's JSON shape: fuse-only keys stay out
    assert [x["enterprise_id"] for x in g["leaders"]] == ["a1"]


def test_gaps_thresholds_change_the_answer(client):
    # With a weak threshold of 4, toy.a (3 enterprises) fails the count rule but stays strong by its 链主 a1.
    g = client.get("/chains/toy/gaps", params={"region": "成都", "weak_threshold": 4}, headers=V).json()
    assert g["counts"] == {"strong": 1, "weak": 1, "missing": 4}
    assert next(x for x in g["links"] if x["node_id"] == "toy.a")["rule"] == "leader"
    # Completeness .5 is below a build threshold of .9: 建链 proposes the core links not yet strong.
    g = client.get("/chains/toy/gaps", params={"region": "成都", "build_threshold": 0.9}, headers=V).json()
    assert {e["node_id"] for e in g["build"]} == {"toy.c"}
    assert "candidates" in g["build"][0]


@pytest.mark.parametrize("params", [{"region": "成都", "weak_threshold": 0}, {"region": "成都", "build_threshold": 1.5},
                                    {"region": "x" * 41}, {"park": "bad park"}])
def test_out_of_bounds_parameters_are_422(client, params):
    r = client.get("/chains/toy/gaps", params=params, headers=V)
    assert r.status_code == 422 and r.json()["errors"][0]["location"] == "query"


def test_scope_must_be_one_region_or_one_park(client):
    missing = client.get("/chains/toy/gaps", headers=V)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "scope"
    r = client.get("/chains/toy/gaps", params={"region": "成都", "park": "toy-park"}, headers=V)
    assert r.status_code == 422 and "只能给出一个" in r.json()["detail"]


def test_unknown_chain_region_and_park_are_404(client):
    assert client.get("/chains/nope/gaps", params={"region": "成都"}, headers=V).status_code == 404
    assert client.get("/chains/toy/gaps", params={"region": "不存在的地方"}, headers=V).status_code == 404
    assert client.get("/chains/toy/gaps", params={"park": "no-park"}, headers=V).status_code == 404


def test_compare_regions_and_similar_cities(client):
    c = client.get("/chains/toy/compare", params={"regions": "成都,武汉"}, headers=V).json()
    assert [s["scope"]["code"] for s in c["scopes"]] == ["510100", "420100"]
    assert c["scopes"][1]["completeness"] == 0.4167  # b (.25) and c (1) present in Wuhan: 1.25/3
    assert c["scopes"][0]["link_counts"]["toy.a"] == 3
    # cosine((a3, c1), (b1, c1)) = 1 / (√10 · √2) = .2236; Beijing shares no link with Chengdu.
    assert c["similar"] == [{"code": "420100", "name": "武汉市", "kind": "region", "similarity": 0.2236}]


def test_compare_list_is_bounded(client):
    r = client.get("/chains/toy/compare", params={"regions": ",".join(f"地区{i}" for i in range(11))}, headers=V)
    assert r.status_code == 422 and "最多对比 10 个" in r.json()["detail"]
    # a repeated name is asked once (ten times 成都 is one region), but every name given counts toward the ten, as
    # the parameter's schema pattern says: eleven times 成都 is refused like eleven regions
    once = client.get("/chains/toy/compare", params={"regions": ",".join(["成都"] * 10)}, headers=V)
    assert once.status_code == 200 and [s["scope"]["code"] for s in once.json()["scopes"]] == ["510100"]
    assert client.get("/chains/toy/compare", params={"regions": ",".join(["成都"] * 11)}, headers=V).status_code == 422
    assert client.get("/chains/toy/compare", params={"regions": " , "}, headers=V).status_code == 422


def test_targets_are_outside_the_scope_and_explained(client):
    t = client.get("/chains/toy/targets", params={"region": "成都"}, headers=A).json()
    rows = t["rows"]
    # groups working in the gap links b, c, d, e, f outside Chengdu; f1 is 注销 and never proposed
    assert {(r["enterprise_id"], r["node_ids"][0]) for r in rows} == {("b1", "toy.b"), ("c2", "toy.c"), ("d1", "toy.d"), ("e1", "toy.e")}
    assert [r["kind"] for r in rows if r["enterprise_id"] == "e1"] == ["key"]  # 小巨人
    for r in rows:
        assert abs(sum(r["factors"]["feasibility"].values()) - r["feasibility"]) < 1e-3 and r["reasons"]
        assert abs(sum(r["factors"]["value"].values()) - r["value"]) < 1e-3
        assert set(r) >= {"role", "members", "present_via", "score"}
    b1 = next(r for r in rows if r["enterprise_id"] == "b1")
    assert b1["tie"] == 1.0  # b1 supplies c1 in Chengdu: a full 以商招商 tie
    assert any("以商招商" in reason["zh"] for reason in b1["reasons"])


def test_targets_weights_and_limit(client):
    t = client.get("/chains/toy/targets", params={"region": "成都", "w_tie": 0, "limit": 1}, headers=A).json()
    assert t["weights"]["tie"] == 0.0 and all(r["factors"]["feasibility"]["tie"] == 0 for r in t["rows"])
    assert sorted(r["kind"] for r in t["rows"]) == ["key", "supporting"]  # one row of each kind present
    assert client.get("/chains/toy/targets", params={"region": "成都", "limit": 501}, headers=A).status_code == 422


def test_roadmap_phases_follow_the_feeds(client):
    r = client.get("/chains/toy/roadmap", params={"region": "成都"}, headers=A).json()
    phases = {p["phase"]: p for p in r["phases"]}
    assert [p["label"] for p in r["phases"]] == ["近期", "中期", "远期"]
    assert r["completeness_now"] == 0.5
    assert [p["target_completeness"] for p in r["phases"]] == [0.5, 0.5833, 0.5833]
    assert [x["node_id"] for x in r["not_pursued"]] == ["toy.d", "toy.e", "toy.f"] and r["density_floor"] == 0.15
    mid = {i["node_id"]: i for i in phases["mid"]["items"]}
    assert [i["node_id"] for i in phases["near"]["items"]] == ["toy.c"]  # the weak core link first
    assert mid["toy.b"]["after"] == ["toy.c"]  # b serves c, which comes first
    assert [t["enterprise_id"] for t in mid["toy.b"]["targets"]] == ["b1"]
    pinned = client.get("/chains/toy/roadmap", params=[("region", "成都"), ("include", "丁模组"), ("exclude", "toy.b")],
                        headers=A).json()
    assert (pinned["included"], pinned["excluded"]) == (["toy.d"], ["toy.b"])
    assert [[i["node_id"] for i in p["items"]] for p in pinned["phases"]] == [["toy.c"], [], ["toy.d"]]
    bad = client.get("/chains/toy/roadmap", params={"region": "成都", "exclude": "没有这个"}, headers=A)
    assert bad.status_code == 404 and "没有这个" in bad.json()["detail"]  # a link that names nothing, as a scope
    few = client.get("/chains/toy/roadmap", params={"region": "成都", "targets_per_link": 0}, headers=A).json()
    assert all(not i["targets"] for p in few["phases"] for i in p["items"])


def test_whatif_lands_enterprises(client):
    w = client.post("/chains/toy/whatif", json={"region": "成都", "land": ["b1"]}, headers=A).json()
    # b1 is the only enterprise of toy.b nationwide, so the largest: strong by the scale rule
    assert w["changed"] == [{"node_id": "toy.b", "name": "乙材料", "before": "missing", "after": "strong"}]
    assert (w["before"]["completeness"], w["after"]["completeness"]) == (0.5, 0.5833)
    w = client.post("/chains/toy/whatif", json={"park": "toy-park", "land": ["a3"]}, headers=A).json()
    assert w["changed"] == [] and w["after"]["counts"] == w["before"]["counts"]  # a3 in toy.a, already strong


@pytest.mark.parametrize(("body", "status"), [
    ({"region": "成都", "land": []}, 422),
    ({"region": "成都", "land": ["x"] * 51}, 422),
    ({"region": "成都", "land": ["no-such-firm"]}, 404),
    ({"region": "成都", "land": ["f1"]}, 422),             # 注销: cannot land
    ({"region": "成都", "park": "toy-park", "land": ["b1"]}, 422),
    ({"region": "成都", "land": ["b1"], "extra": 1}, 422),
])
def test_whatif_refuses_bad_requests(client, body, status):
    assert client.post("/chains/toy/whatif", json=body, headers=A).status_code == status


VIEWER_PATHS = ["/chains/toy/panorama?region=成都", "/chains/toy/gaps?region=成都", "/chains/toy/compare?regions=成都"]
ANALYST_PATHS = ["/chains/toy/targets?region=成都", "/chains/toy/roadmap?region=成都"]


@pytest.mark.parametrize("path", VIEWER_PATHS + ANALYST_PATHS)
def test_every_analysis_needs_a_key(client, path):
    r = client.get(path)
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(("path", "viewer_status"), [(p, 200) for p in VIEWER_PATHS] + [(p, 403) for p in ANALYST_PATHS])
def test_viewer_cannot_read_targets_or_roadmap(client, path, viewer_status):
    assert client.get(path, headers=V).status_code == viewer_status
    assert client.get(path, headers=A).status_code == 200
    assert client.get(path, headers=as_role("admin")).status_code == 200


def test_viewer_cannot_run_whatif(client):
    body = {"region": "成都", "land": ["b1"]}
    assert client.post("/chains/toy/whatif", json=body).status_code == 401
    r = client.post("/chains/toy/whatif", json=body, headers=V)
    assert r.status_code == 403 and "analyst" in r.json()["detail"]
