"""The group rule in the analyses, on a hand-built graph: a subsidiary of a 链主 group counts as key, and the
reasons say it is so through the group."""
from __future__ import annotations

from app.analysis import service
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.store.base import ChangeSet
from graph_schema.models import Enterprise, EnterpriseLink
from tests.fixtures.analysis_graphs import toy_store


def _with_group(tags: tuple[str, ...]):
    store = toy_store()
    store.apply(ChangeSet(
        enterprises=[Enterprise(id="grp", name="甲集团股份有限公司", region_code="110105", tags=tags),
                     Enterprise(id="hq", name="甲集团投资有限公司", region_code="310115", parent_id="grp"),
                     Enterprise(id="plant", name="甲集团（成都）有限公司", region_code="510107", parent_id="hq")],
        links=[EnterpriseLink(enterprise_id="plant", node_id="toy.b")]))
    return store, service.gap_report(store, "toy", resolve_scope(store, region="成都"))


def test_a_plant_of_a_chain_leader_group_makes_its_link_strong_by_the_leader_rule():
    _, report = _with_group(("链主",))
    b = report.link("toy.b")  # one local plant, below the threshold of 3: strong only because its group leads
    assert (b.status, b.rule, b.local_count, b.key_count) == (Status.strong, "leader", 1, 1)
    assert b.reasons[0].zh == "链主规则：本地链主甲集团（成都）有限公司（所属集团甲集团股份有限公司为链主）在该环节，判为强"
    assert any(r.zh.startswith("按集团认定的重点企业：甲集团（成都）有限公司") for r in b.reasons)
    assert [x.name for x in b.key_enterprises] == ["甲集团（成都）有限公司"]
    assert "plant" in {x.enterprise_id for x in report.leaders}


def test_a_listed_group_makes_its_plant_key_but_not_a_leader():
    _, report = _with_group(("上市",))
    b = report.link("toy.b")
    assert (b.status, b.key_count) == (Status.weak, 1)
    assert "plant" not in {x.enterprise_id for x in report.leaders}


def test_without_group_tags_the_plant_is_not_key():
    _, report = _with_group(("小巨人",))  # a plant's own qualification, not the group's
    assert report.link("toy.b").key_count == 0
