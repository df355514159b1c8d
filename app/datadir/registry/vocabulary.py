"""Each link's vocabulary: its template keywords widened by a reviewed vocabulary file, and the matcher.

The file ``seed/chains/vocabulary/<chain>.yaml`` (format in docs/data-format.md) maps a leaf id
to ``terms`` (specific: a hit can confirm), ``generic`` (a hit only queues for review; a
template keyword listed here is downgraded), ``negative`` (a text holding one of these around a
hit cancels that hit: 手机银行 is not 手机), ``industries`` (industry names, 申万 or 国标, that
point at the link) and ``trade: true`` (a 销售/批发/零售 clause is evidence: distribution and
retail links). ``_negative`` at the top cancels hits of every link. A term ``A&B`` hits when both
parts occur in one clause or product item; a term ``~丸`` hits an item that ends in 丸 (a product form: 麝香保心丸).

Latin terms match on word boundaries: ``SiC`` is not inside ``ASIC``, ``OLED`` not inside ``AMOLED``.

>>> vocab = Vocabulary({"x.phone": LinkVocabulary(terms=("手机",)), "x.sic": LinkVocabulary(terms=("SiC",))},
...                    negative=("手机银行",))
>>> [(h.term, h.nodes) for h in vocab.hits("手机银行;手机的生产;asic芯片")]
[('手机', ('x.phone',))]
>>> [h.term for h in vocab.hits("sic功率器件")]
['sic']
>>> [h.term for h in Vocabulary({"x.tcm": LinkVocabulary(terms=("~丸",))}).hits("麝香保心丸等")]
['~丸']
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.datadir.registry.segment import fold

VOCABULARY_DIR = Path(__file__).resolve().parents[3] / "seed" / "chains" / "vocabulary"
_LATIN = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class LinkVocabulary:
    terms: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    trade: bool = False


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    term: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class VocabularyFiles:
    links: dict[str, LinkVocabulary]
    negative: tuple[str, ...] = ()                           # cancels hits of every link
    chain_industries: dict[str, tuple[str, ...]] = field(default_factory=dict)   # chain id → industry names
    trade_industries: tuple[str, ...] = ()                   # industries of firms that only sell


def read_vocabulary(directory: Path | None = None) -> VocabularyFiles:
    """Every ``<chain>.yaml`` of ``directory``: the links' vocabularies, common negatives, chain industries."""
    directory = VOCABULARY_DIR if directory is None else directory
    links: dict[str, LinkVocabulary] = {}
    negative: list[str] = []
    chain_industries: dict[str, tuple[str, ...]] = {}
    trade: list[str] = []
    for file in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        doc = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key, entry in doc.items():
            if key == "_negative":
                negative.extend(entry or [])
                continue
            if key == "_trade_industries":
                trade.extend(str(x) for x in entry or ())
                continue
            if key == "_industries":
                chain_industries[file.stem] = tuple(str(x) for x in entry or ())
                continue
            entry = entry or {}
            links[key] = LinkVocabulary(**{k: (bool(v) if k == "trade" else tuple(str(x) for x in v or ()))
                                          for k, v in entry.items()})
    return VocabularyFiles(links, tuple(negative), chain_industries, tuple(trade))


class Vocabulary:
    """The term index of all links; :meth:`hits` finds the terms of a text, longest first."""

    def __init__(self, links: dict[str, LinkVocabulary], negative: tuple[str, ...] = (),
                 keywords: dict[str, tuple[str, ...]] | None = None):
        self.links = links
        by_term: dict[str, set[str]] = defaultdict(set)
        self.generic: dict[str, set[str]] = defaultdict(set)   # term → links for which it is generic
        for node, words in (keywords or {}).items():
            for w in words:
                if fold(w):
                    by_term[fold(w)].add(node)
        for node, v in links.items():
            for w in (*v.terms, *v.generic):
                if fold(w):
                    by_term[fold(w)].add(node)
            for w in v.generic:
                self.generic[fold(w)].add(node)
        self.terms = {t: tuple(sorted(n)) for t, n in by_term.items()}
        self.pairs = {t: tuple(t.split("&")) for t in self.terms if "&" in t}
        self.suffixes = {t: t[1:] for t in self.terms if t.startswith("~") and len(t) > 1}
        self.negative = {node: tuple(fold(w) for w in v.negative) for node, v in links.items() if v.negative}
        self.common_negative = tuple(fold(w) for w in negative)
        self.by_start: dict[str, list[str]] = defaultdict(list)
        for t in sorted((t for t in self.terms if "&" not in t and not t.startswith("~")), key=len, reverse=True):
            self.by_start[t[:1]].append(t)
        self.industries: dict[str, set[str]] = defaultdict(set)
        for node, v in links.items():
            for name in v.industries:
                self.industries[fold(name)].add(node)

    def is_generic(self, term: str, node: str) -> bool:
        return node in self.generic.get(term, ())

    @staticmethod
    def _bounded(text: str, start: int, end: int, term: str) -> bool:
        if _LATIN.match(term[0]) and start > 0 and _LATIN.match(text[start - 1]):
            return False
        return not (_LATIN.match(term[-1]) and end < len(text) and _LATIN.match(text[end]))

    @staticmethod
    def _inside(text: str, start: int, end: int, phrases: tuple[str, ...]) -> bool:
        for p in phrases:
            i = text.find(p)
            while i >= 0:
                if i <= start and end <= i + len(p) or (i < end and start < i + len(p)):
                    return True
                i = text.find(p, i + 1)
        return False

    def hits(self, text: str) -> list[Hit]:
        """Hits in folded ``text``: longest term first, a hit inside a longer one dropped, negatives applied."""
        found: list[Hit] = []
        taken = [False] * len(text)
        for i, c in enumerate(text):
            for t in self.by_start.get(c, ()):
                if text.startswith(t, i) and not any(taken[i:i + len(t)]) and self._bounded(text, i, i + len(t), t):
                    found.append(Hit(i, i + len(t), t, self.terms[t]))
        end = len(text.rstrip("等"))
        for t, suffix in self.suffixes.items():   # a product form that ends the item: 麝香保心丸 (term ~丸)
            if end > len(suffix) and text.startswith(suffix, end - len(suffix)):
                found.append(Hit(0, end, t, self.terms[t]))
        # longest first over the whole text: a shorter hit overlapping a longer one is dropped
        found.sort(key=lambda h: (-(h.end - h.start), h.start))
        kept: list[Hit] = []
        for h in found:
            if any(taken[h.start:h.end]):
                continue
            for k in range(h.start, h.end):
                taken[k] = True
            kept.append(h)
        for t, parts in self.pairs.items():
            if all(p in text for p in parts):
                kept.append(Hit(text.find(parts[0]), text.find(parts[0]) + len(parts[0]), t, self.terms[t]))
        out = []
        for h in sorted(kept, key=lambda h: h.start):
            if self._inside(text, h.start, h.end, self.common_negative):
                continue
            nodes = tuple(n for n in h.nodes if not self._inside(text, h.start, h.end, self.negative.get(n, ())))
            if nodes:
                out.append(Hit(h.start, h.end, h.term, nodes))
        return out

    def industry_links(self, industry: str) -> set[str]:
        """Links whose vocabulary names this industry (exactly, or as the end of a 'A>B' path)."""
        text = fold(industry)
        found: set[str] = set()
        for part in {text, *re.split(r"[>/|]", text)}:
            part = re.sub(r"(ⅲ|ⅱ|iii|ii)$", "", part)
            found |= self.industries.get(part, set())
        return found
