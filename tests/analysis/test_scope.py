from __future__ import annotations

import pytest

from app.analysis.scope import contains, resolve_scope
from app.errors import AmbiguousName, InvalidInput, NotFound


@pytest.mark.parametrize("text", ["成都", "成都市", "510100"])
def test_a_city_answers_to_its_code_its_name_and_its_short_name(toy, text):
    scope = resolve_scope(toy, region=text)
    assert scope.model_dump(mode="json") == {"kind": "region", "code": "510100", "name": "成都市", "level": "city"}


def test_an_ambiguous_name_lists_its_candidates(toy):
    with pytest.raises(AmbiguousName) as err:
        resolve_scope(toy, region="朝阳")
    codes = {c["code"] for c in err.value.candidates}
    assert {"110105", "211300"} <= codes


def test_an_unknown_region_or_park_is_not_found(toy):
    with pytest.raises(NotFound):
        resolve_scope(toy, region="不存在的地方")
    with pytest.raises(NotFound):
        resolve_scope(toy, park="no-such-park")


def test_a_park_scope_and_a_missing_scope(toy):
    park = resolve_scope(toy, park="toy-park").model_dump(mode="json")
    assert park == {"kind": "park", "code": "toy-park", "name": "示例园区", "level": None}
    with pytest.raises(InvalidInput):
        resolve_scope(toy)


def test_a_province_contains_its_counties_and_a_city_its_districts(toy):
    regions = toy.regions()
    sichuan, chengdu = resolve_scope(toy, region="四川"), resolve_scope(toy, region="成都")
    assert contains(regions, sichuan, "510107") and contains(regions, chengdu, "510107")
    assert not contains(regions, chengdu, "420111")
