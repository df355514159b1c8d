"""快照与变化 A saved review of one chain in one scope, and what changed since it.

>>> Shift(before=0.5, after=0.625).model_dump(mode="json")
{'before': 0.5, 'after': 0.625}
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.analysis.results.common import Completeness, Counts, Num, Reasons, Result, Scope, Status, Strength
from app.analysis.results.gaps import KeyEnterprise

SNAPSHOT_FORMAT = 1


class SnapshotLink(Result):
    """One link as it stood when the snapshot was taken."""

    node_id: str
    name: str
    status: Status
    local_count: int
    key_count: int
    rule: Literal["count", "leader", "scale"] | None = Field(None, description="判强依据 the rule that made it strong")
    key_enterprises: tuple[KeyEnterprise, ...] = ()
    enterprise_ids: tuple[str, ...] = Field((), description="该环节在范围内的全部企业 every enterprise of the link in the scope")


class SnapshotTarget(Result):
    """A group on the target list when the snapshot was taken, with its member plants (any of them may land)."""

    enterprise_id: str = Field(description="决策主体 the group's top parent")
    name: str
    node_ids: tuple[str, ...]
    member_ids: tuple[str, ...] = ()


class SnapshotInfo(Result):
    """一次快照 A saved review: which chain and scope, when, under which label, with its indicators."""

    chain: str
    chain_name: str
    scope: Scope
    label: str
    taken_at: str = Field(description="保存时间（UTC） when it was saved, ISO 8601 UTC")
    completeness: Completeness
    strength: Strength
    counts: Counts


class Snapshot(SnapshotInfo):
    """The saved gap report of one chain in one scope: statuses, members, key enterprises and the target list."""

    format: int = SNAPSHOT_FORMAT
    links: tuple[SnapshotLink, ...]
    names: dict[str, str] = Field({}, description="企业名称 the names of the enterprises it lists")
    targets: tuple[SnapshotTarget, ...] = ()

    @property
    def info(self) -> SnapshotInfo:
        return SnapshotInfo(**{k: getattr(self, k) for k in SnapshotInfo.model_fields})


class SnapshotList(Result):
    snapshots: tuple[SnapshotInfo, ...]


class Shift(Result):
    before: Num
    after: Num


class CountsShift(Result):
    before: Counts
    after: Counts


class LinkChange(Result):
    node_id: str
    name: str
    before: Status
    after: Status
    reasons: Reasons = ()


class MemberChange(Result):
    """An enterprise that entered or left one link of the scope."""

    enterprise_id: str
    name: str
    node_id: str
    node_name: str


class LandedTarget(Result):
    """A target of the earlier snapshot that has since landed in the scope (a 招商 result)."""

    enterprise_id: str = Field(description="名录上的集团 the group on the earlier target list")
    name: str
    via: tuple[str, ...] = Field(description="落地的企业（集团本身或其成员） the enterprises that landed: the group or its members")
    node_ids: tuple[str, ...] = Field(description="落地所在环节 links they landed in")
    reasons: Reasons = ()


class SnapshotDiff(Result):
    """自上次评估以来的变化 What changed in the scope since a snapshot."""

    chain: str
    chain_name: str
    scope: Scope
    since: SnapshotInfo
    now: str = Field(description="本次计算时间（UTC） when the current state was computed")
    completeness: Shift
    strength: Shift
    counts: CountsShift
    changed: tuple[LinkChange, ...] = Field(description="状态变化的环节 links whose status changed")
    entered: tuple[MemberChange, ...] = Field(description="新进入各环节的企业 enterprises that entered the links")
    left: tuple[MemberChange, ...] = Field(description="离开各环节的企业 enterprises that left the links")
    landed_targets: tuple[LandedTarget, ...] = Field(description="已落地的上次招商目标 earlier targets that landed")
    reasons: Reasons = ()
