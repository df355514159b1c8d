"""Crash safety of the embedded store: a writer killed with SIGKILL at random points, many times.

After every kill the store is reopened from the same data and state directories. It must hold
exactly the batches 0..M-1 for some M — every acknowledged batch, plus at most the one that was in
flight — each batch whole or absent, and the next writer must start cleanly on top of it.
"""
from __future__ import annotations

import random
import subprocess
import threading
import time
from pathlib import Path

import pytest

from app.store.embedded.store import EmbeddedStore
from tests.trust.conftest import PYTHON, ROOT, child_env, kill_hard

WRITER = ROOT / "tests" / "trust" / "crash_writer.py"
SIZE = 40


def applied_batches(store: EmbeddedStore) -> dict[int, int]:
    """Batch number → how many of its enterprises the store holds."""
    found: dict[int, int] = {}
    for e in store.export().enterprises:
        if e.id.startswith("k"):
            n = int(e.id[1:].split("_")[0])
            found[n] = found.get(n, 0) + 1
    return found


def check_prefix(store: EmbeddedStore, acked: int, in_flight_allowed: bool = True) -> int:
    """The store holds batches 0..M-1 whole, with acked < M <= acked + 2; returns M."""
    found = applied_batches(store)
    m = len(found)
    assert sorted(found) == list(range(m)), f"batches are not a prefix: {sorted(found)}"
    assert all(count == SIZE for count in found.values()), f"a batch was applied in part: {found}"
    assert m >= acked + 1, f"acknowledged batch {acked} was lost (store holds {m})"
    assert m <= acked + 1 + in_flight_allowed, f"store holds {m} batches but only {acked} was acked"
    links = store.enterprise_links([f"k{n}_{j}" for n in range(0, m, 2) for j in range(SIZE)])
    assert sum(len(v) for v in links.values()) == SIZE * len(range(0, m, 2)), "links of an applied batch are missing"
    revenue = store.get_enterprise("a2").revenue
    assert (revenue if m else 5.0) == (float(m - 1) if m else 5.0), f"counter says batch {revenue}, store holds {m}"
    return m


def run_and_kill(data_dir: Path, state_dir: Path, first: int, delay: float) -> int:
    """Start a writer at batch ``first``, SIGKILL it ``delay`` seconds after it is ready; the last acked batch."""
    proc = subprocess.Popen([PYTHON, str(WRITER), str(data_dir), str(state_dir), str(first), str(SIZE)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())
    acked = first - 1
    ready = threading.Event()
    lines: list[str] = []

    def read() -> None:
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("ready"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), f"writer did not start: {proc.stderr.read() if proc.poll() is not None else ''}"
        time.sleep(delay)
    finally:
        kill_hard(proc)
    reader.join(10)
    for line in lines:
        if line.startswith("ack "):
            acked = int(line.split()[1])
    assert proc.returncode == -9, f"writer ended on its own: {proc.stderr.read()}"
    return acked


def kill_many_times(toy_dir: Path, state_dir: Path, kills: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    m, history = 0, []
    for _ in range(kills):
        acked = run_and_kill(toy_dir, state_dir, m, rng.uniform(0.0, 0.4))
        store = EmbeddedStore.open(toy_dir, state_dir)   # the next start loads cleanly...
        m = check_prefix(store, acked)                   # ...with a prefix of the batches
        history.append(m)
    return history


def test_sigkill_during_writes_leaves_a_prefix_of_whole_batches(toy_dir, tmp_path):
    history = kill_many_times(toy_dir, tmp_path / "state", kills=6, seed=10)
    assert history == sorted(history) and history[-1] > 0, f"no progress across kills: {history}"


@pytest.mark.slow
def test_sigkill_twenty_more_times(toy_dir, tmp_path):
    history = kill_many_times(toy_dir, tmp_path / "state", kills=20, seed=11)
    assert history == sorted(history) and history[-1] > 10


def test_wal_cut_anywhere_gives_whole_batches_or_damage_in_words(toy_dir, tmp_path):
    """What a power loss can leave on disk: the write-ahead log cut at any byte. SQLite keeps the frames up to
    the last whole commit, so the store holds a prefix of whole batches — or, if the cut reaches pages already
    copied into the database, start-up says the journal is damaged and names the way out."""
    import shutil

    from app.errors import StateDamaged

    state = tmp_path / "state"
    acked = run_and_kill(toy_dir, state, 0, 0.3)
    assert acked >= 1
    pristine = tmp_path / "pristine"
    shutil.copytree(state, pristine)  # as the kill left it, before any start checkpoints the WAL
    assert check_prefix(EmbeddedStore.open(toy_dir, state), acked) >= acked + 1  # nothing cut: every ack is there
    wal = next(pristine.glob("journal-*.sqlite-wal"))
    size = wal.stat().st_size
    assert size > 8192, "the killed writer left its WAL"
    for cut in (32, 4096 + 24, size // 3, size // 2, size - 4096 - 24, size - 1):
        copy = tmp_path / f"cut{cut}"
        shutil.copytree(pristine, copy)
        with open(next(copy.glob("journal-*.sqlite-wal")), "r+b") as fh:
            fh.truncate(cut)
        try:
            found = applied_batches(EmbeddedStore.open(toy_dir, copy))
        except StateDamaged as exc:
            assert "出路" in exc.message and "way out" in exc.message
            continue
        assert sorted(found) == list(range(len(found))), f"cut at {cut}: batches are not a prefix: {sorted(found)}"
        assert all(count == SIZE for count in found.values()), f"cut at {cut}: a batch was applied in part"


def test_damaged_change_before_the_last_is_refused_not_skipped(toy_dir, tmp_path):
    """A damaged change is not a torn write: starting must fail loudly, naming the change and the way out."""
    import sqlite3

    from app.errors import StateDamaged
    from app.store.embedded.journal import journal_path

    state = tmp_path / "state"
    run_and_kill(toy_dir, state, 0, 0.3)
    with sqlite3.connect(journal_path(toy_dir, state)) as con:
        assert con.execute("SELECT COUNT(*) FROM changes").fetchone()[0] >= 2
        body = bytearray(con.execute("SELECT body FROM changes WHERE seq = 1").fetchone()[0])
        body[20] ^= 0x01   # one bit flipped in the first change set
        con.execute("UPDATE changes SET body = ? WHERE seq = 1", (bytes(body),))
    with pytest.raises(StateDamaged, match="第 1 条变更已损坏.*truncate --from 1"):
        EmbeddedStore.open(toy_dir, state)
