"""A small synthetic national data set (3,000 enterprises), written once per session."""
from __future__ import annotations

import pytest

from app.datadir.synth import synthesize
from app.store.embedded.store import EmbeddedStore


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    synthesize(out, 3000, seed=11)
    return out


@pytest.fixture(scope="session")
def synth_store(synth_dir):
    return EmbeddedStore.open(synth_dir)
