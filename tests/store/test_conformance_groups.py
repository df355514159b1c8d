"""The group rule on every store: group tags (链主, 上市, 世界500强) recorded on a group are inherited by its
members along ``parent_id`` to the top, in key counts, key members and the models read back; writes that change
a group's tags, a parent or delete a group keep every member below right."""
from __future__ import annotations

from app.store.base import ChangeSet, ScopeFilter
from graph_schema.models import Enterprise, EnterpriseLink, RegionLevel

CHENGDU = ScopeFilter.region("510100", RegionLevel.city)


def _tree(store, group_tags=("链主",)) -> int:
    """A group in Beijing, its holding company in Shanghai and a plant in Chengdu working in toy.c; the key count
    of toy.c in Chengdu before the plant came."""
    before = store.node_counts("toy", CHENGDU)["toy.c"].key
    store.apply(ChangeSet(
        enterprises=[Enterprise(id="grp", name="某集团股份有限公司", region_code="110105", tags=group_tags),
                     Enterprise(id="hold", name="某集团控股有限公司", region_code="310115", parent_id="grp"),
                     Enterprise(id="plant", name="某集团（成都）有限公司", region_code="510107", parent_id="hold")],
        links=[EnterpriseLink(enterprise_id="plant", node_id="toy.c")]))
    return before


def _key(store) -> int:
    return store.node_counts("toy", CHENGDU)["toy.c"].key


def test_a_plant_of_a_chain_leader_group_counts_as_key(store):
    before = _tree(store)
    assert _key(store) == before + 1
    plant = store.get_enterprise("plant")
    assert plant.tags == () and plant.group_tags == ("链主",) and plant.group_name == "某集团股份有限公司"
    assert plant.is_key and plant.is_leader and plant.group_note()[0] == "所属集团某集团股份有限公司为链主"
    assert "plant" in {m.enterprise.id for m in store.key_members("toy", CHENGDU, per_node=5)}
    member = next(m for m in store.node_members("toy.c", CHENGDU) if m.enterprise.id == "plant")
    assert member.enterprise.group_tags == ("链主",)
    exported = next(e for e in store.export().enterprises if e.id == "plant")
    assert exported.group_tags == () and exported.group_name is None  # files hold the own tags only


def test_a_little_giant_is_not_inherited(store):
    before = _tree(store, group_tags=("小巨人",))
    assert _key(store) == before
    assert store.get_enterprise("plant").group_tags == ()


def test_writes_to_the_group_move_its_members(store):
    before = _tree(store)
    group = store.get_enterprise("grp")
    store.apply(ChangeSet(enterprises=[group.model_copy(update={"tags": ()})]))
    assert _key(store) == before and store.get_enterprise("plant").group_tags == ()
    store.apply(ChangeSet(enterprises=[group.model_copy(update={"tags": ("世界500强", "上市")})]))
    assert _key(store) == before + 1
    assert store.get_enterprise("plant").group_tags == ("上市", "世界500强")  # in GROUP_TAGS order
    plant = store.get_enterprise("plant")
    store.apply(ChangeSet(enterprises=[plant.model_copy(update={"parent_id": None})]))
    assert _key(store) == before and store.get_enterprise("plant").group_name is None
    store.apply(ChangeSet(enterprises=[plant.model_copy(update={"parent_id": "hold"})]))
    assert _key(store) == before + 1
    store.apply(ChangeSet(delete_enterprises=["grp"]))
    assert _key(store) == before and store.get_enterprise("plant").group_tags == ()
    assert store.get_enterprise("hold").parent_id is None


def test_the_nearest_carrier_names_the_group(store):
    _tree(store, group_tags=("上市",))
    hold = store.get_enterprise("hold")
    store.apply(ChangeSet(enterprises=[hold.model_copy(update={"tags": ("链主",)})]))
    plant = store.get_enterprise("plant")
    assert plant.group_tags == ("链主", "上市") and plant.group_name == "某集团控股有限公司"


def test_children_of_a_group(store):
    _tree(store)
    assert store.children(["grp", "hold", "plant", "nobody"]) == {"grp": ["hold"], "hold": ["plant"]}
    assert store.children([]) == {}
