from __future__ import annotations

import pytest

from app.analysis.scope import resolve_scope
from tests.fixtures.analysis_graphs import toy_store, two_chain_store


@pytest.fixture
def toy():
    return toy_store()


@pytest.fixture
def two():
    return two_chain_store()


@pytest.fixture
def chengdu(toy):
    return resolve_scope(toy, region="成都")
