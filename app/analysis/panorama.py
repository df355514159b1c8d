"""The panorama (产业链全景图) of a gap report: its links arranged as the chain tree, stage → segment → link.

Stages are the top nodes of the chain template, in template order; a stage's segments are the
parents of its leaves (a leaf directly under no node stands as its own segment), in the order
their first leaf appears; links keep template order. The structure is built here once: the API
returns it, the SVG map draws it and the web page reads it.
"""
from __future__ import annotations

from app.analysis.results import GapReport, LinkStatus, Panorama, PanoramaSegment, PanoramaStage
from graph_schema.models import ChainNode
from graph_schema.template import ChainTemplate


def _stage_of(template: ChainTemplate, leaf: ChainNode) -> ChainNode:
    """The top node above a leaf (the leaf itself when it has no parent)."""
    node = leaf
    while node.parent_id is not None:
        node = template.node(node.parent_id)
    return node


def build_panorama(template: ChainTemplate, report: GapReport) -> Panorama:
    """``report`` as the chain tree of ``template``, with the chain's FEEDS as (source, target) leaf ids.

    Examples
    --------
    >>> from tests.fixtures.analysis_graphs import toy_store
    >>> from app.analysis.service import gap_report, resolve_scope
    >>> store = toy_store()
    >>> p = build_panorama(store.chain("toy"), gap_report(store, "toy", resolve_scope(store, region="成都")))
    >>> [(s.name, [x.node_id for g in s.segments for x in g.links]) for s in p.stages]
    [('上游', ['toy.a', 'toy.b']), ('中游', ['toy.c', 'toy.d']), ('下游', ['toy.e', 'toy.f'])]
    """
    links: dict[str, LinkStatus] = {x.node_id: x for x in report.links}
    grouped: dict[str, dict[str, list[LinkStatus]]] = {top.id: {} for top in template.children_of(None)}
    segment_nodes: dict[str, ChainNode] = {}
    for leaf in template.leaves:
        seg = template.segment_of(leaf.id) or leaf
        segment_nodes[seg.id] = seg
        grouped[_stage_of(template, leaf).id].setdefault(seg.id, []).append(links[leaf.id])
    stages = tuple(
        PanoramaStage(id=top.id, name=top.name, name_en=top.name_en, stage=top.stage.value, segments=tuple(
            PanoramaSegment(id=s, name=segment_nodes[s].name, name_en=segment_nodes[s].name_en, links=tuple(members))
            for s, members in grouped[top.id].items()))
        for top in template.children_of(None))
    return Panorama(chain=report.chain, chain_name=report.chain_name, scope=report.scope,
                    completeness=report.completeness, strength=report.strength, counts=report.counts, stages=stages,
                    feeds=tuple((f.source, f.target) for f in template.feeds), leaders=report.leaders)
