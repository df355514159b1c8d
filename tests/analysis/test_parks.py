"""园区对比 on a hand-built city (tests/fixtures/park_graphs.py): overlap, 同质化 index, division, peers."""
from __future__ import annotations

import pytest

from app.analysis.compare import compare_scopes
from app.analysis.parks import compare_parks, homogeneity
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from app.errors import NotFound
from app.services.ranking import scope_ranking
from tests.fixtures.park_graphs import park_store


@pytest.fixture(scope="module")
def store():
    return park_store()


@pytest.fixture(scope="module")
def chengdu(store):
    return compare_parks(store, "toy", "成都")


def test_two_parks_strong_in_one_link_overlap_there_with_a_positive_index(chengdu):
    pair = next(o for o in chengdu.overlap if {o.park_a, o.park_b} == {"cd-east", "cd-west"})
    assert "toy.e" in pair.node_ids and pair.strong_ids == ("toy.e",)
    east, west = (next(p for p in chengdu.parks if p.park_id == i) for i in ("cd-east", "cd-west"))
    claimed = [set(p.strong) | set(p.targeted) for p in (east, west)]
    assert pair.index == pytest.approx(homogeneity(*claimed)) and 0 < pair.index <= 1
    assert east.statuses["toy.e"] is Status.strong and west.statuses["toy.e"] is Status.strong


def test_the_division_gives_the_contested_link_to_the_park_with_the_key_enterprise(chengdu):
    d = next(d for d in chengdu.division if d.node_id == "toy.e")
    assert d.park_id == "cd-east"  # x1 (小巨人) is there; the west has more enterprises but no key one
    assert d.factors["key"] > 0 and sum(d.factors.values()) == pytest.approx(d.score)
    text = " ".join(r.zh for r in d.reasons)
    assert "东区戊终端一有限公司" in text and "成都西区" in text
    link = next(c for c in chengdu.links if c.node_id == "toy.e")
    assert {c.park_id for c in link.claims} == {"cd-east", "cd-west"} and link.index == 1.0


def test_a_park_that_neither_declares_nor_works_in_the_chain_claims_nothing(chengdu):
    med = next(p for p in chengdu.parks if p.park_id == "cd-med")
    assert not med.lead and med.strong == () and med.targeted == () and med.reasons
    assert all("cd-med" not in (o.park_a, o.park_b) for o in chengdu.overlap)


def test_a_catch_all_fill_without_any_local_footing_is_no_target(store, chengdu):
    west = next(p for p in chengdu.parks if p.park_id == "cd-west")
    # west holds only toy.e: toy.b and toy.d have no present FEEDS neighbour there
    assert "toy.b" not in west.targeted and "toy.d" not in west.targeted


def test_one_park_is_shown_with_a_note_and_a_county_stands_for_its_city(store):
    wuhan = compare_parks(store, "toy", "武汉")
    assert [p.park_id for p in wuhan.parks] == ["wh-one"] and wuhan.overlap == () and wuhan.notes
    assert compare_parks(store, "toy", "武侯区").city.code == "510100"


@pytest.mark.parametrize("city", ["北京", "没有这个城市"])
def test_an_unknown_city_or_one_without_parks_is_not_found(store, city):
    with pytest.raises(NotFound):
        compare_parks(store, "toy", city)


def test_a_park_is_ranked_among_parks_never_among_cities(store):
    west = resolve_scope(store, park="cd-west")
    r = scope_ranking(store, "toy", west, among="city")
    assert r["peers"] == "parks" and {row["scope"]["kind"] for row in r["rows"]} == {"park"}
    assert [row["scope"]["code"] for row in r["rows"]] == ["cd-east", "cd-west"] and r["rank"] == 2
    assert {row["scope"]["code"] for row in scope_ranking(store, "toy", west)["rows"]} == {"cd-east", "cd-west", "wh-one"}
    assert scope_ranking(store, "toy", resolve_scope(store, region="成都"))["peers"] == "cities"


def test_the_parks_most_like_a_park_are_parks(store):
    similar = compare_scopes(store, "toy", [resolve_scope(store, park="cd-west")]).similar
    assert [(s.code, s.kind.value) for s in similar] == [("cd-east", "park")]
    cities = compare_scopes(store, "toy", [resolve_scope(store, region="成都")]).similar
    assert cities and all(s.kind.value == "region" for s in cities)


def test_a_close_call_is_said_to_be_one(chengdu):
    close = [d for d in chengdu.division if any("得分接近" in r.zh for r in d.reasons)]
    assert all(d.node_id != "toy.e" for d in close)  # the key enterprise decides toy.e by a wide margin
    a = next(d for d in chengdu.division if d.node_id == "toy.a")  # both parks lack toy.a: only density and lead differ
    assert a in close
