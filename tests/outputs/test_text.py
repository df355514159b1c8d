import subprocess
from pathlib import Path

import pytest
import yaml

from app.errors import ChainMapError
from app.outputs import text as text_module
from app.outputs.text import FONT_NAME, fit, font_file, short_name, text_width
from app.settings import SEED_DIR
from tests.outputs.svgcheck import rendered_width

SIZES = (10, 11.5, 12, 14, 15, 26)  # every size the maps draw labels at


def _names(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["name"]} if isinstance(node.get("name"), str) else set()
        return found.union(*(_names(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_names(v) for v in node))
    return set()


def seed_labels() -> list[str]:
    """Every chain, segment and link name of the seed chains."""
    return sorted(set().union(*(_names(yaml.safe_load(p.read_text("utf-8")))
                                for p in sorted(Path(SEED_DIR, "chains").glob("*.yaml")))))


def test_fontconfig_finds_the_font_file_and_its_bold_face():
    path, index = font_file()
    assert Path(path).is_file() and index >= 0
    assert font_file(bold=True) != (path, index)  # fonts-noto-cjk has a bold face: bold labels are measured in it


@pytest.mark.parametrize("bold", [False, True])
def test_measured_width_of_every_seed_label_is_at_least_its_glyph_advances(bold):
    labels = seed_labels()
    assert len(labels) > 150 and any(any(c.isascii() and c.isalpha() for c in x) for x in labels)
    short = [(x, size) for x in labels for size in SIZES
             if text_width(x, size, bold) < rendered_width(x, size, bold) - 1e-9]
    assert short == []


def test_latin_letters_are_measured_narrower_than_cjk_and_bold_wider_than_regular():
    assert text_width("显示", 12) == pytest.approx(24)  # a CJK glyph advances one em
    assert 0 < text_width("LED", 12) < 36
    assert text_width("OLED", 12, bold=True) > text_width("OLED", 12)


def test_fit_keeps_short_text_and_cuts_long_text_with_ellipsis_inside_the_width():
    assert fit("玻璃基板", 100, 12) == "玻璃基板"
    cut = fit("超高纯电子特气与湿化学品材料", 80, 12)
    assert cut.endswith("…") and rendered_width(cut, 12) <= 80


def test_a_missing_font_fails_with_the_package_to_install(monkeypatch):
    def fallback(*args, **kwargs):  # fontconfig without Noto answers its nearest font
        return subprocess.CompletedProcess(args, 0, stdout="DejaVu Sans|/usr/share/fonts/DejaVuSans.ttf|0")

    font_file.cache_clear()
    monkeypatch.setattr(text_module.subprocess, "run", fallback)
    try:
        with pytest.raises(ChainMapError, match="fonts-noto-cjk") as caught:
            font_file()
        assert FONT_NAME in str(caught.value)
    finally:
        font_file.cache_clear()


def test_short_name_drops_the_legal_form_only():
    assert short_name("合肥京东方光电科技有限公司") == "合肥京东方光电科技"
    assert short_name("有限公司") == "有限公司"
