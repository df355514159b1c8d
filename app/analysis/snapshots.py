"""快照与"自上次评估以来" Snapshots of a chain in a scope, and what changed since the last review.

A **snapshot** keeps the scope's gap report as it stood (each link's status, counts, key enterprises and
every member enterprise; completeness, strength and counts) with the target list's groups and their
member plants, its date and a label, in the store (:meth:`~app.store.base.GraphStore.save_snapshot`).
The **diff** compares a snapshot with the scope now (a fresh snapshot that is not saved):

- a link whose status differs is *changed* (from → to), with the counts that explain it;
- an (enterprise, link) pair present now and not then *entered*; present then and not now *left*;
- a group on the earlier target list has *landed* when the group itself, one of its listed member
  plants or an enterprise whose parent chain leads to it entered one of the scope's links.

``--since`` picks the snapshot: a label of this chain and scope, else a date (``2026-10-01``: the last
snapshot taken that day or before) or a time; without it, the latest.

>>> from tests.fixtures.analysis_graphs import toy_store
>>> from app.analysis.scope import resolve_scope
>>> from graph_schema.models import Enterprise, EnterpriseLink
>>> from app.store.base import ChangeSet
>>> store = toy_store()
>>> chengdu = resolve_scope(store, region="成都")
>>> _ = save_snapshot(store, "toy", chengdu, label="Q3", now="2026-10-01T09:00:00Z")
>>> _ = store.apply(ChangeSet(enterprises=[Enterprise(id="new1", name="成都新材料", region_code="510104")],
...                           links=[EnterpriseLink(enterprise_id="new1", node_id="toy.b")]))
>>> d = changes_since(store, "toy", chengdu, since="Q3", now="2026-12-01T09:00:00Z")
>>> [(c.node_id, c.before.value, c.after.value) for c in d.changed], [(e.enterprise_id, e.node_id) for e in d.entered]
([('toy.b', 'missing', 'weak')], [('new1', 'toy.b')])
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime

from app.analysis.results import (
    STATUS_LABELS,
    CountsShift,
    GapReport,
    LandedTarget,
    LinkChange,
    MemberChange,
    Reason,
    Scope,
    Shift,
    Snapshot,
    SnapshotDiff,
    SnapshotInfo,
    SnapshotLink,
    SnapshotList,
    SnapshotTarget,
    TargetTable,
)
from app.errors import InvalidInput, NotFound
from app.store.base import GraphStore, SnapshotRecord
from graph_schema.text import clean_text

MAX_LABEL = 40
PARENT_DEPTH = 8  # parent links followed from an entered enterprise to its group
RULES = {"count": ("本地企业数达到阈值", "enough local enterprises"), "leader": ("有本地链主", "a local chain leader"),
         "scale": ("有企业规模居全国该环节前五分之一", "a local firm in the link's national top fifth by scale")}


def stamp(now: datetime | None = None) -> str:
    """A UTC time as the snapshots write it (ISO 8601 to the second, ``Z``)."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def snapshot_of(report: GapReport, members: Mapping[str, Collection[str]], names: Mapping[str, str],
                targets: TargetTable | None, label: str, taken_at: str) -> Snapshot:
    """The snapshot of a gap report: ``members`` are each link's enterprise ids in the scope, ``names`` their names."""
    links = tuple(SnapshotLink(node_id=x.node_id, name=x.name, status=x.status, local_count=x.local_count,
                               key_count=x.key_count, rule=x.rule, key_enterprises=x.key_enterprises,
                               enterprise_ids=tuple(sorted(members.get(x.node_id, ())))) for x in report.links)
    rows = targets.rows if targets is not None else ()
    return Snapshot(chain=report.chain, chain_name=report.chain_name, scope=report.scope, label=label, taken_at=taken_at,
                    completeness=report.completeness, strength=report.strength, counts=report.counts, links=links,
                    names=dict(sorted(names.items())),
                    targets=tuple(SnapshotTarget(enterprise_id=r.enterprise_id, name=r.name, node_ids=r.node_ids,
                                                 member_ids=tuple(sorted({m.enterprise_id for m in r.members})))
                                  for r in rows))


def take_snapshot(store: GraphStore, chain_id: str, scope: Scope, label: str | None = None, now: str | None = None,
                  targets: bool = True, options=None) -> Snapshot:
    """The scope as it stands: its gap report, every link's members and (with ``targets``) the target list's groups."""
    from app.analysis.service import gap_report, target_table

    taken_at = now or stamp()
    report = gap_report(store, chain_id, scope)
    members: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for m in store.chain_members(chain_id, scope.filter):
        members.setdefault(m.node_id, set()).add(m.enterprise.id)
        names[m.enterprise.id] = m.enterprise.name
    table = target_table(store, chain_id, scope, report=report, options=options) if targets else None
    return snapshot_of(report, members, names, table, check_label(label) if label else taken_at, taken_at)


def check_label(label: str) -> str:
    """A label by the one text rule of every field (:func:`graph_schema.text.clean_text`), 1 to ``MAX_LABEL`` long
    (the API's schema says the same with :data:`graph_schema.text.NAME_PATTERN`).

    >>> check_label(" 2026Q3\t ")
    '2026Q3'
    """
    try:
        label = clean_text(label, "label")
    except ValueError as exc:
        raise InvalidInput(f"快照标签：{exc}") from None
    if not label or len(label) > MAX_LABEL:
        raise InvalidInput(f"快照标签须为 1–{MAX_LABEL} 个可见字符 (a snapshot label is 1 to {MAX_LABEL} printable characters)")
    return label


def save_snapshot(store: GraphStore, chain_id: str, scope: Scope, label: str | None = None, now: str | None = None,
                  options=None) -> SnapshotInfo:
    """Take the scope's snapshot and keep it in the store (one transaction); a label used before is a Conflict."""
    snap = take_snapshot(store, chain_id, scope, label, now, options=options)
    store.save_snapshot(SnapshotRecord(snap.chain, scope.kind.value, scope.code, snap.label, snap.taken_at,
                                       snap.model_dump_json()))
    return snap.info


def list_snapshots(store: GraphStore, chain_id: str | None = None, scope: Scope | None = None) -> SnapshotList:
    """The saved snapshots (of one chain, of one scope), oldest first."""
    if chain_id is not None:
        store.chain(chain_id)  # an unknown chain is a 404, not an empty list
    return SnapshotList(snapshots=tuple(Snapshot.model_validate_json(r.body).info for r in _saved(store, chain_id, scope)))


def _saved(store: GraphStore, chain_id: str | None, scope: Scope | None) -> list[SnapshotRecord]:
    return [r for r in store.snapshots(chain_id)
            if scope is None or (r.scope_kind == scope.kind.value and r.scope_code == scope.code)]


def find_snapshot(store: GraphStore, chain_id: str, scope: Scope, since: str | None = None) -> Snapshot:
    """The snapshot ``since`` names (a label, else a date or time: the last one then or before); None: the latest."""
    saved = _saved(store, chain_id, scope)
    if not saved:
        raise NotFound(f"{scope.name} 在 {chain_id} 上还没有快照；先运行 chainmap snapshot save {chain_id} "
                       f"(no snapshot of this chain and scope yet: save one first)")
    if since is None:
        return Snapshot.model_validate_json(saved[-1].body)
    since = since.strip()
    exact = [r for r in saved if r.label == since]
    if exact:
        return Snapshot.model_validate_json(exact[-1].body)
    labels = "、".join(r.label for r in saved[-10:])
    cutoff = _cutoff(since)
    if cutoff is None:
        raise NotFound(f"没有标签为 {since} 的快照；已有：{labels} (no snapshot labelled {since!r}; "
                       f"give a label or a date such as 2026-10-01)")
    earlier = [r for r in saved if r.taken_at <= cutoff]
    if not earlier:
        raise NotFound(f"{since} 及之前没有快照，最早的是 {saved[0].label}（{saved[0].taken_at}）"
                       f"(no snapshot on or before {since}; the earliest is {saved[0].taken_at})")
    return Snapshot.model_validate_json(earlier[-1].body)


def _cutoff(text: str) -> str | None:
    """The latest ``taken_at`` a date or time allows (a date: its whole day, UTC); None when it is neither."""
    try:
        return f"{date.fromisoformat(text).isoformat()}T23:59:59Z"
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def changes_since(store: GraphStore, chain_id: str, scope: Scope, since: str | None = None,
                  now: str | None = None) -> SnapshotDiff:
    """What changed in the scope since the snapshot ``since`` names (see :func:`find_snapshot`)."""
    before = find_snapshot(store, chain_id, scope, since)
    after = take_snapshot(store, chain_id, scope, now=now, targets=False)
    entered = {e for x in after.links for e in x.enterprise_ids} - {e for x in before.links for e in x.enterprise_ids}
    return diff_snapshots(before, after, groups_of(store, entered))


def groups_of(store: GraphStore, ids: Collection[str]) -> dict[str, tuple[str, ...]]:
    """Each enterprise's chain of parents (nearest first), followed at most :data:`PARENT_DEPTH` links up."""
    known = store.enterprises(sorted(ids))
    chains = {i: [] for i in known}
    frontier = {i: e.parent_id for i, e in known.items() if e.parent_id}
    for _ in range(PARENT_DEPTH):
        if not frontier:
            break
        parents = store.enterprises(sorted(set(frontier.values())))
        nxt = {}
        for i, p in frontier.items():
            if p in chains[i]:
                continue  # a loop in the data
            chains[i].append(p)
            if p in parents and parents[p].parent_id:
                nxt[i] = parents[p].parent_id
        frontier = nxt
    return {i: tuple(c) for i, c in chains.items() if c}


def diff_snapshots(before: Snapshot, after: Snapshot, groups: Mapping[str, Collection[str]] | None = None) -> SnapshotDiff:
    """What changed from ``before`` to ``after`` (two snapshots of one chain and scope); pure.

    ``groups`` gives an entered enterprise's parents, so a new plant of a listed group counts as the group landing.

    >>> from app.analysis.results import Counts, Scope
    >>> s = Scope(kind="region", code="510100", name="成都市", level="city")
    >>> def snap(ids, status, c, targets=()):
    ...     return Snapshot(chain="toy", chain_name="示例链", scope=s, label="x", taken_at="2026-10-01T00:00:00Z",
    ...                     completeness=c, strength=0.0, counts=Counts(strong=0, weak=len(ids) > 0, missing=len(ids) == 0),
    ...                     links=(SnapshotLink(node_id="toy.b", name="乙", status=status, local_count=len(ids), key_count=0,
    ...                                         enterprise_ids=ids),), names={"n1": "新企业"}, targets=targets)
    >>> d = diff_snapshots(snap((), "missing", 0.0, (SnapshotTarget(enterprise_id="G", name="集团", node_ids=("toy.b",)),)),
    ...                    snap(("n1",), "weak", 1.0), {"n1": ("G",)})
    >>> [(c.before.value, c.after.value) for c in d.changed], [e.enterprise_id for e in d.entered], d.landed_targets[0].via
    ([('missing', 'weak')], ['n1'], ('n1',))
    """
    groups = groups or {}
    then = {x.node_id: x for x in before.links}
    now = {x.node_id: x for x in after.links}
    common = [n for n in now if n in then]
    changed = tuple(_change(then[n], now[n]) for n in common if then[n].status != now[n].status)
    names = {**before.names, **after.names}
    pairs_then = {(e, n) for n in common for e in then[n].enterprise_ids}
    pairs_now = {(e, n) for n in common for e in now[n].enterprise_ids}

    def members(pairs: set[tuple[str, str]]) -> tuple[MemberChange, ...]:
        return tuple(MemberChange(enterprise_id=e, name=names.get(e, e), node_id=n, node_name=now[n].name)
                     for e, n in sorted(pairs, key=lambda p: (p[1], p[0])))

    entered, left = members(pairs_now - pairs_then), members(pairs_then - pairs_now)
    landed = tuple(t for t in (_landed(t, entered, groups) for t in before.targets) if t is not None)
    reasons = [Reason(
        zh=f"自 {before.label}（{before.taken_at[:10]}）以来：完整度 {before.completeness:.0%} → {after.completeness:.0%}，"
           f"强度 {before.strength:.0%} → {after.strength:.0%}；{len(changed)} 个环节状态变化，"
           f"进入 {len(entered)} 家次、离开 {len(left)} 家次，{len(landed)} 个招商目标落地",
        en=f"since {before.label} ({before.taken_at[:10]}): completeness {before.completeness:.0%} → {after.completeness:.0%}, "
           f"strength {before.strength:.0%} → {after.strength:.0%}; {len(changed)} links changed status, "
           f"{len(entered)} entered, {len(left)} left, {len(landed)} targets landed")]
    gone = sorted(set(then) ^ set(now))
    if gone:
        reasons.append(Reason(zh=f"产业链图谱的环节有调整，未比较：{'、'.join(gone)}",
                              en=f"the chain's links were revised; not compared: {', '.join(gone)}"))
    return SnapshotDiff(chain=after.chain, chain_name=after.chain_name, scope=after.scope, since=before.info,
                        now=after.taken_at, completeness=Shift(before=before.completeness, after=after.completeness),
                        strength=Shift(before=before.strength, after=after.strength),
                        counts=CountsShift(before=before.counts, after=after.counts), changed=changed,
                        entered=entered, left=left, landed_targets=landed, reasons=tuple(reasons))


def _change(a: SnapshotLink, b: SnapshotLink) -> LinkChange:
    zh = (f"{STATUS_LABELS[a.status]} → {STATUS_LABELS[b.status]}：本地企业 {a.local_count} → {b.local_count} 家，"
          f"重点企业 {a.key_count} → {b.key_count} 家")
    en = (f"{a.status.value} → {b.status.value}: local enterprises {a.local_count} → {b.local_count}, "
          f"key enterprises {a.key_count} → {b.key_count}")
    new_keys = [k.name for k in b.key_enterprises if k.id not in {x.id for x in a.key_enterprises}]
    reasons = [Reason(zh=zh, en=en)]
    if b.rule:
        reasons.append(Reason(zh=f"判强依据：{RULES[b.rule][0]}", en=f"strong by rule: {RULES[b.rule][1]}"))
    if new_keys:
        reasons.append(Reason(zh=f"新增重点企业：{'、'.join(new_keys)}", en=f"new key enterprises: {', '.join(new_keys)}"))
    return LinkChange(node_id=b.node_id, name=b.name, before=a.status, after=b.status, reasons=tuple(reasons))


def _landed(target: SnapshotTarget, entered: tuple[MemberChange, ...],
            groups: Mapping[str, Collection[str]]) -> LandedTarget | None:
    mine = {target.enterprise_id, *target.member_ids}
    hits = [m for m in entered if m.enterprise_id in mine or target.enterprise_id in groups.get(m.enterprise_id, ())]
    if not hits:
        return None
    via = tuple(sorted({m.enterprise_id for m in hits}))
    nodes = tuple(sorted({m.node_id for m in hits}))
    where = "、".join(f"{m.name}（{m.node_name}）" for m in hits)
    return LandedTarget(enterprise_id=target.enterprise_id, name=target.name, via=via, node_ids=nodes, reasons=(Reason(
        zh=f"上次名录上的 {target.name} 已落地：{where}",
        en=f"{target.name}, on the earlier target list, has landed: {', '.join(via)} in {', '.join(nodes)}"),))

