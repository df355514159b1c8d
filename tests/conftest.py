from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.builders import write_toy_dir


@pytest.fixture
def toy_dir(tmp_path: Path) -> Path:
    return write_toy_dir(tmp_path / "toy")


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes to the user's state directory."""
    monkeypatch.setenv("CHAINMAP_STATE_DIR", str(tmp_path / "state"))
