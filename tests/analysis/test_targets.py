"""The target list on hand-built graphs: one row per group, expansion, 以商招商 ties, partners, roles, scale.

Graph and scope: :mod:`tests.fixtures.target_graphs` (合肥 on the ``pan`` chain).
"""
from __future__ import annotations

import pytest
from pydantic import BaseModel

from app.analysis.results import TargetKind, TargetRole
from app.analysis.scope import resolve_scope
from app.analysis.service import gap_entries, gap_report, target_table
from app.analysis.targets import TargetOptions, rank_targets
from app.errors import InvalidInput
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink
from tests.fixtures.target_graphs import group_dataset, group_store, hefei_areas


@pytest.fixture
def store():
    return group_store()


def _rows(store, region="合肥", **kw):
    options = kw.pop("options", None) or TargetOptions(areas=hefei_areas(store.regions()))
    table = target_table(store, "pan", resolve_scope(store, region=region), options=options, **kw)
    return {r.enterprise_id: r for r in table.rows}, table


def test_a_group_with_a_local_plant_is_expansion_naming_that_plant(store):
    rows, table = _rows(store)
    grp = rows["grp"]
    assert grp.kind is TargetKind.expansion
    assert [e.enterprise_id for e in grp.present_via] == ["grp-hf"]
    assert "合肥集团模组有限公司" in grp.reasons[0].zh and "增资扩产" in grp.reasons[0].zh
    assert grp.node_ids == ("pan.film",) and [m.enterprise_id for m in grp.members] == ["grp-wh"]
    assert grp not in table.key + table.supporting
    assert "grp-wh" not in rows and "grp-hf" not in rows


def test_sister_plants_are_one_row_of_their_group(store):
    rows, _ = _rows(store)
    assert "sis-a" not in rows and "sis-b" not in rows
    sis = rows["sis"]
    assert sis.name == "北京姐妹集团有限公司" and sis.region_code == "110105"
    assert sorted(m.enterprise_id for m in sis.members) == ["sis-a", "sis-b"]
    assert "武汉姐妹膜材有限公司" in next(r.zh for r in sis.reasons if r.zh.startswith("可补环节"))
    assert len({r.enterprise_id for r in _rows(store)[1].rows}) == len(_rows(store)[1].rows)


def test_an_intra_group_supply_relation_adds_nothing(store):
    grp = _rows(store)[0]["grp"]
    assert grp.tie == 0 and grp.factors["feasibility"]["tie"] == 0
    assert not any("以商招商" in r.zh for r in grp.reasons)


def test_ties_are_full_in_the_link_partial_in_the_chain_and_nothing_across_chains(store):
    rows, _ = _rows(store)
    assert rows["tie"].tie == 1.0
    assert rows["tie"].reasons[0].zh == "为本地合肥面板链主有限公司供应膜材（以商招商）"
    assert rows["part"].tie == 0.5 and "部分计分" in rows["part"].reasons[0].zh
    assert rows["far"].tie == 0.0 and not any("以商招商" in r.zh for r in rows["far"].reasons)


def test_a_cross_group_supplier_of_the_local_leader_ranks_above_a_larger_untied_firm(store):
    _, table = _rows(store)
    order = [r.enterprise_id for r in table.rows]
    assert order.index("tie") < order.index("big")
    big, tie = table.rows[order.index("big")], table.rows[order.index("tie")]
    assert big.value > tie.value  # larger and tagged: only the tie puts "tie" first
    # configurable: without ties first, and with the tie weighed at 0, size wins
    _, plain = _rows(store, weights={"tie": 0}, options=TargetOptions(areas=hefei_areas(store.regions()), tie_first=False))
    order = [r.enterprise_id for r in plain.rows]
    assert order.index("big") < order.index("tie")


def test_a_candidate_in_the_scopes_area_is_a_partner_unless_configured(store):
    rows, table = _rows(store)
    assert rows["nb"].kind is TargetKind.partner and "合肥都市圈" in rows["nb"].reasons[0].zh
    apart = TargetOptions(areas=hefei_areas(store.regions()), partners_apart=False)
    assert _rows(store, options=apart)[0]["nb"].kind in (TargetKind.key, TargetKind.supporting)


def test_the_largest_firm_of_a_link_is_at_100_percent_whatever_the_scope(store):
    for region in ("合肥", "成都", "北京"):
        big = _rows(store, region=region)[0]["big"]
        assert big.factors["value"]["scale"] == pytest.approx(0.3 / 1.0)  # scale 1 × weight .3 / Σ value weights 1
        assert any("分位 100%" in r.zh for r in big.reasons)


def test_size_unknown_only_without_revenue_and_headcount(store):
    assert not any(r.zh.startswith("规模未知") for r in _rows(store, region="成都")[0]["pm"].reasons)  # revenue 1
    grp = _rows(store)[0]["grp"]  # its plant has no size, the group has a revenue
    assert any("集团营收 500" in r.zh for r in grp.reasons) and not any(r.zh.startswith("规模未知") for r in grp.reasons)


def test_a_small_panel_maker_is_a_maker_never_a_supplier_nor_a_leader(store):
    pm = _rows(store, region="成都")[0]["pm"]  # pan.panel is a gap in 成都; pm is the smallest panel maker, untagged
    assert pm.role is TargetRole.maker and pm.kind is TargetKind.key
    assert any(r.zh == "角色：成品制造商（面板）" for r in pm.reasons)


def test_a_panel_maker_leads_its_link_by_its_groups_leader_tag_or_by_top_scale():
    ds = group_dataset()
    ds.enterprises += [Enterprise(id="lg", name="深圳链主集团有限公司", region_code="440300", tags=("链主",)),
                       Enterprise(id="lg-p", name="武汉链主面板有限公司", region_code="420100", parent_id="lg"),
                       Enterprise(id="top", name="上海头部面板有限公司", region_code="310115", revenue=900.0)]
    ds.links += [EnterpriseLink(enterprise_id=i, node_id="pan.panel") for i in ("lg-p", "top")]
    rows = _rows(EmbeddedStore(ds), region="成都")[0]
    assert rows["lg"].role is TargetRole.leader  # 链主 through its group, its plant unsized
    assert rows["top"].role is TargetRole.leader and any("分位 100%" in r.zh for r in rows["top"].reasons)
    assert rows["pm"].role is TargetRole.maker  # small and untagged: makes panels, leads nothing
    assert {rows[i].kind for i in ("lg", "top", "pm")} == {TargetKind.key}


def test_a_tagged_leader_names_its_assembly_link_but_no_supplier_link_it_leads_nothing_in():
    ds = group_dataset()
    ds.enterprises += [Enterprise(id="lg", name="深圳链主集团有限公司", region_code="440300", tags=("链主",)),
                       Enterprise(id="lg-p", name="武汉链主面板有限公司", region_code="420100", parent_id="lg"),
                       Enterprise(id="car", name="上海整机链主集团有限公司", region_code="310115", tags=("链主",)),
                       Enterprise(id="car-f", name="上海整机链主膜材有限公司", region_code="310115", parent_id="car")]
    ds.links += [EnterpriseLink(enterprise_id="lg-p", node_id="pan.panel"), EnterpriseLink(enterprise_id="car-f", node_id="pan.film")]
    rows = _rows(EmbeddedStore(ds), region="成都")[0]
    role_of = {i: next(r.zh for r in rows[i].reasons if r.zh.startswith("角色：")) for i in ("lg", "car")}
    assert rows["lg"].role is rows["car"].role is TargetRole.leader
    assert role_of["lg"] == "角色：链主（面板）"  # a tagged group making the chain's product there
    assert role_of["car"] == "角色：链主（“链主”标签）"  # not "链主（膜材）": the tag says nothing of the film link


def test_scores_are_in_range_with_factor_breakdowns_that_add_up(store):
    _, table = _rows(store)
    for r in table.rows:
        assert 0 <= r.feasibility <= 1 and 0 <= r.value <= 1
        assert sum(r.factors["feasibility"].values()) == pytest.approx(r.feasibility)
        assert sum(r.factors["value"].values()) == pytest.approx(r.value)
        assert r.score == pytest.approx(0.5 * r.feasibility + 0.5 * r.value)
    balanced = _rows(store, options=TargetOptions(areas=hefei_areas(store.regions()), balance=1.0))[1]
    assert all(r.score == pytest.approx(r.feasibility) for r in balanced.rows)


def test_limit_and_per_link_cut_the_ranking(store):
    scope = resolve_scope(store, region="合肥")
    gaps = gap_entries(gap_report(store, "pan", scope))
    options = TargetOptions(areas=hefei_areas(store.regions()))
    every = rank_targets(store, scope, store.chain("pan"), gaps, options=options)
    one = rank_targets(store, scope, store.chain("pan"), gaps, limit=1, options=options)
    assert sorted(r.kind for r in one) == sorted({r.kind for r in every})
    assert all(r == next(x for x in every if x.kind is r.kind) for r in one)
    per = rank_targets(store, scope, store.chain("pan"), gaps, per_link=1, options=options)
    assert all(r.kind in (TargetKind.key, TargetKind.supporting) for r in per)


def test_bad_weights_and_balance_are_refused(store):
    with pytest.raises(InvalidInput):
        _rows(store, weights={"bogus": 1})
    with pytest.raises(InvalidInput):
        TargetOptions(balance=2)


def test_toy_targets_use_both_directions_of_supply(toy, chengdu):
    rows = {r.enterprise_id: r for r in target_table(toy, "toy", chengdu).rows}
    assert rows["b1"].tie == 1.0 and rows["b1"].reasons[0].zh.startswith("为本地丙一面板股份有限公司供应")  # b1 supplies c1
    assert rows["e1"].tie == 1.0 and rows["e1"].reasons[0].zh.startswith("采购本地丙一面板股份有限公司的")  # e1 buys from c1
    assert rows["d1"].tie == 0 and "f1" not in rows
    d = rows["e1"].model_dump(mode="json")
    assert set(d) >= {"enterprise_id", "name", "region_code", "kind", "role", "node_ids", "members", "present_via",
                      "feasibility", "value", "score", "factors", "reasons"}


def test_a_groups_local_entity_in_no_link_of_the_chain_still_makes_it_an_expansion(store):
    # 上海大型膜材 (a pan.film candidate, a head without parent) has a 合肥 sales company that works in no link
    # of this chain: the group is already here, an expansion talk (增资扩产), not a new target
    from app.store.base import ChangeSet
    from graph_schema.models import Enterprise

    assert _rows(store)[0]["big"].kind is not TargetKind.expansion
    store.apply(ChangeSet(enterprises=[Enterprise(id="big-hf", name="上海大型膜材（合肥）销售有限公司", region_code="340104",
                                                  parent_id="big")]))
    big = _rows(store)[0]["big"]
    assert big.kind is TargetKind.expansion and [e.enterprise_id for e in big.present_via] == ["big-hf"]
    assert store.children(["big", "grp", "nobody"]) == {"big": ["big-hf"], "grp": ["grp-hf", "grp-wh"]}


def _validated(m):
    """The model validation gives from the same values, every nested model validated again."""
    def again(v):
        if isinstance(v, tuple):
            return tuple(again(x) for x in v)
        return _validated(v) if isinstance(v, BaseModel) else v
    return type(m)(**{name: again(getattr(m, name)) for name in type(m).model_fields})


def test_rows_built_without_validation_are_the_models_validation_gives(store, toy, chengdu):
    rows, _ = _rows(store)
    toy_rows = target_table(toy, "toy", chengdu).rows
    assert {r.kind for r in rows.values()} == set(TargetKind)  # every kind: members, present_via, ties, partners
    for row in (*rows.values(), *toy_rows):
        again = _validated(row)
        assert again == row and again.model_dump_json() == row.model_dump_json()
        assert list(row.__dict__) == list(type(row).model_fields)  # every field set, in order
        assert all(list(x.__dict__) == list(type(x).model_fields) for x in (*row.members, *row.present_via, *row.reasons))
