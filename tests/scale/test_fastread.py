"""The fast reader gives the reference reader's content, and its exact errors."""
from __future__ import annotations

import shutil

import pytest

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
