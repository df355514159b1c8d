"""A very small SVG writer: shapes and single-line texts, escaped, in drawing order.

Every text is one ``<text>`` element with its own ``x``, ``y`` (baseline), ``font-size`` and
``text-anchor``, so its box can be computed back from the file (see :func:`text_box`).

>>> c = Canvas(100, 40, "示例")
>>> c.text(50, 20, "新型显示", 12, anchor="middle")
>>> "新型显示</text>" in c.render() and c.render().startswith("<svg")
True
>>> text_box(50, 20, "新型显示", 12, "middle")
(26.0, 9.2, 74.0, 23.0)
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from app.outputs.text import FONT_FAMILY, text_width
from graph_schema.text import xml_text

ASCENT = 0.9   # share of the font size above the baseline, CJK fonts included
DESCENT = 0.25


def text_box(x: float, y: float, text: str, size: float, anchor: str = "start", bold: bool = False,
             width: float | None = None) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) a single-line text is drawn in (``width``: as measured elsewhere, else here)."""
    w = text_width(text, size, bold) if width is None else width
    x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    return (round(x0, 2), round(y - size * ASCENT, 2), round(x0 + w, 2), round(y + size * DESCENT, 2))


def _attrs(attrs: dict[str, object]) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        if isinstance(value, float):
            value = f"{value:.1f}".rstrip("0").rstrip(".")
        out.append(f"{key.rstrip('_').replace('_', '-')}={quoteattr(xml_text(str(value)))}")
    return " ".join(out)


class Canvas:
    """An SVG document being drawn; ``render()`` gives the text."""

    def __init__(self, width: float, height: float, title: str, ids: str = ""):
        self.ids = ids  # prefix of element ids, so two maps can sit in one HTML page
        self.width = width
        self.height = height
        self.title = title
        self.parts: list[str] = []
        self.defs: list[str] = []

    def add(self, tag: str, body: str | None = None, **attrs: object) -> None:
        attr = _attrs(attrs)
        self.parts.append(f"<{tag} {attr}/>" if body is None else f"<{tag} {attr}>{body}</{tag}>")

    def rect(self, x: float, y: float, w: float, h: float, **attrs: object) -> None:
        self.add("rect", x=x, y=y, width=w, height=h, **attrs)

    def path(self, d: str, **attrs: object) -> None:
        self.add("path", d=d, **attrs)

    def text(self, x: float, y: float, text: str, size: float, anchor: str = "start", bold: bool = False,
             fill: str = "#1f2933", **attrs: object) -> None:
        if not text:
            return
        self.add("text", escape(xml_text(text)), x=x, y=y, font_size=size, text_anchor=None if anchor == "start" else anchor,
                 font_weight="bold" if bold else None, fill=fill, **attrs)

    def open_group(self, **attrs: object) -> None:
        self.parts.append(f"<g {_attrs(attrs)}>")

    def close_group(self) -> None:
        self.parts.append("</g>")

    def url(self, name: str) -> str:
        """A reference to the element ``name`` defined on this canvas."""
        return f"url(#{self.ids}{name})"

    def arrow_marker(self, name: str, color: str) -> None:
        marker_id = self.ids + name
        if any(f'id="{marker_id}"' in d for d in self.defs):
            return
        self.defs.append(
            f'<marker id="{marker_id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>')

    def render(self) -> str:
        w, h = round(self.width), round(self.height)
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
                f'font-family={quoteattr(FONT_FAMILY)} role="img" aria-label={quoteattr(xml_text(self.title))}>')
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        background = f'<rect width="{w}" height="{h}" fill="#ffffff"/>'
        return "\n".join([head, f"<title>{escape(xml_text(self.title))}</title>", defs, background, *self.parts, "</svg>"]) + "\n"
