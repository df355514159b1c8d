"""Linking against the real chain templates in seed/: a representative enterprise of each chain."""
from __future__ import annotations

import pytest

from app.datadir.registry.linking import Linker, LinkInput
from app.datadir.registry.reader import read_bytes
from app.services.imports import ImportOptions, import_registry
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore
from tests.fixtures.registry.samples import uscc

pytestmark = pytest.mark.skipif(not (SEED_DIR / "chains" / "display.yaml").exists(), reason="seed templates not present")


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return EmbeddedStore.open(SEED_DIR)


@pytest.fixture(scope="module")
def linker(store) -> Linker:
    return Linker(store.chains())


@pytest.mark.parametrize("name, scope, codes, node", [
    ("成都某光电材料有限公司", "偏光片的研发、生产、销售", (), "display.polarizer"),
    ("某智能科技有限公司", "车载激光雷达的研发、生产；软件开发", (), "icv.lidar"),
    ("某云数据有限公司", "互联网数据中心（IDC）服务；服务器托管", (), "bigdata.data_center"),
    ("某生物制药有限公司", "单克隆抗体药物的研发与生产", ("2762",), "biomed.antibody_drugs"),
    ("某诊断科技有限公司", "第二类医疗器械生产；体外诊断试剂的研发、生产", (), "biomed.ivd_immunochem"),
])
def test_representative_enterprise_of_each_chain_is_confirmed_in_its_link(linker, name, scope, codes, node):
    outcome = linker.link(LinkInput(name, scope, "", codes))
    core = [(m.node_id, m.grade.value) for m in outcome.links if m.role.value == "core"]
    assert (node, "confirmed") in core


def test_trading_company_is_not_linked_and_its_wholesale_class_does_not_fall_back(linker):
    outcome = linker.link(LinkInput("某电子贸易有限公司", "偏光片销售；技术咨询", "", ("5179",)))
    assert outcome.links == [] and outcome.excluded[0][0] == "display.polarizer"


def test_import_into_the_seed_store_places_and_links(store):
    code = uscc("510116", "MA6CY0001")
    text = ("企业名称,统一社会信用代码,所属省份,所属城市,所属区县,经营范围\n"
            f"成都某偏光材料有限公司,{code},四川省,成都市,双流区,偏光片的研发、生产、销售\n")
    report = import_registry(store, read_bytes(text.encode("gbk"), "seed.csv"), ImportOptions(dry_run=True))
    assert (report.created, report.links_confirmed, report.errors) == (1, 1, [])
