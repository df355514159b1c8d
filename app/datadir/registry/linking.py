"""Link an enterprise to chain links (挂链) from its registry record, with a graded decision per link.

The record's text is read as a practitioner reads it (:mod:`.segment`): 主营产品 items, and
经营范围 clauses with the activity they name. Terms come from the templates' keywords widened by
the reviewed vocabulary files (:mod:`.vocabulary`). Per (enterprise, link) the evidence decides:

- **confirmed**: a specific term in 主营产品; a specific term in a clause that makes, develops or
  serves it, when 主营产品 is absent (and the industry does not point elsewhere) or the industry points
  at the link; an industry 小类 only this link has; an industry name that names only this link, with
  any of its terms; for distribution and retail links, a 销售/批发/零售 clause where the industry is
  distribution or retail.
- **uncertain** (the review queue): a generic term, or a term several links share, where the
  firm's products or industry back the chain (of any of the links a shared term names); a 主营产品
  term several links of one chain share (座舱软件), which says the chain if not the link; a specific
  scope term that nothing else backs, or that is one item of a long catalogue clause; a 药品批发
  licence of a maker whose 主营产品 name nothing; an industry alone that points at few links; a
  trading or consulting firm that claims production; a specific product term that modifies another
  product (Micro LED会议一体机) where the chain is backed; a dealer's own manufacturing line
  (医药工业（麝香保心丸等）).
- **weak → not linked**: a name hit only; a term that modifies another product (锂离子电池隔膜);
  generic words that nothing else about the firm backs; a retailer's or dealer's products.
- **excluded (noise)**: a term only sold, traded, consulted on or trained (偏光片的销售、技术咨询).

>>> from graph_schema.models import Chain, ChainNode
>>> from graph_schema.template import ChainTemplate
>>> leaf = dict(chain_id="d", stage="upstream", level=2, parent_id="d.up", is_leaf=True)
>>> t = ChainTemplate(Chain(id="d", name="显示", name_en="Display"), [
...     ChainNode(id="d.up", chain_id="d", name="上游", name_en="Up", stage="upstream", level=1),
...     ChainNode(id="d.pol", name="偏光片", name_en="Polarizer", keywords=("偏光片",), **leaf)], [], [])
>>> linker = Linker([t], vocabulary={})
>>> [(m.node_id, m.grade.value) for m in linker.link(LinkInput("甲公司", "偏光片的研发、生产、销售")).links]
[('d.pol', 'confirmed')]
>>> linker.link(LinkInput("乙贸易公司", "偏光片的销售；技术咨询")).links, len(linker.link(LinkInput("乙贸易公司", "偏光片的销售")).excluded)
([], 1)
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from app.datadir.registry.industry import industry_codes_of
from app.datadir.registry.segment import MAKE, TALK, TRADE, clauses, fold, product_lines
from app.datadir.registry.vocabulary import Hit, LinkVocabulary, Vocabulary, VocabularyFiles, read_vocabulary
from graph_schema.models import LinkGrade, Role
from graph_schema.template import ChainTemplate

NOISE_NAMES = ("贸易", "商贸", "进出口", "咨询", "培训", "中介", "经销", "商行", "经营部", "代理")
# what may follow a term that is the head of its item (偏光片的生产, 光纤制造, 显示模组等); anything
# else makes the term a modifier of another product (锂离子电池隔膜, 新能源汽车电驱系统, 柔性显示用CPI膜)
MAIN_SHARE = 30.0   # a product line with this share of revenue or more is a main line
_MADE = re.compile("工业|制造|生产")   # a product line naming manufacturing (医药工业): the firm makes, not only sells
_LATIN = re.compile(r"[a-z0-9]")
_ACTIVITY = re.compile("|".join(sorted({*MAKE, *TRADE, *TALK, "的", "等", "相关", "业务", "技术", "及其", "产品"}, key=len, reverse=True)))
CATALOGUE = 5   # a clause listing this many items or more is a catalogue: each item alone only queues
HEAD_TAIL = ("的", "等", "及", "产品", "业务", "类", "系列", "系统", "制造", "生产", "研发", "研制", "开发", "设计",
             "销售", "加工", "服务", "技术", "整机", "整体解决方案", "解决方案", "总成", "领域", "板块", "相关", "配套", "与", "和",
             "面板", "显示面板", "半导体显示面板", "显示屏", "装备", "设备", "药物", "药品", "制品", "试剂", "维修",
             "光学模组") + MAKE + TRADE + TALK


def evidence_strength(evidence: str) -> int:
    """How strong a stored link's evidence is, from its notes: 3 a product term, 2 a scope term, 1 industry or other.

    >>> evidence_strength("主营产品(products)「偏光片」: 偏光片"), evidence_strength("仅行业小类(industry class) 3985")
    (3, 1)
    """
    if "主营产品(products)「" in evidence:
        return 3
    if "经营范围(scope)「" in evidence:
        return 2
    return 1 if evidence else 0


@dataclass(frozen=True)
class LinkInput:
    name: str
    scope: str = ""
    products: str = ""
    industry_codes: tuple[str, ...] = ()   # GB/T 4754 codes of 2, 3 or 4 digits found in the row
    industry: str = ""                     # the industry as the row names it (国标 or 申万 name)


@dataclass(frozen=True)
class LinkMatch:
    node_id: str
    grade: LinkGrade
    role: Role
    evidence: str
    products: tuple[str, ...] = ()
    strength: int = 0   # 3 product term, 2 scope term backed, 1 review-level evidence


@dataclass
class LinkOutcome:
    links: list[LinkMatch] = field(default_factory=list)
    weak: list[tuple[str, str]] = field(default_factory=list)        # (node_id, evidence): not linked
    excluded: list[tuple[str, str]] = field(default_factory=list)    # (node_id, evidence): noise


@dataclass
class _Evidence:
    product: list[str] = field(default_factory=list)        # specific term in 主营产品
    scope: list[str] = field(default_factory=list)          # specific term, clause makes/serves/trades it
    medium: list[str] = field(default_factory=list)         # generic or shared term, or no activity named
    bare: list[str] = field(default_factory=list)           # specific term in a clause naming no activity
    general: list[str] = field(default_factory=list)        # generic or shared term in 主营产品
    minor: list[str] = field(default_factory=list)          # specific term in a minor product line (small share, …及其他)
    peers: set[str] = field(default_factory=set)            # other links a shared term of this link names
    scope_peers: set[str] = field(default_factory=set)      # other links a shared 经营范围 term of this link names
    chain_term: list[str] = field(default_factory=list)     # a 主营产品 term specific to the chain, shared by several of its links
    main_line: bool = False                                 # a term of the first line, or of a line with MAIN_SHARE or more
    industry_named: list[str] = field(default_factory=list)  # the industry names this link and no other
    traded: list[str] = field(default_factory=list)         # a 销售/批发/零售 clause, for a distribution or retail link
    queued: list[str] = field(default_factory=list)         # always reviewed: a trader claims to make it; name plus industry
    industry: list[str] = field(default_factory=list)       # industry name or code backs the link
    code_unique: list[str] = field(default_factory=list)    # a 小类 only this link has
    weak: list[str] = field(default_factory=list)
    modifier: list[str] = field(default_factory=list)     # a specific term modifying another product in 主营产品
    made: list[str] = field(default_factory=list)         # a 主营产品 term in a line that names manufacturing (医药工业)
    noise: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    first_product: int = 99


class Linker:
    """Built once from the chain templates (and the vocabulary files); :meth:`link` runs per row."""

    def __init__(self, templates: list[ChainTemplate], max_class_links: int = 3,
                 vocabulary: VocabularyFiles | dict[str, LinkVocabulary] | None = None):
        self.max_class_links = max_class_links
        leaves = [n for t in templates for n in t.leaves]
        self.names = {n.id: n.name for n in leaves}
        self.chain = {n.id: n.chain_id for n in leaves}
        files = read_vocabulary() if vocabulary is None else vocabulary
        if isinstance(files, dict):
            files = VocabularyFiles(files)
        links = {k: v for k, v in files.links.items() if k in self.names}
        self.vocab = Vocabulary(links, files.negative, {n.id: n.keywords for n in leaves})
        self.trade = {k for k, v in links.items() if v.trade}
        self.chain_industries = {fold(name): chain for chain, names in files.chain_industries.items() for name in names}
        self.trade_industries = tuple(fold(x) for x in files.trade_industries)
        self.codes: dict[str, set[str]] = defaultdict(set)   # code prefix (2, 3, 4 digits) → leaves
        self.classes: dict[str, set[str]] = {}
        for leaf in leaves:
            self.classes[leaf.id] = set(leaf.industry_codes)
            for code in leaf.industry_codes:
                for size in (2, 3, 4):
                    self.codes[code[:size]].add(leaf.id)

    def _specific(self, term: str, node: str, nodes: tuple[str, ...]) -> bool:
        return len(nodes) == 1 and not self.vocab.is_generic(term, node)

    @staticmethod
    def _is_head(item: str, hit: Hit) -> bool:
        tail = item[hit.end:]
        return len(tail) < 2 or tail.startswith(HEAD_TAIL)

    def _hits(self, item: str, ev: dict[str, _Evidence], where: str) -> list[Hit]:
        """Hits that head their item; a modifier hit is kept as weak evidence only."""
        out = []
        for h in self.vocab.hits(item):
            if self._is_head(item, h):
                out.append(h)
                continue
            for node in h.nodes:
                ev[node].weak.append(f"{where}「{h.term}」修饰其他产品 (modifies another product): {item}")
                if where.startswith("主营产品") and len(h.nodes) == 1 and not self.vocab.is_generic(h.term, node):
                    ev[node].modifier.append(f"{where}「{h.term}」: {item}")
            inner = self._head_inside(item, h)
            if inner is not None:
                out.append(inner)
        return out

    def _head_inside(self, item: str, hit: Hit) -> Hit | None:
        """A specific term that starts inside a modifier hit and heads the item: 锂电池正极材料 is 正极材料, not
        锂电池正极 of something else (the longest hit is not always the product)."""
        for k in range(hit.start + 1, hit.end):
            if _LATIN.match(item[k]) and _LATIN.match(item[k - 1]):
                continue
            for g in self.vocab.hits(item[k:]):
                inner = Hit(k, k + g.end, g.term, g.nodes)
                specific = not any(self.vocab.is_generic(g.term, n) for n in g.nodes)
                if g.start == 0 and inner.end > hit.end and specific and self._is_head(item, inner):
                    return inner
        return None

    def _unnegated(self, text: str, hit: Hit) -> Hit | None:
        """The hit less the links a negative phrase of the whole clause cancels: a phrase the item split cut in two
        (液晶显示器件及模组) still counts."""
        if any(hit.term in p and p in text for p in self.vocab.common_negative):
            return None
        nodes = tuple(n for n in hit.nodes if not any(hit.term in p and p in text for p in self.vocab.negative.get(n, ())))
        return Hit(hit.start, hit.end, hit.term, nodes) if nodes else None

    def _product_hits(self, products: str, ev: dict[str, _Evidence]):
        """(index, line, item, hit) per product term: in each item, then a term the item split cut in two
        (大数据与云基础平台, 医药批发及相关业务), found in the whole group."""
        lines = product_lines(products)
        for index, line in enumerate(lines):
            for h in self._hits(line.text, ev, "主营产品(products)"):
                yield index, line, line.text, h
        for index, line in enumerate(lines):
            if index and lines[index - 1].group == line.group:
                continue
            items = [x.text for x in lines if x.group == line.group]
            for h in self.vocab.hits(line.group):
                if not any(h.term in item for item in items) and "&" not in h.term and self._is_head(line.group, h):
                    yield index, line, line.group, h

    def _products(self, products: str, ev: dict[str, _Evidence]) -> None:
        for index, line, item, hit in self._product_hits(products, ev):
            for h in (k for k in (self._unnegated(line.group, h) for h in (hit,)) if k):
                for node in h.nodes:
                    e = ev[node]
                    note = f"主营产品(products)「{h.term}」: {item}"
                    if not self._specific(h.term, node, h.nodes) or line.joined:
                        e.general.append(note + ("（由并列项补全 read with the next item's head noun）" if line.joined else ""))
                        e.peers.update(n for n in h.nodes if n != node)
                        if not line.joined and not line.minor and len({self.chain[n] for n in h.nodes}) == 1 and not any(
                                self.vocab.is_generic(h.term, n) for n in h.nodes):
                            e.chain_term.append(note + "（一条产业链内多环节共用的产品词 one chain, several links）")
                    elif line.minor:
                        e.minor.append(note + "（次要产品线 a minor product line）")
                    else:
                        e.product.append(note)
                    if _MADE.search(line.group):
                        e.made.append(note + "（产品线写明制造 the product line names manufacturing）")
                    e.main_line |= index == 0 or (line.share or 0) >= MAIN_SHARE
                    e.terms.append(h.term)
                    e.first_product = min(e.first_product, index)

    def _scope(self, scope: str, trading_name: bool, ev: dict[str, _Evidence]) -> None:
        for clause in clauses(scope):
            shown = clause.text if len(clause.text) <= 40 else clause.text[:40] + "…"
            hits = [h for item in clause.items for h in self._hits(item, ev, "经营范围(scope)")]
            hits = [k for k in (self._unnegated(clause.text, h) for h in hits) if k is not None]
            # products listed: the items less the activity words the list ends with (…的研发、生产和销售)
            listed = sum(1 for item in clause.items if _ACTIVITY.sub("", item))
            for h in hits:
                for node in h.nodes:
                    e = ev[node]
                    note = f"经营范围(scope)「{h.term}」: {shown}"
                    specific = self._specific(h.term, node, h.nodes)
                    if clause.kind == "trade" and node in self.trade:   # 药品批发 in a maker's scope is often a licence only
                        e.traded.append(note)
                    elif clause.kind == "make":
                        if trading_name and node not in self.trade:
                            e.queued.append(note + "；但企业名称显示为贸易/咨询类 (name says trading/consulting)")
                        elif specific and listed >= CATALOGUE:
                            e.bare.append(note + f"（{listed} 项长清单中的一项 one item of a long list）")
                        elif specific:
                            e.scope.append(note)
                            e.terms.append(h.term)
                        else:
                            e.medium.append(note + "（通用或多环节共用词 generic or shared term）")
                            e.scope_peers.update(n for n in h.nodes if n != node)
                    elif clause.kind in ("trade", "talk"):
                        e.noise.append(note + "（仅销售/贸易/咨询/培训 only trades or consults）")
                    else:
                        (e.bare if specific else e.medium).append(note + "（未写明研发或生产 no activity stated）")

    def _industry(self, row: LinkInput, ev: dict[str, _Evidence]) -> None:
        """Industry evidence: a name the vocabulary knows, then the row's finest class and the one above it."""
        if row.industry:
            named = self.vocab.industry_links(row.industry)
            for node in named:
                ev[node].industry.append(f"所属行业(industry) {row.industry}")
                if len(named) == 1:   # an industry that names one link (线下药店, 血液制品) says what the firm does
                    ev[node].industry_named.append(f"所属行业指向该环节 (the industry names this link): {row.industry}")
        codes = tuple(dict.fromkeys((*row.industry_codes, *industry_codes_of(row.industry))))
        if not codes:
            return
        in_text = {n for n, e in ev.items() if e.product or e.scope or e.medium or e.bare or e.general or e.traded}
        in_name = {n for n, e in ev.items() if e.weak} - in_text
        finest = max(len(c) for c in codes)
        stated = sorted({c[:size] for c in codes for size in (4, 3, 2) if len(c) >= size and size >= finest - 1},
                        key=len, reverse=True)
        labels = {4: "行业小类(industry class)", 3: "行业中类(industry group)", 2: "行业大类(industry division)"}
        for code in stated:
            nodes = {n for n in self.codes.get(code, set()) if len(code) < 4 or code in self.classes[n]}
            if not nodes:
                continue
            label = f"{labels[len(code)]} {code}"
            if len(code) == 4 and len(nodes) == 1:
                ev[next(iter(nodes))].code_unique.append(label)
            elif nodes & (in_text | in_name):   # the terms say which of the class's links it is
                for node in nodes & in_text:
                    ev[node].industry.append(label + " 与关键词一致 (keyword plus industry)")
                for node in nodes & in_name:
                    ev[node].queued.append(label + " 与名称关键词一致 (name keyword plus industry)")
                    ev[node].industry.append(label)
            elif len(nodes) <= self.max_class_links:
                for node in nodes:
                    ev[node].medium.append(f"仅{label}，对应 {len(nodes)} 个环节 (industry class only)")
                    ev[node].industry.append(label)
            return   # the most specific class that names links has spoken; broader ones say less

    def link(self, row: LinkInput) -> LinkOutcome:
        ev: dict[str, _Evidence] = defaultdict(_Evidence)
        name = fold(row.name)
        trading_name = any(word in name for word in NOISE_NAMES)
        trading_industry = bool(row.industry) and any(w in fold(row.industry) for w in self.trade_industries)
        self._products(row.products, ev)
        self._scope(row.scope, trading_name, ev)
        for h in self.vocab.hits(name):
            for node in h.nodes:
                ev[node].weak.append(f"企业名称(name)「{h.term}」")
        if row.industry:
            for h in self.vocab.hits(fold(row.industry)):
                for node in h.nodes:
                    ev[node].industry.append(f"所属行业(industry)「{h.term}」")
        self._industry(row, ev)
        # 主营产品 that names none of the vocabulary's products says nothing for or against a scope term
        named_products = any(e.product or e.general or e.minor for e in ev.values())
        if trading_industry:   # a retailer's or dealer's products are what it sells: only trade links
            for node, e in ev.items():
                if node not in self.trade and (e.product or e.minor or e.scope or e.medium or e.general or e.modifier):
                    e.weak.extend(f"{x}（所属行业为零售/批发/经销 a retailer or dealer）" for x in e.product + e.minor + e.scope + e.medium)
                    e.product, e.minor, e.scope, e.medium, e.general, e.modifier = [], [], [], [], [], []
                    e.queued.extend(e.made)   # 医药工业（麝香保心丸等）: a dealer's own manufacturing line deserves a look
        return self._decide(ev, named_products, bool(row.industry or row.industry_codes),
                            self.industry_chains(row.industry))

    def industry_chains(self, industry: str) -> set[str]:
        """Chains whose vocabulary names this industry (申万 or 国标 name; a trailing Ⅲ ignored)."""
        whole = fold(industry)
        parts = {re.sub(r"^(?:[a-t]?\d+|[a-t](?=[\u4e00-\u9fff]))", "", p) for p in (whole, *re.split(r"[>/|]", whole))}
        return {self.chain_industries[p] for p in (re.sub(r"(iii|ii)$", "", x) for x in parts) if p in self.chain_industries}

    def _decide(self, ev: dict[str, _Evidence], has_products: bool, has_industry: bool,
                industry_chains: set[str]) -> LinkOutcome:
        backed = defaultdict(int)   # chain → how strongly the firm's products or industry back it
        for chain in industry_chains:
            backed[chain] += 1
        for node, e in ev.items():
            backed[self.chain[node]] += 2 * bool(e.product) + bool(e.industry or e.code_unique)
        for e in ev.values():   # a shared product term whose link alone the industry names: the industry says which it is
            if e.general and e.peers and e.industry and not any(ev[p].industry for p in e.peers if p in ev):
                e.product.extend(x + "（所属行业指明环节 the industry tells which link）" for x in e.general)
        # the firm's main chains: those its industry names where its products confirm a link there too
        main_chains = {c for c in industry_chains if any(e.product and self.chain[n] == c for n, e in ev.items())}
        if not main_chains:
            main_chains = set(self.chain.values())
        out = LinkOutcome()
        decided: dict[str, tuple[LinkGrade, int, list[str]]] = {}
        unsaid = "主营产品未提及 (not in the products)"
        for node, e in ev.items():
            chain = backed[self.chain[node]]
            off_main = bool(e.product) and self.chain[node] not in main_chains
            if e.product and not off_main or e.code_unique:
                decided[node] = (LinkGrade.confirmed, 3, e.product + e.code_unique + e.scope + e.industry)
            elif e.product or e.minor:   # a side line: a product of another chain than the firm's main one, or a minor line
                decided[node] = (LinkGrade.uncertain, 2, e.product + e.minor + e.scope + e.industry + (
                    [f"所属行业与主营产品指向另一产业链 (the industry and main products point at {'/'.join(sorted(main_chains))})"]
                    if off_main else []))
            elif e.industry_named and (e.scope or e.traded or e.general or e.medium or e.bare):
                decided[node] = (LinkGrade.confirmed, 2, e.industry_named + e.scope + e.traded + e.general + e.medium + e.bare)
            elif e.industry_named:
                decided[node] = (LinkGrade.uncertain, 1, e.industry_named)
            elif e.traded and e.industry:
                decided[node] = (LinkGrade.confirmed, 2, e.traded + e.industry)
            elif e.scope and (e.industry or not has_products and (chain or not has_industry)):
                decided[node] = (LinkGrade.confirmed, 2, e.scope + e.industry)
            elif e.scope:   # a specific product the firm says it makes deserves a look, backed or not
                decided[node] = (LinkGrade.uncertain, 2, e.scope + ([unsaid] if has_products else []) + (
                    [] if chain else ["所属行业未指向该产业链 (the industry does not point at this chain)"]))
            elif e.traded and chain and not has_products:   # with 主营产品 naming products, a licence alone says little
                decided[node] = (LinkGrade.uncertain, 1, e.traded + ["所属行业未指向流通 (the industry is not distribution or retail)"])
            elif e.general and (chain or e.main_line or e.chain_term or any(backed[self.chain[p]] for p in e.peers)):
                # a shared term deserves a look where the firm's main line, or a chain of any link it names, backs it
                decided[node] = (LinkGrade.uncertain, 1, e.general + e.medium + e.industry)
            elif e.medium and (chain or any(backed[self.chain[p]] for p in e.scope_peers)) or e.bare and (chain or not has_industry):
                decided[node] = (LinkGrade.uncertain, 1, e.bare + e.medium + e.industry)
            elif e.modifier and chain >= 2:   # Micro LED会议一体机: the product is built on the link's technology
                decided[node] = (LinkGrade.uncertain, 1, [x + "（修饰其他产品 modifies another product）" for x in e.modifier])
            elif e.queued:
                decided[node] = (LinkGrade.uncertain, 1, e.queued + e.bare)
            elif e.noise:
                out.excluded.append((node, "; ".join(e.noise)))
            elif e.scope or e.general or e.medium or e.bare or e.traded or e.weak:
                notes = "; ".join(e.scope + e.general + e.medium + e.bare + e.traded + e.weak)
                out.weak.append((node, notes + "（证据不足，未挂链 too little evidence, not linked）"))
        if decided:
            core = min(decided, key=lambda n: (-decided[n][1], ev[n].first_product, -len(ev[n].product + ev[n].scope), n))
        for node in sorted(decided):
            grade, strength, notes = decided[node]
            role = Role.core if node == core else Role.supporting
            out.links.append(LinkMatch(node, grade, role, "; ".join(dict.fromkeys(notes + ev[node].weak)),
                                       tuple(dict.fromkeys(ev[node].terms)) if grade is LinkGrade.confirmed else (), strength))
        return out
