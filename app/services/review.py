"""The review queue of uncertain links (待审核挂链): list, accept, reject.

Accepting re-applies the link as ``confirmed``; rejecting remembers the decision in an SQLite file of the
state directory, so that a later import of the same export does not queue the same link again, and then
deletes the link. The decision is committed first: a crash between the two leaves a recorded decision whose
link is still stored, and the next look at the queue finishes the deletion — an acknowledged rejection is
never half-applied, though the store and the decisions file are two commits.

>>> from tests.fixtures.registry.samples import toy_store  # the toy data set with one uncertain link
>>> store = toy_store()
>>> rows, total = review_queue(store)
>>> total, rows[0]["node_id"]
(1, 'toy.c')
>>> accept_link(store, rows[0]["enterprise_id"], "toy.c").grade.value
'confirmed'
>>> review_queue(store)[1]
0
"""
from __future__ import annotations

import json
from pathlib import Path

from app.errors import Conflict, NotFound
from app.store.base import ChangeSet, GraphStore
from graph_schema.models import EnterpriseLink, LinkGrade


class RejectionLog:
    """(enterprise_id, node_id) pairs a reviewer rejected, kept in an SQLite file of the state directory.

    A rejection is acknowledged after its transaction commits (:mod:`app.store.statedb`); a rejections
    file of the former JSON format next to it is read in once and renamed ``….json.migrated``.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self._con = None

    def _db(self):
        from app.store import statedb

        if self._con is None:
            con = statedb.connect(self.path)
            with statedb.transaction(con, self.path, "打开审核记录 opening the review decisions"):
                con.execute("CREATE TABLE IF NOT EXISTS rejected (enterprise_id TEXT NOT NULL, node_id TEXT NOT NULL, "
                            "PRIMARY KEY (enterprise_id, node_id))")
                legacy = self.path.with_suffix(".json")
                if legacy.exists():
                    pairs = [tuple(p) for p in json.loads(legacy.read_text(encoding="utf-8"))]
                    con.executemany("INSERT OR IGNORE INTO rejected VALUES (?, ?)", pairs)
            if legacy.exists():
                legacy.rename(legacy.with_name(legacy.name + ".migrated"))
            self._con = con
        return self._con

    def pairs(self) -> set[tuple[str, str]]:
        if self.path is None or not (self.path.exists() or self.path.with_suffix(".json").exists()):
            return set()
        return {tuple(p) for p in self._db().execute("SELECT enterprise_id, node_id FROM rejected")}

    def add(self, enterprise_id: str, node_id: str) -> None:
        from app.store import statedb

        if self.path is None:
            return
        with statedb.transaction(self._db(), self.path, "记录审核决定 recording the review decision") as con:
            con.execute("INSERT OR IGNORE INTO rejected VALUES (?, ?)", (enterprise_id, node_id))


def _node_info(store: GraphStore) -> dict[str, tuple[str, str, str]]:
    return {n.id: (n.name, t.id, t.chain.name) for t in store.chains() for n in t.nodes}


def _uncertain_links(store: GraphStore) -> list[EnterpriseLink]:
    _, total = store.links_by_grade(LinkGrade.uncertain, 1, 0)
    return store.links_by_grade(LinkGrade.uncertain, max(total, 1), 0)[0]


def finish_rejections(store: GraphStore, log: RejectionLog, links: list[EnterpriseLink]) -> list[EnterpriseLink]:
    """``links`` (the uncertain ones) without those whose rejection was recorded but whose deletion did not
    happen (a crash between the two commits of :func:`reject_link`): those are deleted now."""
    rejected = log.pairs()
    pending = [(x.enterprise_id, x.node_id) for x in links if (x.enterprise_id, x.node_id) in rejected]
    if pending:
        store.apply(ChangeSet(delete_links=pending))
    return [x for x in links if (x.enterprise_id, x.node_id) not in rejected] if pending else links


def review_queue(store: GraphStore, limit: int = 50, offset: int = 0,
                 log: RejectionLog | None = None) -> tuple[list[dict], int]:
    """Uncertain links with the enterprise's name, the link's name and chain, the evidence and its strength.

    Sorted by chain and link, then strongest evidence first (a product term before a scope term
    before an industry class), then by enterprise name, so a reviewer settles one link at a time.
    With the rejection ``log``, rejections interrupted before their deletion are finished first.
    """
    from app.datadir.registry.linking import evidence_strength

    links = _uncertain_links(store)
    if log is not None:
        links = finish_rejections(store, log, links)
    total = len(links)
    names = store.enterprises(sorted({link.enterprise_id for link in links}))
    info = _node_info(store)
    rows = []
    for link in links:
        node_name, chain_id, chain_name = info.get(link.node_id, ("", "", ""))
        e = names.get(link.enterprise_id)
        rows.append({"enterprise_id": link.enterprise_id, "enterprise_name": e.name if e else "",
                     "node_id": link.node_id, "node_name": node_name, "chain_id": chain_id, "chain_name": chain_name,
                     "role": link.role.value, "evidence": link.evidence, "strength": evidence_strength(link.evidence)})
    rows.sort(key=lambda r: (r["chain_id"], r["node_id"], -r["strength"], r["enterprise_name"], r["enterprise_id"]))
    return rows[offset: offset + limit], total


def _stored_link(store: GraphStore, enterprise_id: str, node_id: str) -> EnterpriseLink:
    store.get_enterprise(enterprise_id)  # NotFound names the enterprise
    for link in store.enterprise_links([enterprise_id]).get(enterprise_id, []):
        if link.node_id == node_id:
            return link
    raise NotFound(f"企业 {enterprise_id} 没有挂在环节 {node_id} 上 (no link {enterprise_id} → {node_id})")


def accept_link(store: GraphStore, enterprise_id: str, node_id: str) -> EnterpriseLink:
    """Confirm an uncertain link; a link that is already confirmed is returned as it is."""
    link = _stored_link(store, enterprise_id, node_id)
    if link.grade is LinkGrade.confirmed:
        return link
    confirmed = link.model_copy(update={"grade": LinkGrade.confirmed,
                                        "evidence": (link.evidence + "; " if link.evidence else "") + "人工审核确认 (accepted in review)"})
    store.apply(ChangeSet(links=[confirmed]))
    return confirmed


def reject_link(store: GraphStore, enterprise_id: str, node_id: str, log: RejectionLog | None = None) -> EnterpriseLink:
    """Remember the decision, then delete the uncertain link; confirmed links are not reviewed here.

    The decision commits first (see the module note): if the deletion then fails, the request fails, the
    decision stands, and the next queue listing or rejection of the same link completes it.
    """
    link = _stored_link(store, enterprise_id, node_id)
    if link.grade is LinkGrade.confirmed:
        raise Conflict(f"挂链 {enterprise_id} → {node_id} 已确认，不在审核队列中 (link is confirmed, not under review)")
    if log is not None:
        log.add(enterprise_id, node_id)
    store.apply(ChangeSet(delete_links=[(enterprise_id, node_id)]))
    return link


def rejection_log_path(settings) -> Path:
    """Where the rejections of the configured store are kept, next to its journal in the state directory."""
    import hashlib

    target = (f"{settings.neo4j_uri}/{settings.neo4j_database}" if settings.store.value == "neo4j"
              else str(Path(settings.data_dir).resolve()))
    return Path(settings.state_dir) / f"review-rejections-{hashlib.sha1(target.encode()).hexdigest()[:12]}.sqlite"
