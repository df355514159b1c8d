"""Reading the maps back: leaf boxes with their colours, and every text with the box it is drawn in.

A text's width is measured here as the renderer measures it, not with the maps' own
:func:`app.outputs.text.text_width`: cairo (which cairosvg draws the PNG with) picks the font by
the SVG's first family through fontconfig and advances letter by letter. So a wrong width in the
maps (a wrong font file, an estimate) shows as an overlap or a text outside its box here.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache

import cairocffi as cairo

from app.outputs.svg import text_box
from app.outputs.text import FONT_NAME

NS = "{http://www.w3.org/2000/svg}"


@lru_cache(maxsize=8)
def _context(family: str, bold: bool) -> cairo.Context:
    context = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1))
    options = cairo.FontOptions()
    options.set_hint_metrics(cairo.HINT_METRICS_OFF)  # design advances, as in the SVG and the PDF
    context.set_font_options(options)
    weight = cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL
    context.select_font_face(family, cairo.FONT_SLANT_NORMAL, weight)
    context.set_font_size(100)
    return context


@lru_cache(maxsize=1 << 16)
def rendered_width(text: str, size: float, bold: bool = False, family: str = FONT_NAME) -> float:
    """The sum of the glyph advances cairo gives ``text`` at ``size`` (cairosvg places letter by letter)."""
    context = _context(family, bold)
    return sum(context.text_extents(letter)[4] for letter in text) * size / 100


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def boxes(root: ET.Element, cls: str = "link") -> dict[str, dict[str, str]]:
    """``data-node-id`` → attributes of every rect of class ``cls``."""
    return {r.get("data-node-id"): dict(r.attrib) for r in root.iter(f"{NS}rect") if r.get("class") == cls}


def texts(root: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    family = root.get("font-family").split(",")[0].strip("'\" ")  # the one cairosvg draws with
    out = []
    for t in root.iter(f"{NS}text"):
        text, size, bold = t.text or "", float(t.get("font-size")), t.get("font-weight") == "bold"
        box = text_box(float(t.get("x")), float(t.get("y")), text, size, t.get("text-anchor", "start"), bold,
                       width=rendered_width(text, size, bold, family))
        out.append((t.text or "", box))
    return out


def overlaps(root: ET.Element, slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes intersect by more than ``slack`` in both directions."""
    items = texts(root)
    found = []
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(items):
        for b, (bx0, by0, bx1, by1) in items[i + 1:]:
            if min(ax1, bx1) - max(ax0, bx0) > slack and min(ay1, by1) - max(ay0, by0) > slack:
                found.append((a, b))
    return found


def outside(root: ET.Element) -> list[str]:
    """Texts drawn (partly) outside the canvas."""
    w, h = float(root.get("width")), float(root.get("height"))
    return [t for t, (x0, y0, x1, y1) in texts(root) if x0 < 0 or y0 < 0 or x1 > w or y1 > h]


def escapes(root: ET.Element, cls: str) -> list[str]:
    """Texts that start inside a rect of class ``cls`` (a leaf box, a card) but run past its sides."""
    rects = [(float(r.get("x")), float(r.get("y")), float(r.get("x")) + float(r.get("width")),
              float(r.get("y")) + float(r.get("height"))) for r in root.iter(f"{NS}rect") if r.get("class") == cls]
    found = []
    for text, (x0, y0, x1, y1) in texts(root):
        for rx0, ry0, rx1, ry1 in rects:
            if rx0 <= x0 < rx1 and ry0 <= y0 < ry1 and (x1 > rx1 or y1 > ry1):
                found.append(text)
    return found
