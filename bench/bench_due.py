"""Spaced-repetition budget: today's due queue for one rep from a log of 1,000,000 turns and
200 scenarios (50 ms). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_due.py [--turns 1000000] [--keep PATH] [--rounds 7]
        [--processes-only] [--before-trainer PATH --before-log PATH]

The log is bench_store's (10 reps, about 6 answers per attempt over two years); the rep
timed has about 17,000 drills. Each figure is paired round by round with a reference timed
just before it in the same round, so a busy machine slows both sides of a ratio:

In-process (reference: the log's cheapest per-rep read, attempts before now, 100 times):
- warm: the schedule in memory is up to date (Home opening again, the next drill);
- after a drill: one new drill since (folded in and saved in the log);
- new process: the schedule saved in the log read back (`trainer` starting);
- after an upgrade: nothing saved under these rules, the whole log replayed (once, then saved).

What the rep waits for, whole processes, each after a warm-up start (`--before-trainer` and
`--before-log`: an older build, e.g. main's, and its copy of the log, timed in the same rounds):
- `trainer drill --due --plain` until its first drill starts (reference: `trainer --version`),
  and the same with a new data folder each time (the log restored or copied elsewhere);
- `trainer` until Home shows the due card (reference: a trivial Textual app's first frame).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench_store import REPS, SCENARIOS, generate
from bench_tui import TRIVIAL_APP, run_in_pty

from trainer.practice.schedule import due_queue
from trainer.practice.schedule_cache import cached_schedule, forget_memo
from trainer.scoring.answer import InputKind
from trainer.scoring.result import TurnScore
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord, new_id
from trainer.store.sqlite import SQLiteStore

BUDGET_MS = 50.0


def first_frame_ms(cmd: list[str], marker: bytes, env: dict[str, str]) -> float:
    """Milliseconds from the fork until `marker` is on screen in a pty (NaN: never)."""
    return run_in_pty(cmd, [marker], env).get(marker, float("nan"))


REP = REPS[3]


def queue(store: SQLiteStore) -> object:
    schedule = cached_schedule(store, REP)
    return due_queue(schedule, SCENARIOS, datetime.now().astimezone().date(), 2)


def one_drill(store: SQLiteStore) -> None:
    a = AttemptRecord(new_id(), REP, SCENARIOS[7], 1, "0" * 64, "X")
    store.start_attempt(a)
    store.log_turn(
        TurnRecord(
            new_id(), a.id, 1, "step-1", "line", "answer", InputKind.TYPED, TurnScore(55.0, ())
        )
    )
    store.finish_attempt(a.id, AttemptStatus.FINISHED, datetime.now(UTC), "win", "closed", 55.0)


def ms(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return (time.perf_counter() - t0) * 1000


def paired(
    label: str,
    rounds: int,
    reference: Callable[[], float],
    measure: Callable[[], float],
    budget_ms: float | None = BUDGET_MS,
) -> None:
    """Time `reference` then `measure` in each round; print both medians and the median of
    the per-round ratios."""
    ref, got, ratios = [], [], []
    for _ in range(rounds):
        r = reference()
        m = measure()
        ref.append(r)
        got.append(m)
        ratios.append(m / r)
    med = statistics.median(got)
    verdict = "" if budget_ms is None else (" ok" if med <= budget_ms else " OVER BUDGET")
    budget = "" if budget_ms is None else f"  (budget {budget_ms:g} ms:{verdict})"
    print(
        f"  {label:<46} median {med:8.1f} ms  max {max(got):8.1f} ms  "
        f"reference {statistics.median(ref):6.1f} ms  ratio {statistics.median(ratios):6.2f}x"
        f"{budget}"
    )


def in_process(store: SQLiteStore, rounds: int) -> None:
    now = datetime.now(UTC)

    def reference() -> float:
        return ms(lambda: [store.attempts_before(REP, now) for _ in range(100)])

    def upgraded() -> float:
        store._conn.execute("DELETE FROM schedule_marks WHERE rep = ?", (REP,))
        forget_memo()
        return ms(lambda: queue(store))

    def new_process() -> float:
        forget_memo()
        return ms(lambda: queue(store))

    def after_drill() -> float:
        one_drill(store)
        return ms(lambda: queue(store))

    print("in-process (reference: attempts before now, 100 reads):")
    paired("after an upgrade: whole log replayed, saved", 3, reference, upgraded)
    queue(store)
    paired(
        "warm: schedule in memory up to date", rounds, reference, lambda: ms(lambda: queue(store))
    )
    paired("after one new drill (folded in, saved)", rounds, reference, after_drill)
    paired("new process: schedule read back from the log", rounds, reference, new_process)


def wall_until(cmd: list[str], marker: str, env: dict[str, str]) -> float:
    """Spawn `cmd` (stdin empty) and time until `marker` appears on its stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert proc.stdout is not None
    elapsed = float("nan")
    for line in proc.stdout:
        if marker in line.decode(errors="replace"):
            elapsed = (time.perf_counter() - t0) * 1000
            break
    proc.kill()
    proc.wait()
    return elapsed


def _env(folder: Path, log: Path) -> dict[str, str]:
    (folder / "config").mkdir(parents=True, exist_ok=True)
    (folder / "config" / "settings.toml").write_text(f'rep = "{REP}"\n', encoding="utf-8")
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "TRAINER_DATA_DIR": str(folder / "data"),
        "TRAINER_CONFIG_DIR": str(folder / "config"),
        "TRAINER_DATABASE_URL": str(log),
        "COLUMNS": "100",
        "LINES": "30",
    }


def whole_processes(builds: list[tuple[str, str, Path]], rounds: int, folder: Path) -> None:
    """Each build (label, trainer, log) in turn within each round, after the reference: the
    ratios of builds compared in one run share the same reference rounds."""
    envs = [_env(folder / label, log) for label, _, log in builds]
    first = "Drill 1 of"  # the first drill of the daily session has started
    marker = b"daily practice"  # Home's due card, drawn once today's queue is read
    version = [builds[-1][1], "--version"]
    trivial = [sys.executable, "-c", TRIVIAL_APP]
    for (_, trainer, _), env in zip(builds, envs, strict=True):
        wall_until([trainer, "drill", "--due", "--plain"], first, env)  # caches warmed
        first_frame_ms([trainer], marker, env)

    def version_ms(env: dict[str, str]) -> float:
        return wall_until(version, "trainer", env)

    def due_ms(trainer: str, env: dict[str, str]) -> float:
        return wall_until([trainer, "drill", "--due", "--plain"], first, env)

    def trivial_ms(env: dict[str, str]) -> float:
        return first_frame_ms(trivial, b"trivial app ready", env)

    def home_ms(trainer: str, env: dict[str, str]) -> float:
        return first_frame_ms([trainer], marker, env)

    def restored_ms(trainer: str, env: dict[str, str]) -> float:
        """A new data folder each time: the log restored or copied to another machine."""
        fresh = {**env, "TRAINER_DATA_DIR": tempfile.mkdtemp(prefix="bench-due-data-")}
        try:
            return due_ms(trainer, fresh)
        finally:
            shutil.rmtree(fresh["TRAINER_DATA_DIR"], ignore_errors=True)

    timings: list[
        tuple[str, Callable[[dict[str, str]], float], Callable[[str, dict[str, str]], float]]
    ] = [
        (
            "trainer drill --due --plain: first drill (reference: trainer --version)",
            version_ms,
            due_ms,
        ),
        (
            "the same, the log copied to a new machine (a new data folder each time)",
            version_ms,
            restored_ms,
        ),
        ("trainer: Home with the due card (reference: a trivial Textual app)", trivial_ms, home_ms),
    ]
    for title, reference, measure in timings:
        ref: list[float] = []
        got: dict[str, list[float]] = {label: [] for label, _, _ in builds}
        for _ in range(rounds if measure is not restored_ms else min(rounds, 3)):
            r = reference(envs[-1])
            ref.append(r)
            for (label, trainer, _), env in zip(builds, envs, strict=True):
                got[label].append(measure(trainer, env))
        print(f"{title}: reference median {statistics.median(ref):.0f} ms")
        for label, times in got.items():
            ratios = [t / r for t, r in zip(times, ref, strict=True)]
            print(
                f"  {label:<8} median {statistics.median(times):7.0f} ms  "
                f"max {max(times):7.0f} ms  ratio {statistics.median(ratios):5.2f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--trainer", default=str(Path(sys.executable).with_name("trainer")))
    parser.add_argument("--before-trainer", help="another build to time beside this one")
    parser.add_argument("--before-log", type=Path, help="its copy of the log (an older schema)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--processes-only", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-due-"))
    path = args.keep or folder / "log.sqlite3"
    if not path.exists():
        print(f"generating a log of {args.turns:,} turns…")
        generate(path, args.turns)
    if not args.processes_only:
        store = SQLiteStore(path)
        drills = store._conn.execute(
            "SELECT count(*), sum(turn_count) FROM attempts WHERE rep = ?", (REP,)
        ).fetchone()
        print(f"today's queue for one rep ({drills[0]:,} drills, {drills[1]:,} answers):")
        in_process(store, args.rounds)
        store.close()
    builds = [("this", args.trainer, path)]
    if args.before_trainer:
        builds.insert(0, ("before", args.before_trainer, args.before_log or path))
    print("whole processes, paired round by round:")
    whole_processes(builds, args.rounds, folder)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
