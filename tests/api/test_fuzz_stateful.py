"""Stateful, all-roles fuzzing of the API (schemathesis state machine, in-process over ASGI).

Schemathesis links operations by itself (a created enterprise's id is fed to ``GET/PATCH/DELETE
/enterprises/{id}``, a saved snapshot's id to its diff, …) and runs sequences of calls with the
key of each role in turn. No answer may be a 5xx, every answer must match its documented
status code, content type, headers and schema — a viewer's refused write included — and a schema-valid
request must be accepted (the same rules as tests/api/test_fuzz_openapi.py, with its per-operation
allowance for the rules a schema cannot state). The app runs on the toy data directory, a fresh copy
per role so that one role's writes do not feed the next.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

from app.api.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.api.conftest import KEYS  # noqa: E402
from tests.api.test_fuzz_openapi import ADDITIONAL, EXCLUDED, tune  # noqa: E402
from tests.fixtures.builders import write_toy_dir  # noqa: E402

STEPS = 12
SCENARIOS = 40


@pytest.fixture
def api_for_role(tmp_path):
    roots = []

    def make(role: str):
        root = Path(tempfile.mkdtemp(prefix=f"chainmap-stateful-{role}-", dir=tmp_path))
        roots.append(root)
        settings = Settings(data_dir=write_toy_dir(root / "toy"), state_dir=root / "state", max_upload_mb=1,
                            api_keys=",".join(f"{k}:{r}" for r, k in KEYS.items()))
        schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings))
        tune(schema)
        return schema

    yield make
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("role", sorted(KEYS))
def test_call_sequences_keep_the_contract_for_every_role(api_for_role, role):
    schema = api_for_role(role)
    # the role's key as the schema's own header (not added at call time), so that a case generated without it
    # stays without it and is checked as such
    schema.config.update(headers={"X-API-Key": KEYS[role]})
    calls = []

    class Sequences(schema.as_state_machine()):
        def after_call(self, response, case):
            calls.append((case.method, case.path, response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, additional_checks=[*(additional_checks or ()), *ADDITIONAL], excluded_checks=EXCLUDED,
                                   transport_kwargs=kwargs)

    Sequences.run(settings=hypothesis.settings(max_examples=SCENARIOS, stateful_step_count=STEPS, deadline=None,
                                               suppress_health_check=list(hypothesis.HealthCheck)))
    # the sequences reached beyond the entry points: ids produced by one call were used by the next
    assert len({path for _, path, _ in calls}) >= 5, calls[:20]
