"""The legends of the maps: swatches and labels laid out left to right, wrapping to a new row.

>>> c = Canvas(800, 200, "legend")
>>> modes(c, 10, 10, 780) > 10  # the y below the legend
True
>>> "补链：补齐本地有需求的缺失环节" in c.render()
True
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from app.analysis.results import MODE_LABELS, Mode, Status
from app.outputs.style import CHOKE_COLOR, CORE_COLOR, FEEDS_COLOR, MODE_COLOR, STATUS_FILL, STATUS_NAMES, STATUS_RULES, STATUS_STROKE
from app.outputs.svg import Canvas
from app.outputs.text import text_width

SIZE, ROW = 12, 24
Swatch = Callable[[Canvas, float, float], float]  # draws at (x, baseline), returns its width


def _status(status: Status) -> Swatch:
    def draw(c: Canvas, x: float, y: float) -> float:
        c.rect(x, y - 11, 22, 14, rx=3, fill=STATUS_FILL[status], stroke=STATUS_STROKE[status], stroke_width=1.4,
               stroke_dasharray="5 3" if status is Status.missing else None)
        return 22
    return draw


def _badge(label: str, color: str) -> Swatch:
    def draw(c: Canvas, x: float, y: float) -> float:
        w = text_width(label, 10) + 8
        c.rect(x, y - 11, w, 15, rx=3, fill="#ffffff", stroke=color, stroke_width=1)
        c.text(x + w / 2, y, label, 10, anchor="middle", fill=color)
        return w
    return draw


def _mode(mode: Mode) -> Swatch:
    return _badge(MODE_LABELS[mode], MODE_COLOR[mode])


def _arrow(c: Canvas, x: float, y: float) -> float:
    c.path(f"M{x},{y - 4} L{x + 26},{y - 4}", stroke=FEEDS_COLOR, stroke_width=1.4, marker_end=c.url("feeds"),
           fill="none")
    return 28


def flow(c: Canvas, x: float, y: float, width: float, items: Sequence[tuple[Swatch, str]]) -> float:
    """Draw ``items`` from (x, y) within ``width``; returns the y below the last row."""
    cx, base = x, y + 14
    for swatch, label in items:
        need = 30 + text_width(label, SIZE) + 22
        if cx > x and cx + need > x + width:
            cx, base = x, base + ROW
        w = swatch(c, cx, base)
        c.text(cx + w + 6, base, label, SIZE)
        cx += w + 6 + text_width(label, SIZE) + 22
    return base + 10


def draw(c: Canvas, x: float, y: float, width: float, feeds: bool = True) -> float:
    """The panorama legend: the three statuses with their rule, core and choke-point marks, FEEDS."""
    c.arrow_marker("feeds", FEEDS_COLOR)
    items: list[tuple[Swatch, str]] = [(_status(s), f"{STATUS_NAMES[s]}（{STATUS_RULES[s]}）") for s in Status]
    items += [(_badge("核心", CORE_COLOR), "核心环节"), (_badge("卡脖子", CHOKE_COLOR), "卡脖子环节（依赖进口）")]
    if feeds:
        items.append((_arrow, "供给关系 FEEDS（● 供给方 → ▶ 需求方，相邻阶段之间）"))
    return flow(c, x, y, width, items)


def modes(c: Canvas, x: float, y: float, width: float) -> float:
    """The roadmap legend: the five modes and the dependency arrow."""
    c.arrow_marker("feeds", FEEDS_COLOR)
    items: list[tuple[Swatch, str]] = [(_mode(m), label) for m, label in (
        (Mode.build, "建链：培育核心环节与链主"), (Mode.fill, "补链：补齐本地有需求的缺失环节"),
        (Mode.strengthen, "强链：做强薄弱环节"), (Mode.extend, "延链：从本地优势环节向下游延伸"), (Mode.fuse, "融链：跨链融合"))]
    items.append((_arrow, "在其后：先落地它所服务的下游环节（以整车带配套）"))
    return flow(c, x, y, width, items)
