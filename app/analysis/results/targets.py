"""招商名录 The target list: one row per decision-maker (group) proposed for the scope's gap links, scores explained.

>>> from app.analysis.results.common import Mode
>>> m = TargetMember(node_id="x.a", node_name="甲", enterprise_id="p1", name="工厂", region_code="420100", region_name="武汉市")
>>> r = TargetRow(enterprise_id="g", name="集团", region_code="110105", region_name="北京市", kind="key", role="leader",
...               node_ids=("x.a",), node_names=("甲",), mode=Mode.fill, members=(m,), feasibility=0.4, value=0.6,
...               score=0.5, factors={"feasibility": {"tie": 0.4}, "value": {"scale": 0.6}}, reasons=())
>>> r.node_id, r.model_dump(mode="json")["members"][0]["name"]
('x.a', '工厂')
"""
from __future__ import annotations

from pydantic import Field

from app.analysis.results.common import Factors, Mode, Num, Reasons, Result, Scope, TargetKind, TargetRole


class TargetMember(Result):
    """A plant of the group that works in one gap link (where the group's capability is today)."""

    node_id: str
    node_name: str
    enterprise_id: str
    name: str
    region_code: str
    region_name: str


class LocalEntity(Result):
    """An entity of the group already inside the scope (why the row is an expansion talk)."""

    enterprise_id: str
    name: str
    region_code: str
    region_name: str


class TargetRow(Result):
    """One group (its decision-maker, the top parent in the data) with the gap links it could fill, scored and explained.

    ``feasibility`` (落地可能性) and ``value`` (招引价值) are each in [0, 1]; ``factors`` holds their
    weighted factor contributions (``factors["feasibility"]`` adds up to ``feasibility``,
    ``factors["value"]`` to ``value``); ``score`` combines the two (see :mod:`app.analysis.targets`).
    """

    enterprise_id: str = Field(description="决策主体（集团顶层母公司） the decision-maker: the group's top parent")
    name: str
    region_code: str
    region_name: str
    kind: TargetKind = Field(description="key 重点企业 / supporting 配套企业 / expansion 存量企业增资扩产 / partner 区域协同伙伴")
    role: TargetRole = Field(description="leader 链主 / maker 成品制造商 / core_supplier 核心配套 / supplier 一般配套 / service 服务商")
    node_ids: tuple[str, ...] = Field(description="可补的缺口环节（最佳在前） gap links it could fill, best first")
    node_names: tuple[str, ...]
    mode: Mode = Field(description="首个环节的补链类型 mode of the first link")
    members: tuple[TargetMember, ...] = Field((), description="各环节的成员工厂 the group's plants per link")
    present_via: tuple[LocalEntity, ...] = Field((), description="本地已有的集团成员（增资扩产）或都市圈内的集团成员（区域协同） "
                                                   "the group's local entities (expansion) or its entities in the scope's area (partner)")
    tie: Num = Field(0.0, description="以商招商强度 cross-group supply tie with local firms: 1 full, 0.5 partial, 0 none")
    feasibility: Num
    value: Num
    score: Num
    factors: dict[str, Factors]
    reasons: Reasons
    tags: tuple[str, ...] = ()
    revenue: float | None = Field(None, description="营收（亿元，成员中最大） revenue, 100M CNY (largest known in the group)")
    employees: int | None = Field(None, description="员工人数（成员中最大） headcount (largest known in the group)")

    @property
    def node_id(self) -> str:
        """The first (best) gap link of the row."""
        return self.node_ids[0]

    @property
    def node_name(self) -> str:
        return self.node_names[0]


class TargetTable(Result):
    """招商名录 The target list of one chain for one scope: rows of every kind, best first."""

    chain: str
    chain_name: str
    scope: Scope
    weights: dict[str, Num] = Field(description="评分因子权重 factor weights")
    balance: Num = Field(0.5, description="score = balance × feasibility + (1 − balance) × value")
    rows: tuple[TargetRow, ...]

    def of_kind(self, kind: TargetKind) -> tuple[TargetRow, ...]:
        return tuple(r for r in self.rows if r.kind is kind)

    @property
    def key(self) -> tuple[TargetRow, ...]:
        return self.of_kind(TargetKind.key)

    @property
    def supporting(self) -> tuple[TargetRow, ...]:
        return self.of_kind(TargetKind.supporting)
