"""Spaced-repetition budget: today's due queue for one rep from a log of 1,000,000 turns and
200 scenarios (50 ms). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_due.py [--turns 1000000] [--keep PATH]

The log is bench_store's (10 reps, about 6 answers per attempt over two years). Timed:
- warm: the app's cache is up to date (Home opening again, the next drill of a session);
- after a drill: one new drill since the cache (replayed on top of it);
- new process: the cache file is read back (`trainer drill --due` starting);
- cold: no cache (first run, or after an upgrade or a merged log): the whole rep's log replayed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_store import REPS, SCENARIOS, generate, timed

from trainer.practice import schedule_cache
from trainer.practice.schedule import due_queue
from trainer.practice.schedule_cache import cache_path, cached_schedule
from trainer.scoring.result import TurnScore
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord, new_id
from trainer.store.sqlite import SQLiteStore


def queue(store: SQLiteStore, rep: str) -> object:
    schedule = cached_schedule(store, rep)
    return due_queue(schedule, SCENARIOS, datetime.now().astimezone().date(), 2)


def one_drill(store: SQLiteStore, rep: str) -> None:
    a = AttemptRecord(new_id(), rep, SCENARIOS[7], 1, "0" * 64, "X")
    store.start_attempt(a)
    store.log_turn(
        TurnRecord(new_id(), a.id, 1, "step-1", "line", "answer", "typed", TurnScore(55.0, ()))
    )
    store.finish_attempt(a.id, AttemptStatus.FINISHED, datetime.now(UTC), "win", "closed", 55.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-due-"))
    path = args.keep or folder / "log.sqlite3"
    if not path.exists():
        print(f"generating a log of {args.turns:,} turns…")
        generate(path, args.turns)
    import os

    os.environ["TRAINER_DATA_DIR"] = str(folder / "data")  # the cache goes here
    store = SQLiteStore(path)
    rep = REPS[3]
    rows = store.review_rows(rep)
    print(
        f"today's queue for one rep ({len({r.attempt_id for r in rows}):,} drills, "
        f"{len(rows):,} answers of theirs in the log):"
    )
    cache = cache_path(store, rep)

    def cold() -> object:
        cache.unlink(missing_ok=True)
        schedule_cache._MEMO.clear()
        return queue(store, rep)

    def new_process() -> object:
        schedule_cache._MEMO.clear()
        return queue(store, rep)

    timed("cold: no cache, whole log replayed", 50, cold, runs=3)
    queue(store, rep)
    timed("warm: cache up to date", 50, lambda: queue(store, rep))

    times = []
    for _ in range(7):
        one_drill(store, rep)
        t0 = time.perf_counter()
        queue(store, rep)
        times.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(times)
    print(
        f"  {'after one new drill (incremental)':<44} first {times[0]:7.1f} ms  median "
        f"{median:7.1f} ms  max {max(times):7.1f} ms  (budget 50 ms: "
        f"{'ok' if median <= 50 else 'OVER BUDGET'})"
    )
    timed("new process: cache file read back", 50, new_process)
    store.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
