"""A writer process for the crash tests: applies numbered batches to the embedded store and says
``ack N`` on stdout after each one is acknowledged, until it is killed.

Batch N creates enterprises ``kN_0 … kN_{size-1}`` each with a link, and sets the revenue of the
counter enterprise ``a2`` to N: after a restart the store must hold exactly batches 0..M-1 and a2's
revenue must be M-1 — a prefix, never part of a batch. Odd batches go through the data-directory
importer (``import_datadir_file``), even ones straight through ``store.apply``.

usage: python crash_writer.py DATA_DIR STATE_DIR FIRST_BATCH SIZE
"""
from __future__ import annotations

import sys
from pathlib import Path

from app.services.datadir_import import import_datadir_file
from app.store.base import ChangeSet
from app.store.embedded.store import EmbeddedStore
from graph_schema.models import Enterprise, EnterpriseLink


def batch_changes(store: EmbeddedStore, n: int, size: int) -> ChangeSet:
    made = [Enterprise(id=f"k{n}_{j}", name=f"崩溃测试企业{n}号{j}", region_code="510107") for j in range(size)]
    links = [EnterpriseLink(enterprise_id=e.id, node_id="toy.d") for e in made]
    counter = store.get_enterprise("a2").model_copy(update={"revenue": float(n)})
    return ChangeSet(enterprises=[*made, counter], links=links)


def batch_csv(n: int, size: int) -> bytes:
    rows = ["id,name,region_code,revenue"] + [f"k{n}_{j},崩溃测试企业{n}号{j},510107," for j in range(size)]
    rows.append(f"a2,甲二材料有限公司,510107,{n}")
    return ("\n".join(rows) + "\n").encode()


def main() -> None:
    data_dir, state_dir, first, size = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    store = EmbeddedStore.open(data_dir, state_dir)
    print(f"ready {len(store.export().enterprises)}", flush=True)
    n = first
    while True:
        if n % 2 == 0:
            store.apply(batch_changes(store, n, size))
        else:
            import_datadir_file(store, batch_csv(n, size), "enterprises.csv")
        print(f"ack {n}", flush=True)
        n += 1


if __name__ == "__main__":
    main()
