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
from app.datadir.rows import COLUMNS, FILES, header_problems, parse_rows
from app.datadir.validate import dataset_problems
from app.errors import InvalidInput, Problem
from app.regions import RegionIndex
from graph_schema.models import Region

_REGION_COLUMNS = ("code", "name", "level", "parent_code", "lon", "lat")


def _read_csv(path: Path, kind: str, problems: list[Problem]) -> list:
    file = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem("文件不是 UTF-8 编码 (file is not UTF-8)", file))
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = header_problems(file, reader.fieldnames, kind)
    if header:
        problems.extend(header)
        return []
    items, found = parse_rows(file, reader, kind)
    problems.extend(found)
    return items


def _read_regions(path: Path, problems: list[Problem]) -> RegionIndex:
    regions = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row, raw in enumerate(csv.DictReader(fh), start=2):
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
    regions = _read_regions(root / "regions.csv", problems) if (root / "regions.csv").exists() else RegionIndex.national()
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
    for kind, target in targets.items():
        file = root / FILES[kind]
        if file.exists():
            target.extend(_read_csv(file, kind, problems))
    if not problems:
        problems = dataset_problems(ds)
    if problems:
        raise InvalidInput(f"数据目录 {root} 有 {len(problems)} 个问题，未加载任何数据 (data directory is invalid; nothing loaded)", problems)
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
