"""Stable link ids across template versions: every leaf link of templates v1 (listed in
``seed/chains/labelled_links_v1.txt``) is still a leaf link of the shipped templates, and every change of
the templates is recorded per chain in ``seed/chains/CHANGES.md``."""
from __future__ import annotations

from app.datadir.io import read_data_dir
from app.datadir.registry.linkbench import DEFAULT_LABELLED_LINKS, read_link_ids
from app.settings import SEED_DIR


def test_every_v1_link_keeps_its_id_and_every_chain_records_its_changes():
    chains = read_data_dir(SEED_DIR).chains
    leaves = {i for t in chains.values() for i in t.leaf_ids}
    v1 = read_link_ids(DEFAULT_LABELLED_LINKS)
    assert len(v1) == 186 and v1 <= leaves, sorted(v1 - leaves)
    assert len(leaves) > len(v1)  # v2 adds links, with new ids
    changes = (SEED_DIR / "chains" / "CHANGES.md").read_text(encoding="utf-8")
    for chain_id, template in chains.items():
        assert f"## {chain_id} {template.chain.name}" in changes, chain_id
