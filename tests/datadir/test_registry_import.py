"""The import service against an in-memory store: every validation rule, all-or-nothing, identity, updates."""
from __future__ import annotations

import pytest

from app.datadir.registry.reader import read_bytes
from app.services.imports import ImportOptions, import_registry
from app.store.base import ScopeFilter
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import RegionLevel
from tests.fixtures.registry.samples import uscc, write_registry_dir

GOOD = uscc("510107", "MA6CQ0001")
OTHER = uscc("420111", "MA6CQ0002")


@pytest.fixture
def store(tmp_path) -> EmbeddedStore:
    return EmbeddedStore.open(write_registry_dir(tmp_path / "data"))


def run(store, header: list[str], rows: list[list[str]], **options):
    text = ",".join(header) + "\n" + "".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows)
    return import_registry(store, read_bytes(text.encode("utf-8"), "t.csv"), ImportOptions(**options), "t.csv")


H = ["企业名称", "统一社会信用代码", "成立日期", "注册资本", "实缴资本", "参保人数", "登记状态", "所属省份", "所属城市",
     "所属区县", "国标行业小类", "经营范围"]


def row(**kw):
    base = {"企业名称": "成都某光电有限公司", "统一社会信用代码": GOOD, "成立日期": "2015-06-18", "注册资本": "5000万元人民币",
            "实缴资本": "1000万", "参保人数": "120", "登记状态": "存续", "所属省份": "四川省", "所属城市": "成都市",
            "所属区县": "武侯区", "国标行业小类": "3985", "经营范围": "偏光片的研发、生产、销售"}
    base.update(kw)
    return [base[h] for h in H]


@pytest.mark.parametrize("change, column, words, level", [
    ({"企业名称": ""}, "企业名称", "企业名称为空", "error"),
    ({"企业名称": "甲" * 201}, "企业名称", "超过 200 字", "error"),
    ({"统一社会信用代码": GOOD[:17]}, "统一社会信用代码", "应为 18 位", "error"),
    ({"统一社会信用代码": GOOD[:17] + ("0" if GOOD[17] != "0" else "1")}, "统一社会信用代码", "校验位错误", "error"),
    ({"统一社会信用代码": "91510107MA6CQ00O1X"}, "统一社会信用代码", "非法字符", "error"),
    ({"统一社会信用代码": OTHER}, "统一社会信用代码", "不一致", "warning"),
    ({"成立日期": "2999-01-01"}, "成立日期", "晚于今天", "error"),
    ({"成立日期": "上个月"}, "成立日期", "无法识别的日期", "error"),
    ({"注册资本": "很多"}, "注册资本", "无法识别的金额", "error"),
    ({"注册资本": "100万美元"}, "注册资本", "外币", "error"),
    ({"实缴资本": "9000万"}, "实缴资本", "大于注册资本", "warning"),
    ({"参保人数": "-4"}, "参保人数", "不能为负", "error"),
    ({"参保人数": "若干"}, "参保人数", "应为整数", "error"),
    ({"登记状态": "休眠"}, "登记状态", "无法识别的登记状态", "error"),
    ({"所属省份": "火星省"}, "所属省份", "找不到名为", "error"),
    ({"所属城市": "南京市"}, "所属城市", "不在四川省内", "error"),
    ({"所属省份": "", "所属城市": "", "所属区县": "鼓楼区"}, "所属区县", "有多个", "error"),
    ({"所属省份": "", "所属城市": "", "所属区县": "", "统一社会信用代码": ""}, "注册地址", "无法确定所在地区", "error"),
    ({"国标行业小类": "39x"}, "国标行业小类", "无法识别的国标行业代码", "warning"),
])
def test_each_validation_rule_names_row_column_and_problem(store, change, column, words, level):
    second = {"企业名称": "成都另一光电有限公司", "统一社会信用代码": uscc("510107", "MA6CQ0009")} | change
    report = run(store, H, [row(), row(**second)])
    found = [p for p in report.problems if words in p.problem]
    assert found, [str(p) for p in report.problems]
    assert (found[0].row, found[0].column, found[0].level) == (3, column, level)
    assert report.applied is (level != "error")
    assert store.stats().enterprises == 9 + (2 if level != "error" else 0)   # all or nothing


def test_duplicates_within_the_file(store):
    report = run(store, H, [row(), row(**{"企业名称": "成都某光电有限公司（重复）"}),
                            row(**{"统一社会信用代码": "", "企业名称": "无码公司"}),
                            row(**{"统一社会信用代码": "", "企业名称": "无码公司"})])
    dups = [(p.row, p.column) for p in report.errors]
    assert dups == [(3, "统一社会信用代码"), (5, "企业名称")]
    assert "与第 2 行是同一企业" in report.errors[0].problem


def test_region_code_and_id_columns_of_the_data_directory(store):
    header = ["id", "name", "region_code", "revenue", "tags"]
    report = run(store, header, [["bad id!", "甲公司", "510107", "3", ""], ["ok-1", "乙公司", "999999", "3", ""]])
    assert [(p.row, p.column) for p in report.errors] == [(2, "id"), (3, "region_code")]
    report = run(store, header, [["ok-1", "乙公司", "510107", "3", "链主;上市"]])
    e = store.get_enterprise("ok-1")
    assert (e.revenue, e.tags, e.region_source) == (3.0, ("链主", "上市"), "columns")


def test_skip_invalid_applies_the_valid_rows(store):
    report = run(store, H, [row(), row(**{"企业名称": "", "统一社会信用代码": OTHER})], skip_invalid=True)
    assert (report.created, report.rejected, report.applied) == (1, 1, True)
    assert report.rejected_rows[0][0] == 3


def test_dry_run_applies_nothing(store):
    report = run(store, H, [row()], dry_run=True)
    assert (report.created, report.links_confirmed, report.applied) == (1, 1, False)
    assert store.stats().enterprises == 9


def test_reimport_is_idempotent_and_ids_are_stable(store):
    first = run(store, H, [row(), row(**{"统一社会信用代码": "", "企业名称": "无码公司"})])
    assert (first.created, first.links_confirmed) == (2, 2)
    assert first.enterprise_ids[0] == f"u-{GOOD}" and first.enterprise_ids[1].startswith("n-")
    again = run(store, H, [row(), row(**{"统一社会信用代码": "", "企业名称": "无码公司"})])
    assert (again.created, again.updated, again.unchanged, again.links_confirmed, again.links_unchanged) == (0, 0, 2, 0, 2)
    assert again.enterprise_ids == first.enterprise_ids


def test_existing_enterprise_matched_by_name_and_city_is_updated(store):
    # the toy a1 甲一材料有限公司 sits in 武侯区 510107 without a USCC; the export says only 成都市
    code = uscc("510107", "MA6CQ0077")
    report = run(store, H, [row(**{"企业名称": "甲一材料有限公司", "统一社会信用代码": code, "所属区县": "", "参保人数": "300",
                                   "经营范围": "甲材料的生产", "国标行业小类": ""})])
    assert (report.created, report.updated) == (0, 1)
    a1 = store.get_enterprise("a1")
    assert (a1.uscc, a1.employees, a1.region_code, a1.tags) == (code, 300, "510107", ("链主", "上市"))
    assert report.links_kept_confirmed == 1  # its hand-made confirmed link toy.a is left as it is
    assert store.enterprise_links(["a1"])["a1"][0].evidence == ""


def test_same_name_in_another_city_is_another_enterprise(store):
    report = run(store, H, [row(**{"企业名称": "甲一材料有限公司", "统一社会信用代码": "", "所属省份": "湖北省",
                                   "所属城市": "武汉市", "所属区县": ""})])
    assert report.created == 1


def test_deregistered_are_kept_but_not_counted(store):
    report = run(store, H, [row(**{"登记状态": "吊销，未注销"})])
    e = store.get_enterprise(report.enterprise_ids[0])
    assert e.status == "吊销" and not e.active
    assert store.node_counts("display", ScopeFilter.region("510100", RegionLevel.city)) == {}


def test_confirmed_link_is_never_downgraded_and_rejections_are_respected(store):
    run(store, H, [row(**{"经营范围": "偏光片；光学膜", "国标行业小类": ""})])   # no activity word: queued
    eid = f"u-{GOOD}"
    assert [link.grade.value for link in store.enterprise_links([eid])[eid]] == ["uncertain"]
    again = run(store, H, [row(**{"经营范围": "偏光片；光学膜", "国标行业小类": ""})], rejected_links={(eid, "display.polarizer")})
    assert again.links_unchanged == 1   # unchanged: stays queued, not re-added
    from app.services.review import accept_link
    accept_link(store, eid, "display.polarizer")
    third = run(store, H, [row(**{"经营范围": "偏光片；光学膜", "国标行业小类": ""})])
    assert third.links_kept_confirmed == 1 and third.links_uncertain == 0
    assert store.enterprise_links([eid])[eid][0].grade.value == "confirmed"


def test_missing_name_column_is_refused():
    from app.errors import InvalidInput
    with pytest.raises(InvalidInput, match="企业名称"):
        import_registry(EmbeddedStore(), read_bytes("统一社会信用代码,所属城市\nx,成都\n".encode(), "t.csv"), ImportOptions())


def test_a_stock_code_held_by_another_enterprise_is_a_conflict_never_a_second_holder():
    from app.datadir.registry.reader import read_bytes
    from app.services.imports import ImportOptions, import_registry
    from app.store.base import ChangeSet, EnterpriseQuery
    from graph_schema.models import Enterprise
    from tests.fixtures.registry.samples import toy_store

    store = toy_store()
    store.apply(ChangeSet(enterprises=[Enterprise(id="boe", name="京东方科技集团股份有限公司", region_code="510107",
                                                  listed_code="000725.SZ")]))
    text = ("企业名称,所属省份,所属城市,所属区县,经营范围,股票代码\n"
            "京东方A改名后公司,四川省,成都市,武侯区,显示器件制造,000725\n"
            "甲新公司,四川省,成都市,武侯区,显示器件制造,000100\n"
            "乙新公司,四川省,成都市,武侯区,显示器件制造,000100\n")
    report = import_registry(store, read_bytes(text.encode("utf-8"), "codes.csv"), ImportOptions(skip_invalid=True))
    problems = [str(p) for p in report.errors]
    assert any("000725.SZ 已属于“京东方科技集团股份有限公司”(boe)" in p for p in problems)
    assert any("股票代码与第 3 行相同" in p for p in problems)
    holders = [e.id for e in store.find_enterprises(EnterpriseQuery(text="000725.SZ"))[0]]
    assert holders == ["boe"] and store.find_enterprises(EnterpriseQuery(text="000100.SZ"))[1] == 1


def test_a_branch_name_proposes_its_group_for_review_and_sets_nothing():
    from app.datadir.registry.reader import read_bytes
    from app.services.identity import propose_parent
    from app.services.imports import ImportOptions, import_registry
    from app.store.base import ChangeSet
    from graph_schema.models import Enterprise
    from tests.fixtures.registry.samples import toy_store

    store = toy_store()
    store.apply(ChangeSet(enterprises=[Enterprise(id="grp", name="京东方科技集团股份有限公司", region_code="510107")]))
    assert propose_parent(store, "京东方（成都）光电有限公司", "x").id == "grp"
    assert propose_parent(store, "京东方科技集团股份有限公司", "grp") is None   # no place in brackets: not a branch
    text = "企业名称,所属省份,所属城市,所属区县,经营范围\n京东方（成都）光电有限公司,四川省,成都市,武侯区,显示器件制造\n"
    report = import_registry(store, read_bytes(text.encode("utf-8"), "b.csv"), ImportOptions())
    (row,) = report.rows
    assert row.parent_proposal == "grp" and any("建议母公司" in p for p in row.problems)
    assert store.get_enterprise(row.enterprise_id).parent_id is None


def test_a_former_name_matches_the_renamed_enterprise_both_ways_and_is_kept():
    from app.datadir.registry.reader import read_bytes
    from app.services.enterprises import lookup_enterprise
    from app.services.imports import ImportOptions, import_registry
    from app.store.base import ChangeSet
    from graph_schema.models import Enterprise
    from tests.fixtures.registry.samples import toy_store

    store = toy_store()
    store.apply(ChangeSet(enterprises=[
        Enterprise(id="zh", name="天津中环半导体股份有限公司", region_code="120116"),
        Enterprise(id="sx", name="新名字光电股份有限公司", region_code="510107", former_names=("旧名字光电股份有限公司",)),
    ]))
    text = ("企业名称,曾用名,所属省份,所属城市,所属区县,经营范围\n"
            "TCL中环新能源科技股份有限公司,天津中环半导体股份有限公司(2004-2021),天津市,天津市,滨海新区,单晶硅材料的生产\n"
            "旧名字光电股份有限公司,,四川省,成都市,武侯区,显示器件制造\n")
    report = import_registry(store, read_bytes(text.encode("utf-8"), "renamed.csv"), ImportOptions())
    assert not report.errors and sorted(report.enterprise_ids) == ["sx", "zh"]   # updated, no new enterprise
    zh = store.get_enterprise("zh")
    assert zh.name == "TCL中环新能源科技股份有限公司" and zh.former_names == ("天津中环半导体股份有限公司",)
    assert lookup_enterprise(store, "天津中环半导体股份有限公司")[0].id == "zh"
    sx = store.get_enterprise("sx")   # an export that still shows the old name updates the firm, not renames it back
    assert sx.name == "新名字光电股份有限公司" and sx.former_names == ("旧名字光电股份有限公司",)
