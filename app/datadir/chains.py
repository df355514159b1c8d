"""Read and write chain templates (``chains/<chain_id>.yaml``)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.errors import Problem
from graph_schema.models import Chain, ChainNode, Feeds, Related
from graph_schema.template import ChainTemplate

_LEAF_KEYS = ("is_core", "chokepoint", "capital_heavy", "proximity_bound", "weight", "keywords", "industry_codes")


def parse_chain(file: str, doc: Any) -> tuple[ChainTemplate | None, list[Problem]]:
    """A chain template from a parsed YAML document; problems name the file and the field path."""
    problems: list[Problem] = []
    if not isinstance(doc, dict):
        return None, [Problem("文件内容应为一个映射 (the file must hold a mapping)", file)]
    try:
        chain = Chain(**{k: doc[k] for k in ("id", "name", "name_en", "description", "weak_threshold") if k in doc})
    except ValidationError as exc:
        return None, [Problem(e["msg"], file, field=".".join(map(str, e["loc"]))) for e in exc.errors()]
    if Path(file).stem != chain.id:
        problems.append(Problem(f"文件名应为 {chain.id}.yaml (file name must match the chain id)", file, field="id"))

    nodes: list[ChainNode] = []

    def walk(items: Any, path: str, parent: ChainNode | None, stage: str | None, level: int) -> None:
        if not isinstance(items, list) or not items:
            problems.append(Problem("应为非空列表 (must be a non-empty list)", file, field=path))
            return
        for i, item in enumerate(items):
            where = f"{path}[{i}]"
            if not isinstance(item, dict):
                problems.append(Problem("应为映射 (must be a mapping)", file, field=where))
                continue
            children = item.get("children")
            node_stage = item.get("stage") if parent is None else stage
            if parent is not None and "stage" in item and item["stage"] != stage:
                problems.append(Problem("stage 只写在顶层节点上 (stage belongs on top-level nodes)", file, field=f"{where}.stage"))
            fields = {k: item[k] for k in ("id", "name", "name_en") if k in item}
            if children is None:
                fields.update({k: item[k] for k in _LEAF_KEYS if k in item})
                for k in ("keywords", "industry_codes"):
                    if k in fields:
                        fields[k] = tuple(str(x) for x in (fields[k] or ()))
            else:
                stray = [k for k in _LEAF_KEYS if k in item]
                if stray:
                    problems.append(Problem(f"{', '.join(stray)} 只能写在叶子环节上 (leaf-only fields)", file, field=where))
            try:
                node = ChainNode(
                    chain_id=chain.id, stage=node_stage, level=level, parent_id=parent.id if parent else None,
                    is_leaf=children is None, order=len(nodes), **fields,
                )
            except ValidationError as exc:
                for e in exc.errors():
                    problems.append(Problem(e["msg"].removeprefix("Value error, "), file, field=f"{where}.{'.'.join(map(str, e['loc']))}"))
                continue
            if not node.id.startswith(chain.id + "."):
                problems.append(Problem(f"环节编号应以 {chain.id}. 开头 (node ids start with the chain id)", file, field=f"{where}.id"))
            nodes.append(node)
            if children is not None:
                walk(children, f"{where}.children", node, node.stage, level + 1)

    walk(doc.get("nodes"), "nodes", None, None, 1)

    feeds, related = [], []
    for i, pair in enumerate(doc.get("feeds") or []):
        if not (isinstance(pair, list) and len(pair) == 2):
            problems.append(Problem("应为 [from_id, to_id] (must be a pair)", file, field=f"feeds[{i}]"))
            continue
        feeds.append(Feeds(source=str(pair[0]), target=str(pair[1])))
    for i, triple in enumerate(doc.get("related") or []):
        if not (isinstance(triple, list) and len(triple) == 3):
            problems.append(Problem("应为 [node_id, other_node_id, kind] (must be a triple)", file, field=f"related[{i}]"))
            continue
        try:
            related.append(Related(source=str(triple[0]), target=str(triple[1]), kind=triple[2]))
        except ValidationError:
            problems.append(Problem(f"关联类型 {triple[2]} 无效，应为 supply/technology/data/application 之一", file,
                                    field=f"related[{i}]"))
    if problems:
        return None, problems
    return ChainTemplate(chain, nodes, feeds, related), []


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it: ~10× faster


def read_chain_file(path: Path) -> tuple[ChainTemplate | None, list[Problem]]:
    file = f"chains/{path.name}"
    try:
        doc = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_SAFE_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [Problem(f"无法解析 YAML (cannot parse YAML): {exc}", file)]
    return parse_chain(file, doc)


def chain_to_doc(template: ChainTemplate) -> dict[str, Any]:
    """The YAML document of a chain template (the inverse of :func:`parse_chain`)."""
    def node_doc(node: ChainNode) -> dict[str, Any]:
        doc: dict[str, Any] = {"id": node.id, "name": node.name, "name_en": node.name_en}
        if node.parent_id is None:
            doc["stage"] = node.stage.value
        children = template.children_of(node.id)
        if children:
            doc["children"] = [node_doc(c) for c in children]
        else:
            doc.update(is_core=node.is_core, chokepoint=node.chokepoint, weight=node.weight,
                       keywords=list(node.keywords))
            doc.update({k: True for k in ("capital_heavy", "proximity_bound") if getattr(node, k)})
            if node.industry_codes:
                doc["industry_codes"] = list(node.industry_codes)
        return doc

    c = template.chain
    doc: dict[str, Any] = {"id": c.id, "name": c.name, "name_en": c.name_en}
    if c.description:
        doc["description"] = c.description
    doc["weak_threshold"] = c.weak_threshold
    doc["nodes"] = [node_doc(n) for n in template.children_of(None)]
    doc["feeds"] = [[f.source, f.target] for f in template.feeds]
    doc["related"] = [[r.source, r.target, r.kind.value] for r in template.related]
    return doc
