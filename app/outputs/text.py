"""Text on the maps: the font, text widths from its metrics, ellipsis and short names.

SVG has no text layout of its own, so the maps measure text themselves, with the metrics of the
font the PNG and the PDF are drawn in: ``Noto Sans CJK SC`` (Debian's ``fonts-noto-cjk``), the
first family of :data:`FONT_FAMILY`, which cairosvg and Chromium both ask fontconfig for. The file
is found with ``fc-match`` and measured with Pillow at 1,000 px, the font's design units, so a
width is the exact sum of the glyph advances (no hinting, no kerning: what cairo draws, and never
less than what Chromium draws). Without that font the maps cannot be laid out, nor drawn in the
PNG/PDF, so measuring fails with a message naming the package rather than guessing.

>>> text_width("京东方A", 10)
36.08
>>> fit("合肥京东方光电科技有限公司", 60, 10)
'合肥京东方…'
>>> short_name("京东方科技集团股份有限公司")
'京东方科技集团'
"""
from __future__ import annotations

import re
import subprocess
import threading
from functools import lru_cache

from app.errors import ChainMapError

FONT_NAME = "Noto Sans CJK SC"
# cairosvg draws with the first family only; the others serve browsers showing the SVG on a desktop.
FONT_FAMILY = f"'{FONT_NAME}', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', sans-serif"
ELLIPSIS = "…"
DESIGN_SIZE = 1000  # px; Noto Sans CJK has 1,000 units per em, so advances measured here are unhinted and exact

_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|集团有限公司|有限公司|股份公司|公司)$")
_freetype = threading.Lock()  # one FreeType face serves every thread; it is not safe for concurrent use


@lru_cache(maxsize=2)
def font_file(bold: bool = False) -> tuple[str, int]:
    """``(path, face index)`` of :data:`FONT_NAME` (its bold face if ``bold``) as fontconfig finds it."""
    pattern = f"{FONT_NAME}:weight={'bold' if bold else 'regular'}"
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}|%{file}|%{index}", pattern], capture_output=True,
                               text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChainMapError(f"无法查找字体：fontconfig 的 fc-match 不可用 (fc-match is needed to find {FONT_NAME}): "
                            f"{exc}") from exc
    families, path, index = found.rsplit("|", 2)
    if FONT_NAME not in families.split(","):  # fc-match answers its nearest font, e.g. DejaVu Sans
        raise ChainMapError(f"缺少字体 {FONT_NAME}，请安装 fonts-noto-cjk (the maps are measured and drawn in "
                            f"{FONT_NAME}; install Debian's fonts-noto-cjk; fontconfig offered {families} instead)")
    return path, int(index)


@lru_cache(maxsize=2)
def _font(bold: bool):
    from PIL import ImageFont

    path, index = font_file(bold)
    return ImageFont.truetype(path, DESIGN_SIZE, index=index, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1 << 16)
def _em_width(text: str, bold: bool) -> float:
    """Advance width of ``text`` in em (the same at every size, so one entry serves them all)."""
    font = _font(bold)
    with _freetype:
        return font.getlength(text) / DESIGN_SIZE


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Drawn width of ``text`` at font ``size``: the sum of its glyph advances in :data:`FONT_NAME`."""
    return _em_width(text, bold) * size


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` as drawn in ``width``: whole, or cut with an ellipsis."""
    if text_width(text, size, bold) <= width:
        return text
    out = text
    while out and text_width(out + ELLIPSIS, size, bold) > width:
        out = out[:-1]
    return out + ELLIPSIS if out else ""


def short_name(name: str) -> str:
    """An enterprise name without its legal-form suffix, for labels on a map."""
    short = _SUFFIXES.sub("", name.strip())
    return short or name


def percent(x: float | None) -> str:
    """A share as a whole percentage, ``—`` when unknown."""
    return "—" if x is None else f"{x * 100:.0f}%"
