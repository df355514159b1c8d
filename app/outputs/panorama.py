"""产业链全景图 — the chain panorama map as SVG.

Three stage columns (上游 → 中游 → 下游); inside each, the segments in template order, each a
header and a grid of leaf boxes. A box is coloured by the link's status and shows the local
count, up to three key local enterprises and the 核心 / 卡脖子 marks. FEEDS between adjacent
stages are light curves drawn under the boxes. The layout is a pure function of the panorama
(:class:`~app.analysis.results.Panorama`, the chain tree built once in the analysis layer), so
the same data always gives the same picture; every label is measured and cut to its box, so no
two labels overlap (``tests/outputs`` checks every pair of text boxes).

>>> from tests.outputs.builders import toy_data
>>> svg = panorama_svg(toy_data().panorama, date(2025, 1, 2))
>>> svg.count('class="link"'), 'data-status="missing"' in svg
(6, True)
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from app.analysis.results import LinkStatus, Panorama, PanoramaSegment, Status
from app.outputs import legend
from app.outputs.style import CHOKE_COLOR, CORE_COLOR, FEEDS_COLOR, MUTED, STATUS_FILL, STATUS_STROKE, data_note, date_label
from app.outputs.svg import Canvas
from app.outputs.text import fit, percent, short_name, text_width
from graph_schema.models import STAGE_LABELS, Stage

BOX_W, BOX_H, GAP = 200, 100, 12
SEG_H, STAGE_H, COL_GAP, MARGIN = 26, 40, 56, 32
STAGE_COLOR = {Stage.upstream: "#37474f", Stage.midstream: "#455a64", Stage.downstream: "#546e7a"}


def _column(panorama: Panorama, stage: Stage) -> list[PanoramaSegment]:
    """The segments drawn in a stage's column: those of every top node of that stage, in template order."""
    return [seg for s in panorama.stages if s.stage == stage.value for seg in s.segments]


def _height(segments: Sequence[PanoramaSegment], cols: int) -> int:
    return sum(SEG_H + GAP + math.ceil(len(s.links) / cols) * (BOX_H + GAP) for s in segments)


def _columns(stages: dict[Stage, list[PanoramaSegment]], total: int) -> dict[Stage, int]:
    """Box columns per stage: start at one each, then give one more to the tallest stage while it helps."""
    cols = {s: 1 for s in stages}
    widest = {s: max([len(g.links) for g in segs] or [1]) for s, segs in stages.items()}
    while sum(cols.values()) < total:
        grow = [s for s in stages if cols[s] < widest[s]]
        if not grow:
            break
        tallest = max(grow, key=lambda s: (_height(stages[s], cols[s]), -list(stages).index(s)))
        cols[tallest] += 1
    return cols


def _box(c: Canvas, x: float, y: float, link: LinkStatus) -> None:
    c.rect(x, y, BOX_W, BOX_H, rx=6, fill=STATUS_FILL[link.status], stroke=STATUS_STROKE[link.status], stroke_width=1.4,
           stroke_dasharray="5 3" if link.status is Status.missing else None, class_="link",
           data_node_id=link.node_id, data_status=link.status.value)
    c.rect(x, y + 6, 5, BOX_H - 12, fill=STATUS_STROKE[link.status])
    left, width = x + 13, BOX_W - 22
    c.text(left, y + 22, fit(link.name, width, 14, bold=True), 14, bold=True)
    badges = [(t, col) for t, col, on in (("核心", CORE_COLOR, link.is_core), ("卡脖子", CHOKE_COLOR, link.chokepoint)) if on]
    bx = x + BOX_W - 9
    for label, color in reversed(badges):
        w = text_width(label, 10) + 8
        bx -= w
        c.rect(bx, y + 30, w, 15, rx=3, fill="#ffffff", stroke=color, stroke_width=1)
        c.text(bx + w / 2, y + 41.5, label, 10, anchor="middle", fill=color, bold=False)
        bx -= 4
    count = f"本地 {link.local_count} 家 · 重点 {link.key_count}" if link.local_count else "本地暂无企业"
    if text_width(count, 11.5) > bx - left - 4:
        count = f"本地 {link.local_count} 家"
    c.text(left, y + 42, fit(count, bx - left - 4, 11.5), 11.5, fill=MUTED)
    names = [short_name(k.name) for k in link.key_enterprises[:3]]
    if not names and link.local_count:
        names = ["（暂无重点企业）"]
    for i, name in enumerate(names):
        c.text(left, y + 61 + i * 15, fit(name, width, 12), 12)


def _port(box: tuple[float, float, int]) -> float:
    """The height where a FEEDS curve leaves or enters a box: lower for boxes further from the column edge."""
    return box[1] + min(24 + box[2] * 14, BOX_H - 10)


def _feeds(c: Canvas, boxes: dict[str, tuple[float, float, int]], stage_of: dict[str, int],
           edges: dict[int, tuple[float, float]], feeds) -> list[tuple[str, float, float]]:
    """FEEDS between adjacent stages as curves in the gap between columns; returns the ports to mark on boxes.

    A curve never runs inside a column (it would seem to join neighbouring boxes); it leaves the
    column edge at the height of the port marked on the source box and enters the next column at
    the height of the port marked on the target box.
    """
    c.arrow_marker("feeds", FEEDS_COLOR)
    c.open_group(fill="none", stroke=FEEDS_COLOR, stroke_width=1.1, stroke_opacity=0.6, class_="feeds")
    ports = []
    for src, dst in feeds:
        if src not in boxes or dst not in boxes or stage_of[dst] - stage_of[src] != 1:
            continue  # only between adjacent columns, where the curve stays readable
        y0, y1 = _port(boxes[src]), _port(boxes[dst])
        g0, g1 = edges[stage_of[src]][1] + 2, edges[stage_of[dst]][0] - 2
        mid = (g0 + g1) / 2
        c.path(f"M{g0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {g1:.1f},{y1:.1f}",
               marker_end=c.url("feeds"), data_feeds=f"{src}>{dst}")
        ports += [("out", boxes[src][0] + BOX_W, y0), ("in", boxes[dst][0], y1)]
    c.close_group()
    return ports


def _mark_ports(c: Canvas, ports: list[tuple[str, float, float]]) -> None:
    for kind, x, y in sorted(set(ports)):
        if kind == "out":
            c.add("circle", cx=x, cy=y, r=3.2, fill=FEEDS_COLOR)
        else:
            c.path(f"M{x - 1:.1f},{y - 4:.1f} L{x + 5:.1f},{y:.1f} L{x - 1:.1f},{y + 4:.1f} z", fill=FEEDS_COLOR)


def panorama_svg(panorama: Panorama, as_of: date, note: str | None = None) -> str:
    """The panorama map as an SVG document (FEEDS between adjacent stages drawn as curves)."""
    stages = {s: _column(panorama, s) for s in Stage}
    links = panorama.links
    n = len(links)
    cols = _columns(stages, max(3, min(10, round(math.sqrt(n * 2)))))
    widths = {s: cols[s] * BOX_W + (cols[s] - 1) * GAP for s in Stage}
    content_w = sum(widths.values()) + COL_GAP * 2
    title = f"{panorama.chain_name}产业链全景图"
    head_w = text_width(title, 26, bold=True)
    width = max(content_w, head_w + 360, 1060) + 2 * MARGIN
    c = Canvas(width, 0, f"{title} · {panorama.scope.name}", ids="pan-")
    c.text(MARGIN, MARGIN + 26, title, 26, bold=True)
    c.text(width - MARGIN, MARGIN + 26, fit(f"{panorama.scope.name} · {date_label(as_of)}", 340, 16), 16, anchor="end",
           fill=MUTED)
    k = panorama.counts
    summary = (f"完备度 {percent(panorama.completeness)}　强度 {percent(panorama.strength)}　"
               f"强 {k.strong} · 弱 {k.weak} · 缺 {k.missing}（共 {n} 个环节）")
    c.text(MARGIN, MARGIN + 54, fit(summary, width - 2 * MARGIN, 14), 14)
    y = legend.draw(c, MARGIN, MARGIN + 70, width - 2 * MARGIN, feeds=True)

    top = y + 18
    x = MARGIN + (width - 2 * MARGIN - content_w) / 2
    boxes: dict[str, tuple[float, float, int]] = {}
    stage_of: dict[str, int] = {}
    edges: dict[int, tuple[float, float]] = {}
    bottom = top
    for si, stage in enumerate(Stage):
        w = widths[stage]
        edges[si] = (x, x + w)
        c.rect(x, top, w, STAGE_H - 6, rx=6, fill=STAGE_COLOR[stage])
        count = sum(len(s.links) for s in stages[stage])
        c.text(x + w / 2, top + 23, fit(f"{STAGE_LABELS[stage]} · {count} 个环节", w - 16, 15), 15,
               anchor="middle", bold=True, fill="#ffffff")
        if si < 2:
            ax = x + w + COL_GAP / 2
            c.path(f"M{ax - 12:.1f},{top + 8} L{ax + 6:.1f},{top + 17} L{ax - 12:.1f},{top + 26} z", fill="#90a4ae")
        cy = top + STAGE_H
        for seg in stages[stage]:
            c.rect(x, cy, w, SEG_H - 4, rx=4, fill="#eceff1")
            c.text(x + 8, cy + 16, fit(seg.name, w - 16, 12.5), 12.5, bold=True, fill="#37474f")
            cy += SEG_H + GAP - 4
            for i, link in enumerate(seg.links):
                sub = i % cols[stage]
                boxes[link.node_id] = (x + sub * (BOX_W + GAP), cy + (i // cols[stage]) * (BOX_H + GAP), sub)
                stage_of[link.node_id] = si
            cy += math.ceil(len(seg.links) / cols[stage]) * (BOX_H + GAP) + 4
        if not stages[stage]:
            c.text(x + 8, cy + 20, "（本链无该阶段环节）", 12, fill=MUTED)
            cy += 30
        bottom = max(bottom, cy)
        x += w + COL_GAP
    ports = _feeds(c, boxes, stage_of, edges, panorama.feeds)
    for link in links:
        _box(c, *boxes[link.node_id][:2], link)
    _mark_ports(c, ports)
    note_y = bottom + 14
    c.text(MARGIN, note_y, fit(data_note(note), width - 2 * MARGIN, 12), 12, fill=MUTED)
    c.height = note_y + MARGIN - 8
    return c.render()
