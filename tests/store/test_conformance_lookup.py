"""Search by stock code, on every store: the find text matches ``listed_code`` exactly, as it does id and USCC."""
from __future__ import annotations

from app.store.base import ChangeSet, EnterpriseQuery
from graph_schema.models import Enterprise


def test_find_text_matches_a_listed_code_exactly(store):
    listed = Enterprise(id="s1", name="京东方科技集团股份有限公司", region_code="510107", listed_code="000725.SZ")
    other = Enterprise(id="s2", name="某上市公司", region_code="510107", listed_code="000100.SZ")
    store.apply(ChangeSet(enterprises=[listed, other]))
    found, count = store.find_enterprises(EnterpriseQuery(text="000725.SZ"))
    assert ([e.id for e in found], count) == (["s1"], 1)
    assert store.find_enterprises(EnterpriseQuery(text="000725.sz"))[1] == 1    # the code is compared upper-cased
    assert store.find_enterprises(EnterpriseQuery(text="000725"))[1] == 0       # a part of a code is not a match


def test_find_text_matches_a_former_name_and_the_store_keeps_them(store):
    renamed = Enterprise(id="f1", name="TCL中环新能源科技股份有限公司", region_code="120116",
                         former_names=("天津中环半导体股份有限公司",))
    store.apply(ChangeSet(enterprises=[renamed, Enterprise(id="f2", name="另一家公司", region_code="120116")]))
    found, count = store.find_enterprises(EnterpriseQuery(text="天津中环半导体"))
    assert ([e.id for e in found], count) == (["f1"], 1)
    assert found[0].former_names == ("天津中环半导体股份有限公司",)
    assert store.get_enterprise("f2").former_names == ()
