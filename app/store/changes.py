"""Check a :class:`ChangeSet` against what a store holds, once, before anything is written.

The rules are those of :mod:`app.datadir.rules` (unknown regions, parents, enterprises and chain
links, links to non-leaf links, an enterprise supplying itself, a USCC that belongs to another
enterprise), so a change is refused with the same words wherever it comes from.

A service that checks a change set itself calls :func:`validate_changes` with the file and rows
the changes came from, and gets a :class:`CheckedChanges`: the store then applies it without
checking again, provided it is the same store at the same data version (an embedded store that
caught up with another process's writes checks again). Both stores call :func:`check_changes`
first, so a direct caller's change set is checked too — by the same rules, once.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from graph_schema.models import Supply
>>> store = toy_store()
>>> try:
...     validate_changes(store, ChangeSet(supply=[Supply(supplier_id="a1", customer_id="a1")]))
... except InvalidInput as exc:
...     print(exc.problems[0])
supply, 第 1 行 (row 1), 字段 customer_id: 供应方与客户不能是同一企业 (supplier and customer are the same)
>>> checked = validate_changes(store, ChangeSet(supply=[Supply(supplier_id="a1", customer_id="b1")]))
>>> is_checked(store, checked)
True
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from app.datadir.rules import Known, enterprise_problems, link_problems, supply_problems, unknown_enterprise, uscc_taken
from app.errors import Conflict, InvalidInput, Problem
from app.store.base import ChangeSet, GraphStore

Where = Mapping[str, tuple[str, Sequence[int]]]
"""Where each part of a change set comes from: ``{"enterprises" | "links" | "supply": (file, rows)}``."""

_DEFAULT_FILE = {"enterprises": "enterprises", "links": "enterprise_nodes", "supply": "supply"}


class CheckedChanges(ChangeSet):
    """A change set the rules (:func:`check_rules`) passed on one store at one data version."""

    checked_on: tuple[int, int | None] = (0, None)


def _stamp(store: GraphStore) -> tuple[int, int | None]:
    return id(store), store.data_version()


def is_checked(store: GraphStore, changes: ChangeSet) -> bool:
    """True when ``changes`` were validated on ``store`` as it is now."""
    return isinstance(changes, CheckedChanges) and changes.checked_on == _stamp(store)


def refusal(source: str, problems: list[Problem]) -> InvalidInput:
    """The one refusal of a change: every problem, by row."""
    problems = sorted(problems, key=lambda p: p.row or 0)
    rows = len({p.row for p in problems if p.row is not None})
    return InvalidInput(f"{source} 有 {rows} 行共 {len(problems)} 个问题，未写入任何数据 "
                        f"({len(problems)} problems in {rows} rows; nothing written)", problems)


def _located(changes: ChangeSet, where: Where | None, part: str) -> tuple[str, list]:
    items = getattr(changes, part)
    file, rows = (where or {}).get(part) or (_DEFAULT_FILE[part], range(1, len(items) + 1))
    return file, list(zip(rows, items, strict=True))


@dataclass(frozen=True)
class RuleCheck:
    """What the rules found: ``problems`` (422), USCC ``clashes`` (409), and when there is neither, the
    change set marked ``checked``."""

    problems: list[Problem]
    clashes: list[Problem]
    checked: CheckedChanges | None


def check_rules(store: GraphStore, changes: ChangeSet, where: Where | None = None) -> RuleCheck:
    """Run every rule on ``changes`` against ``store``; problems are named by ``where`` (file and row)."""
    regions = store.regions()
    nodes = {n.id: n.is_leaf for t in store.chains() for n in t.nodes}
    incoming = {e.id for e in changes.enterprises}
    deleted = set(changes.delete_enterprises)
    referenced = ({link.enterprise_id for link in changes.links}
                  | {s.supplier_id for s in changes.supply} | {s.customer_id for s in changes.supply}
                  | {e.parent_id for e in changes.enterprises if e.parent_id} | deleted
                  | {eid for eid, _ in changes.delete_links})
    existing = set(store.enterprises(sorted(referenced - incoming)))
    known = Known(regions, nodes, (existing | incoming) - deleted)
    problems: list[Problem] = []
    for part, rule in (("enterprises", enterprise_problems), ("links", link_problems), ("supply", supply_problems)):
        file, located = _located(changes, where, part)
        problems += rule(located, file, known)
    problems += [unknown_enterprise(eid, "delete", None, "id") for eid in sorted(deleted - existing)]

    file, located = _located(changes, where, "enterprises")
    clashes: list[Problem] = []
    usccs: dict[str, str] = {}
    for row, e in located:
        if e.uscc and usccs.setdefault(e.uscc, e.id) != e.id:
            clashes.append(uscc_taken(e.uscc, usccs[e.uscc], e.id, file, row))
    owners = store.ids_by_uscc(sorted(usccs))
    for row, e in located:
        owner = owners.get(e.uscc or "")
        if owner is not None and owner != usccs[e.uscc] and owner not in deleted and usccs[e.uscc] == e.id:
            clashes.append(uscc_taken(e.uscc, owner, e.id, file, row))
    checked = None
    if not problems and not clashes:
        checked = CheckedChanges(**{f.name: getattr(changes, f.name) for f in fields(ChangeSet)})
        checked.checked_on = _stamp(store)
    return RuleCheck(problems, clashes, checked)


def validate_changes(store: GraphStore, changes: ChangeSet, where: Where | None = None,
                     earlier: Sequence[Problem] = (), source: str = "变更 changes") -> CheckedChanges:
    """Check ``changes`` on ``store``; raise :class:`InvalidInput` listing ``earlier`` problems (a file's own) and
    every rule problem, or :class:`Conflict` for a USCC clash; else return the change set, marked checked."""
    found = check_rules(store, changes, where)
    if earlier or found.problems:
        raise refusal(source, [*earlier, *found.problems])
    if found.clashes:
        raise Conflict(str(found.clashes[0]))
    return found.checked


def check_changes(store: GraphStore, changes: ChangeSet) -> None:
    """What a store calls before writing: nothing when a service validated ``changes`` on it already."""
    if not is_checked(store, changes):
        validate_changes(store, changes)
