"""Practice-log budgets: logging one turn durably (10 ms) and history / stats queries over a
log of 1,000,000 turns (100 ms each). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_store.py [--turns 1000000] [--keep PATH]

The generated log (10 reps, 200 scenarios, about 6 answers per attempt over two years)
is written to a temporary folder, or kept at PATH and reused by the next run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from trainer.clock import SystemClock
from trainer.practice.stats import read_practice
from trainer.scoring.result import CriterionResult, DeliveryMetric, Evidence, TurnScore
from trainer.store import queries as q
from trainer.store.base import Store
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord, new_id
from trainer.store.sql_store import _ts
from trainer.store.sqlite import SQLiteStore

CLOCK = SystemClock()  # the stats read as of today, like `trainer stats`

REPS = [f"rep{i:02d}" for i in range(10)]
SCENARIOS = [f"objection/scenario-{i:03d}" for i in range(200)]
ANSWER = (
    "I hear you, budgets are tight this quarter. Besides us, what have you looked at so "
    "far, and what would make this worth revisiting next Tuesday?"
)


def _score(value: float) -> TurnScore:
    return TurnScore(
        score=value,
        criteria=(
            CriterionResult(
                "acknowledge", "Acknowledge the concern", 1, True, (Evidence("I hear you", 0, 10),)
            ),
            CriterionResult(
                "open-question",
                "Ask an open question",
                2,
                True,
                (Evidence("what have you looked at", 50, 73),),
                detail="2 questions",
            ),
            CriterionResult(
                "next-step", "Propose a next step", 1, value > 60, tip="Name a time and a date."
            ),
        ),
        delivery=(
            DeliveryMetric("words", "Words", 27, None, 60, "words"),
            DeliveryMetric("words_per_minute", "Pace", 148, 120, 170, "wpm"),
        ),
    )


def drills(turns: int) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The generated log, `turns` answers in all: each attempt's row and its turns' rows
    (times as aware datetimes, the local day as a date)."""
    rng = random.Random(7)
    results = {s: json.dumps(_score(s).to_dict(), separators=(",", ":")) for s in range(101)}
    now = datetime.now(UTC)
    start = now - timedelta(days=730)
    made = 0
    while made < turns:
        count = min(rng.randint(3, 9), turns - made)
        started = start + timedelta(seconds=rng.uniform(0, 730 * 86400))
        ended = started + timedelta(seconds=40 * count)
        attempt_id = new_id()
        scores = [rng.randint(20, 100) for _ in range(count)]
        turn_rows = [
            {
                "id": new_id(),
                "attempt_id": attempt_id,
                "seq": seq,
                "step_id": f"step-{seq}",
                "prospect_line": "Honestly, it's just too expensive for us right now.",
                "answer_text": ANSWER,
                "input_kind": "typed",
                "score": float(score),
                "result_json": results[score],
                "pause_s": 0.9,
                "duration_s": 11.0,
                "hint_used": False,
                "retried": False,
                "audio_path": None,
                "created_at": started + timedelta(seconds=40 * seq),
            }
            for seq, score in enumerate(scores, 1)
        ]
        attempt_row = {
            "id": attempt_id,
            "rep": rng.choice(REPS),
            "scenario_id": (scenario := rng.choice(SCENARIOS)),
            "scenario_version": 1,
            "scenario_hash": "0" * 64,
            "scenario_title": scenario.split("/")[1].title(),
            "mode": "solo",
            "input_kind": "typed",
            "seed": 0,
            "started_at": started,
            "local_day": started.astimezone().date(),
            "ended_at": ended,
            "last_activity_at": ended,
            "status": "finished",
            "outcome": "win",
            "ending_id": "closed",
            "score": sum(scores) / len(scores),
            "turn_count": count,
            "active_s": 40.0 * count,
            "writer_host": "bench",
            "writer_boot": "",
            "writer_pid": 1,
            "writer_start": "",
        }
        made += count
        yield attempt_row, turn_rows


# The per-day and per-scenario totals of a generated log, as start_attempt / log_turn /
# finish_attempt keep them.
TOTALS = (
    "INSERT INTO daily_practice SELECT a.rep, a.local_day, count(*), sum(a.active_s), "
    "sum(a.turn_count), sum(t.score_sum) FROM attempts a JOIN (SELECT attempt_id, "
    "sum(score) AS score_sum FROM turns GROUP BY attempt_id) t ON t.attempt_id = a.id "
    "GROUP BY a.rep, a.local_day",
    "INSERT INTO scenario_practice SELECT rep, scenario_id, count(*), max(score), "
    "max(started_at) FROM attempts GROUP BY rep, scenario_id",
)


def _as_text(row: dict[str, Any]) -> dict[str, Any]:
    """A generated row as SQLite stores it: times as ISO text, days as ISO dates."""
    return {
        k: _ts(v) if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v
        for k, v in row.items()
    }


def generate(path: Path, turns: int) -> None:
    store = SQLiteStore(path)
    conn = store._conn
    conn.execute("PRAGMA synchronous = OFF")  # set-up speed only; the bench itself is FULL
    attempt_rows: list[dict[str, Any]] = []
    turn_rows: list[dict[str, Any]] = []
    made = 0
    conn.execute("BEGIN IMMEDIATE")
    for attempt_row, turns_of in drills(turns):
        attempt_rows.append(_as_text(attempt_row))
        turn_rows.extend(_as_text(t) for t in turns_of)
        made += len(turns_of)
        if len(turn_rows) >= 50_000 or made >= turns:
            conn.executemany(q.INSERT_ATTEMPT, attempt_rows)
            conn.executemany(q.INSERT_TURN, turn_rows)
            attempt_rows.clear()
            turn_rows.clear()
    for sql in TOTALS:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    store.close()


def timed(label: str, budget_ms: float, call: Callable[[], object], runs: int = 7) -> None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    first, median, worst = times[0], statistics.median(times), max(times)
    verdict = "ok" if median <= budget_ms else "OVER BUDGET"
    print(
        f"  {label:<44} first {first:7.1f} ms  median {median:7.1f} ms  "
        f"max {worst:7.1f} ms  (budget {budget_ms:g} ms: {verdict})"
    )


def time_log_turn(store: Store, rep: str, title: str, count: int = 300) -> None:
    """Log `count` turns of one new attempt of `rep`, timing each call; print the figures."""
    attempt = AttemptRecord(new_id(), rep, "objection/x", 1, "0" * 64, "X")
    store.start_attempt(attempt)
    result = _score(70)
    times = []
    for seq in range(1, count + 1):
        turn = TurnRecord(new_id(), attempt.id, seq, "s", "line", ANSWER, "typed", result)
        t0 = time.perf_counter()
        store.log_turn(turn)
        times.append((time.perf_counter() - t0) * 1000)
    store.finish_attempt(
        attempt.id, AttemptStatus.FINISHED, datetime.now(UTC), "win", "closed", 70.0
    )
    store.close()
    times.sort()
    median, p95, worst = statistics.median(times), times[int(0.95 * len(times))], times[-1]
    verdict = "ok" if p95 <= 10 else "OVER BUDGET"
    print(f"{title}, {count} turns:")
    print(
        f"  median {median:.2f} ms  p95 {p95:.2f} ms  max {worst:.2f} ms  (budget 10 ms: {verdict})"
    )


def bench_log_turn(folder: Path, count: int = 300) -> None:
    store = SQLiteStore(folder / "fresh.sqlite3")
    time_log_turn(store, "alex", "log one turn durably (WAL, synchronous=FULL)", count)


def bench_queries(path: Path) -> None:
    store = SQLiteStore(path)
    turns = store._conn.execute("SELECT count(*) FROM turns").fetchone()[0]
    attempts = store._conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    size = path.stat().st_size / 1e6
    print(f"queries over {turns:,} turns in {attempts:,} attempts ({size:,.0f} MB):")
    rep = REPS[3]
    today = datetime.now().astimezone().date()
    week_ago = datetime.now(UTC) - timedelta(days=7)
    newest = store.history(limit=1)[0].id
    timed("history, one rep, newest 50", 100, lambda: store.history(rep, limit=50))
    timed("history, everyone, newest 50", 100, lambda: store.history(limit=50))
    timed("history, one rep, last 7 days", 100, lambda: store.history(rep, since=week_ago))
    timed(
        "history, one rep + scenario, all",
        100,
        lambda: store.history(rep, SCENARIOS[5]),
    )
    timed("show one attempt (id prefix)", 100, lambda: store.attempt(newest[:8]))
    timed(
        "stats, one rep (14 days, streaks, weakest)", 100, lambda: read_practice(store, rep, CLOCK)
    )
    timed(
        "stats, one rep, last year",
        100,
        lambda: read_practice(store, rep, CLOCK, since=today - timedelta(days=365)),
    )
    timed("stats, everyone (14 days)", 100, lambda: read_practice(store, None, CLOCK))
    timed("scenario summary, one rep", 100, lambda: store.scenario_summary(rep))
    timed("score trends (Progress), one rep", 100, lambda: store.score_trends(rep))
    timed(
        "practice per rep, last 14 days",
        100,
        lambda: store.rep_activity(date.today() - timedelta(days=13)),
    )
    timed(
        "daily activity, one rep, last year",
        100,
        lambda: store.daily_activity(rep, today - timedelta(days=365)),
    )
    store.close()

    trainer = Path(sys.executable).with_name("trainer")
    print("whole commands (process start included):")
    for args in (["history", "--rep", rep], ["stats", "--rep", rep]):
        t0 = time.perf_counter()
        subprocess.run([str(trainer), "--db", str(path), *args], check=True, capture_output=True)
        print(f"  trainer {' '.join(args):<38} {(time.perf_counter() - t0) * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--turns", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="generate the log here once and reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        folder = Path(tmp)
        bench_log_turn(folder)
        path = args.keep or folder / "big.sqlite3"
        if not path.exists():
            t0 = time.perf_counter()
            generate(path, args.turns)
            print(f"(generated {args.turns:,} turns in {time.perf_counter() - t0:.0f} s)")
        bench_queries(path)


if __name__ == "__main__":
    main()
