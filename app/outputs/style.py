"""Colours and words shared by the maps, the table and the report, so they always agree.

Status colours keep a light fill (dark text stays readable in print) with a saturated border;
missing links also get a dashed border so the map still reads in black and white.
"""
from __future__ import annotations

from datetime import date

from app.analysis.results import Mode, Status

STATUS_FILL = {Status.strong: "#d4efd9", Status.weak: "#fff0c2", Status.missing: "#fde0df"}
STATUS_STROKE = {Status.strong: "#2e7d32", Status.weak: "#c98a00", Status.missing: "#c62828"}
STATUS_NAMES = {Status.strong: "优势环节", Status.weak: "薄弱环节", Status.missing: "缺失环节"}
STATUS_RULES = {
    Status.strong: "企业数达到阈值（核心环节另有重点企业），或有本地链主，或有企业规模居全国前20%",
    Status.weak: "本地已有企业，但数量、链主、规模三条均未达到",
    Status.missing: "本地没有企业",
}

MODE_COLOR = {Mode.fill: "#c62828", Mode.strengthen: "#c98a00", Mode.extend: "#1565c0",
              Mode.build: "#6a1b9a", Mode.fuse: "#00838f"}

CORE_COLOR = "#b71c1c"
CHOKE_COLOR = "#4a148c"
FEEDS_COLOR = "#78909c"
INK = "#1f2933"
MUTED = "#5f6b7a"

SEED_NOTE = "示例数据为根据公开信息整理的示意性演示数据 (illustrative demo data compiled from public information)"
METHOD = ("环节状态：本地企业为 0 家为缺失；少于该链阈值，或核心环节没有链主/上市/小巨人/世界500强企业为薄弱；其余为强。"
          "完备度 = 非缺失环节权重之和 / 全部环节权重之和；强度 = 强环节权重之和 / 全部环节权重之和。"
          "推荐分综合以商招商供需关系、重点标签、环节内规模、环节优先级与距离，各项得分见 JSON 导出。")


def data_note(note: str | None) -> str:
    """The data-source line under a map: the given note, or the seed's demo-data note."""
    return f"数据来源：{note or SEED_NOTE}"


def date_label(as_of: date) -> str:
    return f"{as_of.year}年{as_of.month}月{as_of.day}日"
