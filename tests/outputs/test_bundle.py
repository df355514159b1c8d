"""What a bundle computes: each analysis once, and for one map only what the map is drawn from."""
from __future__ import annotations

from collections import Counter

import pytest

import app.analysis.service as service
from app.errors import InvalidInput
from app.outputs import bundle
from app.outputs.bundle import NEEDS, collect
from tests.fixtures.analysis_graphs import toy_store
from tests.outputs.builders import AS_OF


@pytest.fixture
def calls(monkeypatch) -> Counter:
    """Counts of the gap analysis and the target ranking, wherever they are called from."""
    counted: Counter = Counter()

    def counting(name, fn):
        def wrapper(*args, **kwargs):
            counted[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    report = counting("gap_report", service.gap_report)
    monkeypatch.setattr(service, "gap_report", report)
    monkeypatch.setattr(bundle, "gap_report", report)
    monkeypatch.setattr(service, "rank_targets", counting("rank_targets", service.rank_targets))
    return counted


@pytest.mark.parametrize(("artifact", "ranked"), [(None, 1), ("report", 1), ("targets", 1), ("roadmap", 1),
                                                   ("panorama", 0)])
def test_each_analysis_runs_once_and_a_map_only_what_it_is_drawn_from(calls, artifact, ranked):
    store = toy_store()
    data = collect(store, "toy", service.resolve_scope(store, region="成都"), as_of=AS_OF, artifact=artifact)
    assert calls == Counter({"gap_report": 1, "rank_targets": ranked}) - Counter()
    needs = NEEDS[artifact or "report"]
    assert (data.table is not None) == ("table" in needs) and (data.roadmap is not None) == ("roadmap" in needs)


def test_the_bundle_roadmap_is_the_roadmap_service_answer():
    store = toy_store()
    scope = service.resolve_scope(store, region="成都")
    whole, alone = collect(store, "toy", scope), collect(store, "toy", scope, artifact="roadmap")
    assert whole.roadmap == alone.roadmap == service.build_roadmap(store, "toy", scope)


def test_an_unknown_artifact_is_refused():
    store = toy_store()
    with pytest.raises(InvalidInput):
        collect(store, "toy", service.resolve_scope(store, region="成都"), artifact="atlas")
