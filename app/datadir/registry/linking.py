"""Link an enterprise to chain links (挂链) from its registry record, with graded evidence.

The keywords (``ChainNode.keywords``) and GB/T 4754 class codes (``ChainNode.industry_codes``)
of every leaf of the chain templates are the only knowledge used, so extending a template
extends the linking. Evidence, strongest first:

- **strong → confirmed**: a keyword in 主营产品, or in a clause of 经营范围 that names a real
  activity (研发 / 生产 / 制造 / 服务 …); or the row's industry 小类 is one of the link's codes
  (when several links share that 小类, the keyword hits among them say which one).
- **medium → uncertain** (the review queue): a keyword in a clause without any activity word;
  a strong scope hit of a company whose name says it trades or consults; a keyword in the
  name with the link's industry class; an industry class alone, when it points at no more
  than ``max_class_links`` links (a broader class is too vague to review). Only the row's most
  specific class and the one above it count: 5179 (electronics wholesale) does not fall back to
  大类 51 and land in pharmaceutical wholesale.
- **weak → not linked**: a keyword in the name only.
- **excluded (noise)**: a keyword whose every clause only sells, trades, consults, trains or
  brokers it (偏光片的销售、技术咨询).

A hit inside a longer keyword hit is dropped (``OLED`` inside ``OLED发光材料``).

>>> from graph_schema.models import Chain, ChainNode
>>> from graph_schema.template import ChainTemplate
>>> leaf = dict(chain_id="d", stage="upstream", level=2, parent_id="d.up", is_leaf=True)
>>> t = ChainTemplate(Chain(id="d", name="显示", name_en="Display"), [
...     ChainNode(id="d.up", chain_id="d", name="上游", name_en="Up", stage="upstream", level=1),
...     ChainNode(id="d.pol", name="偏光片", name_en="Polarizer", keywords=("偏光片",), **leaf)], [], [])
>>> linker = Linker([t])
>>> [(m.node_id, m.grade.value) for m in linker.link(LinkInput("甲公司", "偏光片的研发、生产、销售")).links]
[('d.pol', 'confirmed')]
>>> linker.link(LinkInput("乙贸易公司", "偏光片的销售；技术咨询")).links, len(linker.link(LinkInput("乙贸易公司", "偏光片的销售")).excluded)
([], 1)
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from graph_schema.models import LinkGrade, Role
from graph_schema.template import ChainTemplate

ACTIVITY = ("研发", "研制", "研究", "生产", "制造", "加工", "设计", "开发", "组装", "装配", "封装", "封测",
            "测试", "检测", "制备", "合成", "服务", "运营", "运维", "集成", "处理", "试验", "实验", "种植",
            "养殖", "提供", "建设", "安装")
NOISE = ("技术咨询", "技术交流", "技术转让", "技术推广", "信息咨询", "咨询服务", "培训服务", "中介服务", "代理服务",
         "进出口", "销售", "批发", "零售", "贸易", "进口", "出口", "代理", "经销", "咨询", "培训", "中介", "经纪",
         "租赁", "回收")
NOISE_NAMES = ("贸易", "商贸", "进出口", "咨询", "培训", "中介", "经销", "商行", "经营部", "代理")
_BOILERPLATE = re.compile(r"\((?:依法须经|除依法须经|除许可业务|不含|涉及)[^)]*\)|一般项目:|许可项目:|经营项目:")


def fold(text: str) -> str:
    """The form keywords are matched in: NFKC (full-width to half-width) and case-folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


@dataclass(frozen=True)
class LinkInput:
    name: str
    scope: str = ""
    products: str = ""
    industry_codes: tuple[str, ...] = ()   # GB/T 4754 codes of 2, 3 or 4 digits found in the row


@dataclass(frozen=True)
class LinkMatch:
    node_id: str
    grade: LinkGrade
    role: Role
    evidence: str
    products: tuple[str, ...] = ()


@dataclass
class LinkOutcome:
    links: list[LinkMatch] = field(default_factory=list)
    weak: list[tuple[str, str]] = field(default_factory=list)        # (node_id, evidence): not linked
    excluded: list[tuple[str, str]] = field(default_factory=list)    # (node_id, evidence): noise


@dataclass
class _Evidence:
    strong: list[str] = field(default_factory=list)
    medium: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)


class Linker:
    """Built once from the chain templates; :meth:`link` runs per row."""

    def __init__(self, templates: list[ChainTemplate], max_class_links: int = 3):
        self.max_class_links = max_class_links
        self.names = {n.id: n.name for t in templates for n in t.leaves}
        by_keyword: dict[str, set[str]] = defaultdict(set)
        self.codes: dict[str, set[str]] = defaultdict(set)   # code prefix (2, 3, 4 digits) → leaves
        self.classes: dict[str, set[str]] = {}
        for t in templates:
            for leaf in t.leaves:
                for kw in leaf.keywords:
                    if fold(kw).strip():
                        by_keyword[fold(kw).strip()].add(leaf.id)
                self.classes[leaf.id] = set(leaf.industry_codes)
                for code in leaf.industry_codes:
                    for size in (2, 3, 4):
                        self.codes[code[:size]].add(leaf.id)
        # keywords indexed by their first two characters: a row only tries the keywords whose
        # opening pair occurs in its text (a cheap stand-in for an Aho-Corasick automaton)
        self.by_start: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        self.single = [(kw, frozenset(nodes)) for kw, nodes in by_keyword.items() if len(kw) == 1]
        for kw, nodes in sorted(by_keyword.items(), key=lambda kv: -len(kv[0])):
            if len(kw) > 1:
                self.by_start[kw[:2]].append((kw, frozenset(nodes)))
        self.by_start = dict(self.by_start)

    def hits(self, text: str) -> list[tuple[int, int, str, frozenset[str]]]:
        """Keyword hits in folded ``text`` as (start, end, keyword, leaves), hits inside longer hits dropped."""
        found = []
        get = self.by_start.get
        for i in range(len(text)):
            for kw, nodes in get(text[i:i + 2], ()):
                if text.startswith(kw, i):
                    found.append((i, i + len(kw), kw, nodes))
        for kw, nodes in self.single:
            found.extend((i, i + 1, kw, nodes) for i, c in enumerate(text) if c == kw)
        if len(found) < 2:
            return found
        return [h for h in found if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0]) for o in found)]

    def _scope(self, scope: str, noise_name: bool, ev: dict[str, _Evidence]) -> None:
        text = _BOILERPLATE.sub(";", fold(scope))
        for clause in re.split(r"[;。\n]+", text):
            clause = clause.strip(" ,.、:")
            hits = self.hits(clause) if clause else []
            if not hits:
                continue
            rest = clause
            had_noise = False
            for word in NOISE:
                if word in rest:
                    had_noise, rest = True, rest.replace(word, " ")
            active = any(word in rest for word in ACTIVITY)
            shown = clause if len(clause) <= 40 else clause[:40] + "…"
            for _, _, kw, nodes in hits:
                item = f"经营范围(scope)「{kw}」: {shown}"
                for node in nodes:
                    if active and noise_name:
                        ev[node].medium.append(item + "；但企业名称显示为贸易/咨询类 (name says trading/consulting)")
                    elif active:
                        ev[node].strong.append(item)
                        ev[node].products.append(kw)
                    elif had_noise:
                        ev[node].noise.append(item + "（仅销售/贸易/咨询/培训 only trades or consults）")
                    else:
                        ev[node].medium.append(item + "（未写明研发或生产 no activity stated）")

    def _industry(self, codes: tuple[str, ...], ev: dict[str, _Evidence]) -> None:
        """Industry evidence from the row's most specific class and the one above it, no broader.

        A class shared by several links is narrowed by the keyword hits among them: a scope or
        product hit makes the link confirmed with a 小类, a name hit only queues it.
        """
        in_text = {n for n, e in ev.items() if e.strong or e.medium}
        in_name = {n for n, e in ev.items() if e.weak} - in_text
        if not codes:
            return
        finest = max(len(c) for c in codes)
        stated = sorted({c[:size] for c in codes for size in (4, 3, 2) if len(c) >= size and size >= finest - 1},
                        key=len, reverse=True)
        labels = {4: "行业小类(industry class)", 3: "行业中类(industry group)", 2: "行业大类(industry division)"}
        for code in stated:
            nodes = {n for n in self.codes.get(code, set()) if len(code) < 4 or code in self.classes[n]}
            if not nodes:
                continue
            label = labels[len(code)]
            if len(code) == 4 and len(nodes) == 1:
                ev[next(iter(nodes))].strong.append(f"{label} {code}")
            elif nodes & (in_text | in_name):   # the keywords say which of the class's links it is
                for node in nodes & in_text:
                    if len(code) == 4 or ev[node].strong:
                        ev[node].strong.append(f"{label} {code}")
                    else:
                        ev[node].medium.append(f"{label} {code} 与关键词一致 (keyword plus industry)")
                for node in nodes & in_name:
                    ev[node].medium.append(f"{label} {code} 与名称关键词一致 (name keyword plus industry)")
            elif len(nodes) <= self.max_class_links:
                for node in nodes:
                    ev[node].medium.append(f"仅{label} {code}，对应 {len(nodes)} 个环节 (industry class only)")
            return   # the most specific class that names links has spoken; broader ones say less

    def link(self, row: LinkInput) -> LinkOutcome:
        ev: dict[str, _Evidence] = defaultdict(_Evidence)
        name = fold(row.name)
        noise_name = any(word in name for word in NOISE_NAMES)
        for _, _, kw, nodes in self.hits(fold(row.products)):
            for node in nodes:
                ev[node].strong.append(f"主营产品(products)「{kw}」")
                ev[node].products.append(kw)
        self._scope(row.scope, noise_name, ev)
        for _, _, kw, nodes in self.hits(name):
            for node in nodes:
                ev[node].weak.append(f"企业名称(name)「{kw}」")
        self._industry(row.industry_codes, ev)
        out = LinkOutcome()
        scores = {n: len(e.strong) for n, e in ev.items() if e.strong}
        top = max(scores.values(), default=0)
        for node in sorted(ev):
            e = ev[node]
            if e.strong:
                role = Role.core if scores[node] == top else Role.supporting
                out.links.append(LinkMatch(node, LinkGrade.confirmed, role, "; ".join(e.strong + e.weak),
                                           tuple(dict.fromkeys(e.products))))
            elif e.medium:
                role = Role.core if not scores and len([x for x in ev.values() if x.medium]) == 1 else Role.supporting
                out.links.append(LinkMatch(node, LinkGrade.uncertain, role, "; ".join(e.medium + e.weak)))
            elif e.noise:
                out.excluded.append((node, "; ".join(e.noise)))
            elif e.weak:
                out.weak.append((node, "; ".join(e.weak) + "（仅名称命中，未挂链 name only, not linked）"))
        return out
