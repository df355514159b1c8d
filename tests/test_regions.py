import pytest

from app.errors import AmbiguousName, NotFound
from app.regions import RegionIndex


@pytest.fixture(scope="module")
def regions():
    return RegionIndex.national()


@pytest.mark.parametrize("text", ["成都", "成都市", "510100"])
def test_city_by_short_full_name_or_code(regions, text):
    assert regions.resolve(text).code == "510100"


def test_ambiguous_name_lists_candidates(regions):
    with pytest.raises(AmbiguousName) as info:
        regions.resolve("朝阳区")
    codes = {c["code"] for c in info.value.candidates}
    assert {"110105", "220104"} <= codes
    assert "北京市朝阳区" in str(info.value)


def test_unknown_name_is_not_found(regions):
    with pytest.raises(NotFound):
        regions.resolve("不存在市")


def test_hierarchy(regions):
    assert regions.city_of("510107") == "510100"
    assert regions.province_of("510107") == "510000"
    assert regions.city_of("110105") == "110000"  # municipality districts roll up to the municipality
    assert regions.city_of("429004") == "429004"  # county-level city directly under Hubei
    assert regions.full_name("510107") == "四川省成都市武侯区"
    assert "510101" not in regions  # 市辖区 placeholders are dropped


def test_national_list_is_complete_enough(regions):
    levels = [r.level.value for r in regions.regions]
    assert levels.count("province") == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, HK, Macao
    assert levels.count("city") > 300 and levels.count("county") > 2800


def test_short_name_prefers_the_city_over_a_county_of_the_same_name(regions):
    assert regions.resolve("长沙").code == "430100"  # not 长沙县 430121
    assert regions.resolve("长沙县").code == "430121"
    with pytest.raises(AmbiguousName):
        regions.resolve("吉林")  # 吉林省 and 吉林市 are both above county level
