"""Shared by the cluster tests: the seed as read from files, the embedded store over it, and the ownership walk."""
from __future__ import annotations

import pytest

from app.datadir.io import read_data_dir
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore


@pytest.fixture(scope="module")
def data():
    return read_data_dir(SEED_DIR)


@pytest.fixture(scope="module")
def store():
    return EmbeddedStore.open(SEED_DIR)


def ownership(parent_of: dict[str, str | None], eid: str) -> list[str]:
    """The chain from ``eid`` up to its top group, ``parent_of`` mapping id → parent id (or None); stops at a loop."""
    seen: list[str] = []
    while eid and eid not in seen:
        seen.append(eid)
        eid = parent_of.get(eid)
    return seen
