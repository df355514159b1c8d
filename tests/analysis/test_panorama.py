"""The panorama: the gap report's links as the chain tree, stage → segment → link, built once."""
from __future__ import annotations

from app.analysis.panorama import build_panorama
from app.analysis.service import gap_report, panorama, resolve_scope
from tests.fixtures.analysis_graphs import toy_store
from tests.fixtures.panorama_tree import tree_report, tree_template


def test_stages_are_top_nodes_and_segments_their_leaves_parents_in_template_order():
    template = tree_template()
    p = build_panorama(template, tree_report(template))
    assert [(s.id, s.stage) for s in p.stages] == [("t.up", "upstream"), ("t.mid", "midstream"), ("t.up2", "upstream")]
    assert [(g.id, [x.node_id for x in g.links]) for g in p.stages[0].segments] == [
        ("t.s1", ["t.a", "t.b"]), ("t.up", ["t.c"]), ("t.s2", ["t.d"])]  # a leaf under its stage: the stage's segment
    assert [x.node_id for x in p.links] == ["t.a", "t.b", "t.c", "t.d", "t.e", "t.f"]


def test_the_service_builds_the_tree_of_the_gap_report_with_the_chain_feeds():
    store = toy_store()
    scope = resolve_scope(store, region="成都")
    built = panorama(store, "toy", scope)
    report = gap_report(store, "toy", scope)
    assert built == build_panorama(store.chain("toy"), report)
    assert built.feeds == tuple((f.source, f.target) for f in store.chain("toy").feeds)
    assert built.links == report.links and built.indicators == report.indicators and built.leaders == report.leaders
