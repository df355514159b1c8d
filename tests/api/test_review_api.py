"""The review queue of uncertain links over HTTP (admin only)."""
from __future__ import annotations

import pytest

from tests.api.conftest import as_role

H = as_role("admin")


@pytest.fixture
def queued(client):
    """Two uncertain links proposed by an import: a1 → toy.b and c1 → toy.d."""
    rows = "enterprise_id,node_id,role,grade,evidence\na1,toy.b,supporting,uncertain,经营范围含“乙材料”\nc1,toy.d,supporting,uncertain,\n"
    r = client.post("/imports", files={"file": ("enterprise_nodes.csv", rows.encode())}, data={"kind": "enterprise_nodes"}, headers=H)
    assert r.status_code == 200 and r.json()["links"] == 2
    return client


def test_queue_lists_uncertain_links_with_names(queued):
    page = queued.get("/review", headers=H).json()
    assert page["count"] == 2
    first = page["data"][0]
    assert (first["enterprise_id"], first["enterprise_name"], first["node_id"], first["node_name"], first["chain_id"]) == (
        "a1", "甲一材料有限公司", "toy.b", "乙材料", "toy")
    assert first["evidence"] == "经营范围含“乙材料”"
    assert queued.get("/review", params={"limit": 1, "offset": 1}, headers=H).json()["data"][0]["enterprise_id"] == "c1"
    assert queued.get("/review", params={"limit": 0}, headers=H).status_code == 422


def test_uncertain_links_do_not_count_until_accepted(queued):
    def toy_b_in_chengdu() -> int:
        gaps = queued.get("/chains/toy/gaps", params={"region": "成都"}, headers=H).json()
        return next(x for x in gaps["links"] if x["node_id"] == "toy.b")["local_count"]

    assert toy_b_in_chengdu() == 0
    r = queued.post("/review/a1/toy.b/accept", headers=H)
    assert r.status_code == 200 and (r.json()["grade"], r.json()["decision"]) == ("confirmed", "accepted")
    assert "人工审核确认" in r.json()["evidence"]
    assert toy_b_in_chengdu() == 1
    assert queued.get("/review", headers=H).json()["count"] == 1


def test_reject_deletes_the_link_and_remembers(queued, api_settings):
    r = queued.post("/review/c1/toy.d/reject", headers=H)
    assert r.status_code == 200 and r.json()["decision"] == "rejected"
    assert "toy.d" not in {x["node_id"] for x in queued.get("/enterprises/c1", headers=H).json()["links"]}
    from app.services.review import RejectionLog, rejection_log_path

    assert ("c1", "toy.d") in RejectionLog(rejection_log_path(api_settings)).pairs()
    assert queued.post("/review/c1/toy.d/reject", headers=H).status_code == 404  # gone


def test_confirmed_links_are_not_reviewed(queued):
    r = queued.post("/review/a1/toy.a/reject", headers=H)
    assert r.status_code == 409 and r.headers["content-type"].startswith("application/problem+json")
    assert queued.post("/review/ghost/toy.a/accept", headers=H).status_code == 404
    assert queued.post("/review/a1/toy.f/accept", headers=H).status_code == 404


@pytest.mark.parametrize(("headers", "status"), [({}, 401), (as_role("viewer"), 403), (as_role("analyst"), 403)])
def test_only_admins_review(queued, headers, status):
    assert queued.get("/review", headers=headers).status_code == status
    assert queued.post("/review/a1/toy.b/accept", headers=headers).status_code == status
    assert queued.post("/review/a1/toy.b/reject", headers=headers).status_code == status
    assert queued.get("/review", headers=H).json()["count"] == 2
