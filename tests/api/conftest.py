from __future__ import annotations

import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from app.api.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402

KEYS = {"viewer": "viewer-key-0001", "analyst": "analyst-key-0001", "admin": "admin-key-00001"}


@pytest.fixture
def api_settings(toy_dir, tmp_path) -> Settings:
    return Settings(data_dir=toy_dir, state_dir=tmp_path / "api-state",
                    api_keys=",".join(f"{k}:{role}" for role, k in KEYS.items()))


@pytest.fixture
def client(api_settings):
    with TestClient(create_app(api_settings)) as c:
        yield c


def as_role(role: str) -> dict[str, str]:
    return {"X-API-Key": KEYS[role]}
