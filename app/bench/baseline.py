"""The straightforward gap answer: a pandas group-by over the whole enterprise-link table, per query.

For one chain and one city, join links to enterprises, keep active enterprises with a confirmed
link in the chain's leaves inside the city, group by leaf, count them and their key enterprises,
find the leaves where a local enterprise is a 链主 or in the leaf's national top fifth by
revenue (else headcount, :func:`app.store.scale.scale_columns` over the leaf's members), and
classify every leaf (missing / weak / strong) by the rules of
:func:`app.analysis.coverage.classify`. Nothing is indexed or precomputed beyond the two tables,
so each query scans every link: this is what the store's aggregates are measured against.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from app.analysis.coverage import TOP_SHARE, classify
from app.regions import RegionIndex
from app.store.scale import scale_columns
from graph_schema.models import CHAIN_LEADER_TAG, GROUP_TAGS, INACTIVE_STATUSES, KEY_TAGS
from graph_schema.template import ChainTemplate


class LinkTable:
    """Enterprise–link rows of a data directory with each enterprise's city, activity and key flag."""

    def __init__(self, data_dir: Path, regions: RegionIndex):
        ents = pd.read_csv(Path(data_dir) / "enterprises.csv", dtype=str, keep_default_na=False,
                           usecols=lambda c: c in {"id", "region_code", "tags", "status", "revenue", "employees", "parent_id"})
        ents["revenue"] = pd.to_numeric(ents["revenue"], errors="coerce")
        ents["employees"] = pd.to_numeric(ents["employees"], errors="coerce")
        links = pd.read_csv(Path(data_dir) / "enterprise_nodes.csv", dtype=str, keep_default_na=False)
        codes = ents["region_code"].unique()
        city = {c: regions.city_of(c) or "" for c in codes}
        ents["city"] = ents["region_code"].map(city)
        ents["active"] = ~ents["status"].isin(INACTIVE_STATUSES)
        tags = ents["tags"].str.replace("；", ";")
        ents["key"] = tags.map(lambda t: not KEY_TAGS.isdisjoint(x.strip() for x in t.split(";")))
        ents["leader"] = tags.map(lambda t: CHAIN_LEADER_TAG in {x.strip() for x in t.split(";")})
        # the group rule, walked up parent_id one level per pass: an ancestor's 链主/上市/世界500强 make a member key
        group = tags.map(lambda t: bool(set(GROUP_TAGS) & {x.strip() for x in t.split(";")}))
        by_id = ents.set_index("id")
        parent = ents.get("parent_id", pd.Series("", index=ents.index)).replace("", None)
        for _ in range(64):  # deeper trees than that do not occur; a loop ends here
            if parent.isna().all():
                break
            ents["key"] |= parent.map(group.set_axis(ents["id"])).fillna(False).astype(bool)
            ents["leader"] |= parent.map(by_id["leader"]).fillna(False).astype(bool)
            parent = parent.map(by_id.get("parent_id", pd.Series(dtype=str)).replace("", None))
        if "grade" not in links:
            links["grade"] = ""
        self.rows = links[["enterprise_id", "node_id", "grade"]].merge(
            ents[["id", "city", "active", "key", "leader", "revenue", "employees"]], left_on="enterprise_id", right_on="id")

    def counts(self, leaves: list[str], city: str) -> dict[str, tuple[int, int]]:
        """(local, key) per leaf with at least one local enterprise: a full scan and a group-by."""
        r = self.rows
        hit = r[r["node_id"].isin(leaves) & (r["city"] == city) & r["active"] & r["grade"].isin(["", "confirmed"])]
        g = hit.groupby("node_id")["key"].agg(["size", "sum"])
        return {n: (int(row["size"]), int(row["sum"])) for n, row in g.iterrows()}

    def capacity(self, leaves: list[str], city: str, share: float = TOP_SHARE) -> set[str]:
        """Leaves with a local 链主 or a local enterprise in the leaf's national top ``share``: a scan per leaf."""
        r = self.rows
        counted = r[r["node_id"].isin(leaves) & r["active"] & r["grade"].isin(["", "confirmed"])]
        out = set()
        for node_id, members in counted.groupby("node_id"):
            value, basis = scale_columns(members["revenue"].to_numpy(float), members["employees"].to_numpy(float))
            local = (members["city"] == city).to_numpy()
            top = (basis > 0) & (value >= 1 - share - 1e-9)
            if (local & (members["leader"].to_numpy() | top)).any():
                out.add(node_id)
        return out


def gap_statuses(table: LinkTable, template: ChainTemplate, city: str, threshold: int | None = None) -> dict[str, tuple]:
    """Every leaf of the chain in the city: (status, local, key), the straightforward way."""
    t = template.chain.weak_threshold if threshold is None else threshold
    counts = table.counts(list(template.leaf_ids), city)
    capacity = table.capacity(list(template.leaf_ids), city)
    out = {}
    for leaf in template.leaves:
        local, key = counts.get(leaf.id, (0, 0))
        out[leaf.id] = (classify(local, key, leaf.is_core, t, leaf.id in capacity).value, local, key)
    return out
