"""Every analysis and output module documents itself with a runnable example.

The examples themselves run as tests through pytest's ``--doctest-modules`` (pyproject.toml);
this checks that none of these modules goes without one (numpydoc, STYLE.md). Declarations only —
the result models and the colour constants — need none.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import app.analysis
import app.outputs

DECLARATIONS = ("app.analysis.results.", "app.outputs.style")


def _modules(package) -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
                  if not m.ispkg and not m.name.startswith(DECLARATIONS))


@pytest.mark.parametrize("name", _modules(app.analysis) + _modules(app.outputs))
def test_module_has_a_runnable_example(name):
    module = importlib.import_module(name)
    examples = [t for t in doctest.DocTestFinder().find(module) if t.examples]
    assert examples, f"{name} has no >>> example in its docstrings"
