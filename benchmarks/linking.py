"""Score the registry linker on a labelled set: ``python benchmarks/linking.py [companies.csv] [--misses]``.

The same figures as ``chainmap linkbench`` (with 主营产品, then 经营范围 and 所属行业 only; overall,
real vs composed scopes, per chain): confirmed precision, review precision, recall, confirmed
recall, false links on unrelated and near-miss firms, review load. ``--misses`` also lists every
error (missed, queued, false confirmed, false review) with its evidence, to read before changing
a vocabulary file. Default set: ../shared/data/linking-dev/companies.csv beside the repository.

Measured and not adopted (development set, with 主营产品): requiring hits to fall on jieba word
boundaries (the vocabulary as its user dictionary) gave recall 0.786 and confirmed precision 0.910
against 0.795 and 0.912 without; rapidfuzz near matches of unmatched product items to terms added
nothing at a ratio cutoff of 80–90 and +0.004 recall for +0.06 review load at 70.
Also measured and not adopted (2026-12-05, 5-fold cross-validation on the tuning part): proposing the links
of the k = 5 most similar labelled firms (TF-IDF of character 2–3-grams of products, scope and industry)
as review items recovered 2 missed links for 6 wrong ones and 2 false links on unrelated firms at a
similarity sum of 0.5, and 4 for 63 wrong and 4 false at 0.3: the misses left have no word for the link,
and a neighbour's labels are no better evidence. ``--part=tune|heldout`` scores one part of the set.
Measured and not adopted (2026-12-05, second session, tuning part): sending the linker's "weak" matches to
review (2 right for 22 wrong and 6 false links on unrelated firms for generic scope terms; modifier hits 0 right
of 86); reading every product line of a cell without revenue shares as a main line (+2 right, +5 false links,
3 of them on the held-out part); the 申万 industry 原料药 as naming the API link (+1 found, −1 confirmed right);
材料/器械 as heads a term may precede (+2 scope-only links, one more wrong link on the held-out part).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.datadir.registry.linkbench import DEFAULT_LABELLED_LINKS, DEFAULT_SET, read_labelled, read_link_ids, score, table  # noqa: E402
from app.datadir.registry.linking import Linker  # noqa: E402
from app.settings import SEED_DIR  # noqa: E402
from app.store.embedded.store import EmbeddedStore  # noqa: E402


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    part = next((a.split("=", 1)[1] for a in argv if a.startswith("--part=")), "all")
    path = Path(args[0]) if args else DEFAULT_SET
    linker = Linker(EmbeddedStore.open(SEED_DIR).chains())
    # as chainmap linkbench: the default set is scored on the links its labels were written against
    known = read_link_ids(DEFAULT_LABELLED_LINKS) if not args else None
    for products, title in ((True, "with 主营产品"), (False, "经营范围 and 所属行业 only")):
        misses: list = []
        print(f"\n{title}:")
        print(table(score(linker, read_labelled(path, products, part), misses, known)))
        if "--misses" in argv:
            for name, kind, link, evidence in misses:
                print(f"  {kind:16} {link:34} {name}  {evidence[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
