"""Statuses, LQ, completeness, strength and supporting rate on the toy graphs, worked out by hand.

Toy chain in Chengdu (threshold 2): a has a1 (链主;上市), a2, a3 → strong; c has c1 (上市) only →
weak (1 < 2); b, d, e, f missing. National link counts: a3 b1 c2 d1 e1 (f1 is 注销) = 8.
"""
from __future__ import annotations

import pytest

from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.analysis.service import gap_report


def test_statuses_follow_the_design_rules(toy, chengdu):
    r = gap_report(toy, "toy", chengdu)
    got = {x.node_id: (x.status, x.local_count, x.key_count) for x in r.links}
    assert got == {
        "toy.a": (Status.strong, 3, 1), "toy.b": (Status.missing, 0, 0), "toy.c": (Status.weak, 1, 1),
        "toy.d": (Status.missing, 0, 0), "toy.e": (Status.missing, 0, 0), "toy.f": (Status.missing, 0, 0),
    }
    assert any("少于阈值 2" in reason.zh for reason in r.link("toy.c").reasons)


def test_completeness_and_strength_are_weighted_shares(toy, chengdu):
    r = gap_report(toy, "toy", chengdu)
    # weights a .5 b .25 c 1 d .5 e .5 f .25, total 3: present a+c = 1.5, strong a = .5
    assert r.completeness == pytest.approx(1.5 / 3)
    assert r.strength == pytest.approx(0.5 / 3)
    assert r.counts.model_dump(mode="json") == {"strong": 1, "weak": 1, "missing": 4}


def test_location_quotient(toy, chengdu):
    r = gap_report(toy, "toy", chengdu)
    # local 4 pairs, national 8: LQ(a) = (3/4)/(3/8) = 2, LQ(c) = (1/4)/(2/8) = 1, LQ(b) = 0
    assert r.link("toy.a").lq == pytest.approx(2.0)
    assert r.link("toy.c").lq == pytest.approx(1.0)
    assert r.link("toy.b").lq == 0.0
    assert r.link("toy.f").lq is None  # nobody works in f anywhere
    assert r.link("toy.a").national_count == 3


def test_thresholds_per_call_override_the_chain(toy, chengdu):
    r = gap_report(toy, "toy", chengdu, weak_threshold=4)
    assert (r.link("toy.a").status, r.link("toy.a").rule) == (Status.strong, "leader")  # 3 < 4, but a1 is a 链主
    assert r.link("toy.c").status is Status.weak
    r = gap_report(toy, "toy", chengdu, weak_threshold=1)
    assert r.link("toy.c").status is Status.strong  # core with the key c1


def test_a_core_link_without_a_key_enterprise_is_strong_only_by_capacity(two):
    hefei = resolve_scope(two, region="合肥")
    r = gap_report(two, "pan", hefei)  # threshold 1
    glass = r.link("pan.glass")  # core, g1 has no key tag, but it is the link's only (so largest) member nationwide
    assert (glass.status, glass.rule) == (Status.strong, "scale")
    assert glass.reasons[0].zh.startswith("规模规则：本地企业合肥玻璃有限公司营收位列全国该环节前 20%")
    assert any("没有重点企业" in reason.zh for reason in glass.reasons)
    assert r.link("pan.chem").rule == "count" and r.link("pan.panel").rule == "count"
    assert r.completeness == pytest.approx(2.2 / 3.7)
    assert r.strength == pytest.approx(2.2 / 3.7)


def test_key_enterprises_for_the_panorama(toy, chengdu):
    r = gap_report(toy, "toy", chengdu)
    assert [k.model_dump(mode="json") for k in r.link("toy.a").key_enterprises] == [{"id": "a1", "name": "甲一材料有限公司"}]


def test_local_supporting_rate_of_a_chain_leader(two):
    r = gap_report(two, "pan", resolve_scope(two, region="340100"))
    (leader,) = r.leaders
    # L1 is in pan.panel, fed by chem, film, glass; Hefei has chem and glass, not film
    assert leader.enterprise_id == "L1"
    assert leader.supporting_rate == pytest.approx(2 / 3)
    assert leader.supplier_links == ("pan.chem", "pan.film", "pan.glass")
    assert leader.covered_supplier_links == ("pan.chem", "pan.glass")
    assert any("膜材" in reason.zh for reason in leader.reasons)


def test_a_park_counts_only_its_members(toy):
    r = gap_report(toy, "toy", resolve_scope(toy, park="toy-park"))
    assert r.link("toy.a").local_count == 2 and r.link("toy.a").status is Status.strong
    assert r.link("toy.c").status is Status.missing


def test_a_segment_without_any_enterprise_in_the_data_gets_a_note(toy, chengdu):
    r = gap_report(toy, "toy", chengdu)
    # 应用 (e, f) has nobody in Chengdu; 制造 (c, d) has c1, so d is a plain gap
    (note,) = r.notes
    assert note.zh.startswith("数据提示：成都市在“应用”环节组没有一家企业收录（本产业链收录本地企业 4 家，全部数据 4 家）")
    assert "未收录" in note.zh and "确认缺失" in note.zh
    assert r.link("toy.e").data_note == note == r.link("toy.f").data_note
    assert r.link("toy.d").data_note is None and r.link("toy.b").data_note is None
