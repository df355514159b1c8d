"""The runnable examples in the outputs' docstrings."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("text", "svg", "panorama", "roadmap_map", "table", "raster", "bundle", "report", "artifacts")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"app.outputs.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
