"""The graph model of DESIGN §4 as pydantic models.

Nodes: :class:`Chain`, :class:`ChainNode`, :class:`Enterprise`, :class:`Region`, :class:`Park`.
Relationships: PART_OF (``ChainNode.parent_id``), :class:`Feeds`, :class:`Related`,
:class:`EnterpriseLink` (IN_NODE), :class:`Supply` (SUPPLIES), SUBSIDIARY_OF
(``Enterprise.parent_id``), :class:`ParkMember` (IN_PARK) and WITHIN (``Region.parent_code``).
"""
from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph_schema.text import BLANK, clean_fields

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$"
REGION_CODE_PATTERN = r"^\d{6}$"

KEY_TAGS = frozenset({"链主", "上市", "小巨人", "世界500强"})
"""Tags that make an enterprise a key enterprise (重点企业) of its link."""
CHAIN_LEADER_TAG = "链主"
GROUP_TAGS = ("链主", "上市", "世界500强")
"""Tags that belong to a group (集团): recorded on the group and inherited by every member below it along
``parent_id`` (to the top) wherever an analysis asks "is this a key enterprise" (the group rule, docs/analysis.md).
小巨人 is a plant's own qualification and is not inherited."""
INACTIVE_STATUSES = frozenset({"注销", "吊销"})
STATUSES = ("存续", "在业", "迁出", "停业", "清算", "注销", "吊销")
STATUS_PATTERN = f"^{BLANK}(?:{'|'.join(STATUSES)})?{BLANK}$"
"""The statuses an enterprise takes, as a JSON-Schema pattern (blank means 存续; outer spaces are trimmed)."""
FOUNDED_FORMAT = r"[0-9]{4}(?:-[0-9]{2}-[0-9]{2})?"
FOUNDED_PATTERN = f"^{BLANK}(?:{FOUNDED_FORMAT})?{BLANK}$"
"""``founded`` as a JSON-Schema pattern: YYYY or YYYY-MM-DD, or blank (a real date from 1800 to next year is checked
by :class:`Enterprise`, in words)."""


class Stage(StrEnum):
    upstream = "upstream"
    midstream = "midstream"
    downstream = "downstream"


STAGE_LABELS = {Stage.upstream: "上游", Stage.midstream: "中游", Stage.downstream: "下游"}


class RelatedKind(StrEnum):
    supply = "supply"
    technology = "technology"
    data = "data"
    application = "application"


RELATED_KIND_LABELS = {
    RelatedKind.supply: "产品配套",
    RelatedKind.technology: "技术同源",
    RelatedKind.data: "数据融合",
    RelatedKind.application: "应用场景",
}


class Role(StrEnum):
    core = "core"
    supporting = "supporting"


class LinkGrade(StrEnum):
    """How sure we are an enterprise works in a link (挂链证据等级)."""

    confirmed = "confirmed"
    uncertain = "uncertain"


class RegionLevel(StrEnum):
    province = "province"
    city = "city"
    county = "county"


class _Model(BaseModel):
    """Frozen, no extra fields; every text passes the one rule set of :mod:`graph_schema.text`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _clean_text(cls, data):
        return clean_fields(data)


class Chain(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: str = Field(min_length=1, max_length=64)
    name_en: str = Field(min_length=1, max_length=128)
    description: str = ""
    weak_threshold: int = Field(3, ge=1, le=1000)


class ChainNode(_Model):
    id: str = Field(pattern=ID_PATTERN)
    chain_id: str
    name: str = Field(min_length=1, max_length=64)
    name_en: str = Field(min_length=1, max_length=128)
    stage: Stage
    level: int = Field(ge=1)
    parent_id: str | None = None
    is_leaf: bool = False
    order: int = 0
    is_core: bool = False
    chokepoint: bool = False
    capital_heavy: bool = False     # a plant costs billions and years (fabs, exposure, evaporation): long term
    proximity_bound: bool = False   # must sit next to its customer's plant (chemicals, gases, modules): follows the anchor
    weight: float = Field(0.5, gt=0, le=1)
    keywords: tuple[str, ...] = ()
    industry_codes: tuple[str, ...] = ()


class Feeds(_Model):
    source: str
    target: str


class Related(_Model):
    source: str
    target: str
    kind: RelatedKind


class Enterprise(_Model):
    id: str = Field(pattern=ID_PATTERN)
    uscc: str | None = None
    name: str = Field(min_length=1, max_length=200)
    region_code: str = Field(pattern=REGION_CODE_PATTERN)
    founded: str | None = None
    revenue: float | None = Field(None, ge=0)
    employees: int | None = Field(None, ge=0)
    tags: tuple[str, ...] = ()
    listed_code: str | None = None
    status: str = "存续"
    parent_id: str | None = None
    region_source: str = ""
    former_names: tuple[str, ...] = ()   # 曾用名: registered names it had before, found by lookups and import matching
    group_tags: tuple[str, ...] = Field((), exclude=True)
    """:data:`GROUP_TAGS` its ancestors carry (the group rule); filled by the store, never read from or written to files."""
    group_name: str | None = Field(None, exclude=True)
    """The name of the nearest ancestor carrying one of :data:`GROUP_TAGS` (filled by the store with ``group_tags``)."""

    @field_validator("former_names")
    @classmethod
    def _former_names(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        names = tuple(dict.fromkeys(n.strip() for n in v if n and n.strip()))
        if any(len(n) > 200 for n in names) or len(names) > 20:
            raise ValueError("曾用名至多 20 个、每个至多 200 字 (at most 20 former names of 200 characters)")
        return names

    @field_validator("founded")
    @classmethod
    def _founded(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        if not re.fullmatch(FOUNDED_FORMAT, v):
            raise ValueError("成立日期应为 YYYY 或 YYYY-MM-DD (founded must be YYYY or YYYY-MM-DD)")
        import datetime as dt

        try:
            day = dt.date.fromisoformat(v) if len(v) == 10 else dt.date(int(v), 1, 1)
        except ValueError:
            raise ValueError(f"成立日期 {v} 不是真实的日期 (founded {v} is not a real date)") from None
        if not 1800 <= day.year <= dt.date.today().year + 1:
            raise ValueError(f"成立年份 {day.year} 不合理 (founded year {day.year} out of range)")
        return v

    @model_validator(mode="after")
    def _not_own_parent(self) -> Enterprise:
        if self.parent_id is not None and self.parent_id == self.id:
            raise ValueError(f"企业 {self.id} 不能是自己的母公司 (an enterprise cannot be its own parent)")
        return self

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        v = v or "存续"
        if v not in STATUSES:
            raise ValueError(f"登记状态应为 {'/'.join(STATUSES)} 之一 (unknown status)")
        return v

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, v: str | None) -> str | None:
        from graph_schema.rules import uscc_problem

        if v is None or v == "":
            return None
        v = v.strip().upper()
        problem = uscc_problem(v)
        if problem:
            raise ValueError(problem)
        return v

    @property
    def active(self) -> bool:
        return self.status not in INACTIVE_STATUSES

    @property
    def is_key(self) -> bool:
        """A key enterprise (重点企业): its own 链主/上市/小巨人/世界500强, or a group tag of an ancestor."""
        return not KEY_TAGS.isdisjoint(self.tags) or bool(self.group_tags)

    @property
    def is_leader(self) -> bool:
        """A 链主, by its own tag or its group's."""
        return CHAIN_LEADER_TAG in self.tags or CHAIN_LEADER_TAG in self.group_tags

    @property
    def inherited(self) -> tuple[str, ...]:
        """The group tags it holds only through its group (not its own)."""
        return tuple(t for t in self.group_tags if t not in self.tags)

    def group_note(self) -> tuple[str, str] | None:
        """Why it counts as key through its group, ``(zh, en)``: "所属集团京东方为链主"; None when it does not.

        >>> Enterprise(id="p", name="成都京东方", region_code="510100", group_tags=("链主", "上市"),
        ...            group_name="京东方").group_note()
        ('所属集团京东方为链主、上市', 'its group 京东方 is 链主、上市')
        """
        tags = self.inherited
        if not tags or not self.group_name:
            return None
        return f"所属集团{self.group_name}为{'、'.join(tags)}", f"its group {self.group_name} is {'、'.join(tags)}"


def group_tags_of(parent_id: str | None, lookup) -> tuple[tuple[str, ...], str | None]:
    """The group rule's one home: the :data:`GROUP_TAGS` inherited along ``parent_id`` to the top, and the name
    of the nearest ancestor carrying one.

    ``lookup(id)`` gives ``(tags, name, parent_id)`` of an enterprise, or None when unknown (the walk stops
    there, and at a loop). Tags come out in :data:`GROUP_TAGS` order.

    >>> firms = {"g": (("链主", "上市"), "京东方集团", None), "m": ((), "京东方显示", "g"), "p": (("小巨人",), "成都京东方", "m")}
    >>> group_tags_of("m", firms.get)
    (('链主', '上市'), '京东方集团')
    >>> group_tags_of(None, firms.get)
    ((), None)
    """
    found: set[str] = set()
    name, seen = None, set()
    while parent_id and parent_id not in seen:
        seen.add(parent_id)
        up = lookup(parent_id)
        if up is None:
            break
        tags, ancestor, parent_id = up
        own = [t for t in GROUP_TAGS if t in tags]
        if own and name is None:
            name = ancestor
        found.update(own)
    return tuple(t for t in GROUP_TAGS if t in found), name


class EnterpriseLink(_Model):
    enterprise_id: str
    node_id: str
    role: Role = Role.core
    products: tuple[str, ...] = ()
    grade: LinkGrade = LinkGrade.confirmed
    evidence: str = ""


class Supply(_Model):
    supplier_id: str
    customer_id: str
    product: str = ""


class Park(_Model):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    region_code: str = Field(pattern=REGION_CODE_PATTERN)
    lead_chains: tuple[str, ...] = ()


class ParkMember(_Model):
    park_id: str
    enterprise_id: str


class Region(_Model):
    code: str = Field(pattern=REGION_CODE_PATTERN)
    name: str
    level: RegionLevel
    parent_code: str | None = None
    lon: float | None = None
    lat: float | None = None
