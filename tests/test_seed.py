"""The seed data set: valid, big enough to be useful, and true to the clusters public reports describe."""
from __future__ import annotations

from collections import defaultdict

import pytest

from app.datadir.io import read_data_dir
from app.settings import SEED_DIR
from graph_schema.models import Stage


@pytest.fixture(scope="module")
def seed():
    return read_data_dir(SEED_DIR)  # raises InvalidInput, naming file/row/field, if any rule breaks


def test_four_chains_each_with_three_stages_and_40_links(seed):
    assert sorted(seed.chains) == ["bigdata", "biomed", "display", "icv"]
    for t in seed.chains.values():
        assert len(t.leaf_ids) >= 40, t.id
        assert {n.stage for n in t.leaves} == set(Stage)
        assert max(n.level for n in t.nodes) >= 3
        assert any(n.is_core for n in t.leaves) and any(n.chokepoint for n in t.leaves)
        assert all(n.keywords for n in t.leaves), t.id
        assert len(t.feeds) >= 40


def test_cross_chain_fusion_edges(seed):
    related = {(r.source, r.target) for t in seed.chains.values() for r in t.related}
    assert ("display.vehicle_display", "icv.smart_cockpit") in related
    assert ("icv.cloud_control_platform", "bigdata.data_center") in related
    assert ("bigdata.medical_big_data", "biomed.digital_health") in related


def test_size(seed):
    chain_of = {leaf: t.id for t in seed.chains.values() for leaf in t.leaf_ids}
    per_chain = defaultdict(set)
    for link in seed.links:
        per_chain[chain_of[link.node_id]].add(link.enterprise_id)
    assert len(seed.enterprises) >= 600
    assert all(len(ids) >= 100 for ids in per_chain.values()), {k: len(v) for k, v in per_chain.items()}
    cities = {seed.regions.city_of(e.region_code) for e in seed.enterprises} - {None}
    assert len(cities) >= 30
    assert len(seed.supply) >= 150 and len(seed.parks) >= 15
    assert all(e.uscc is None for e in seed.enterprises)  # no invented credit codes


@pytest.mark.parametrize(
    ("city", "chain", "names"),
    [
        ("510100", "display", ["成都京东方光电科技有限公司"]),
        ("420100", "display", ["武汉华星光电技术有限公司", "武汉天马微电子有限公司"]),
        ("520100", "bigdata", ["云上贵州大数据产业发展有限公司"]),
        ("430100", "icv", ["湖南湘江智能科技创新中心有限公司"]),
        ("510100", "biomed", ["四川科伦药业股份有限公司"]),
    ],
)
def test_public_clusters_are_there(seed, city, chain, names):
    leaves = set(seed.chains[chain].leaf_ids)
    in_chain = {link.enterprise_id for link in seed.links if link.node_id in leaves}
    local = {e.name for e in seed.enterprises if e.id in in_chain and seed.regions.city_of(e.region_code) == city}
    for name in names:
        assert name in local, (name, sorted(local)[:20])
