"""Recall rules of the registry linker on the seed's chain templates and vocabularies (issue 19): each reads a
practitioner's way of writing a product line, and each has its limit beside it."""
from __future__ import annotations

import pytest

from app.datadir.registry.linking import Linker, LinkInput
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(EmbeddedStore.open(SEED_DIR).chains())


def grades(linker: Linker, name: str, scope: str = "", products: str = "", industry: str = "") -> dict[str, str]:
    return {m.node_id: m.grade.value for m in linker.link(LinkInput(name, scope, products, (), industry)).links}


def test_a_term_the_item_split_cut_in_two_is_found_in_its_product_group(linker):
    got = grades(linker, "甲软件公司", products="大数据与云基础平台；分布式数据库", industry="软件服务")
    assert got.get("bigdata.bigdata_platform") == "confirmed" and got.get("bigdata.database") == "confirmed"


def test_a_product_built_on_a_links_technology_is_queued_only_where_the_chain_is_backed(linker):
    backed = grades(linker, "甲光电公司", products="LED显示屏（约60%）；Micro LED会议一体机", industry="LED")
    assert backed.get("display.micro_mini_led") == "uncertain" and backed.get("display.led_display_screen") == "confirmed"
    assert "display.micro_mini_led" not in grades(linker, "乙公司", products="Micro LED会议一体机")


def test_a_products_main_use_in_brackets_is_read_with_the_product(linker):
    got = grades(linker, "甲电子公司", products="背光显示模组（车载为主）；精密注塑件", industry="面板")
    assert "display.vehicle_display" in got and "display.backlight_module" in got


def test_a_dealers_own_manufacturing_line_is_queued_and_what_it_sells_is_not(linker):
    got = grades(linker, "甲医药集团", products="医药商业（约85%）；医药工业（六味地黄丸等）", industry="医药流通")
    assert got.get("biomed.pharma_distribution") == "confirmed"
    assert got.get("biomed.tcm_patent_medicine") == "uncertain"
    assert "biomed.tcm_patent_medicine" not in grades(linker, "乙医药连锁", products="药品零售（约85%）；中成药", industry="线下药店")


def test_a_generic_scope_term_is_queued_where_the_industry_backs_its_chain(linker):
    scope = "一般项目：人工智能应用软件开发；软件开发；技术服务"
    assert grades(linker, "甲科技公司", scope, industry="IT服务Ⅲ").get("bigdata.ai_large_model") == "uncertain"
    assert "bigdata.ai_large_model" not in grades(linker, "乙公司", scope, industry="白酒Ⅲ")


def test_a_product_lines_head_noun_is_read_on_the_items_before_it_as_review_evidence(linker):
    got = grades(linker, "甲软件公司", products="智能汽车软件；医疗健康及社会保障IT", industry="IT服务Ⅲ")
    assert got.get("bigdata.medical_big_data") == "uncertain"
    assert "bigdata.medical_big_data" not in grades(linker, "乙软件公司", products="智能汽车软件；医疗健康；社会保障IT",
                                                    industry="IT服务Ⅲ")


def test_a_product_term_several_links_of_one_chain_share_queues_each_without_further_backing(linker):
    got = grades(linker, "甲软件公司", products="软件技术服务（约80%）；智能汽车座舱软件", industry="垂直应用软件")
    assert got.get("icv.smart_cockpit") == "uncertain" and got.get("icv.embedded_software") == "uncertain"


def test_a_specific_term_inside_a_longer_modifier_hit_is_read_when_it_heads_the_item(linker):
    got = grades(linker, "甲新能源公司", "一般项目：锂电池正极材料的研发、生产和销售")
    assert got.get("icv.cathode") == "confirmed"


def test_a_shared_scope_term_is_queued_on_each_of_its_links_where_the_chain_of_any_of_them_is_backed(linker):
    scope = "一般项目：医疗信息系统的研发、销售；软件开发"
    got = grades(linker, "甲信息公司", scope, industry="垂直应用软件")
    assert got.get("biomed.digital_health") == "uncertain" and got.get("bigdata.medical_big_data") == "uncertain"
    assert "biomed.digital_health" not in grades(linker, "乙公司", scope, industry="白酒Ⅲ")


def test_a_standard_scope_item_or_a_licence_alone_does_not_queue_a_link(linker):
    scope = "一般项目：显示器件制造；显示器件销售；计算机外围设备制造"
    assert "display.tft_lcd_panel" not in grades(linker, "甲显示科技公司", scope, "显示器（约60%）；电视", "面板")
    pharma = "许可项目：药品生产；药品批发"
    assert "biomed.pharma_distribution" not in grades(linker, "甲药业公司", pharma, "泽布替尼；替雷利珠单抗", "生物制药")
    assert grades(linker, "甲药业公司", pharma, "", "生物制药").get("biomed.pharma_distribution") == "uncertain"


@pytest.mark.parametrize("name, scope, products, industry", [
    ("某银行", "吸收公众存款；发放贷款", "手机银行；公司金融", "国有大型银行Ⅲ"),
    ("某超市", "食品、家用电器、手机、计算机的零售", "超市零售", "超市"),
    ("某染料公司", "染料及配套中间体、助剂的生产", "分散染料；活性染料", "纺织化学制品"),
])
def test_the_widened_vocabulary_leaves_unrelated_firms_unlinked(linker, name, scope, products, industry):
    assert grades(linker, name, scope, products, industry) == {}
