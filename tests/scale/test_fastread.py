"""The fast reader gives the reference reader's content, and its exact errors."""
from __future__ import annotations

import shutil

import pytest

from app.datadir import fastread
from app.datadir.fastread import read_data_dir_fast
from app.datadir.io import read_data_dir
from app.errors import InvalidInput
from graph_schema.models import Enterprise, EnterpriseLink, Supply


def test_same_content_as_the_reference_reader(synth_dir):
    fast, ref = read_data_dir_fast(synth_dir), read_data_dir(synth_dir)
    assert [Enterprise(**e._asdict()) for e in fast.enterprises] == ref.enterprises
    assert [EnterpriseLink(**x._asdict()) for x in fast.links] == ref.links
    assert [Supply(**s._asdict()) for s in fast.supply] == ref.supply


@pytest.mark.parametrize("line, bad", [
    (3, "e00000001,,名称,51010,,,,,,存续,"),              # a 5-digit region code
    (4, "e00000002,,名称,510107,,-1,,,,存续,"),            # negative revenue
    (5, "e00000003,,名称,999999,,,,,,存续,"),              # a code that does not exist
    (6, "e00000000,,名称,510107,,,,,,存续,"),              # a duplicate id
])
def test_bad_rows_give_the_reference_errors(tmp_path, synth_dir, line, bad):
    d = tmp_path / "d"
    shutil.copytree(synth_dir, d)
    rows = (d / "enterprises.csv").read_text(encoding="utf-8").splitlines()
    rows[line - 1] = bad
    (d / "enterprises.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as ref:
        read_data_dir(d)
    with pytest.raises(InvalidInput) as fast:
        read_data_dir_fast(d)
    assert str(fast.value) == str(ref.value) and fast.value.problems == ref.value.problems


def _edit(d, name: str, edit) -> None:
    path = d / name
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(edit(lines)), encoding="utf-8")


def _set(line: int, text: str):
    def edit(lines):
        lines[line - 1] = text
        return lines
    return edit


# (file, edit): either both readers give the same content or both refuse with the same problems
HOSTILE = {
    "whitespace around values": ("enterprises.csv",
                                 _set(2, " e00000000 ,, 名称\u3000,\t510107 ,2001 , 3.5 ,12 , 上市 ；高新技术企业 ,, 在业 ,")),
    "byte order mark": ("enterprises.csv", lambda lines: ["\ufeff" + lines[0], *lines[1:]]),
    "quoted comma and newline": ("enterprises.csv", _set(2, 'e00000000,,"名称,分公司\n二部",510107,,,,,,存续,')),
    "lower-case USCC": ("enterprises.csv", _set(2, "e00000000,91350100m000100y43,名称,510107,,,,,,存续,")),
    "bad USCC": ("enterprises.csv", _set(2, "e00000000,91350100M000100Y44,名称,510107,,,,,,存续,")),
    "unknown parent": ("enterprises.csv", _set(2, "e00000000,,名称,510107,,,,,,存续,nobody")),
    "unknown status": ("enterprises.csv", _set(2, "e00000000,,名称,510107,,,,,,歇业,")),
    "empty status": ("enterprises.csv", _set(2, "e00000000,,名称,510107,,,,,,,")),
    "short row": ("enterprises.csv", _set(2, "e00000000,,名称,510107")),
    "extra values": ("enterprises.csv", _set(2, "e00000000,,名称,510107,,,,,,存续,,x,y")),
    "blank lines": ("enterprises.csv", lambda lines: [lines[0], "", lines[1], "", *lines[2:]]),
    "whitespace-only line": ("enterprises.csv", lambda lines: [lines[0], lines[1], " ", *lines[2:]]),
    "duplicate header": ("enterprises.csv", lambda lines: [lines[0] + ",name", *(x + ",别名" if x else x for x in lines[1:])]),
    "spaced header": ("enterprises.csv", lambda lines: [lines[0].replace("name", " name"), *lines[1:]]),
    "name too long": ("enterprises.csv", _set(2, "e00000000,," + "名" * 201 + ",510107,,,,,,存续,")),
    "fractional headcount": ("enterprises.csv", _set(2, "e00000000,,名称,510107,,,1.5,,,存续,")),
    "link to a non-leaf": ("enterprise_nodes.csv", _set(2, "e00000000,display.upstream,core,")),
    "link to an unknown enterprise": ("enterprise_nodes.csv", _set(2, "nobody,display.polarizer,core,")),
    "duplicate link": ("enterprise_nodes.csv", lambda lines: [*lines[:3], lines[2], *lines[3:]]),
    "uncertain supporting link": ("enterprise_nodes.csv", lambda lines: [
        "enterprise_id,node_id,role,products,grade,evidence",
        *(x + ",uncertain,年报 " if i % 3 == 0 and x else x + ",," if x else x for i, x in enumerate(lines[1:]))]),
    "unknown role": ("enterprise_nodes.csv", _set(2, "e00000000,display.polarizer,boss,")),
    "products with both semicolons": ("enterprise_nodes.csv", _set(2, "e00000000,display.polarizer,core, 偏光片；膜 ;; ")),
    "self supply": ("supply.csv", _set(2, "e00000001,e00000001,")),
    "unknown supplier": ("supply.csv", _set(2, "nobody,e00000001,")),
    "not UTF-8": ("supply.csv", lambda lines: [lines[0], "e00000001,e00000002,\udcff", *lines[2:]]),
    "own parent": ("enterprises.csv", _set(2, "e00000000,,名称,510107,,,,,,存续,e00000000")),
    "duplicate supply": ("supply.csv", lambda lines: [*lines[:3], lines[2], *lines[3:]]),
    "title row above the header": ("supply.csv", lambda lines: ["供应关系（2024）", *lines]),
    "GBK": ("enterprises.csv", lambda lines: lines),
}


# clean after all: these must not need the reference reader
FAST = {"whitespace around values", "byte order mark", "quoted comma and newline", "lower-case USCC", "empty status",
        "blank lines", "uncertain supporting link", "products with both semicolons"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_give_the_reference_answer(tmp_path, synth_dir, case, monkeypatch):
    d = tmp_path / "d"
    shutil.copytree(synth_dir, d)
    name, edit = HOSTILE[case]
    if case == "not UTF-8":
        path = d / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\n\xff\xfe,x,\n", 1))
    elif case == "GBK":
        path = d / name
        path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    else:
        _edit(d, name, edit)
    try:
        ref = read_data_dir(d)
    except InvalidInput as exc:
        with pytest.raises(InvalidInput) as fast:
            read_data_dir_fast(d)
        assert fast.value.problems == exc.problems
        return
    if case in FAST:
        monkeypatch.setattr(fastread, "read_data_dir", lambda root: pytest.fail("fell back to the reference reader"))
    fast = read_data_dir_fast(d)
    assert [Enterprise(**e._asdict()) for e in fast.enterprises] == ref.enterprises
    assert [EnterpriseLink(**x._asdict()) for x in fast.links] == ref.links
    assert [Supply(**s._asdict()) for s in fast.supply] == ref.supply
