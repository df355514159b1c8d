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


def grades(outcome) -> dict[str, str]:
    return {m.node_id: m.grade.value for m in outcome.links}


@pytest.mark.parametrize("name, scope, products, industry, absent", [
    ("某银行股份有限公司", "吸收公众存款；网上银行、手机银行服务", "个人金融业务（含手机银行）", "国有大型银行Ⅲ", "display.smartphone"),
    ("某芯片设计有限公司", "集成电路设计；ASIC芯片的研发与销售", "ASIC芯片", "数字芯片设计", "icv.power_semiconductor"),
    ("某电源有限公司", "EPS应急电源的研发、生产", "EPS应急电源", "", "icv.steer_by_wire"),
    ("某隔膜有限公司", "锂离子电池隔膜的生产和销售", "锂离子电池隔膜", "", "icv.power_battery"),
    ("某空调有限公司", "客车空调的研发、生产", "客车空调", "", "icv.commercial_vehicle"),
    ("某药业股份有限公司", "化学药品制剂的生产；药品批发", "片剂；胶囊剂", "化学制剂", "biomed.pharma_distribution"),
])
def test_word_traps_do_not_link(linker, name, scope, products, industry, absent):
    """手机银行 is not 智能手机, ASIC is not SiC, a separator is not a battery, a maker's 药品批发 licence is no wholesale."""
    got = grades(linker.link(LinkInput(name, scope, products, (), industry)))
    assert got.get(absent) != "confirmed" and (absent not in got or absent == "biomed.pharma_distribution")


def test_the_trap_words_still_link_where_they_belong(linker):
    assert grades(linker.link(LinkInput("某隔膜公司", "", "锂离子电池隔膜", (), "")))["icv.separator"] == "confirmed"
    assert grades(linker.link(LinkInput("某功率器件公司", "", "SiC功率器件", (), "")))["icv.power_semiconductor"] == "confirmed"
    pharmacy = grades(linker.link(LinkInput("某大药房连锁股份有限公司", "药品零售；医疗器械零售", "", (), "线下药店")))
    assert pharmacy["biomed.pharma_retail"] == "confirmed"


def test_a_catalogue_clause_only_queues_and_a_4754_name_is_read_as_its_code(linker):
    scope = "化学原料药、化学药制剂、中成药、中药材、生物制品、医疗器械、保健食品的生产"
    assert set(grades(linker.link(LinkInput("某集团", scope, "", (), ""))).values()) == {"uncertain"}
    assert grades(linker.link(LinkInput("某公司", "", "", (), "C3832 光纤制造"))) == {"bigdata.optical_fiber": "confirmed"}
