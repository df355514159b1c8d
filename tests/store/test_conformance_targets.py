"""The target list's group presence on every store: a group whose decision-maker is elsewhere but which already has
an entity in the scope's metropolitan area is a ``partner`` naming that entity; one with an entity in the scope is an
``expansion`` even when it also has one in the area (expansion wins); the cut lists agree with the whole list.

Graph: :mod:`tests.fixtures.target_graphs` (合肥, whose area also holds 芜湖) plus two groups of 北京 with a 膜材
plant in 武汉 (a candidate): ``ag`` also has a plant of another chain in 芜湖; ``ex`` has one in 芜湖 and a sales
company in 合肥.
"""
from __future__ import annotations

import pytest

from app.analysis.results import TargetKind
from app.analysis.scope import resolve_scope
from app.analysis.service import target_table
from app.analysis.targets import TargetOptions
from graph_schema.models import Enterprise, EnterpriseLink
from tests.fixtures.target_graphs import group_dataset, hefei_areas
from tests.store.conftest import STORES, make_store

GROUPS = [("ag", "北京协同集团有限公司", "110105", None, None), ("ag-wh", "武汉协同膜材有限公司", "420100", "ag", "pan.film"),
          ("ag-wu", "芜湖协同示例有限公司", "340200", "ag", "toy.a"),
          ("ex", "北京扩产集团有限公司", "110105", None, None), ("ex-wh", "武汉扩产膜材有限公司", "420100", "ex", "pan.film"),
          ("ex-wu", "芜湖扩产膜材有限公司", "340200", "ex", None), ("ex-hf", "合肥扩产销售有限公司", "340104", "ex", None)]


@pytest.fixture(params=STORES)
def store(request):
    ds = group_dataset()
    for i, name, region, parent, node in GROUPS:
        ds.enterprises.append(Enterprise(id=i, name=name, region_code=region, parent_id=parent))
        if node:
            ds.links.append(EnterpriseLink(enterprise_id=i, node_id=node))
    return make_store(request.param, ds, request)


def _rows(store, **kw):
    options = kw.pop("options", None) or TargetOptions(areas=hefei_areas(store.regions()))
    return {r.enterprise_id: r for r in target_table(store, "pan", resolve_scope(store, region="合肥"), options=options, **kw).rows}


def test_a_group_with_an_entity_in_the_area_is_a_partner_naming_it(store):
    ag = _rows(store)["ag"]
    assert ag.kind is TargetKind.partner
    assert [e.enterprise_id for e in ag.present_via] == ["ag-wu"]
    assert "芜湖协同示例有限公司" in ag.reasons[0].zh and "合肥都市圈" in ag.reasons[0].zh
    assert [m.enterprise_id for m in ag.members] == ["ag-wh"]
    apart = _rows(store, options=TargetOptions(areas=hefei_areas(store.regions()), partners_apart=False))["ag"]
    assert apart.kind in (TargetKind.key, TargetKind.supporting) and not apart.present_via


def test_expansion_wins_over_partner(store):
    ex = _rows(store)["ex"]
    assert ex.kind is TargetKind.expansion and [e.enterprise_id for e in ex.present_via] == ["ex-hf"]


def test_cut_lists_are_the_whole_lists_rows(store):
    every = list(_rows(store).values())
    for limit in (1, 2, 3):
        cut = _rows(store, limit=limit)
        for kind in TargetKind:
            assert [r for r in cut.values() if r.kind is kind] == [r for r in every if r.kind is kind][:limit]
