"""The runnable examples in the analysis docstrings stay true."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["results", "results.common", "results.gaps", "panorama", "scope", "relatedness", "coverage", "modes",
           "targets", "candidates", "service", "roadmap",
           "whatif", "compare"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"app.analysis.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0  # a module listed here has examples to run
