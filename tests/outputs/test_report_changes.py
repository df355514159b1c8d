"""The report bundle's change section: with ``since``, the report says what changed since that snapshot; without, nothing."""
from __future__ import annotations

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.snapshots import save_snapshot
from app.errors import NotFound
from app.outputs.bundle import collect
from app.outputs.report import report_html
from app.store.base import ChangeSet
from graph_schema.models import Enterprise, EnterpriseLink
from tests.fixtures.analysis_graphs import toy_store


def test_the_report_has_a_change_section_since_a_snapshot():
    store = toy_store()
    chengdu = resolve_scope(store, region="成都")
    with pytest.raises(NotFound):
        collect(store, "toy", chengdu, since="latest")
    save_snapshot(store, "toy", chengdu, label="Q3")
    store.apply(ChangeSet(enterprises=[Enterprise(id="new1", name="成都乙材料新厂", region_code="510104")],
                          links=[EnterpriseLink(enterprise_id="new1", node_id="toy.b")]))
    html = report_html(collect(store, "toy", chengdu, since="latest"))
    assert "自上次评估以来的变化（Q3" in html and "缺 → 弱" in html and "成都乙材料新厂（乙材料）" in html
    assert "自上次评估以来" not in report_html(collect(store, "toy", chengdu))
