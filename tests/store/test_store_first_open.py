"""Two reps starting trainer on the same new shared log at the same moment (a pair call,
a team folder) both get the log: neither is told the half-created file is not a log."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from trainer.store.base import StoreError
from trainer.store.sqlite import SQLiteStore

OPENERS = 4
ROUNDS = 40  # the race lost about one round in twenty before the header was read at once


def _open_at_the_barrier(path: str, barrier: Barrier) -> str:
    barrier.wait()
    try:
        SQLiteStore(path, busy_timeout_s=30)
    except StoreError as exc:
        return str(exc)
    return ""


def test_processes_creating_one_new_log_at_once_all_open_it(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    refusals: list[str] = []
    with context.Manager() as manager, context.Pool(OPENERS) as pool:
        for round_no in range(ROUNDS):
            barrier = manager.Barrier(OPENERS)
            path = str(tmp_path / f"shared-{round_no}.sqlite3")
            results = pool.starmap(_open_at_the_barrier, [(path, barrier)] * OPENERS)
            refusals += [message for message in results if message]
    assert refusals == []
    assert SQLiteStore(tmp_path / "shared-0.sqlite3").history(rep="ana") == []
