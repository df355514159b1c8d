from app.outputs.text import fit, short_name, text_width, units, wrap


def test_cjk_counts_two_units_latin_one():
    assert units("显示") == 4 and units("LED") == 3 and units("Mini/Micro LED 芯片") == 19


def test_fit_keeps_short_text_and_cuts_long_text_with_ellipsis_inside_the_width():
    assert fit("玻璃基板", 100, 12) == "玻璃基板"
    cut = fit("超高纯电子特气与湿化学品材料", 80, 12)
    assert cut.endswith("…") and text_width(cut, 12) <= 80


def test_wrap_breaks_into_at_most_the_given_lines_each_within_the_width():
    lines = wrap("OLED有机发光材料与柔性基板及其配套化学品", 90, 12, max_lines=2)
    assert len(lines) == 2 and all(text_width(x, 12) <= 90 for x in lines) and lines[-1].endswith("…")


def test_short_name_drops_the_legal_form_only():
    assert short_name("合肥京东方光电科技有限公司") == "合肥京东方光电科技"
    assert short_name("有限公司") == "有限公司"
