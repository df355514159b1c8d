"""The overview shows "since the last review" when the scope has a snapshot (seed, 长沙 ICV), and nothing without one."""
from __future__ import annotations

import pytest

from app.analysis.scope import resolve_scope
from app.analysis.snapshots import save_snapshot
from app.store.base import ChangeSet
from graph_schema.models import Enterprise, EnterpriseLink
from tests.web.conftest import serve, shot

pytestmark = pytest.mark.browser


def expect():
    from playwright.sync_api import expect as e

    return e


@pytest.fixture
def reviewed(tmp_path):
    """The seed in a store of its own: a snapshot of 长沙 ICV, then a 长沙 plant of 中车时代电气 (on its target list)."""
    from app.settings import SEED_DIR, Settings
    from app.store.factory import open_store

    settings = Settings(store="networkx", data_dir=SEED_DIR, state_dir=tmp_path / "state", api_keys="")
    store = open_store(settings)
    save_snapshot(store, "icv", resolve_scope(store, region="长沙"), label="2026Q3")
    store.apply(ChangeSet(enterprises=[Enterprise(id="crrc-te-cs", name="中车时代电动（长沙）有限公司", region_code="430104",
                                                  parent_id="crrc-te", employees=600)],
                          links=[EnterpriseLink(enterprise_id="crrc-te-cs", node_id="icv.e_motor_control")]))
    url, stop = serve(settings, store)
    yield url
    stop()
    store.close()


def test_the_overview_says_what_changed_since_the_last_review(page, reviewed):
    page.goto(reviewed + "/#/icv/430100/overview")
    panel = page.locator("[data-since]")
    expect()(panel).to_contain_text("自上次评估以来 · 2026Q3")
    expect()(panel.locator("[data-since-changed]")).to_contain_text("电机电控")
    expect()(panel).to_contain_text("缺 → 强")
    # the landed target: the group on the earlier list → the entity that landed (its link)
    landed = "株洲中车时代电气股份有限公司 → 中车时代电动（长沙）有限公司（电机电控）"
    expect()(panel.locator("[data-since-landed]")).to_contain_text(landed)
    shot(page, "overview-since-review")
    page.goto(reviewed + "/#/icv/510100/overview")  # 成都: no snapshot, no panel
    expect()(page.locator('[data-kpi="missing"]')).to_be_visible()
    expect()(page.locator("[data-since]")).to_be_empty()
