"""Bulk import (admin): a data-directory file, or a registry export (企查查/天眼查/启信宝) with a dry run first."""
from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field

from app.api.audit import note
from app.api.deps import Admin, SettingsDep, StoreDep
from app.api.problems import problem_responses
from app.datadir.tabular import MAX_ROWS, check_size
from app.services.datadir_import import ImportKind, import_datadir_file

router = APIRouter(tags=["导入 imports"])


class ImportResult(BaseModel):
    """导入结果 What the import wrote."""

    kind: ImportKind
    rows: int = Field(description="数据行数 data rows read")
    created: int = Field(description="新增企业 enterprises created")
    updated: int = Field(description="更新企业 enterprises changed")
    unchanged: int = Field(description="未变企业 enterprises already stored as given")
    links: int = Field(description="写入的挂链 links written (new or changed)")
    supply: int = Field(description="写入的供应关系 supply relations written (new or changed)")
    ignored_columns: list[str] = Field(description="未识别而忽略的列 unknown columns, ignored")

    model_config = {"json_schema_extra": {"examples": [{"kind": "enterprises", "rows": 2, "created": 1, "updated": 1,
                                                        "unchanged": 0, "links": 0, "supply": 0, "ignored_columns": []}]}}


@router.post(
    "/imports", response_model=ImportResult, summary="批量导入 Bulk import", dependencies=[Admin],
    responses=problem_responses(409, 413, 422, descriptions={
        409: "统一社会信用代码已属于另一企业 a USCC belongs to another enterprise",
        413: "文件或行数超过上限 file or row count over the limit",
        422: "参数或文件内容无效，未写入任何数据：文件无法读取、缺少必需的列或有行未通过校验，errors 按行与字段逐项列出 (invalid "
             "parameters or file content, nothing written: the file is unreadable, a required column is missing or rows fail "
             "the rules — every problem by row and field in errors; the schema cannot state a file's content)"}),
)
def import_upload(
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="CSV（UTF-8 可带 BOM，或 GBK）或 XLSX，数据目录格式 (data-directory format)")],
    kind: Annotated[ImportKind, Form(description="enterprises（默认）/ enterprise_nodes / supply")] = ImportKind.enterprises,
):
    """上传一个数据目录格式的文件（见 docs/data-format.md）。先校验全部行：任何一行有问题即返回 422，
    按行号与字段列出全部问题，且不写入任何数据；否则一次性全部写入，按编号幂等。
    (Validates every row first — any invalid row gives 422 listing every problem by row and field, and
    nothing is applied; otherwise everything is applied at once, idempotent by id. Over the size or row limit: 413.)"""
    limit = settings.max_upload_mb * 1024 * 1024
    data = file.file.read(limit + 1)
    name = PurePath(file.filename or "").name[-100:] or f"{kind.value}.csv"
    check_size(len(data), name, limit)
    result = import_datadir_file(store, data, name, kind, MAX_ROWS).to_dict()
    note(file=name, **{k: result[k] for k in ("kind", "rows", "created", "updated", "unchanged", "links", "supply")})
    return result


class RowLinkOut(BaseModel):
    """一条挂链 A link a row gets."""

    node_id: str
    node_name: str
    grade: str = Field(description="confirmed | uncertain")
    strength: int = Field(description="证据强度 3 product term, 2 scope term, 1 review-level evidence")
    evidence: str
    state: str = Field(description="new | changed | unchanged | kept_confirmed | previously_rejected")


class RowOutcomeOut(BaseModel):
    """一行的结果 What one row became."""

    row: int
    name: str
    enterprise_id: str
    outcome: str = Field(description="created | updated | unchanged | rejected")
    links: list[RowLinkOut]
    problems: list[str]
    parent_proposal: str = Field("", description="名称指向的集团（待审核）a stored group the name points at, for review")


class RegistryImportResult(BaseModel):
    """登记导出导入结果 What a registry import did, or (dry run, or errors without skip_invalid) would do."""

    source: str
    rows_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    links_confirmed: int
    links_uncertain: int
    applied: bool = Field(description="是否已写入 whether anything was written")
    dry_run: bool
    summary: list[str] = Field(description="摘要 summary lines (zh/en)")
    errors: list[str] = Field(description="错误 every error, by row and column")
    rows: list[RowOutcomeOut] = Field(description="逐行结果 one entry per data row, in file order")


@router.post(
    "/imports/registry", response_model=RegistryImportResult, summary="导入企查查/天眼查/启信宝导出 Registry import",
    dependencies=[Admin], responses=problem_responses(413, 422, descriptions={
        413: "文件或行数超过上限 file or row count over the limit",
        422: "参数无效，或文件无法读取、找不到表头，未写入任何数据；各行的问题在 200 答复的 errors 中 (invalid parameters, or the "
             "file cannot be read or has no header row, nothing written; the rows' own problems are in a 200 answer's errors)"}),
)
def import_registry_upload(
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="企查查/天眼查/启信宝导出的 CSV（UTF-8 或 GBK）或 XLSX")],
    dry_run: Annotated[bool, Form(description="只校验不写入（默认）dry run: report without applying (default)")] = True,
    skip_invalid: Annotated[bool, Form(description="写入有效行 apply the valid rows even if others have errors")] = False,
):
    """与命令行 ``chainmap import`` 同一套规则：先试运行，返回每一行将成为什么、得到哪些挂链（等级与证据）及问题；
    再以 dry_run=false 全部写入——任何一行有错误且未选 skip_invalid 时不写入任何数据。
    (The CLI's rules: a dry run first lists what each row becomes, its links with grade and evidence and its
    problems; dry_run=false then applies all rows, or nothing when a row has an error and skip_invalid is off.)"""
    from app.datadir.registry.reader import read_bytes
    from app.services.imports import ImportOptions, import_registry
    from app.services.review import RejectionLog, rejection_log_path

    limit = settings.max_upload_mb * 1024 * 1024
    data = file.file.read(limit + 1)
    name = PurePath(file.filename or "").name[-100:] or "registry.csv"
    check_size(len(data), name, limit)
    options = ImportOptions(dry_run=dry_run, skip_invalid=skip_invalid,
                            rejected_links=RejectionLog(rejection_log_path(settings)).pairs())
    report = import_registry(store, read_bytes(data, name, MAX_ROWS), options, source=name)
    note(file=name, rows=report.rows_read, created=report.created if report.applied else 0,
         updated=report.updated if report.applied else 0)
    result = report.as_dict()
    return {**result, "summary": report.summary_lines(), "errors": [str(p) for p in report.errors]}
