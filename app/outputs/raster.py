"""SVG → PNG with cairosvg (PyPI) on the system's cairo.

Chinese text needs a CJK font known to fontconfig: the project's setup installs Debian's
``fonts-noto-cjk`` (fonts are never committed). cairosvg asks fontconfig for the first family of
the SVG's ``font-family`` list, which is ``Noto Sans CJK SC``.

>>> png = svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>', scale=2)
>>> png[:8] == PNG_MAGIC, png_size(png)
(True, (40, 20))
"""
from __future__ import annotations

import struct

from app.errors import ChainMapError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DEFAULT_SCALE = 1.5  # a 1,800-unit-wide map becomes 2,700 px: about 160 dpi across A3


def svg_to_png(svg: str, scale: float = DEFAULT_SCALE) -> bytes:
    """Render ``svg`` to PNG bytes at ``scale`` device pixels per SVG unit, on a white background."""
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: the cairo library itself is missing
        raise ChainMapError(f"无法生成 PNG：缺少 cairosvg 或 cairo 库 (PNG rendering needs cairosvg and libcairo2): "
                            f"{exc}") from exc
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, background_color="white", unsafe=False)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    if png[:8] != PNG_MAGIC:
        raise ChainMapError("不是 PNG 数据 (not PNG data)")
    return struct.unpack(">II", png[16:24])
