"""The answer cache and ETags on the Neo4j store (the data stamp on the server decides ``data_version``).

Two apps on one server stand for two API workers (each its own store object and answer cache).
In Chengdu toy.b is missing; landing one enterprise in toy.b makes it weak.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings
from tests.api.test_answers_api import ADMIN, CHENGDU, GAPS, A, land_in_toy_b, toy_b
from tests.store.conftest import neo4j_server, toy_dataset  # noqa: F401

pytestmark = pytest.mark.neo4j


@pytest.fixture
def workers(neo4j_server, toy_dataset, api_settings):  # noqa: F811
    """Two API workers on the toy data in Neo4j."""
    from app.store.neo4j.store import Neo4jStore

    neo4j_server.load(toy_dataset, replace=True)
    second = Neo4jStore.from_settings(Settings())
    with TestClient(create_app(api_settings, store=neo4j_server)) as one, \
            TestClient(create_app(api_settings, store=second)) as two:
        yield one, two
    second.close()


def test_a_repeated_question_is_a_hit_and_revalidates_to_304(workers):
    one, _ = workers
    first = one.get(GAPS, params=CHENGDU, headers=A)
    again = one.get(GAPS, params={"region": "510100"}, headers=A)  # the same scope by code
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert again.content == first.content and toy_b(first)["status"] == "missing"
    same = one.get(GAPS, params=CHENGDU, headers={**A, "If-None-Match": first.headers["etag"]})
    assert same.status_code == 304 and same.content == b"" and same.headers["x-cache"] == "hit"


@pytest.mark.parametrize("path", ["/chains/toy/panorama", "/chains/toy/targets", "/chains/toy/roadmap"])
def test_every_cached_route_hits_without_writes(workers, path):
    one, _ = workers
    assert [one.get(path, params=CHENGDU, headers=A).headers["x-cache"] for _ in range(3)] == ["miss", "hit", "hit"]


def test_a_write_through_the_api_is_a_miss_with_a_new_etag(workers):
    one, _ = workers
    etag = one.get(GAPS, params=CHENGDU, headers=A).headers["etag"]
    land_in_toy_b(one)
    changed = one.get(GAPS, params=CHENGDU, headers={**A, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["x-cache"] == "miss" and changed.headers["etag"] != etag
    assert (toy_b(changed)["status"], toy_b(changed)["local_count"]) == ("weak", 1)
    assert one.get(GAPS, params=CHENGDU, headers=A).headers["x-cache"] == "hit"


def test_a_write_through_another_worker_shows_at_once(workers):
    one, two = workers
    before = one.get(GAPS, params=CHENGDU, headers=A)
    assert two.get(GAPS, params=CHENGDU, headers=A).headers["etag"] == before.headers["etag"]
    land_in_toy_b(two, "n2")  # written by the second worker, cached answers held by the first
    after = one.get(GAPS, params=CHENGDU, headers={**A, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["x-cache"] == "miss" and toy_b(after)["local_count"] == 1
    assert two.delete("/enterprises/n2", headers=ADMIN).status_code == 204  # back to the same data...
    undone = one.get(GAPS, params=CHENGDU, headers=A)
    assert undone.headers["x-cache"] == "miss" and undone.content == before.content  # ...recomputed, not assumed


def test_an_import_and_review_decisions_are_writes_like_any_other(workers):
    one, two = workers

    def gaps(headers=None):
        return one.get(GAPS, params=CHENGDU, headers={**A, **(headers or {})})

    before = gaps()
    rows = "enterprise_id,node_id,role,grade,evidence\na1,toy.b,supporting,uncertain,\na2,toy.b,supporting,uncertain,\n"
    r = two.post("/imports", files={"file": ("enterprise_nodes.csv", rows.encode())}, data={"kind": "enterprise_nodes"}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["links"] == 2
    imported = gaps({"If-None-Match": before.headers["etag"]})
    # recomputed (the data changed), and the same answer (an uncertain link does not count yet): the same ETag
    assert (imported.headers["x-cache"], imported.status_code) == ("miss", 304)
    assert two.post("/review/a1/toy.b/accept", headers=ADMIN).status_code == 200
    accepted = gaps({"If-None-Match": before.headers["etag"]})
    assert (accepted.headers["x-cache"], accepted.status_code) == ("miss", 200) and accepted.headers["etag"] != before.headers["etag"]
    assert toy_b(accepted)["local_count"] == 1
    assert two.post("/review/a2/toy.b/reject", headers=ADMIN).status_code == 200
    rejected = gaps({"If-None-Match": accepted.headers["etag"]})
    assert rejected.headers["x-cache"] == "miss" and rejected.status_code == 304  # recomputed: the same answer, so the same ETag
