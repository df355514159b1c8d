"""贵阳/贵安 big-data cluster on the seed: the statuses a local official would recognise.

Each fact asserted here is sourced in seed/README.md, section "大数据 sources". The park scope is
`guian` (贵州贵安新区); the city scope is 贵阳 (520100), where the seed places Gui'an firms.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import SEED_DIR, Settings

pytestmark = pytest.mark.skipif(not (SEED_DIR / "enterprises.csv").exists(), reason="seed data not present")


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    settings = Settings(data_dir=SEED_DIR, state_dir=tmp_path_factory.mktemp("bigdata-state"), api_keys="")
    with TestClient(create_app(settings)) as c:
        yield c


class Scope:
    """Gap statuses of one scope, and the local enterprises of a link (from the enterprise search)."""

    def __init__(self, api, **scope):
        r = api.get("/chains/bigdata/gaps", params=scope)
        assert r.status_code == 200, r.text
        self.api, self.scope = api, scope
        self.links = {x["node_id"]: x for x in r.json()["links"]}

    def __getitem__(self, node_id):
        return self.links[node_id]

    def names(self, node_id):
        r = self.api.get("/enterprises", params={"node": node_id, "limit": 500, **self.scope})
        assert r.status_code == 200, r.text
        return {e["name"] for e in r.json()["data"]}


def _links(api, **scope):
    return Scope(api, **scope)


@pytest.fixture(scope="module")
def guiyang(api):
    return _links(api, region="贵阳")


@pytest.fixture(scope="module")
def guian(api):
    return _links(api, park="guian")


@pytest.mark.parametrize(("link", "names"), [
    # the data-centre cluster: the three operators, 华为云, 云上贵州 (iCloud 贵安)
    ("bigdata.data_center", {"华为云计算技术有限公司", "中国电信股份有限公司贵州分公司", "中国移动通信集团贵州有限公司",
                             "中国联合网络通信有限公司贵州省分公司", "云上贵州大数据产业发展有限公司"}),
    ("bigdata.cloud_iaas", {"华为云计算技术有限公司", "云上贵州大数据产业发展有限公司"}),
    ("bigdata.ai_computing", {"华为云计算技术有限公司"}),
    # 贵阳 national backbone interconnection point; the operators' networks
    ("bigdata.backbone_network", {"中国电信股份有限公司贵州分公司", "中国移动通信集团贵州有限公司"}),
    # electronic information manufacturing in 贵阳 is components: 振华 (中国电子), 航天电器 (航天科工)
    ("bigdata.electronic_components", {"中国振华（集团）科技股份有限公司", "贵州航天电器股份有限公司"}),
    ("bigdata.gov_big_data", {"云上贵州大数据产业发展有限公司", "中电科大数据研究院有限公司"}),
])
def test_guiyang_strong_links(guiyang, link, names):
    assert guiyang[link]["status"] == "strong", guiyang[link]
    assert names <= guiyang.names(link)


@pytest.mark.parametrize(("link", "name"), [
    ("bigdata.data_trading", "贵阳大数据交易所有限责任公司"),   # China's first data exchange (2015)
    ("bigdata.data_registration", "贵阳大数据交易所有限责任公司"),
    ("bigdata.public_data_operation", "云上贵州大数据产业发展有限公司"),
    ("bigdata.cdn_edge", "贵州白山云科技股份有限公司"),
    ("bigdata.call_center_bpo", "世纪恒通科技股份有限公司"),
    ("bigdata.logistics_big_data", "贵阳货车帮科技有限公司"),
])
def test_guiyang_links_present(guiyang, link, name):
    assert guiyang[link]["status"] != "missing" and name in guiyang.names(link)


def test_guiyang_has_no_server_plant(guiyang):
    # the seed knows no server, CPU or EMS plant in 贵阳; the analysis must say missing, not invent one
    assert {guiyang[n]["status"] for n in ("bigdata.server", "bigdata.cpu", "bigdata.ems_odm")} == {"missing"}


def test_guian_park_is_the_data_centre_cluster(guian):
    for link in ("bigdata.data_center", "bigdata.cloud_iaas", "bigdata.ai_computing"):
        assert guian[link]["status"] == "strong", guian[link]
    assert len(guian.names("bigdata.data_center")) >= 5
    assert "贵安新区科创产业发展有限公司" in guian.names("bigdata.computing_network")
    assert guian["bigdata.electronic_components"]["status"] == "missing"  # 振华 and 航天电器 are in 贵阳, not in the park


def test_groups_already_in_guiyang_are_expansion_talks(api):
    rows = api.get("/chains/bigdata/targets", params={"region": "贵阳", "limit": 300}).json()["rows"]
    expansion = {r["name"]: {e["name"] for e in r["present_via"]} for r in rows if r["kind"] == "expansion"}
    assert "华为云计算技术有限公司" in expansion.get("华为投资控股有限公司", set())
    assert expansion.get("中国电子信息产业集团有限公司", set()) & {"中国振华电子集团有限公司", "中国振华（集团）科技股份有限公司"}
    new_targets = {r["name"] for r in rows if r["kind"] in ("key", "supporting")}
    assert not new_targets & {"华为投资控股有限公司", "华为技术有限公司", "中国移动通信集团有限公司", "中国电信集团有限公司",
                              "中国电子信息产业集团有限公司"}
