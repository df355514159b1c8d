"""Linking (挂链) of representative enterprises of each chain, with graded evidence and noise rules."""
from __future__ import annotations

import pytest

from app.datadir.chains import parse_chain
from app.datadir.registry.linking import Linker, LinkInput
from tests.fixtures.registry.samples import MINI_CHAINS


@pytest.fixture(scope="module")
def linker() -> Linker:
    templates = []
    for doc in MINI_CHAINS:
        template, problems = parse_chain(f"chains/{doc['id']}.yaml", doc)
        assert not problems
        templates.append(template)
    return Linker(templates)


def grades(outcome) -> dict[str, str]:
    return {m.node_id: m.grade.value for m in outcome.links}


@pytest.mark.parametrize("name, scope, products, codes, expected", [
    # one representative per chain, strong evidence in the business scope
    ("成都某光电有限公司", "偏光片的研发、生产、销售", "", (), {"display.polarizer": "confirmed"}),
    ("某显示材料公司", "一般项目：OLED发光材料的研发；电子专用材料制造", "", (), {"display.oled_materials": "confirmed"}),
    ("某科技公司", "许可项目：激光雷达的设计、制造", "", (), {"icv.lidar": "confirmed"}),
    ("某云计算公司", "数据中心的建设与运营服务；软件开发", "", (), {"bigdata.datacenter": "confirmed"}),
    ("某生物公司", "单克隆抗体药物的研发；体外诊断试剂的生产", "", (),
     {"biomed.biologics": "confirmed", "biomed.ivd": "confirmed"}),
    # products column and an industry 小类 that only one link has
    ("某汽车电子公司", "", "智能座舱系统", (), {"icv.smart_cockpit": "confirmed"}),
    ("某玻璃公司", "特种玻璃", "", ("3042",), {"display.glass_substrate": "confirmed"}),
])
def test_strong_evidence_confirms(linker, name, scope, products, codes, expected):
    assert grades(linker.link(LinkInput(name, scope, products, codes))) == expected


def test_evidence_records_field_term_and_clause(linker):
    [match] = linker.link(LinkInput("甲公司", "偏光片的研发、生产、销售；房屋租赁", "", ("3985",))).links
    assert "经营范围(scope)「偏光片」: 偏光片的研发、生产、销售" in match.evidence
    assert "行业小类(industry class) 3985" in match.evidence
    assert match.role.value == "core" and match.products == ("偏光片",)


@pytest.mark.parametrize("name, scope", [
    ("四川某贸易有限公司", "偏光片、电子产品的销售"),
    ("某咨询公司", "偏光片技术咨询、技术交流"),
    ("某培训学校", "液晶面板维修技能培训"),
    ("某进出口公司", "偏光片进出口；代理进出口"),
])
def test_trading_consulting_training_hits_are_excluded(linker, name, scope):
    outcome = linker.link(LinkInput(name, scope))
    assert outcome.links == []
    assert outcome.excluded and "仅销售/贸易/咨询/培训" in outcome.excluded[0][1]


def test_trading_company_that_also_claims_production_is_only_queued(linker):
    outcome = linker.link(LinkInput("深圳某电子贸易有限公司", "偏光片的研发与生产；电子产品销售"))
    assert grades(outcome) == {"display.polarizer": "uncertain"}
    assert "贸易/咨询类" in outcome.links[0].evidence


def test_clause_without_activity_is_queued(linker):
    assert grades(linker.link(LinkInput("某公司", "偏光片；光学膜"))) == {"display.polarizer": "uncertain"}


def test_name_only_is_not_linked(linker):
    outcome = linker.link(LinkInput("成都液晶面板科技有限公司", "电子元器件制造"))
    assert outcome.links == []
    assert [node for node, _ in outcome.weak] == ["display.lcd_panel"]


def test_name_plus_industry_group_is_queued_and_narrows_the_class(linker):
    # 中类 397 covers three links; the name says which one: only that one is queued
    outcome = linker.link(LinkInput("成都液晶面板科技有限公司", "电子元器件制造", "", ("39", "397")))
    assert grades(outcome) == {"display.lcd_panel": "uncertain"}


def test_shared_class_is_narrowed_by_keywords(linker):
    # 3985 belongs to the polarizer and the OLED-material links: the scope names the polarizer
    outcome = linker.link(LinkInput("某材料公司", "偏光片的研发、生产", "", ("3985",)))
    assert grades(outcome) == {"display.polarizer": "confirmed"}


def test_industry_class_alone(linker):
    # a 小类 shared by two links, no keyword: both queued for review
    assert grades(linker.link(LinkInput("某公司", "", "", ("3985",)))) == {
        "display.polarizer": "uncertain", "display.oled_materials": "uncertain"}
    # a 大类 that covers more than three links is too vague: nothing
    assert linker.link(LinkInput("某公司", "", "", ("39",))).links == []


def test_shorter_keyword_inside_longer_one_is_dropped(linker):
    # OLED (panel link) sits inside OLED发光材料 (material link)
    assert grades(linker.link(LinkInput("某公司", "OLED发光材料的生产"))) == {"display.oled_materials": "confirmed"}


def test_full_width_and_case_are_normalised(linker):
    assert grades(linker.link(LinkInput("某公司", "ａｍｏｌｅｄ显示屏的生产"))) == {"display.oled_panel": "confirmed"}


def test_boilerplate_is_not_a_clause(linker):
    scope = "一般项目：数据处理服务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）；许可项目：大数据分析服务"
    assert grades(linker.link(LinkInput("某数据公司", scope))) == {"bigdata.analytics": "confirmed"}


@pytest.fixture(scope="module")
def graded() -> Linker:
    """The mini chains with a small vocabulary: the chains' industries and one term two links share."""
    from app.datadir.registry.vocabulary import LinkVocabulary, VocabularyFiles

    templates = [parse_chain(f"chains/{doc['id']}.yaml", doc)[0] for doc in MINI_CHAINS]
    links = {"display.polarizer": LinkVocabulary(terms=("显示膜材",), industries=("偏光片制造",), negative=("偏光片及其检测设备",)),
             "display.oled_materials": LinkVocabulary(terms=("显示膜材",))}
    return Linker(templates, vocabulary=VocabularyFiles(links, chain_industries={"display": ("面板", "偏光片制造"),
                                                                                  "biomed": ("原料药",)}))


@pytest.mark.parametrize("products, minor", [
    ("偏光片（85%）；OLED材料（5%）", "OLED材料（5%）: a share of at most 10%"),
    ("偏光片（92%）；OLED材料", "no share, and the stated shares leave at most 8%"),
    ("偏光片；OLED材料及其他", "a residual bucket"),
])
def test_a_minor_product_line_is_queued_not_confirmed(graded, products, minor):
    outcome = graded.link(LinkInput("某光电公司", "", products, (), "面板"))
    assert grades(outcome) == {"display.polarizer": "confirmed", "display.oled_materials": "uncertain"}, minor
    assert "次要产品线" in next(m.evidence for m in outcome.links if m.node_id == "display.oled_materials")


def test_a_product_of_another_chain_than_the_firms_industry_and_main_line_is_queued(graded):
    outcome = graded.link(LinkInput("某光电公司", "", "偏光片；原料药", (), "面板"))
    assert grades(outcome) == {"display.polarizer": "confirmed", "biomed.api": "uncertain"}
    assert "另一产业链" in next(m.evidence for m in outcome.links if m.node_id == "biomed.api")
    # the same products with an industry of neither chain: both are the firm's own word, both confirm
    assert grades(graded.link(LinkInput("某公司", "", "偏光片；原料药", (), "综合"))) == {
        "display.polarizer": "confirmed", "biomed.api": "confirmed"}


def test_a_shared_term_is_confirmed_for_the_link_the_industry_names_and_queued_for_the_others(graded):
    outcome = graded.link(LinkInput("某膜材公司", "", "显示膜材", (), "偏光片制造"))
    assert grades(outcome) == {"display.polarizer": "confirmed", "display.oled_materials": "uncertain"}
    assert grades(graded.link(LinkInput("某膜材公司", "", "显示膜材", (), "面板"))) == {
        "display.polarizer": "uncertain", "display.oled_materials": "uncertain"}


def test_products_that_name_nothing_known_neither_back_nor_hold_back_a_scope_term(graded):
    scope = "一般项目：偏光片的研发、生产和销售"
    assert grades(graded.link(LinkInput("某光电公司", scope, "电子工艺装备（76%）；电子元器件", (), "面板"))) == {
        "display.polarizer": "confirmed"}
    # products that name another product of the chain: the scope term alone is only queued
    assert grades(graded.link(LinkInput("某光电公司", scope, "OLED材料", (), "面板"))) == {
        "display.polarizer": "uncertain", "display.oled_materials": "confirmed"}


def test_a_list_counts_its_products_not_its_activity_words(graded):
    three = "偏光片、OLED材料、玻璃基板的研发、生产和销售"   # 3 products, though 5 pieces once cut at 、 and 和
    assert grades(graded.link(LinkInput("某光电公司", three, "", (), "面板"))) == {
        "display.polarizer": "confirmed", "display.oled_materials": "confirmed", "display.glass_substrate": "confirmed"}
    five = "偏光片、OLED材料、玻璃基板、液晶面板、柔性显示屏的研发、生产和销售"
    assert set(grades(graded.link(LinkInput("某光电公司", five, "", (), "面板"))).values()) == {"uncertain"}


def test_a_negative_phrase_cut_by_the_item_split_still_cancels(graded):
    assert grades(graded.link(LinkInput("某设备公司", "偏光片及其检测设备的研发、生产", "", (), "面板"))) == {}
