"""The linking benchmark: run the linker over a labelled set and count what it got right.

A labelled set is a CSV like ``shared/data/linking-dev/companies.csv``: one firm a row with
``full_name``, ``business_scope``, ``main_products``, ``sw_industry`` (or ``industry``),
``expected_links`` (``；``-joined leaf ids), ``group`` and ``scope_source``. Every figure is
counted over (firm, link) pairs:

- confirmed precision: confirmed links that are expected / confirmed links;
- review precision: review (uncertain) links that are expected / review links;
- recall: expected links found at all (confirmed or review) / expected links;
- confirmed recall: expected links confirmed / expected links;
- false links: links of any grade on firms of the ``unrelated`` and ``near_miss`` groups;
- review load: review links per firm;
- unlabelled: links to a link the labels could not know (added to the templates after they were written,
  see ``seed/chains/labelled_links_v1.txt``) on a firm of a chain group: counted apart, neither right nor
  wrong; on an unrelated firm every link is still false.

A fixed part of the set is held out from tuning (:func:`held_out`, by stock code): about one firm in
five. Vocabulary and rule changes are made looking at the other part only (``part="tune"``); the
held-out part is scored to see whether they generalise.

>>> from graph_schema.models import Chain, ChainNode
>>> from graph_schema.template import ChainTemplate
>>> leaf = dict(chain_id="d", stage="upstream", level=2, parent_id="d.up", is_leaf=True)
>>> t = ChainTemplate(Chain(id="d", name="显示", name_en="Display"), [
...     ChainNode(id="d.up", chain_id="d", name="上游", name_en="Up", stage="upstream", level=1),
...     ChainNode(id="d.pol", name="偏光片", name_en="Polarizer", keywords=("偏光片",), **leaf)], [], [])
>>> rows = [LabelledFirm("甲", "偏光片的研发、生产", "", "", ("d.pol",), "d", "real"),
...         LabelledFirm("乙银行", "吸收公众存款", "", "", (), "unrelated", "real")]
>>> s = score(Linker([t], vocabulary={}), rows)["overall"]
>>> s.confirmed_precision, s.recall, s.false_links
(1.0, 1.0, 0)
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from app.datadir.registry.linking import Linker, LinkInput
from graph_schema.models import LinkGrade

UNLINKED_GROUPS = ("unrelated", "near_miss")
# the development set sits beside the repository (CI copies shared/ there): <repo>/../shared/data/linking-dev
DEFAULT_SET = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "linking-dev" / "companies.csv"
# the link ids the development set's labels were written against (chain templates v1)
DEFAULT_LABELLED_LINKS = Path(__file__).resolve().parents[3] / "seed" / "chains" / "labelled_links_v1.txt"


def read_link_ids(path: Path | str) -> frozenset[str]:
    """The link ids of a file, one a line (``#`` starts a comment)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#"))


@dataclass(frozen=True)
class LabelledFirm:
    name: str
    scope: str
    products: str
    industry: str
    expected: tuple[str, ...]
    group: str
    source: str   # real | composed
    code: str = ""


def held_out(code: str) -> bool:
    """Whether a firm (by stock code) is in the part of the set held out from tuning: SHA-1 of the code mod 5 is 0.

    Declared before the vocabularies of 2026-12-05 were tuned, and never changed since.

    >>> held_out("000725.SZ"), held_out("")
    (False, False)
    """
    return bool(code) and int(hashlib.sha1(code.encode("utf-8")).hexdigest(), 16) % 5 == 0


def in_part(firm: LabelledFirm, part: str) -> bool:
    """``part`` is ``all``, ``tune`` (not held out) or ``heldout``."""
    return part == "all" or (part == "heldout") == held_out(firm.code)


@dataclass
class Score:
    firms: int = 0
    expected: int = 0
    confirmed: int = 0
    confirmed_right: int = 0
    review: int = 0
    review_right: int = 0
    found: int = 0
    unlabelled: int = 0           # links to a link the labels did not know, on a firm of a chain group
    false_links: int = 0          # any grade, on unrelated and near-miss firms
    false_confirmed: int = 0
    unlinked_firms: int = 0

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    @property
    def confirmed_precision(self) -> float | None:
        return self._ratio(self.confirmed_right, self.confirmed)

    @property
    def review_precision(self) -> float | None:
        return self._ratio(self.review_right, self.review)

    @property
    def recall(self) -> float | None:
        return self._ratio(self.found, self.expected)

    @property
    def confirmed_recall(self) -> float | None:
        return self._ratio(self.confirmed_right, self.expected)

    @property
    def review_load(self) -> float | None:
        return self._ratio(self.review, self.firms)

    def as_dict(self) -> dict:
        return {"firms": self.firms, "expected": self.expected, "confirmed": self.confirmed, "review": self.review,
                "confirmed_precision": self.confirmed_precision, "review_precision": self.review_precision,
                "recall": self.recall, "confirmed_recall": self.confirmed_recall,
                "false_links": self.false_links, "false_confirmed": self.false_confirmed,
                "unlinked_firms": self.unlinked_firms, "review_load": self.review_load, "unlabelled": self.unlabelled}


def read_labelled(path: Path | str, products: bool = True, part: str = "all") -> list[LabelledFirm]:
    """The labelled firms of a CSV; ``products=False`` drops 主营产品 (scope and industry only); ``part`` as in
    :func:`in_part`."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        firms = [LabelledFirm(r["full_name"], r.get("business_scope", ""), r.get("main_products", "") if products else "",
                             r.get("sw_industry") or r.get("industry", ""),
                             tuple(x.strip() for x in (r.get("expected_links") or "").split("；") if x.strip()),
                             r.get("group", ""), r.get("scope_source", ""), r.get("code", ""))
                 for r in csv.DictReader(f)]
    return [f for f in firms if in_part(f, part)]


def _chains_of(firm: LabelledFirm) -> set[str]:
    return {x.split(".")[0] for x in firm.expected} | ({firm.group} if firm.group not in UNLINKED_GROUPS else set())


def score(linker: Linker, firms: list[LabelledFirm], misses: list | None = None,
          labelled: frozenset[str] | None = None) -> dict[str, Score]:
    """Scores keyed ``overall``, ``real``, ``composed``, ``chain:<id>`` (links of that chain) and ``unlinked``.

    ``misses`` (a list), when given, collects (firm, kind, link, evidence) for every error. ``labelled``, when
    given, is the set of link ids the labels were written against: another link found on a firm of a chain
    group is counted as ``unlabelled`` only.
    """
    out: dict[str, Score] = {}

    def add(key: str) -> Score:
        return out.setdefault(key, Score())

    for firm in firms:
        outcome = linker.link(LinkInput(firm.name, firm.scope, firm.products, (), firm.industry))
        got = {m.node_id: m for m in outcome.links}
        expected = set(firm.expected)
        keys = ["overall", firm.source] + (["unlinked"] if firm.group in UNLINKED_GROUPS else [])
        if labelled is not None and firm.group not in UNLINKED_GROUPS:
            unknown = set(got) - labelled - expected
            for key in keys:
                add(key).unlabelled += len(unknown)
            got = {k: m for k, m in got.items() if k not in unknown}
        for key in keys:
            add(key).firms += 1
        for chain in _chains_of(firm):
            add(f"chain:{chain}").firms += 1
        for link in expected | set(got):
            chain_key = f"chain:{link.split('.')[0]}"
            for key in [*keys, chain_key]:
                s = add(key)
                m = got.get(link)
                s.expected += link in expected
                if m is not None:
                    confirmed = m.grade is LinkGrade.confirmed
                    s.confirmed += confirmed
                    s.review += not confirmed
                    s.confirmed_right += confirmed and link in expected
                    s.review_right += (not confirmed) and link in expected
                    s.found += link in expected
                    if firm.group in UNLINKED_GROUPS:
                        s.false_links += 1
                        s.false_confirmed += confirmed
            if misses is not None and (link not in expected or link not in got or got[link].grade is not LinkGrade.confirmed):
                m = got.get(link)
                kind = ("missed" if m is None else "review" if link in expected else
                        "false_confirmed" if m.grade is LinkGrade.confirmed else "false_review")
                misses.append((firm.name, kind, link, m.evidence if m else ""))
        if firm.group in UNLINKED_GROUPS:
            add("unlinked").unlinked_firms += not got
    return out


def table(scores: dict[str, Score]) -> str:
    """The scores as a fixed-width text table, overall first."""
    order = ["overall", "real", "composed", "unlinked"] + sorted(k for k in scores if k.startswith("chain:"))
    head = (f"{'scope':16}{'firms':>6}{'exp':>5}{'conf':>5}{'rev':>5}{'conf_P':>8}{'rev_P':>7}"
            f"{'recall':>8}{'conf_R':>8}{'false':>6}{'rev/firm':>9}{'unlab':>6}")
    lines = [head]
    for key in order:
        if key not in scores:
            continue
        s = scores[key]

        def f(x):
            return "-" if x is None else f"{x:.3f}"
        lines.append(f"{key:16}{s.firms:>6}{s.expected:>5}{s.confirmed:>5}{s.review:>5}{f(s.confirmed_precision):>8}"
                     f"{f(s.review_precision):>7}{f(s.recall):>8}{f(s.confirmed_recall):>8}{s.false_links:>6}"
                     f"{f(s.review_load):>9}{s.unlabelled:>6}")
    return "\n".join(lines)


@dataclass
class BenchRun:
    with_products: dict[str, Score] = field(default_factory=dict)
    scope_only: dict[str, Score] = field(default_factory=dict)


def run(linker: Linker, path: Path | str, labelled: frozenset[str] | None = None, part: str = "all") -> BenchRun:
    """Score the labelled set twice: with 主营产品 and without it (经营范围 and 所属行业 only); ``labelled`` as
    in :func:`score`, ``part`` as in :func:`in_part`."""
    return BenchRun(score(linker, read_labelled(path, True, part), labelled=labelled),
                    score(linker, read_labelled(path, False, part), labelled=labelled))
