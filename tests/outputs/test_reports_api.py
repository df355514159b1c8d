"""GET /chains/{id}/report/...: media types, download names (RFC 6266 filename*), roles."""
from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from app.outputs.raster import PNG_MAGIC
from app.outputs.report import chromium_path
from tests.api.conftest import as_role


def _name(disposition: str) -> str:
    return unquote(disposition.split("filename*=UTF-8''")[1])


@pytest.mark.parametrize("path, media, head", [
    ("panorama?format=svg", "image/svg+xml", b"<svg"),
    ("panorama?format=png", "image/png", PNG_MAGIC),
    ("roadmap", "image/svg+xml", b"<svg"),
    ("targets?format=csv", "text/csv; charset=utf-8", b"\xef\xbb\xbf"),
    ("targets?format=json", "application/json", b"{"),
    ("?format=html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
])
def test_each_artifact_has_its_media_type_and_download_name(client, path, media, head):  # noqa: F811
    sep = "&" if "?" in path else "?"
    url = f"/chains/toy/report/{path}{sep}region=成都".replace("report/?", "report?")
    r = client.get(url, headers=as_role("analyst"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media and r.content.startswith(head)
    disposition = r.headers["content-disposition"]
    assert 'filename="toy-510100-' in disposition and _name(disposition).startswith("示例链") and "成都市" in _name(disposition)


def test_xlsx_download_opens_and_is_an_attachment(client):  # noqa: F811
    r = client.get("/chains/toy/report/targets?region=510100&format=xlsx", headers=as_role("analyst"))
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r.headers["content-disposition"].startswith("attachment;")
    assert _name(r.headers["content-disposition"]).endswith("招商名录表_成都市_" + _name(r.headers["content-disposition"])[-13:])
    assert load_workbook(io.BytesIO(r.content)).sheetnames == ["重点企业", "配套企业", "存量增资扩产", "区域协同伙伴", "说明"]


def test_viewer_sees_the_panorama_but_not_the_table_roadmap_or_report(client):  # noqa: F811
    assert client.get("/chains/toy/report/panorama?region=成都", headers=as_role("viewer")).status_code == 200
    for path in ("targets", "roadmap", ""):
        url = f"/chains/toy/report/{path}?region=成都".replace("/?", "?")
        assert client.get(url, headers=as_role("viewer")).status_code == 403
    assert client.get("/chains/toy/report/panorama?region=成都").status_code == 401


def test_bad_requests_are_problem_details(client):  # noqa: F811
    h = as_role("analyst")
    assert client.get("/chains/toy/report/panorama", headers=h).status_code == 422
    both = client.get("/chains/toy/report/panorama?region=成都&park=toy-park", headers=h)
    assert both.status_code == 422 and "只能给出一个" in both.json()["detail"]  # the analyses' words for it
    assert client.get("/chains/toy/report/targets?region=成都&format=pdf", headers=h).status_code == 422
    r = client.get("/chains/nope/report/panorama?region=成都", headers=h)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed")
def test_pdf_report(client):  # noqa: F811
    r = client.get("/chains/toy/report?park=toy-park&format=pdf", headers=as_role("analyst"))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert "示例园区" in _name(r.headers["content-disposition"])
