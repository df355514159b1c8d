"""Bulk import of one data-directory file (admin): validate every row first, then apply it all at once."""
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
    responses=problem_responses(409, 413, descriptions={
        409: "统一社会信用代码已属于另一企业 a USCC belongs to another enterprise",
        413: "文件或行数超过上限 file or row count over the limit"}),
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
