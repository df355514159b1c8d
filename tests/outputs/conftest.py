"""The API fixtures, shared with the report endpoint tests."""
from tests.api.conftest import api_settings, client  # noqa: F401
