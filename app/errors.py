"""The ChainMap error tree.

Every error the product raises on purpose is a :class:`ChainMapError`; each class carries
the HTTP status the API answers with, and the CLI prints the message on one line::

    ChainMapError                 500  base class
     ├── NotFound                 404  no such chain, link, region, park or enterprise
     ├── Conflict                 409  the change clashes with what is stored (duplicate id, USCC)
     ├── InvalidInput             422  bad input; ``problems`` lists every problem by row and field
     │    ├── AmbiguousName       422  a region name matches several regions; ``candidates`` lists them
     │    └── TooLarge            413  a file, archive or row count over a limit (app.datadir.tabular)
     ├── StoreUnavailable         503  the graph store cannot be reached right now (an I/O error on the state)
     │    └── StateDamaged        503  a state file (journal, audit log) is damaged; the message says the way out
     ├── InsufficientStorage      507  the disk of the state directory is full; nothing was changed
     └── Busy                     429  too much expensive work queued for this role; retry after ``retry_after`` s

Stores translate driver and networkx errors into these, so callers catch nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in input: where it is (file, row, field) and what is wrong, in words."""

    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                f"第 {self.row} 行 (row {self.row})" if self.row is not None else None,
                f"字段 {self.field}" if self.field else None,
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class ChainMapError(Exception):
    """Base of every ChainMap error."""

    status = 500
    title = "内部错误 Internal error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(ChainMapError):
    status = 404
    title = "未找到 Not found"


class Conflict(ChainMapError):
    status = 409
    title = "冲突 Conflict"


class InvalidInput(ChainMapError):
    status = 422
    title = "输入无效 Invalid input"

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  - {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  … 另有 {len(self.problems) - 50} 个问题 ({len(self.problems) - 50} more)")
        return "\n".join(lines)


class TooLarge(InvalidInput):
    """Input over a size or row limit (one policy, see :mod:`app.datadir.tabular`)."""

    status = 413
    title = "内容过大 Content too large"


class AmbiguousName(InvalidInput):
    def __init__(self, message: str, candidates: list[dict]):
        super().__init__(message)
        self.candidates = candidates


class StoreUnavailable(ChainMapError):
    status = 503
    title = "存储不可用 Store unavailable"


class StateDamaged(StoreUnavailable):
    """A state file is damaged: the message names the file, what is wrong and the way out."""

    title = "状态文件损坏 State damaged"


class InsufficientStorage(ChainMapError):
    """The disk under the state directory is full: the write was refused whole, nothing was changed."""

    status = 507
    title = "存储空间不足 Insufficient storage"


class Busy(ChainMapError):
    """Too much expensive work (PDF, PNG, bundles, imports) already running and queued for this role."""

    status = 429
    title = "繁忙 Too many requests"

    def __init__(self, message: str, retry_after: int = 5):
        super().__init__(message)
        self.retry_after = retry_after
