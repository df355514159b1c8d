"""The Cypher of the Neo4j store: one named query per ``<name>.cypher`` file, loaded once.

Query text is constant: values travel only as ``$parameters``, never by string formatting.
Where a caller's choice must change a query's shape (the scope level of a filter, say), the
store picks one of several fixed files through a ``StrEnum`` whitelist
(see :mod:`app.store.neo4j.shapes`).

>>> "node_counts_city" in QUERIES
True
>>> cypher("no_such_query")
Traceback (most recent call last):
...
KeyError: "no query named 'no_such_query' in queries/"
"""
from __future__ import annotations

from importlib import resources
from types import MappingProxyType
from typing import Mapping


def _load() -> dict[str, str]:
    found = {}
    for entry in resources.files(__name__).iterdir():
        if entry.name.endswith(".cypher"):
            found[entry.name.removesuffix(".cypher")] = entry.read_text(encoding="utf-8").strip()
    return dict(sorted(found.items()))


QUERIES: Mapping[str, str] = MappingProxyType(_load())
"""Every query by name (its file name without ``.cypher``), read once at import."""


def cypher(name: str) -> str:
    """The text of the query called ``name``; a name with no file is a programming error."""
    try:
        return QUERIES[name]
    except KeyError:
        raise KeyError(f"no query named {name!r} in queries/") from None
