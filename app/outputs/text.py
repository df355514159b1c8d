"""Text on the maps: the CJK font stack, text widths, wrapping and ellipsis.

SVG has no text layout of its own, so the maps measure text themselves. A CJK (wide) character
counts 2 units and anything else 1 unit, one unit being ``NARROW_EM`` of the font size. The
estimate is deliberately generous (real Latin glyphs of Noto Sans average about 0.55 em), so a
label that fits here fits on paper; the overlap test of the maps uses the same measure.

>>> text_width("京东方A", 10)
35.0
>>> fit("合肥京东方光电科技有限公司", 60, 10)
'合肥京东方…'
>>> wrap("柔性OLED显示面板制造", 70, 10)
['柔性OLED显示面', '板制造']
>>> short_name("京东方科技集团股份有限公司")
'京东方科技集团'
"""
from __future__ import annotations

import re
import unicodedata

# The first family is the one cairosvg asks fontconfig for when it draws the PNG (fonts-noto-cjk).
FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', sans-serif"
NARROW_EM = 0.5
LINE_GAP = 1.3
ELLIPSIS = "…"

_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|集团有限公司|有限公司|股份公司|公司)$")


def units(text: str) -> int:
    """Width of ``text`` in units: 2 per wide (CJK, full-width) character, 1 per other character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" and ord(c) > 0x2000 else 1 for c in text)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated drawn width of ``text`` at font ``size`` (bold adds 5%)."""
    return units(text) * NARROW_EM * size * (1.05 if bold else 1.0)


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` as drawn in ``width``: whole, or cut with an ellipsis."""
    if text_width(text, size, bold) <= width:
        return text
    out = text
    while out and text_width(out + ELLIPSIS, size, bold) > width:
        out = out[:-1]
    return out + ELLIPSIS if out else ""


def wrap(text: str, width: float, size: float, max_lines: int = 2, bold: bool = False) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of ``width``; the last one ellipsised if needed."""
    lines: list[str] = []
    rest = text
    while rest and len(lines) < max_lines - 1:
        cut = len(rest)
        while cut > 1 and text_width(rest[:cut], size, bold) > width:
            cut -= 1
        if cut == len(rest):
            break
        # keep a Latin word whole when a space offers a break
        space = rest.rfind(" ", 0, cut)
        if space > 0 and not any(unicodedata.east_asian_width(c) in "WF" for c in rest[space:cut]):
            cut = space + 1
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        lines.append(fit(rest, width, size, bold))
    return lines


def short_name(name: str) -> str:
    """An enterprise name without its legal-form suffix, for labels on a map."""
    short = _SUFFIXES.sub("", name.strip())
    return short or name


def percent(x: float | None) -> str:
    """A share as a whole percentage, ``—`` when unknown."""
    return "—" if x is None else f"{x * 100:.0f}%"
