"""The five modes on the toy graphs, priorities worked out by hand (weights in app.analysis.modes).

Chengdu toy (see test_coverage, test_relatedness): a strong, c weak, b d e f missing;
density b 1/3, others of the missing 0. fill = .3 weight + .2 core + .15 choke + .25 adjacency + .1 density.
"""
from __future__ import annotations

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.service import gap_report


def test_fill_ranks_missing_links(toy, chengdu):
    r = gap_report(toy, "toy", chengdu)
    got = [(e.node_id, e.priority) for e in r.fill]
    # b: .3*.25 + .15 (choke) + .25*.5 (its customer c is weak) + .1/3 ; e, f: next to weak c; d alone
    assert [n for n, _ in got] == ["toy.b", "toy.e", "toy.f", "toy.d"]
    assert [p for _, p in got] == pytest.approx([0.075 + 0.15 + 0.125 + 0.1 / 3, 0.15 + 0.125, 0.075 + 0.125, 0.15])
    b = r.fill[0]
    assert sum(b.factors.values()) == pytest.approx(b.priority)
    assert b.reasons[0].zh == "本地需求：本地“丙面板”环节的丙一面板股份有限公司需要该环节产品"
    assert any("卡脖子" in x.zh for x in b.reasons)
    # e and f buy from the weak c (local supply, not a strength to extend from); d has no local footing
    assert [x.zh for x in r.fill[1].reasons][:1] == ["本地供给：可就近采购本地“丙面板”环节丙一面板股份有限公司的产品"]
    assert r.fill[3].reasons[0].zh == "本地缺失该环节，上下游环节本地也无企业"


def test_strengthen_takes_weak_links(toy, chengdu):
    (c,) = gap_report(toy, "toy", chengdu).strengthen
    # .3*1 + .2 core + .2 * (2-1)/2 shortfall + 0 (c1 is key) + .15 (supplier a strong)
    assert (c.node_id, c.priority) == ("toy.c", pytest.approx(0.75))


def test_extend_takes_missing_links_downstream_of_a_strong_local_link(two):
    # in Hefei the panel is strong (链主 L1) and the module missing with no local customer: 延链, not 补链
    r = gap_report(two, "pan", resolve_scope(two, region="合肥"))
    assert [e.node_id for e in r.extend] == ["pan.module"]
    assert r.extend[0].reasons[0].zh == "从本地较强的“面板”向下游延伸"
    assert "pan.module" not in {e.node_id for e in r.fill}
    # the film has local demand (the panel needs it): 补链, naming the 链主 that needs it
    film = next(e for e in r.fill if e.node_id == "pan.film")
    assert film.reasons[0].zh == "本地需求：本地“面板”环节的链主合肥面板链主有限公司需要该环节产品"


def test_every_gap_link_in_exactly_one_mode(toy, chengdu, two):
    for r in (gap_report(toy, "toy", chengdu), gap_report(two, "pan", resolve_scope(two, region="合肥")),
              gap_report(toy, "toy", resolve_scope(toy, region="合肥"))):
        seen = [e.node_id for m in ("build", "fill", "strengthen", "extend") for e in r.mode(m)]
        assert sorted(seen) == sorted(x.node_id for x in r.links if x.status.value != "strong")


def test_build_applies_only_when_completeness_is_low(toy, chengdu):
    assert gap_report(toy, "toy", chengdu).build == ()  # completeness .5 ≥ .3
    r = gap_report(toy, "toy", resolve_scope(toy, region="合肥"))  # nothing in Hefei: completeness 0
    got = [(e.node_id, e.priority) for e in r.build]
    # c: .4*1 + .35 * degree 4/4; a: .4*.5 + .35 * 1/4
    assert got == [("toy.c", pytest.approx(0.75)), ("toy.a", pytest.approx(0.2875))]
    c, a = r.build
    # no 链主 works in c, so the key c1 stands; its supplier b1 and customer e1 pull b and e
    assert [(x.enterprise_id, x.pulls) for x in c.candidates] == [("c1", ("toy.b", "toy.e"))]
    assert [(x.enterprise_id, x.pulls) for x in a.candidates] == [("a1", ())]
    assert r.model_dump(mode="json")["build"][0]["candidates"][0]["enterprise_id"] == "c1"


def test_a_build_threshold_per_call(toy, chengdu):
    assert [e.node_id for e in gap_report(toy, "toy", chengdu, build_threshold=0.6).build] == ["toy.c"]


def test_fuse_proposes_related_links_of_other_chains(two):
    r = gap_report(two, "toy", resolve_scope(two, region="成都"))
    (f,) = r.fuse
    # pan.film is missing in Chengdu (gap 1), weight .4, toy.a has the key a1 (anchor 1)
    assert (f.node_id, f.chain_id, f.related_node_id) == ("pan.film", "pan", "toy.a")
    assert f.priority == pytest.approx(0.5 + 0.12 + 0.2)
    d = f.model_dump(mode="json")
    assert d["chain_id"] == "pan" and d["related_node_id"] == "toy.a"
    assert d["reasons"][0]["zh"].startswith("与本地优势环节“甲材料”")


def test_no_fuse_without_a_strong_local_link(two):
    assert gap_report(two, "pan", resolve_scope(two, region="合肥")).fuse == ()


def test_fuse_states_the_other_links_status_by_the_gap_report_rule(two):
    from app.store.base import ChangeSet
    from graph_schema.models import Enterprise, EnterpriseLink

    # one plant of a 链主 group in Chengdu's pan.film: below the count rule, strong by the leader rule (group rule)
    two.apply(ChangeSet(enterprises=[Enterprise(id="pg", name="膜集团股份有限公司", region_code="110105", tags=("链主",)),
                                     Enterprise(id="pp", name="膜集团（成都）有限公司", region_code="510107", parent_id="pg")],
                        links=[EnterpriseLink(enterprise_id="pp", node_id="pan.film")]))
    chengdu = resolve_scope(two, region="成都")
    assert gap_report(two, "pan", chengdu).link("pan.film").status.value == "strong"
    (f,) = gap_report(two, "toy", chengdu).fuse
    assert f.node_id == "pan.film" and f.reasons[1].zh == "该环节在pan链上本地已较强，可协同"
