"""The areas file: read through the one tabular reader, every row checked, membership through city and province."""
from __future__ import annotations

import pytest

from app.datadir.areas import AREAS_FILE, default_areas, read_areas
from app.errors import InvalidInput
from app.regions import RegionIndex

HEADER = "area,name_en,region_code,region_name,source\n"


@pytest.fixture(scope="module")
def regions():
    return RegionIndex.national()


def test_the_shipped_file_names_its_sources_and_the_areas_of_the_issue(regions):
    areas = default_areas(regions)
    assert {"成德眉资", "长株潭", "成渝", "京津冀", "长三角中心区", "粤港澳大湾区", "武汉都市圈"} <= set(areas.sources)
    assert all("规划" in s for s in areas.sources.values())
    assert areas.together("510104", "510600")       # 成都 district and 德阳
    assert areas.together("430104", "430300")       # 长沙 district and 湘潭
    assert areas.together("510104", "510700")       # 成都 and 绵阳 through 成渝
    assert not areas.together("430104", "510100")   # 长沙 and 成都
    assert read_areas(AREAS_FILE, regions).sources == areas.sources


def test_a_bad_row_is_refused_naming_the_row(tmp_path, regions):
    bad = tmp_path / "areas.csv"
    bad.write_text(HEADER + "甲圈,A,510100,成都市,某规划\n甲圈,A,999999,无,某规划\n甲圈,A,510100,成都市,某规划\n乙圈,B,430100,长沙市,\n",
                   encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        read_areas(bad, regions)
    found = {(p.row, p.field) for p in err.value.problems}
    assert found == {(3, "region_code"), (4, "region_code"), (5, "source")}


def test_missing_columns_are_refused(tmp_path, regions):
    bad = tmp_path / "areas.csv"
    bad.write_text("area,region_code\n甲圈,510100\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="缺少列"):
        read_areas(bad, regions)
