"""The synthetic generator: deterministic, valid, and shaped like a national registry."""
from __future__ import annotations

import csv
from collections import Counter

from app.datadir.io import read_data_dir
from app.datadir.synth import INDUSTRIAL_CENTRES, synthesize


def test_same_seed_same_files_other_seed_other_files(tmp_path, synth_dir):
    synthesize(tmp_path / "a", 3000, seed=11)
    synthesize(tmp_path / "b", 3000, seed=12)
    for name in ("enterprises.csv", "enterprise_nodes.csv", "supply.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (synth_dir / name).read_bytes()
        assert (tmp_path / "b" / name).read_bytes() != (synth_dir / name).read_bytes()


def test_directory_is_valid_and_shaped_like_reality(synth_dir):
    ds = read_data_dir(synth_dir)  # the reference reader: every row validated
    assert sorted(ds.chains) == ["bigdata", "biomed", "display", "icv"]
    assert len(ds.enterprises) == 3000
    per_enterprise = Counter(link.enterprise_id for link in ds.links)
    assert set(per_enterprise.values()) <= {1, 2, 3, 4} and len(per_enterprise) == 3000
    assert 1300 <= len(ds.supply) <= 1500  # about one relation per two enterprises, duplicates dropped
    leaf_of = {}
    for link in ds.links:
        leaf_of.setdefault(link.enterprise_id, link.node_id)  # the first (core) link
    feeds = {(f.source, f.target) for t in ds.chains.values() for f in t.feeds}
    along = sum((leaf_of[s.supplier_id], leaf_of[s.customer_id]) in feeds for s in ds.supply)
    assert along / len(ds.supply) > 0.7
    cities = Counter(ds.regions.city_of(e.region_code) for e in ds.enterprises)
    top = [c for c, _ in cities.most_common(5)]
    assert set(top) <= set(INDUSTRIAL_CENTRES[:10])
    assert cities.most_common(1)[0][1] > 20 * sorted(cities.values())[len(cities) // 2]  # heavy tail
    tags = Counter(t for e in ds.enterprises for t in e.tags)
    assert tags["链主"] < 15 and 0.01 < tags["上市"] / 3000 < 0.05 and 0.18 < tags["高新技术企业"] / 3000 < 0.32
    revenues = sorted(e.revenue for e in ds.enterprises if e.revenue is not None)
    assert revenues[-1] > 50 * revenues[len(revenues) // 2]


def test_header_is_the_documented_one(synth_dir):
    with (synth_dir / "enterprises.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:4] == ["id", "uscc", "name", "region_code"]


def test_groups_are_heads_of_their_chain_written_before_and_change_no_other_column(tmp_path, synth_dir):
    synthesize(tmp_path / "flat", 3000, seed=11, groups=False)
    with (synth_dir / "enterprises.csv").open(encoding="utf-8") as fh:
        grouped = list(csv.DictReader(fh))
    with (tmp_path / "flat" / "enterprises.csv").open(encoding="utf-8") as fh:
        flat = list(csv.DictReader(fh))
    assert all(not r["parent_id"] for r in flat)
    assert [{**r, "parent_id": ""} for r in grouped] == flat  # parents come from a stream of their own
    for name in ("enterprise_nodes.csv", "supply.csv"):
        assert (tmp_path / "flat" / name).read_bytes() == (synth_dir / name).read_bytes()
    chain = {}
    with (synth_dir / "enterprise_nodes.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            chain.setdefault(r["enterprise_id"], r["node_id"].split(".")[0])
    children = [r for r in grouped if r["parent_id"]]
    assert 0.03 < len(children) / len(grouped) < 0.08
    heads = {r["parent_id"] for r in children}
    by_id = {r["id"]: r for r in grouped}
    for r in children:
        parent = by_id[r["parent_id"]]
        assert parent["id"] < r["id"] and chain[parent["id"]] == chain[r["id"]]
        assert {"上市", "链主", "世界500强"} & set(parent["tags"].split(";"))
    assert any(r["id"] in heads for r in children)  # groups of two levels
