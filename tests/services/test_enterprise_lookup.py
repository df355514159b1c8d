"""Lookups a user tries: short name, stock code with or without exchange, either bracket width, a former name; review by name."""
from __future__ import annotations

import pytest

from app.errors import NotFound
from app.services.enterprises import lookup_enterprise, search_text
from app.services.review import accept_link, review_queue
from app.store.base import ChangeSet, EnterpriseQuery
from graph_schema.models import Enterprise, EnterpriseLink, LinkGrade
from tests.fixtures.registry.samples import toy_store


@pytest.fixture()
def store():
    s = toy_store()
    s.apply(ChangeSet(enterprises=[
        Enterprise(id="boe", name="京东方科技集团股份有限公司", region_code="510107", listed_code="000725.SZ"),
        Enterprise(id="kj", name="康佳集团股份有限公司", region_code="510107", listed_code="000016.SZ"),
        Enterprise(id="cd", name="甲显示（成都）有限公司", region_code="510107"),
        Enterprise(id="boe-cd", name="成都京东方光电科技有限公司", region_code="510107"),
        Enterprise(id="zh", name="TCL中环新能源科技股份有限公司", region_code="120116", listed_code="002129.SZ",
                   former_names=("天津中环半导体股份有限公司",)),
    ], links=[
        EnterpriseLink(enterprise_id="boe", node_id="toy.c", grade=LinkGrade.uncertain, evidence="仅行业小类(industry class) 3974"),
        EnterpriseLink(enterprise_id="kj", node_id="toy.c", grade=LinkGrade.uncertain, evidence="主营产品(products)「丙面板」: 丙面板"),
    ]))
    return s


@pytest.mark.parametrize("text, eid, how", [
    ("京东方A", "boe", "证券简称"),
    ("000725", "boe", "股票代码"),
    ("000725.SZ", "boe", "股票代码"),
    ("sz000725", "boe", "股票代码"),
    ("深康佳A", "kj", "证券简称"),
    ("甲显示(成都)有限公司", "cd", "企业全称"),
    ("甲显示（成都）有限公司", "cd", "企业全称"),
    ("boe", "boe", "编号"),
    ("天津中环半导体股份有限公司", "zh", "曾用名 former name"),
    ("天津中环半导体", "zh", "曾用名片段"),
])
def test_lookup_finds_what_a_user_types_and_says_how(store, text, eid, how):
    e, matched = lookup_enterprise(store, text)
    assert e.id == eid and matched.startswith(how)


def test_lookup_names_the_candidates_when_several_match(store):
    with pytest.raises(NotFound, match="匹配多家企业"):
        lookup_enterprise(store, "股份有限公司")
    with pytest.raises(NotFound, match="没有找到"):
        lookup_enterprise(store, "不存在的企业")


def test_search_text_widens_a_query_that_finds_nothing(store):
    for q, expected in (("京东方A", ["boe", "boe-cd"]), ("000725", ["boe"]), ("甲显示(成都)", ["cd"])):
        found, _ = store.find_enterprises(EnterpriseQuery(text=search_text(store, q)))
        assert [e.id for e in found] == expected


def test_review_queue_is_sorted_by_link_then_strength_and_paged(store):
    rows, total = review_queue(store, limit=2)
    assert total == 3 and [r["enterprise_id"] for r in rows] == ["kj", "boe"]
    assert [r["strength"] for r in rows] == [3, 1]
    assert [r["enterprise_id"] for r in review_queue(store, limit=2, offset=2)[0]] == ["a1"]
    accept_link(store, lookup_enterprise(store, "京东方A")[0].id, "toy.c")
    assert review_queue(store)[1] == 2


def test_a_former_name_finds_the_renamed_firm_and_the_answer_names_it_now(store):
    e, matched = lookup_enterprise(store, "天津中环半导体股份有限公司")
    assert e.id == "zh" and "TCL中环新能源科技股份有限公司" in matched
    found, _ = store.find_enterprises(EnterpriseQuery(text=search_text(store, "天津中环半导体")))
    assert [x.id for x in found] == ["zh"]
