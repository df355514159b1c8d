"""``chainmap import``, ``enterprise show`` and ``review`` end to end, through the journal of the embedded store."""
from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from app.cli.main import main
from tests.fixtures.registry.samples import QCC_HEADER, qcc_row, uscc, write_registry_dir

ROWS = [
    qcc_row(1, "成都某某光电材料有限公司", "一般项目：偏光片的研发、生产、销售；技术服务", industry=("C 制造业", "39", "398", "3985"),
            tags="高新技术企业；专精特新小巨人企业"),
    qcc_row(2, "四川某某贸易有限公司", "偏光片、电子产品的销售；技术咨询"),
    qcc_row(3, "成都某某液晶面板科技有限公司", "电子元器件；", industry=("C", "39", "397", "")),
    qcc_row(4, "某某激光雷达有限公司", "激光雷达的研发与制造", province="", city="", county="",
            address="江苏省苏州市工业园区星湖街328号", code=uscc("320594", "MA1M00001")),
    qcc_row(5, "某某生物制药有限公司", "单克隆抗体药物的研发；原料药生产", status="注销"),
]
BAD = qcc_row(6, "坏行公司", "x", code="91510100MA61R7TX8Z", founded="2030-01-01", staff="很多")


def write_qcc(path, rows, encoding="gbk"):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["企查查 数据导出"])
        writer.writerow(QCC_HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def data(tmp_path):
    return write_registry_dir(tmp_path / "data")


def cli(data, *args) -> int:
    return main(["--data", str(data), *args])


def show(data, capsys, key) -> dict:
    capsys.readouterr()
    assert cli(data, "enterprise", "show", key, "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_import_gbk_export_then_reimport_changes_nothing(data, tmp_path, capsys):
    rows = [r for r in ROWS if r[0] != 4]
    source = write_qcc(tmp_path / "qcc.csv", rows)
    assert cli(data, "import", str(source)) == 0
    out = capsys.readouterr().out
    assert "读取 4 行 rows read · 新建 4 created · 更新 0 updated" in out
    assert "忽略的列 ignored columns: 序号、法定代表人" in out
    detail = show(data, capsys, "光电材料")
    assert detail["region_name"] == "四川省成都市武侯区" and detail["region_source"] == "columns"
    assert [(x["node_id"], x["grade"]) for x in detail["links"]] == [("display.polarizer", "confirmed")]
    assert "偏光片的研发、生产、销售" in detail["links"][0]["evidence"]
    assert set(detail["tags"]) == {"高新技术企业", "小巨人", "专精特新"}
    assert show(data, capsys, "贸易")["links"] == []               # trading only: excluded as noise
    assert cli(data, "import", str(source)) == 0
    assert "新建 0 created · 更新 0 updated · 未变 4 unchanged" in capsys.readouterr().out


def test_one_invalid_row_means_nothing_is_applied(data, tmp_path, capsys):
    source = write_qcc(tmp_path / "qcc.csv", ROWS + [BAD], encoding="utf-8")
    assert cli(data, "import", str(source)) == 1
    out = capsys.readouterr().out
    assert "第 8 行 (row 8), 列 成立日期 = '2030-01-01'" in out and "未写入任何数据" in out
    report = list(csv.reader((tmp_path / "qcc.report.csv").open(encoding="utf-8-sig")))
    assert report[0] == ["行 row", "列 column", "值 value", "问题 problem", "级别 level"]
    assert ["8", "参保人数", "很多"] in [r[:3] for r in report]
    assert cli(data, "enterprise", "show", "光电材料") == 1   # not imported
    assert "没有找到企业" in capsys.readouterr().err


def test_skip_invalid_writes_rejects_and_applies_the_rest(data, tmp_path, capsys):
    source = write_qcc(tmp_path / "qcc.csv", ROWS + [BAD])
    report_path = tmp_path / "out" / "problems.csv"
    assert cli(data, "import", str(source), "--skip-invalid", "--report", str(report_path)) == 0
    assert "拒绝 1 rejected" in capsys.readouterr().out
    rejects = list(csv.reader((tmp_path / "qcc.rejects.csv").open(encoding="utf-8-sig")))
    assert rejects[0][-2:] == ["原行号 source row", "问题 problems"] and rejects[1][1] == "坏行公司" and rejects[1][-2] == "8"
    assert report_path.exists()
    lidar = show(data, capsys, "激光雷达")
    assert lidar["region_source"] == "address" and lidar["region_code"] == "320500"


def test_dry_run_and_json_summary(data, tmp_path, capsys):
    source = write_qcc(tmp_path / "qcc.csv", ROWS[:1])
    assert cli(data, "import", str(source), "--dry-run", "--format", "json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["created"], summary["links_confirmed"], summary["applied"]) == (1, 1, False)
    assert cli(data, "enterprise", "show", "光电材料") == 1


def test_xlsx_with_mapping_file(data, tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["单位", "代码", "住所", "业务", "备注"])
    book.active.append(["深圳某显示科技有限公司", "", "深圳市南山区科技园南区", "AMOLED柔性显示屏的研发与生产", "x"])
    book.save(tmp_path / "t.xlsx")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("单位: name\n代码: uscc\n住所: address\n业务: scope\n备注: null\n", encoding="utf-8")
    assert cli(data, "import", str(tmp_path / "t.xlsx"), "--mapping", str(mapping)) == 0
    detail = show(data, capsys, "深圳某显示")
    assert (detail["region_code"], detail["region_source"]) == ("440305", "address")
    assert [(x["node_id"], x["grade"]) for x in detail["links"]] == [("display.oled_panel", "confirmed")]
    mapping.write_text("单位: company_name\n", encoding="utf-8")
    assert cli(data, "import", str(tmp_path / "t.xlsx"), "--mapping", str(mapping)) == 1
    assert "未知字段 company_name" in capsys.readouterr().err


def test_review_list_accept_reject_and_reimport_respects_rejection(data, tmp_path, capsys):
    source = write_qcc(tmp_path / "qcc.csv", [ROWS[2], qcc_row(7, "某光学公司", "偏光片；光学膜")])
    assert cli(data, "import", str(source)) == 0
    capsys.readouterr()
    assert cli(data, "review", "list", "--format", "json") == 0
    queue = json.loads(capsys.readouterr().out)
    assert queue["count"] == 2
    pairs = {(r["enterprise_name"], r["node_id"]) for r in queue["data"]}
    assert pairs == {("成都某某液晶面板科技有限公司", "display.lcd_panel"), ("某光学公司", "display.polarizer")}
    panel = next(r["enterprise_id"] for r in queue["data"] if r["node_id"] == "display.lcd_panel")
    optics = next(r["enterprise_id"] for r in queue["data"] if r["node_id"] == "display.polarizer")
    assert cli(data, "review", "accept", panel, "display.lcd_panel") == 0
    assert cli(data, "review", "reject", optics, "display.polarizer") == 0
    assert show(data, capsys, panel)["links"][0]["grade"] == "confirmed"
    assert show(data, capsys, optics)["links"] == []
    assert cli(data, "import", str(source)) == 0   # the rejected link is not queued again, the accepted one stays
    capsys.readouterr()
    assert cli(data, "review", "list", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["count"] == 0
    assert cli(data, "review", "reject", panel, "display.lcd_panel") == 1   # confirmed: not under review
    assert "已确认" in capsys.readouterr().err


def test_review_takes_a_name_and_a_link_name_and_says_what_it_matched(data, tmp_path, capsys):
    source = write_qcc(tmp_path / "qcc.csv", [ROWS[2]])
    assert cli(data, "import", str(source)) == 0
    capsys.readouterr()
    assert cli(data, "review", "list", "--page-size", "1") == 0
    assert "按环节与证据强度排序" in capsys.readouterr().out
    assert cli(data, "review", "accept", "成都某某液晶面板科技有限公司", "液晶面板") == 0
    out = capsys.readouterr().out
    assert "matched by: 企业全称 full name" in out and "(display.lcd_panel)" in out and "已确认 accepted" in out


def test_linkbench_prints_both_measures_or_says_the_set_is_missing(data, tmp_path, capsys):
    assert cli(data, "linkbench", "--data", str(tmp_path / "none.csv")) == 2
    assert "找不到标注集" in capsys.readouterr().out


def test_enterprise_show_of_a_toy_enterprise_has_supply_and_parks(data, capsys):
    detail = show(data, capsys, "a1")
    assert detail["parks"] == ["toy-park"] and detail["region_source"] == ""
    c1 = show(data, capsys, "丙一面板")
    assert {(s["supplier_id"], s["customer_id"]) for s in c1["supply"]} == {("b1", "c1"), ("c1", "e1")}


def test_progress_bar_only_on_a_terminal():
    import io

    from app.cli.imports import TerminalProgress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    bar = TerminalProgress(tty)
    bar("校验 validate", 50, 100)
    bar("完成 done", 100, 100)
    assert "50.0% 50/100 行 rows" in tty.getvalue() and tty.getvalue().endswith("\n")
    piped = io.StringIO()
    TerminalProgress(piped)("校验 validate", 1, 2)
    assert piped.getvalue() == ""
