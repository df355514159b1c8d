"""Reading the maps back: leaf boxes with their colours, and every text with the box it is drawn in."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from app.outputs.svg import text_box

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def boxes(root: ET.Element, cls: str = "link") -> dict[str, dict[str, str]]:
    """``data-node-id`` → attributes of every rect of class ``cls``."""
    return {r.get("data-node-id"): dict(r.attrib) for r in root.iter(f"{NS}rect") if r.get("class") == cls}


def texts(root: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    out = []
    for t in root.iter(f"{NS}text"):
        box = text_box(float(t.get("x")), float(t.get("y")), t.text or "", float(t.get("font-size")),
                       t.get("text-anchor", "start"), t.get("font-weight") == "bold")
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
