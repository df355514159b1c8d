"""The report bundle: self-contained HTML with indicators, leaders, both maps and the table; PNG and PDF."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from app.outputs.panorama import panorama_svg
from app.outputs.raster import png_size, svg_to_png
from app.outputs.report import chromium_path, html_to_pdf, report_html
from tests.outputs.builders import toy_data


def test_html_is_self_contained():
    html = report_html(toy_data())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html and "<script" not in html
    assert html.count("<svg") == 2 and "@page" in html and "@media print" in html


def test_html_has_indicators_leaders_and_every_target():
    data = toy_data()
    html = report_html(data)
    assert "50%" in html and "17%" in html  # completeness 0.5, strength 1/6 (toy, Chengdu)
    for leader in data.report.leaders:
        assert leader.name in html
    assert "甲一材料有限公司" in html  # a1 is Chengdu's 链主
    for row in data.table.rows:
        assert row.name in html
    assert "示意性演示数据" in html


def test_png_has_the_scaled_size_and_real_content():
    data = toy_data()
    svg = panorama_svg(data.panorama, data.as_of)
    w, h = (float(v) for v in re.search(r'width="(\d+)" height="(\d+)"', svg).groups())
    png = svg_to_png(svg, scale=1.5)
    assert png_size(png) == (round(w * 1.5), round(h * 1.5))
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50  # text, fills and borders, not a blank page
    assert any(c == (0xd4, 0xef, 0xd9) for _, c in colours) and any(c == (0xfd, 0xe0, 0xdf) for _, c in colours)


@pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed (scripts/test installs it)")
def test_pdf_has_pages_and_the_chinese_text():
    pdf = html_to_pdf(report_html(toy_data()))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4  # indicators, panorama, roadmap, table
    # pypdf maps some CJK glyphs of the font to Kangxi radicals (⽰ for 示): compare after NFKC
    assert "示例链产业链“两图一表”" in unicodedata.normalize("NFKC", reader.pages[0].extract_text())
