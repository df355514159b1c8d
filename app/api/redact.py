"""What a viewer may not see in an analysis answer: the enterprises proposed as targets.

Viewers read chains, panoramas, gaps and comparisons; the names of target enterprises (招商名录) are for
analysts and above. The 建链 entries of a gap report carry chain-leader candidates — enterprises outside
the scope, i.e. targets — so for a viewer they are taken out, with every reason that names one, and one
reason says how many there are and who may see them.

>>> from app.analysis.results.common import Reason
>>> from app.analysis.results.gaps import Candidate, ModeEntry
>>> e = ModeEntry(node_id="n", name="环节", stage="upstream", mode="build", priority=0.5,
...               reasons=(Reason(zh="可引进链主候选：甲公司", en="chain-leader candidates"),),
...               candidates=(Candidate(enterprise_id="x", name="甲公司", region_code="110101", pulls=()),))
>>> out = without_targets(e)
>>> out.candidates, [r.zh for r in out.reasons]
((), ['有 1 家链主候选，名单仅对分析员及以上角色开放'])
"""
from __future__ import annotations

from app.analysis.results.common import Reason
from app.analysis.results.gaps import GapReport, ModeEntry


def without_targets(entry: ModeEntry) -> ModeEntry:
    """``entry`` without its candidates and the reasons naming them."""
    if not entry.candidates:
        return entry
    names = {c.name for c in entry.candidates} | {c.enterprise_id for c in entry.candidates}
    kept = tuple(r for r in entry.reasons if not any(n in r.zh or n in r.en for n in names))
    n = len(entry.candidates)
    note = Reason(zh=f"有 {n} 家链主候选，名单仅对分析员及以上角色开放",
                  en=f"{n} chain-leader candidate(s); their names are for analysts and above")
    return entry.model_copy(update={"candidates": (), "reasons": (*kept, note)})


def gaps_for_viewer(report: GapReport) -> GapReport:
    """The gap report a viewer sees: every 建链 entry without its target enterprises."""
    return report.model_copy(update={"build": tuple(without_targets(e) for e in report.build)})
