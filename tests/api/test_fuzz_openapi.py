"""Schema-driven fuzzing of the whole OpenAPI (schemathesis, in-process over ASGI).

Every operation gets up to ``MAX_EXAMPLES`` generated requests — valid ones and deliberately
invalid ones — sent with the admin key; no answer may be a 5xx, and every answer must match
its documented status code, content type, headers and schema. The app runs on the toy data
directory, written once for this module (schemathesis parametrizes at collection time).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from app.api.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.api.conftest import KEYS  # noqa: E402
from tests.fixtures.builders import write_toy_dir  # noqa: E402

MAX_EXAMPLES = 25
# Not checked: that every schema-valid request is accepted. Some valid-looking input is refused on
# purpose after the schema: a region that does not exist, both a region and a park, an uploaded
# file whose rows are invalid — each a 422 problem with its reasons, which the schema cannot express.
EXCLUDED = [positive_data_acceptance]
_ROOT = Path(tempfile.mkdtemp(prefix="chainmap-fuzz-"))
_SETTINGS = Settings(data_dir=write_toy_dir(_ROOT / "toy"), state_dir=_ROOT / "state", max_upload_mb=1,
                     api_keys=",".join(f"{k}:{role}" for role, k in KEYS.items()))

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_SETTINGS))
schema.config.update(headers={"X-API-Key": KEYS["admin"]})
schema.config.generation.update(max_examples=MAX_EXAMPLES)


@pytest.fixture(scope="module", autouse=True)
def _remove_toy_dir():
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


@schema.parametrize()
def test_every_operation_keeps_its_contract(case):
    case.call_and_validate(excluded_checks=EXCLUDED)
