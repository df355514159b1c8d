"""The linking benchmark on the labelled development set: floors a little below the achieved figures.

The set lives outside the repository, at <repo>/../shared/data/linking-dev (CI copies shared/ beside
the fresh clone); the test skips, saying so, when it is absent. The floors hold the figures the
linker reached when they were set, minus a small margin, so a regression fails CI.
"""
from __future__ import annotations

import pytest

from app.datadir.registry.linkbench import DEFAULT_LABELLED_LINKS, DEFAULT_SET, read_labelled, read_link_ids, run, score
from app.datadir.registry.linking import Linker
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore

pytestmark = pytest.mark.skipif(not DEFAULT_SET.exists(), reason=f"labelled development set not present at {DEFAULT_SET}")


@pytest.fixture(scope="module")
def result():
    return run(Linker(EmbeddedStore.open(SEED_DIR).chains()), DEFAULT_SET, read_link_ids(DEFAULT_LABELLED_LINKS))


def test_with_products_holds_the_floors(result):
    s = result.with_products["overall"]
    assert s.confirmed_precision >= FLOORS["confirmed_precision"]
    assert s.recall >= FLOORS["recall"]
    assert s.confirmed_recall >= FLOORS["confirmed_recall"]
    assert result.with_products["unlinked"].false_links <= FLOORS["false_links"]


def test_real_scopes_hold_their_own_floor(result):
    s = result.with_products["real"]
    assert s.confirmed_precision >= FLOORS["real_confirmed_precision"] and s.recall >= FLOORS["real_recall"]


def test_scope_only_holds_the_floors(result):
    s = result.scope_only["overall"]
    assert s.recall >= FLOORS["scope_only_recall"] and s.confirmed_precision >= FLOORS["scope_only_confirmed_precision"]
    assert result.scope_only["unlinked"].false_links <= FLOORS["false_links"]


def test_the_held_out_part_holds_its_own_floor():
    """The part of the set held out from tuning (about one firm in five, by stock code) keeps its figures."""
    firms = read_labelled(DEFAULT_SET, part="heldout")
    assert 40 <= len(firms) <= 60 and not {f.code for f in firms} & {f.code for f in read_labelled(DEFAULT_SET, part="tune")}
    scores = score(Linker(EmbeddedStore.open(SEED_DIR).chains()), firms, labelled=read_link_ids(DEFAULT_LABELLED_LINKS))
    s = scores["overall"]
    assert s.confirmed_precision >= FLOORS["heldout_confirmed_precision"] and s.recall >= FLOORS["heldout_recall"]
    assert scores["unlinked"].false_links <= FLOORS["false_links"]


def test_links_the_labels_could_not_know_are_counted_apart_and_never_excuse_an_unrelated_firm(result):
    from app.datadir.registry.linkbench import LabelledFirm

    known = read_link_ids(DEFAULT_LABELLED_LINKS)
    assert len(known) == 186 and "display.glass_substrate" in known
    linker = Linker(EmbeddedStore.open(SEED_DIR).chains())
    new = LabelledFirm("甲", "动力电池回收、梯次利用", "动力电池回收", "", (), "icv", "real")
    bank = LabelledFirm("乙", "动力电池回收、梯次利用", "动力电池回收", "", (), "unrelated", "real")
    scored = score(linker, [new], labelled=known)["overall"]
    assert scored.unlabelled >= 1 and scored.confirmed == scored.review == 0
    assert score(linker, [bank], labelled=known)["overall"].false_links >= 1


def test_scores_count_pairs_and_split_real_and_composed():
    firms = read_labelled(DEFAULT_SET)
    assert len(firms) == 256 and {f.source for f in firms} == {"real", "composed"}
    scores = score(Linker(EmbeddedStore.open(SEED_DIR).chains()), firms[:20])
    assert scores["overall"].firms == scores["real"].firms + scores["composed"].firms == 20
    assert scores["overall"].expected == sum(len(f.expected) for f in firms[:20])


FLOORS = {   # achieved when set (2026-12-05, second session): 0.952, 0.880, 0.643, 1 false; real 0.976, 0.783; scope only
    # 0.377 recall, 0.833 precision; the held-out part (linkbench.held_out) 0.974, 0.836
    # (targets: confirmed precision 0.95, recall 0.90, confirmed recall 0.60, at most 1 false link)
    "confirmed_precision": 0.945, "recall": 0.875, "confirmed_recall": 0.635, "false_links": 1,
    "real_confirmed_precision": 0.97, "real_recall": 0.775, "scope_only_recall": 0.37, "scope_only_confirmed_precision": 0.825,
    "heldout_confirmed_precision": 0.97, "heldout_recall": 0.83,
}
