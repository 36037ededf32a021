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
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "team"))

import psycopg
from bench_store import REPS, SCENARIOS, TOTALS, drills, time_log_turn, timed
from pg_server import PgServer, find_bindir

from trainer.clock import SystemClock
from trainer.practice.stats import read_practice
from trainer.store import pg_schema
from trainer.store import queries as q
from trainer.store.postgres import PostgresStore, connect

CLOCK = SystemClock()  # the stats read as of today, like `trainer stats`

PASSWORD = "bench-pw"


def generate(conn: psycopg.Connection, turns: int) -> None:
    turn_rows: list[tuple[object, ...]] = []
    with conn.transaction(), conn.cursor() as cur:
        # Loaded as the admin with the server's totals triggers off (schema 2); the totals
        # are then summed once, below, as the triggers would have kept them.
        cur.execute("ALTER TABLE attempts DISABLE TRIGGER USER")
        cur.execute("ALTER TABLE turns DISABLE TRIGGER USER")
        with cur.copy(f"COPY attempts ({', '.join(q.ATTEMPT_COLUMNS)}) FROM STDIN") as a_copy:
            for attempt_row, turns_of in drills(turns):
                a_copy.write_row(tuple(attempt_row[c] for c in q.ATTEMPT_COLUMNS))
                turn_rows.extend(tuple(t[c] for c in q.TURN_COLUMNS) for t in turns_of)
        with cur.copy(f"COPY turns ({', '.join(q.TURN_COLUMNS)}) FROM STDIN") as t_copy:
            for row in turn_rows:
                t_copy.write_row(row)
        for sql in TOTALS:
            cur.execute(sql)
        cur.execute("ALTER TABLE attempts ENABLE TRIGGER USER")
        cur.execute("ALTER TABLE turns ENABLE TRIGGER USER")
    conn.execute("VACUUM ANALYZE")


def bench_log_turn(url: str, rep: str, count: int = 300) -> None:
    title = f"log one turn as {rep} (one committed transaction, fsync on, loopback)"
    time_log_turn(PostgresStore(url), rep, title, count)


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
    timed(
        "history, one rep, last 7 days", 100, lambda: store.history(rep or REPS[3], since=week_ago)
    )
    timed(
        "history, one rep + scenario, all", 100, lambda: store.history(rep or REPS[3], SCENARIOS[5])
    )
    timed("show one attempt (id prefix)", 100, lambda: store.attempt(newest[:8]))
    timed(
        "stats, one rep (14 days, streaks, weakest)",
        100,
        lambda: read_practice(store, rep or REPS[3], CLOCK),
    )
    timed(
        "stats, one rep, last year",
        100,
        lambda: read_practice(store, rep or REPS[3], CLOCK, since=today - timedelta(days=365)),
    )
    if rep is None:
        timed("stats, everyone (14 days)", 100, lambda: read_practice(store, None, CLOCK))
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
        print(
            f"(generated {args.turns:,} turns in {attempts[0] if attempts else 0:,} attempts "
            f"in {time.perf_counter() - t0:.0f} s; database "
            f"{(size[0] if size else 0) / 1e6:,.0f} MB)"
        )
        conn.close()
        bench_log_turn(server.url(rep, password=PASSWORD), rep)
        bench_queries(server.url(rep, password=PASSWORD), rep, rep)
        bench_queries(server.url("boss", password=PASSWORD), "manager boss", None)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
