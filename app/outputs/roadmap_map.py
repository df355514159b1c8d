"""产业生态发展路径图 — the development path map as SVG.

Three swimlanes top to bottom, 近期 → 中期 → 远期; each planned link is a card with its mode
(补链 / 强链 / 延链 / 建链 / 融链), its stage and priority and its best target enterprises; the
lane header shows the target completeness once the phase is done. An arrow runs from every planned
customer link a card serves and follows (``RoadmapItem.after``: anchors first) to that card, drawn
under the cards. A line under the lanes lists the links not pursued (暂不布局) with their first reason.

>>> from tests.outputs.builders import toy_data
>>> svg = roadmap_svg(toy_data().roadmap, date(2025, 1, 2))
>>> svg.count('class="card"') == sum(len(p.items) for p in toy_data().roadmap.phases)
True
"""
from __future__ import annotations

from datetime import date

from app.analysis.results import MODE_LABELS, Roadmap, RoadmapItem
from app.outputs import legend
from app.outputs.style import FEEDS_COLOR, MODE_COLOR, MUTED, data_note, date_label
from app.outputs.svg import Canvas
from app.outputs.text import fit, percent, short_name, text_width

CARD_W, CARD_H, GAP, ROW_GAP = 212, 112, 14, 22
LANE_HEAD, MARGIN, PAD = 168, 32, 16
LANE_FILL = ("#f3f7fb", "#f6f4fb", "#f7f7f2")


def _card(c: Canvas, x: float, y: float, item: RoadmapItem, stage: str | None) -> None:
    color = MODE_COLOR[item.mode]
    c.rect(x, y, CARD_W, CARD_H, rx=6, fill="#ffffff", stroke=color, stroke_width=1.4, class_="card",
           data_node_id=item.node_id, data_mode=item.mode.value)
    c.rect(x, y + 6, 5, CARD_H - 12, fill=color)
    label = MODE_LABELS[item.mode]
    bw = text_width(label, 12, bold=True) + 10
    c.rect(x + 12, y + 9, bw, 19, rx=3, fill=color)
    c.text(x + 12 + bw / 2, y + 23, label, 12, anchor="middle", bold=True, fill="#ffffff")
    c.text(x + 18 + bw, y + 24, fit(item.name, CARD_W - bw - 28, 14, bold=True), 14, bold=True)
    meta = f"{stage} · 优先级 {item.priority:.2f}" if stage else f"优先级 {item.priority:.2f}"
    c.text(x + 13, y + 45, fit(meta, CARD_W - 22, 11), 11, fill=MUTED)
    lines = [f"{i}. {short_name(t.name)}" for i, t in enumerate(item.targets[:3], 1)] or ["（暂无外地候选企业）"]
    for i, line in enumerate(lines):
        c.text(x + 13, y + 65 + i * 16, fit(line, CARD_W - 22, 11.5), 11.5,
               fill=MUTED if not item.targets else "#1f2933")


def _arrows(c: Canvas, places: dict[str, tuple[float, float]], roadmap: Roadmap) -> None:
    c.open_group(fill="none", stroke=FEEDS_COLOR, stroke_width=1.3, stroke_opacity=0.7, class_="depends")
    for phase in roadmap.phases:
        for item in phase.items:
            for src in item.after:
                if src not in places or item.node_id not in places:
                    continue
                (sx, sy), (tx, ty) = places[src], places[item.node_id]
                if abs(sy - ty) < 1:  # same row: side to side
                    x0, x1 = (sx + CARD_W, tx - 2) if tx > sx else (sx, tx + CARD_W + 2)
                    y0 = y1 = sy + CARD_H / 2
                    d = f"M{x0:.1f},{y0:.1f} L{x1:.1f},{y1:.1f}"
                else:
                    x0, y0 = sx + CARD_W / 2, sy + CARD_H
                    x1, y1 = tx + CARD_W / 2, ty - 2
                    bend = max(24.0, (y1 - y0) / 2)
                    d = f"M{x0:.1f},{y0:.1f} C{x0:.1f},{y0 + bend:.1f} {x1:.1f},{y1 - bend:.1f} {x1:.1f},{y1:.1f}"
                c.path(d, marker_end=c.url("feeds"), data_after=f"{src}>{item.node_id}")
    c.close_group()


def roadmap_svg(roadmap: Roadmap, as_of: date, note: str | None = None, stages: dict[str, str] | None = None) -> str:
    """The development path map of ``roadmap`` as an SVG document (``stages``: node id → 上游/中游/下游)."""
    stages = stages or {}
    most = max([len(p.items) for p in roadmap.phases] or [1])
    per_row = min(7, max(4, most))
    title = f"{roadmap.chain_name}产业生态发展路径图"
    width = max(LANE_HEAD + per_row * (CARD_W + GAP) + PAD, text_width(title, 26, bold=True) + 360, 1060) + 2 * MARGIN
    per_row = max(per_row, int((width - 2 * MARGIN - LANE_HEAD - PAD) // (CARD_W + GAP)))
    c = Canvas(width, 0, f"{title} · {roadmap.scope.name}", ids="rm-")
    c.text(MARGIN, MARGIN + 26, title, 26, bold=True)
    c.text(width - MARGIN, MARGIN + 26, fit(f"{roadmap.scope.name} · {date_label(as_of)}", 340, 16), 16, anchor="end",
           fill=MUTED)
    steps = " → ".join([f"当前 {percent(roadmap.completeness_now)}"] +
                       [f"{p.label}后 {percent(p.target_completeness)}" for p in roadmap.phases])
    c.text(MARGIN, MARGIN + 54, fit(f"产业链目标完整度：{steps}", width - 2 * MARGIN, 14), 14)
    y = legend.modes(c, MARGIN, MARGIN + 70, width - 2 * MARGIN) + 16

    places: dict[str, tuple[float, float]] = {}
    before = roadmap.completeness_now
    lanes = []
    for i, phase in enumerate(roadmap.phases):
        rows = max(1, -(-len(phase.items) // per_row))
        h = rows * CARD_H + (rows - 1) * ROW_GAP + 2 * PAD
        lanes.append((phase, y, h))
        c.rect(MARGIN, y, width - 2 * MARGIN, h, rx=8, fill=LANE_FILL[i % 3], stroke="#cfd8dc", class_="lane",
               data_phase=phase.phase)
        c.text(MARGIN + 16, y + 36, phase.label, 22, bold=True)
        c.text(MARGIN + 16, y + 60, f"{len(phase.items)} 个环节", 12, fill=MUTED)
        after = f"完整度 {percent(before)} → {percent(phase.target_completeness)}"
        c.text(MARGIN + 16, y + 82, fit(after, LANE_HEAD - 24, 12), 12)
        bar_w = LANE_HEAD - 40
        c.rect(MARGIN + 16, y + 92, bar_w, 8, rx=4, fill="#e0e0e0")
        c.rect(MARGIN + 16, y + 92, bar_w * max(0.0, min(1.0, phase.target_completeness)), 8, rx=4, fill="#2e7d32",
               class_="progress", data_completeness=f"{phase.target_completeness:.4f}")
        for j, item in enumerate(phase.items):
            places[item.node_id] = (MARGIN + LANE_HEAD + (j % per_row) * (CARD_W + GAP),
                                    y + PAD + (j // per_row) * (CARD_H + ROW_GAP))
        if not phase.items:
            c.text(MARGIN + LANE_HEAD, y + PAD + 40, "本期无计划环节", 13, fill=MUTED)
        before = phase.target_completeness
        y += h + 12
    _arrows(c, places, roadmap)
    for phase, _, _ in lanes:
        for item in phase.items:
            _card(c, *places[item.node_id], item, stages.get(item.node_id))
    if roadmap.not_pursued:
        left = "；".join(f"{x.name}（{x.reasons[0].zh if x.reasons else ''}）" for x in roadmap.not_pursued)
        c.text(MARGIN, y + 12, fit(f"暂不布局：{left}", width - 2 * MARGIN, 13), 13, class_="not-pursued")
        y += 24
    c.text(MARGIN, y + 12, fit(data_note(note), width - 2 * MARGIN, 12), 12, fill=MUTED)
    c.height = y + 12 + MARGIN - 8
    return c.render()
