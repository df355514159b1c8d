"""What the Neo4j store keeps between questions, bounded in bytes: least recently used dropped first.

A worker keeps, per data stamp, each link's columns, each scope's side and each (chain, scope)'s
members inside (see :mod:`app.store.neo4j.ranked`). Unbounded, that grows with the questions asked
(all 186 links at 1M enterprises: ~1.6M members' columns). :class:`Kept` holds them under one budget
(``CHAINMAP_NEO4J_KEPT_MB``); each entry states its size, estimated by :func:`size_of_strings` and the
arrays' own ``nbytes``. It is not thread-safe by itself: the store holds its lock around every call.

>>> kept = Kept(max_bytes=100)
>>> kept.put("a", 1, 60); kept.put("b", 2, 30); kept.get("a")
1
>>> kept.put("c", 3, 30)   # 120 bytes > 100: "b", the least recently used, goes
>>> sorted(kept), kept.bytes
(['a', 'c'], 90)
>>> kept.put("d", 4, 500)  # larger than the whole budget: not kept
>>> "d" in kept, len(kept)
(False, 2)
"""
from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

_POINTER = 8


def size_of_strings(values: Iterable[Any]) -> int:
    """Bytes of a sequence of Python strings (or None) as an object column holds them: a pointer each, plus each string.

    >>> size_of_strings(["abc", None]) == 2 * 8 + sys.getsizeof("abc")
    True
    """
    return sum(_POINTER + (0 if v is None else sys.getsizeof(v)) for v in values)


class Kept:
    """Values by key under a byte budget, least recently used dropped first (``max_bytes`` 0 keeps nothing)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get(self, key: Hashable) -> Any | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        self.pop(key)
        if size > self.max_bytes:
            return
        self._items[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, dropped) = self._items.popitem(last=False)
            self.bytes -= dropped

    def pop(self, key: Hashable) -> None:
        found = self._items.pop(key, None)
        if found is not None:
            self.bytes -= found[1]

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[Hashable]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)
