"""The cached analysis answers ask the store the routes get from ``deps.StoreDep``, never ``app.state`` behind it."""
from __future__ import annotations

from fastapi.testclient import TestClient

from app.api import deps
from app.api.main import create_app
from app.datadir.io import read_data_dir
from app.store.base import ChangeSet
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink
from tests.api.conftest import as_role


def test_an_overridden_store_answers_the_cached_routes(api_settings, toy_dir):
    other = EmbeddedStore(read_data_dir(toy_dir))

    other.apply(ChangeSet(enterprises=[Enterprise(id="n1", name="新企业", region_code="510107")],
                          links=[EnterpriseLink(enterprise_id="n1", node_id="toy.b")]))
    app = create_app(api_settings)
    asked = []

    def overridden():
        asked.append(1)
        return other

    app.dependency_overrides[deps.get_store] = overridden
    with TestClient(app) as client:
        for path in ("gaps", "panorama", "targets", "roadmap"):
            r = client.get(f"/chains/toy/{path}", params={"region": "成都"}, headers=as_role("analyst"))
            assert r.status_code == 200, (path, r.text)
        gaps = client.get("/chains/toy/gaps", params={"region": "成都"}, headers=as_role("analyst")).json()
    assert len(asked) == 5
    assert next(x for x in gaps["links"] if x["node_id"] == "toy.b")["local_count"] == 1  # only the override has n1
