"""End to end on the seed: every chain in three cities, the maps and the table checked against the analyses.

PDF generation is slow (Chromium), so only a few reports are printed: one through the CLI, one through the API.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.analysis.service import build_roadmap, resolve_scope
from app.outputs.bundle import collect
from app.outputs.panorama import panorama_svg
from app.outputs.roadmap_map import roadmap_svg
from app.outputs.style import STATUS_FILL
from app.outputs.table import COLUMNS, SHEET_KINDS, targets_xlsx
from app.settings import SEED_DIR
from app.store.embedded.store import EmbeddedStore
from tests.outputs.builders import AS_OF
from tests.outputs.svgcheck import boxes, escapes, outside, overlaps, parse

pytestmark = pytest.mark.skipif(not (SEED_DIR / "enterprises.csv").exists(), reason="the seed data is not there")
CHAINS = ("display", "icv", "bigdata", "biomed")
CITIES = ("成都", "武汉", "合肥")


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return EmbeddedStore.open(SEED_DIR, tmp_path_factory.mktemp("seed-state"))


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("chain", CHAINS)
def test_seed_maps_and_table_match_the_analyses(seed_store, chain, city):
    scope = resolve_scope(seed_store, region=city)
    data = collect(seed_store, chain, scope, as_of=AS_OF)
    assert 40 <= len(data.report.links) <= 60
    assert data.roadmap == build_roadmap(seed_store, chain, scope)  # read off the table, as ranked for the roadmap

    pan = parse(panorama_svg(data.panorama, data.as_of))
    found = boxes(pan)
    assert set(found) == {x.node_id for x in data.report.links}
    for link in data.report.links:
        assert found[link.node_id]["fill"] == STATUS_FILL[link.status]
        assert found[link.node_id]["data-status"] == link.status.value
    assert overlaps(pan) == [] and outside(pan) == [] and escapes(pan, "link") == []

    road = parse(roadmap_svg(data.roadmap, data.as_of, stages=data.stages))
    assert set(boxes(road, "card")) == {i.node_id for p in data.roadmap.phases for i in p.items}
    assert overlaps(road) == [] and outside(road) == [] and escapes(road, "card") == []

    wb = load_workbook(io.BytesIO(targets_xlsx(data)), read_only=True)
    assert wb.sheetnames == ["重点企业", "配套企业", "存量增资扩产", "区域协同伙伴", "说明"]
    for sheet, kind in zip(wb.sheetnames[:4], SHEET_KINDS, strict=True):
        got = list(wb[sheet].iter_rows(values_only=True))
        assert list(got[0]) == list(COLUMNS)
        assert [(g[1], g[4]) for g in got[1:]] == [(r.name.lstrip(), "、".join(r.node_names)) for r in data.table.of_kind(kind)]
    assert len({r.enterprise_id for r in data.table.rows}) == len(data.table.rows)  # one row per group


def test_cli_writes_every_file_of_the_bundle(tmp_path: Path):
    from pypdf import PdfReader

    from app.cli.main import main
    from app.outputs.raster import png_size
    from app.outputs.report import chromium_path

    out = tmp_path / "bundle"
    args = ["report", "display", "--region", "成都", "--out", str(out), "--date", "2025-01-02"]
    if chromium_path() is None:
        args.append("--no-pdf")
    assert main(args) == 0
    names = {p.name for p in out.iterdir()}
    assert {"panorama.svg", "panorama.png", "roadmap.svg", "roadmap.png", "targets.xlsx", "targets.csv",
            "targets.json", "report.html"} <= names
    w, h = png_size((out / "panorama.png").read_bytes())
    assert w > 2000 and h > 800
    if chromium_path() is not None:
        assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
        assert len(PdfReader(out / "report.pdf").pages) >= 4


def test_cli_needs_exactly_one_scope(tmp_path: Path, capsys):
    from app.cli.main import main

    assert main(["report", "display", "--out", str(tmp_path)]) == 1
    assert "--region" in capsys.readouterr().err
