"""Read a data directory (validating everything first) and write one back.

>>> from app.settings import SEED_DIR
>>> ds = read_data_dir(SEED_DIR)
>>> sorted(ds.chains)
['bigdata', 'biomed', 'display', 'icv']
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import yaml

from app.datadir.chains import chain_to_doc, read_chain_file
from app.datadir.dataset import DataSet
from app.datadir.rows import COLUMNS, FILES, Located, header_finder, read_rows
from app.datadir.tabular import Table, first_row, read_table_file
from app.datadir.validate import dataset_problems
from app.errors import InvalidInput, Problem
from app.regions import RegionIndex
from graph_schema.models import Region

_REGION_COLUMNS = ("code", "name", "level", "parent_code", "lon", "lat")


def _table(path: Path, find_header, problems: list[Problem]) -> Table | None:
    """The file through the one tabular reader (no limits: the directory is the operator's own); None on a problem."""
    try:
        return read_table_file(path, find_header, max_rows=None, max_bytes=None, delimiter=",")
    except InvalidInput as exc:
        problems.append(Problem(exc.message.removeprefix(f"{path.name}: "), path.name))
        return None


def read_file_rows(path: Path, kind: str, problems: list[Problem]) -> Located:
    """The objects of one data-directory file with their spreadsheet rows; problems are added to ``problems``."""
    table = _table(path, header_finder(kind), problems)
    if table is None:
        return []
    items, found = read_rows(table, path.name, kind)
    problems.extend(found)
    return items


def _read_regions(path: Path, problems: list[Problem]) -> RegionIndex:
    regions = []
    table = _table(path, first_row, problems)
    for row, raw in table.records() if table else []:
        try:
            regions.append(Region(**{k: (raw.get(k) or None) for k in _REGION_COLUMNS}))
        except Exception as exc:  # pydantic ValidationError: report, keep reading
            problems.append(Problem(str(exc).splitlines()[-1].strip(), "regions.csv", row))
    return RegionIndex(regions)


def read_data_dir(path: Path | str) -> DataSet:
    """Read and validate a data directory; raise :class:`InvalidInput` listing every problem, loading nothing."""
    root = Path(path)
    if not root.is_dir():
        raise InvalidInput(f"数据目录不存在：{root} (no such data directory)")
    problems: list[Problem] = []
    own_regions = root / "regions.csv"
    regions = _read_regions(own_regions, problems) if own_regions.exists() else RegionIndex.national()
    ds = DataSet(regions=regions)
    for chain_file in sorted((root / "chains").glob("*.yaml")) if (root / "chains").is_dir() else []:
        template, found = read_chain_file(chain_file)
        problems.extend(found)
        if template is not None:
            ds.chains[template.id] = template
    targets = {
        "enterprise": ds.enterprises,
        "enterprise_node": ds.links,
        "supply": ds.supply,
        "park": ds.parks,
        "park_member": ds.park_members,
    }
    rows: dict[str, list[int]] = {}
    for kind, target in targets.items():
        file = root / FILES[kind]
        if file.exists():
            located = read_file_rows(file, kind, problems)
            rows[kind] = [row for row, _ in located]
            target.extend(item for _, item in located)
    if not problems:
        problems = dataset_problems(ds, rows)
    if problems:
        raise InvalidInput(f"数据目录 {root} 有 {len(problems)} 个问题，未加载任何数据 "
                           f"(data directory is invalid; nothing loaded)", problems)
    return ds


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return ";".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(getattr(value, "value", value))


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_data_dir(ds: DataSet, path: Path | str) -> None:
    """Write ``ds`` as a data directory; each file is replaced atomically."""
    root = Path(path)
    for chain_id, template in ds.chains.items():
        text = yaml.safe_dump(chain_to_doc(template), allow_unicode=True, sort_keys=False, width=120)
        _atomic_write(root / "chains" / f"{chain_id}.yaml", text)
    sources = {
        "enterprise": ds.enterprises,
        "enterprise_node": ds.links,
        "supply": ds.supply,
        "park": ds.parks,
        "park_member": ds.park_members,
    }
    for kind, items in sources.items():
        _, columns = COLUMNS[kind]
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for item in items:
            writer.writerow([_csv_value(getattr(item, c)) for c in columns])
        _atomic_write(root / FILES[kind], buf.getvalue())
