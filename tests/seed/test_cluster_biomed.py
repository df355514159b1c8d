"""生物医药 on the seed: what a 光谷生物城 or 成都医学城 official would recognise, and the biomed group trees.

Every fact asserted here has its public source in seed/README.md ("生物医药 sources").
"""
from __future__ import annotations

from app.analysis import service
from app.analysis.parks import compare_parks
from app.analysis.results import Status
from app.analysis.scope import resolve_scope
from tests.seed.conftest import ownership

B = "biomed."
V2_LINKS = {
    "nucleic_acid_drugs", "radiopharmaceuticals", "aesthetic_injectables", "synthetic_biology", "plasma_collection",
    "ivd_raw_materials", "device_distribution", "device_cro", "cso",
}
DEVICES = {"medical_imaging", "patient_monitoring", "endoscopy", "surgical_robot", "rehab_devices", "high_value_consumables",
           "cardiovascular_implants", "orthopedic_implants", "low_value_consumables", "poct"}


def _statuses(store, park):
    report = service.gap_report(store, "biomed", resolve_scope(store, park=park))
    return {x.node_id.removeprefix(B): x for x in report.links}


def _members(data, park, link):
    """Names of the park's enterprises working in one biomed link."""
    ids = {m.enterprise_id for m in data.park_members if m.park_id == park}
    linked = {x.enterprise_id for x in data.links if x.node_id == B + link}
    return {e.name for e in data.enterprises if e.id in ids & linked}


def test_template_v2_keeps_every_v1_link_and_adds_the_nine(data):
    leaves = {x.removeprefix(B) for x in data.chains["biomed"].leaf_ids}
    # every v1 id is kept: tests/seed/test_template_ids.py
    assert V2_LINKS <= leaves


def test_devices_reach_hospitals_through_device_distribution(data):
    t = data.chains["biomed"]
    for d in DEVICES:
        assert B + "device_distribution" in t.customers_of(B + d), d
        assert B + "medical_services" not in t.customers_of(B + d), d
    assert B + "medical_services" in t.customers_of(B + "device_distribution")
    assert B + "blood_products" in t.customers_of(B + "plasma_collection")
    assert {B + "ivd_immunochem", B + "molecular_diagnostics", B + "poct"} <= set(t.customers_of(B + "ivd_raw_materials"))
    for cro_or_cdmo in ("clinical_cro", "bio_cdmo", "chem_cdmo"):
        assert B + "nucleic_acid_drugs" in t.customers_of(B + cro_or_cdmo), cro_or_cdmo


def test_optics_valley_biolake_shows_its_strong_links(store, data):
    """光谷生物城: diagnostics, sequencing, reagents, 人福's drugs and distribution are strong; its device and CGT firms are there."""
    s = _statuses(store, "wh-optics-valley")
    for link in ("bio_reagents", "ivd_raw_materials", "molecular_diagnostics", "gene_sequencing", "medical_lab",
                 "generic_drug", "innovative_chem_drug", "pharma_distribution"):
        assert s[link].status is Status.strong, (link, s[link].status, s[link].local_count)
    for link in ("medical_imaging", "endoscopy", "ivd_immunochem", "cell_gene_therapy", "device_distribution",
                 "drug_discovery_cro", "antibody_drugs", "digital_health"):
        assert s[link].status is not Status.missing, link
    assert s["cell_gene_therapy"].local_count >= 3  # 滨会, 纽福斯, 波睿达, 汉密顿
    assert "武汉迈瑞医疗技术研究院有限公司" in _members(data, "wh-optics-valley", "ivd_raw_materials")
    assert "武汉华大智造科技有限公司" in _members(data, "wh-optics-valley", "gene_sequencing")
    assert "武汉联影医疗科技有限公司" in _members(data, "wh-optics-valley", "medical_imaging")
    assert "中国医疗器械有限公司" in _members(data, "wh-optics-valley", "device_distribution")
    assert "人福医药集团股份公司" in _members(data, "wh-optics-valley", "generic_drug")


def test_chengdu_medical_city_shows_kelun_and_its_innovative_drugs(store, data):
    """成都医学城 (温江): 科伦博泰 and 百利天恒 make ADC strong; innovative and generic drugs and 中成药 (百裕) are strong."""
    s = _statuses(store, "cd-medical-city")
    for link in ("adc", "innovative_chem_drug", "generic_drug", "tcm_patent_medicine"):
        assert s[link].status is Status.strong, (link, s[link].status, s[link].local_count)
    for link in ("molecular_diagnostics", "drug_discovery_cro", "cell_gene_therapy", "antibody_drugs"):
        assert s[link].status is not Status.missing, link
    assert {"四川科伦博泰生物医药股份有限公司", "四川百利天恒药业股份有限公司"} <= _members(data, "cd-medical-city", "adc")
    assert "四川科伦药物研究院有限公司" in _members(data, "cd-medical-city", "innovative_chem_drug")


def test_wuhan_parks_overlap_on_drugs(store):
    """武汉经开区 (海特生物, 同济现代) and 光谷 (人福) are both strong in 仿制药: an overlap the city has to divide."""
    r = compare_parks(store, "biomed", "武汉")
    assert {p.park_id for p in r.parks} >= {"wh-optics-valley", "wh-etdz"}
    pair = next(o for o in r.overlap if {o.park_a, o.park_b} == {"wh-optics-valley", "wh-etdz"})
    assert pair.index > 0 and B + "generic_drug" in pair.strong_ids


GROUPS = {  # group decision-maker → words in its members' legal names
    "hengrui": ("恒瑞", "盛迪"),
    "fosun": ("复星", "复宏汉霖", "万邦生化", "奥鸿", "洞庭药业", "红旗制药", "朝晖药业", "二叶制药", "药友制药", "桂林南药"),
    "sinopharm": ("国药", "中国生物技术", "中国医疗器械", "生物制品研究所"),
    "cr-pharma": ("华润",), "kelun": ("科伦",), "cspc-holding": ("石药集团", "石药控股"), "mindray": ("迈瑞",), "bgi-group": ("华大",),
    "wuxi-apptec": ("药明康德", "合全"),
}
NOT_SUBSIDIARIES = {"fosunkite", "crm-huajing"}  # 复星凯特: a 50/50 joint venture with Kite; 华润华晶: not a biomed group member


def test_every_plant_of_the_big_groups_reaches_its_decision_maker(data):
    parent_of = {e.id: e.parent_id for e in data.enterprises}
    in_biomed = {link.enterprise_id for link in data.links if link.node_id.startswith(B)}
    checked = 0
    for root, words in GROUPS.items():  # the group's plants that work in this chain (华润微电子 is another 华润 business)
        members = [e for e in data.enterprises if any(w in e.name for w in words) and e.id not in NOT_SUBSIDIARIES
                   and e.id in in_biomed]
        assert len(members) >= 3, root
        for e in members:
            chain = ownership(parent_of, e.id)
            assert chain[-1] == root and len(chain) < 10, (e.name, chain, root)
            checked += 1
    assert checked >= 50


def test_listing_codes_sit_on_the_listed_entity_and_carry_the_tag(data):
    by_id = {e.id: e for e in data.enterprises}
    assert by_id["innovent-group"].listed_code == "1801.HK" and not by_id["innovent"].listed_code
    assert by_id["beigene-group"].listed_code == "688235.SH" and not by_id["beigene"].listed_code
    assert by_id["innocare-group"].listed_code == "688428.SH" and not by_id["innocare"].listed_code
    assert by_id["innovent"].parent_id == "innovent-group" and "上市" not in by_id["innovent"].tags
    biomed = {x.enterprise_id for x in data.links if x.node_id.startswith(B)}
    in_groups = biomed | {by_id[i].parent_id for i in biomed if by_id[i].parent_id}
    codes = {}
    for i in in_groups:
        e = by_id[i]
        if e.listed_code:
            assert "上市" in e.tags, (e.name, e.listed_code)  # offshore-listed firms carry 上市 too
            assert e.listed_code not in codes, (e.name, codes.get(e.listed_code))  # one listed entity per code
            codes[e.listed_code] = e.name


def test_little_giants_are_tagged(data):
    biomed = {x.enterprise_id for x in data.links if x.node_id.startswith(B)}
    giants = [e for e in data.enterprises if e.id in biomed and "小巨人" in e.tags]
    assert len(giants) >= 8, [e.name for e in giants]
    assert all("专精特新" in e.tags for e in giants)
    assert {"武汉兰丁智能医学股份有限公司", "武汉同济现代医药科技股份有限公司"} <= {e.name for e in giants}
