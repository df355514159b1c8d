"""queries/: every query file is used by the Neo4j store, and every name the store uses has a file.

A name is "used" when it is the literal name handed to ``rows`` / ``single`` / ``batched`` /
``_each_batch`` / ``cypher``, or the value of a whitelist ``StrEnum`` in :mod:`app.store.neo4j.shapes`; any other
way of naming a query (a variable, an f-string) fails here, so query shapes stay whitelisted.
"""
from __future__ import annotations

import ast
import inspect
from enum import StrEnum
from pathlib import Path

import pytest

import app.store.neo4j.shapes as shapes
from queries import QUERIES, cypher

STORE_DIR = Path(__file__).resolve().parent.parent / "app" / "store" / "neo4j"
RUNNERS = {"rows", "single", "plain", "batched", "_each_batch", "cypher"}


def _name_arg(call: ast.Call) -> ast.expr | None:
    func = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)
    if func not in RUNNERS:
        return None
    if func == "cypher":
        return call.args[0] if call.args else None
    return call.args[1] if len(call.args) > 1 else None


def _whitelisted() -> set[str]:
    return {m.value for _, cls in inspect.getmembers(shapes, inspect.isclass)
            if issubclass(cls, StrEnum) and cls.__module__ == shapes.__name__ for m in cls}


def _literal_names() -> tuple[set[str], list[str]]:
    names, odd = set(), []
    for path in sorted(STORE_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (arg := _name_arg(node)) is not None:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.add(arg.value)
                elif not (isinstance(arg, ast.Name) and arg.id in {"name", "shape"}):
                    odd.append(f"{path.name}:{node.lineno}: {ast.unparse(arg)}")
    return names, odd


def test_every_used_name_has_a_file():
    names, odd = _literal_names()
    assert not odd, f"query names must be literals or whitelist members: {odd}"
    assert (names | _whitelisted()) - set(QUERIES) == set()


def test_every_file_is_used():
    names, _ = _literal_names()
    assert set(QUERIES) - names - _whitelisted() == set()


def test_query_text_takes_values_only_as_parameters():
    for name, text in QUERIES.items():
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        assert code and "{0}" not in code and "%s" not in code, name
        assert ";" not in code.rstrip(";"), f"{name}: one statement per file"


def test_unknown_name_is_a_key_error():
    with pytest.raises(KeyError, match="no query named"):
        cypher("drop_everything")
