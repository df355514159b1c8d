"""Schema-driven fuzzing of the whole OpenAPI (schemathesis, in-process over ASGI).

Every operation gets up to ``MAX_EXAMPLES`` generated requests — valid ones and deliberately
invalid ones — sent with the admin key; no answer may be a 5xx, every answer must match
its documented status code, content type, headers and schema, and a schema-valid request must be
accepted (``positive_data_acceptance``: 2xx, 3xx, 401, 403, 404, 409 or 429 — an unknown chain, scope or
enterprise is a 404). The app runs on the toy data directory, written once for this module (schemathesis
parametrizes at collection time).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.config import OperationConfig  # noqa: E402

from app.api.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.api.conftest import KEYS  # noqa: E402
from tests.fixtures.builders import write_toy_dir  # noqa: E402

MAX_EXAMPLES = 25
EXCLUDED: list = []
# Where a schema-valid request may still be refused: rules OpenAPI cannot state, each a documented 422 (see the
# operation's 422 description), listed here by the words of its problem.
# - The enterprise writes name stored things (a region, a parent, chain links: they must exist, and their ids are
#   data, not an enum) and carry arithmetic (a real calendar date, the USCC check digit, a run of combining marks).
#   Everything else about them — the characters refused, the statuses, the date and USCC shapes — is in the
#   schema's patterns, so a refusal for it still fails here.
# - The ranking's ``among`` goes with a park scope only: a rule across two parameters. A what-if lands active
#   enterprises only: their status is stored data.
# - An upload's rows are inside a file, which a schema cannot describe: any problem with the file's content.
# For these operations alone a 422 counts as acceptance, and only when every problem it lists is one of their
# rules and none is a request parameter (refused_only_by_a_data_rule); any other refusal of a valid request fails.
ENTERPRISE_RULES = ("unknown region code", "unknown parent enterprise", "unknown chain link", "cannot be its own parent",
                    "is not a real date", "out of range", "check digit should be", "combining marks in a row")
RULES: dict[str, tuple[str, ...] | None] = {
    "POST /enterprises": ENTERPRISE_RULES,
    "PATCH /enterprises/{enterprise_id}": ENTERPRISE_RULES,
    "GET /web/ranking/{chain_id}": ("among applies to a park scope only",),
    "POST /chains/{chain_id}/whatif": ("inactive enterprises cannot land",),
    "POST /imports": None,           # None: any problem of the file's content
    "POST /imports/registry": None,
}
_ROOT = Path(tempfile.mkdtemp(prefix="chainmap-fuzz-"))
_SETTINGS = Settings(data_dir=write_toy_dir(_ROOT / "toy"), state_dir=_ROOT / "state", max_upload_mb=1,
                     api_keys=",".join(f"{k}:{role}" for role, k in KEYS.items()))


def refused_only_by_a_data_rule(ctx, response, case):
    """A schema-valid request answered 422 on an operation of :data:`RULES`: every problem must be one of its rules
    (an upload: the file's content), never a request parameter."""
    label = f"{case.method} {case.operation.path}"
    if response.status_code != 422 or label not in RULES or case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    problem = response.json()
    texts = [e["message"] for e in problem.get("errors") or []] or [problem["detail"]]
    assert not any(e.get("location") for e in problem.get("errors") or []), f"{label}: a valid parameter was refused: {problem}"
    others = [t for t in texts if RULES[label] is not None and not any(rule in t for rule in RULES[label])]
    assert not others, f"{label}: refused for a rule the schema could state: {problem}"
    return None


ADDITIONAL = [refused_only_by_a_data_rule]


def tune(schema) -> None:
    """Let a 422 count as acceptance on the operations above (their refusals are then checked by
    :func:`refused_only_by_a_data_rule`)."""
    statuses = [*schema.config.checks.positive_data_acceptance.expected_statuses, "422"]
    schema.config.operations.operations.append(OperationConfig.from_dict({
        "include-name": list(RULES),
        "checks": {"positive_data_acceptance": {"expected-statuses": statuses}}}))


schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_SETTINGS))
schema.config.update(headers={"X-API-Key": KEYS["admin"]})
schema.config.generation.update(max_examples=MAX_EXAMPLES)
tune(schema)


@pytest.fixture(scope="module", autouse=True)
def _remove_toy_dir():
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


@schema.parametrize()
def test_every_operation_keeps_its_contract(case):
    case.call_and_validate(additional_checks=ADDITIONAL, excluded_checks=EXCLUDED)
