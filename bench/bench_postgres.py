"""Team-server figures: logging one turn (committed, fsync on) and history / stats queries
over a generated log, as a rep (row-level security applied) and as a manager, against a
real PostgreSQL started on 127.0.0.1. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_postgres.py [--turns 1000000]

Needs the PostgreSQL server binaries (Debian: apt-get install postgresql) and psycopg.
The log is generated like bench_store.py's (10 reps, 200 scenarios, about 6 answers per
attempt over two years), loaded with COPY.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "team"))

import psycopg
from bench_store import ANSWER, REPS, SCENARIOS, _score, timed
from pg_server import PgServer, find_bindir

from trainer.store import pg_schema
from trainer.store import queries as q
from trainer.store.postgres import PostgresStore, connect
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord, new_id

PASSWORD = "bench-pw"


def generate(conn: psycopg.Connection, turns: int) -> None:
    rng = random.Random(7)
    results = {s: json.dumps(_score(s).to_dict(), separators=(",", ":")) for s in range(101)}
    now = datetime.now(UTC)
    start = now - timedelta(days=730)
    made = 0
    with conn.transaction(), conn.cursor() as cur:
        with cur.copy(f"COPY attempts ({', '.join(q.ATTEMPT_COLUMNS)}) FROM STDIN") as a_copy:
            turn_rows: list[tuple[object, ...]] = []
            while made < turns:
                count = min(rng.randint(3, 9), turns - made)
                started = start + timedelta(seconds=rng.uniform(0, 730 * 86400))
                ended = started + timedelta(seconds=40 * count)
                attempt_id = new_id()
                scores = [rng.randint(20, 100) for _ in range(count)]
                for seq, score in enumerate(scores, 1):
                    turn_rows.append((
                        new_id(), attempt_id, seq, f"step-{seq}",
                        "Honestly, it's just too expensive for us right now.", ANSWER,
                        "typed", float(score), results[score], 0.9, 11.0, False, False, None,
                        started + timedelta(seconds=40 * seq),
                    ))
                scenario = rng.choice(SCENARIOS)
                a_copy.write_row((
                    attempt_id, rng.choice(REPS), scenario, 1, "0" * 64,
                    scenario.split("/")[1].title(), "solo", "typed", 0, started,
                    started.astimezone().date(), ended, ended, "finished", "win", "closed",
                    sum(scores) / len(scores), count, 40.0 * count, "bench", "", 1, "",
                ))
                made += count
        with cur.copy(f"COPY turns ({', '.join(q.TURN_COLUMNS)}) FROM STDIN") as t_copy:
            for row in turn_rows:
                t_copy.write_row(row)
        cur.execute(
            "INSERT INTO daily_practice SELECT a.rep, a.local_day, count(*), sum(a.active_s), "
            "sum(a.turn_count), sum(t.score_sum) FROM attempts a JOIN (SELECT attempt_id, "
            "sum(score) AS score_sum FROM turns GROUP BY attempt_id) t ON t.attempt_id = a.id "
            "GROUP BY a.rep, a.local_day"
        )
        cur.execute(
            "INSERT INTO scenario_practice SELECT rep, scenario_id, count(*), max(score), "
            "max(started_at) FROM attempts GROUP BY rep, scenario_id"
        )
    conn.execute("VACUUM ANALYZE")


def bench_log_turn(url: str, rep: str, count: int = 300) -> None:
    store = PostgresStore(url)
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
    print(f"log one turn as {rep} (one committed transaction, fsync on, loopback), "
          f"{count} turns:")
    print(
        f"  median {median:.2f} ms  p95 {p95:.2f} ms  max {worst:.2f} ms  (budget 10 ms: {verdict})"
    )


def bench_queries(url: str, who: str, rep: str | None) -> None:
    store = PostgresStore(url)
    today = datetime.now().astimezone().date()
    week_ago = datetime.now(UTC) - timedelta(days=7)
    newest = store.history(rep, limit=1)[0].id
    print(f"as {who} ({'row-level security: own rows' if rep else 'reads everyone'}):")
    timed("history, one rep, newest 50", 100, lambda: store.history(rep or REPS[3], limit=50))
    if rep is None:
        timed("history, everyone, newest 50", 100, lambda: store.history(limit=50))
    timed("history, newest 50 (no filter)", 100, lambda: store.history(limit=50))
    timed("history, one rep, last 7 days", 100,
          lambda: store.history(rep or REPS[3], since=week_ago))
    timed("history, one rep + scenario, all", 100,
          lambda: store.history(rep or REPS[3], SCENARIOS[5]))
    timed("show one attempt (id prefix)", 100, lambda: store.attempt(newest[:8]))
    timed("stats, one rep (14 days, streaks, weakest)", 100,
          lambda: store.stats(rep or REPS[3]))
    timed("stats, one rep, last year", 100,
          lambda: store.stats(rep or REPS[3], since=today - timedelta(days=365)))
    if rep is None:
        timed("stats, everyone (14 days)", 100, lambda: store.stats(None))
    timed("scenario summary, one rep", 100, lambda: store.scenario_summary(rep or REPS[3]))
    timed("score trends (Progress), one rep", 100, lambda: store.score_trends(rep or REPS[3]))
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--turns", type=int, default=1_000_000)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        sys.exit("PostgreSQL server binaries not found: apt-get install postgresql")
    server = PgServer(bindir, fsync=True).start()
    try:
        server.create_database("trainer")
        conn = connect(server.admin_url())
        pg_schema.setup(conn)
        for rep in REPS:
            pg_schema.add_login(conn, rep, PASSWORD, pg_schema.REP_ROLE)
        pg_schema.add_login(conn, "boss", PASSWORD, pg_schema.MANAGER_ROLE)
        rep = REPS[3]
        t0 = time.perf_counter()
        generate(conn, args.turns)
        attempts = conn.execute("SELECT count(*) FROM attempts").fetchone()
        size = conn.execute("SELECT pg_database_size('trainer')").fetchone()
        print(f"(generated {args.turns:,} turns in {attempts[0] if attempts else 0:,} attempts "
              f"in {time.perf_counter() - t0:.0f} s; database "
              f"{(size[0] if size else 0) / 1e6:,.0f} MB)")
        conn.close()
        bench_log_turn(server.url(rep, password=PASSWORD), rep)
        bench_queries(server.url(rep, password=PASSWORD), rep, rep)
        bench_queries(server.url("boss", password=PASSWORD), "manager boss", None)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
