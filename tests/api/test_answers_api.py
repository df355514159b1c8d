"""Analysis answers serialized once and reused until the data changes (app.api.answers), on the toy data.

In Chengdu toy.b is missing (no enterprise there); landing one enterprise in toy.b makes it weak.
Every test asks the same question before and after a write and checks the answer follows the data.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.analysis.results import Compare, GapReport, Panorama, Roadmap, TargetTable, WhatIf
from app.api.answers import Answer, AnswerCache
from app.api.main import create_app
from app.store.base import ChangeSet
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink
from tests.api.conftest import as_role

A, ADMIN = as_role("analyst"), as_role("admin")
GAPS = "/chains/toy/gaps"
CHENGDU = {"region": "成都"}


def toy_b(response) -> dict:
    return next(x for x in response.json()["links"] if x["node_id"] == "toy.b")


def land_in_toy_b(client: TestClient, eid: str = "n1") -> None:
    r = client.post("/enterprises", json={"id": eid, "name": "新企业", "region_code": "510107",
                                          "links": [{"node_id": "toy.b"}]}, headers=ADMIN)
    assert r.status_code == 201


@pytest.mark.parametrize(("path", "model", "params"), [
    (GAPS, GapReport, CHENGDU),
    (GAPS, GapReport, {"park": "toy-park", "weak_threshold": 1, "build_threshold": 0.9}),
    ("/chains/toy/panorama", Panorama, CHENGDU),
    ("/chains/toy/targets", TargetTable, {"region": "四川", "limit": 3, "w_supply": 2}),
    ("/chains/toy/roadmap", Roadmap, {"region": "510100", "targets_per_link": 2}),
])
def test_the_bytes_are_what_the_response_model_would_send(client, path, model, params):
    r = client.get(path, params=params, headers=A)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == model.model_validate(r.json()).model_dump(mode="json")


@pytest.mark.parametrize(("path", "method", "model"), [
    ("/chains/{chain_id}/gaps", "get", GapReport),
    ("/chains/{chain_id}/panorama", "get", Panorama),
    ("/chains/{chain_id}/targets", "get", TargetTable),
    ("/chains/{chain_id}/roadmap", "get", Roadmap),
    ("/chains/{chain_id}/compare", "get", Compare),
    ("/chains/{chain_id}/whatif", "post", WhatIf),
])
def test_openapi_documents_each_answer_with_its_result_model(client, path, method, model):
    spec = client.get("/openapi.json").json()
    ref = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    name = ref.removeprefix("#/components/schemas/")
    assert name == model.__name__  # the analysis result itself, no mirror
    own = model.model_json_schema(mode="serialization", ref_template="#/components/schemas/{model}")
    for sub, schema in [(name, own), *own.get("$defs", {}).items()]:
        documented = spec["components"]["schemas"][sub]
        assert documented.get("required") == schema.get("required"), sub
        if "properties" in schema:  # the same fields with the same descriptions
            described = {k: v.get("description") for k, v in schema["properties"].items()}
            assert {k: v.get("description") for k, v in documented["properties"].items()} == described, sub


def test_mode_only_keys_are_documented_and_sent_only_for_their_mode(client):
    spec = client.get("/openapi.json").json()["components"]["schemas"]["ModeEntry"]
    assert {"chain_id", "related_node_id", "candidates"} <= set(spec["properties"]) - set(spec["required"])
    g = client.get(GAPS, params={"region": "成都", "build_threshold": 1}, headers=A).json()
    assert g["build"] and all("candidates" in e and "chain_id" not in e for e in g["build"])
    assert g["fill"] and all(not {"candidates", "chain_id", "related_node_id"} & set(e) for e in g["fill"])
    assert all(e["chain_id"] and e["related_node_id"] and "candidates" not in e for e in g["fuse"])


def test_same_question_is_served_from_the_cache_until_a_write_through_the_api(client):
    first = client.get(GAPS, params=CHENGDU, headers=A)
    again = client.get(GAPS, params={"region": "510100"}, headers=A)  # the same scope by code
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert again.content == first.content and toy_b(first)["status"] == "missing"
    land_in_toy_b(client)
    after = client.get(GAPS, params=CHENGDU, headers=A)
    assert after.headers["x-cache"] == "miss"
    assert (toy_b(after)["status"], toy_b(after)["local_count"]) == ("weak", 1)
    assert "toy.b" not in [e["node_id"] for e in after.json()["fill"]]


def test_a_write_by_another_process_shows_at_once(client, api_settings):
    assert toy_b(client.get(GAPS, params=CHENGDU, headers=A))["status"] == "missing"
    other = EmbeddedStore.open(api_settings.data_dir, api_settings.state_dir)  # e.g. `chainmap import`
    other.apply(ChangeSet(enterprises=[Enterprise(id="n2", name="另一进程企业", region_code="510107")],
                          links=[EnterpriseLink(enterprise_id="n2", node_id="toy.b")]))
    after = client.get(GAPS, params=CHENGDU, headers=A)
    assert after.headers["x-cache"] == "miss" and toy_b(after)["local_count"] == 1


def test_a_write_and_its_undo_are_recomputed_not_assumed(client):
    # (review decisions through the cache: tests/api/test_review_api.py asks gaps before and after accepting)
    before = client.get("/chains/toy/panorama", params=CHENGDU, headers=A).json()
    land_in_toy_b(client, "n3")
    assert client.delete("/enterprises/n3", headers=ADMIN).status_code == 204  # back to the same data...
    after = client.get("/chains/toy/panorama", params=CHENGDU, headers=A)
    assert after.headers["x-cache"] == "miss" and after.json() == before  # ...recomputed, not assumed


def test_etag_revalidation_is_304_until_the_data_changes(client):
    r = client.get(GAPS, params=CHENGDU, headers=A)
    etag = r.headers["etag"]
    same = client.get(GAPS, params=CHENGDU, headers={**A, "If-None-Match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    land_in_toy_b(client)
    changed = client.get(GAPS, params=CHENGDU, headers={**A, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag and toy_b(changed)["status"] == "weak"


def test_gzip_is_the_same_answer(client):
    plain = client.get(GAPS, params=CHENGDU, headers={**A, "Accept-Encoding": "identity"})
    zipped = client.get(GAPS, params=CHENGDU, headers={**A, "Accept-Encoding": "gzip"})
    assert plain.headers.get("content-encoding") is None and zipped.headers["content-encoding"] == "gzip"
    assert zipped.json() == plain.json() and zipped.headers["etag"] == plain.headers["etag"]


def test_cache_off_answers_every_time_and_still_follows_writes(api_settings):
    settings = api_settings.model_copy(update={"answer_cache_mb": 0})
    with TestClient(create_app(settings)) as client:
        first, again = (client.get(GAPS, params=CHENGDU, headers=A) for _ in range(2))
        assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "miss")
        assert first.headers["etag"] == again.headers["etag"]
        land_in_toy_b(client)
        assert toy_b(client.get(GAPS, params=CHENGDU, headers=A))["status"] == "weak"


def test_errors_are_not_cached_and_stay_problems(client):
    for _ in range(2):
        r = client.get(GAPS, params={"region": "成都", "park": "toy-park"}, headers=A)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert client.get("/chains/nochain/gaps", params=CHENGDU, headers=A).status_code == 404


def test_cache_drops_the_least_recently_used_beyond_its_bytes():
    answers = {k: Answer({"k": k, "pad": "x" * 1000}) for k in "abc"}
    cache = AnswerCache(max_bytes=2 * answers["a"].size)
    cache.put("a", answers["a"])
    cache.put("b", answers["b"])
    assert cache.get("a") is answers["a"]  # a is now the most recently used
    cache.put("c", answers["c"])
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (answers["a"], None, answers["c"]) and len(cache) == 2
