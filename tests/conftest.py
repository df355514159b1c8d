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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run the tests marked slow (CI does; a developer's run skips them)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
