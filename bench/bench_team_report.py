"""The team report on a real team server: 50 reps, 1,000,000 turns, each rep with three
assignments (a scenario, a tag of 20 scenarios, a kind of 200), read as a manager the way
the Team place and `trainer team report` read it (trainer.practice.team.read_team).
Budget: 200 ms (docs/DESIGN §8). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_team_report.py [--turns 1000000] [--reps 50]

The log is generated on the server with generate_series (about 6 answers per attempt over
two years, 200 scenarios), loaded as the admin with the totals triggers off, then the
per-day and per-scenario totals summed once as the triggers keep them.

The report includes each rep's due backlog, from their schedule saved in the log
(trainer.practice.schedule_cache): timed cold (nothing saved yet: every rep's whole log
replayed, then saved by the manager's report), in a new process (the saved schedules read:
`trainer team report` again) and warm (the app's Team place again).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "team"))

import psycopg
from bench_store import TOTALS, timed
from pg_server import PgServer, find_bindir

from trainer.clock import SystemClock
from trainer.practice import schedule_cache
from trainer.practice.schedule import due_queue, read_schedules
from trainer.practice.stats import heard_lines_of, weakest
from trainer.practice.team import read_team
from trainer.store import pg_schema
from trainer.store.plan_records import Assignment, TargetKind
from trainer.store.postgres import PostgresStore, connect
from trainer.store.schedule_sql import SCHEDULE_TABLES

PASSWORD = "bench-pw"
SCENARIOS = 200
TURNS_PER_ATTEMPT = 6
FACTS = {
    f"objection/scenario-{i:03d}": (f"Scenario {i}", "objection", ("price",) if i % 10 == 0 else ())
    for i in range(SCENARIOS)
}

ATTEMPTS = """
INSERT INTO attempts (id, rep, scenario_id, scenario_version, scenario_hash, scenario_title,
    mode, input_kind, seed, started_at, local_day, ended_at, last_activity_at, status,
    outcome, ending_id, score, turn_count, active_s, writer_host, writer_boot, writer_pid,
    writer_start)
SELECT md5(g::text), 'rep' || lpad((g %% %(reps)s)::text, 2, '0'),
    'objection/scenario-' || lpad(((g * 7) %% 200)::text, 3, '0'), 1, repeat('a', 64),
    'Scenario ' || ((g * 7) %% 200), 'solo', 'typed', g, t, t::date, t + interval '4 min',
    t + interval '4 min', CASE WHEN g %% 5 = 0 THEN 'abandoned' ELSE 'finished' END,
    NULL, NULL, CASE WHEN g %% 5 = 0 THEN NULL ELSE 30 + (g * 13) %% 70 END,
    %(per)s, 240, 'bench', 'boot', 1, 'start'
FROM (SELECT g, now() - (g::float8 * 730 * 86400 / %(attempts)s) * interval '1 second' AS t
      FROM generate_series(1, %(attempts)s) g) s
"""
TURNS = """
INSERT INTO turns (id, attempt_id, seq, step_id, prospect_line, answer_text, input_kind,
    score, result_json, pause_s, duration_s, hint_used, retried, audio_path, created_at)
SELECT md5(a.id || n), a.id, n, 'step-' || n, 'It is too expensive.', 'I hear you.',
    'typed', a.seed %% 101, json_build_object('score', a.seed %% 101)::text, 0.8, 6.5,
    false, false, NULL, a.started_at + n * interval '30 s'
FROM attempts a, generate_series(1, %(per)s) n
"""


def generate(conn: psycopg.Connection, turns: int, reps: int) -> int:
    attempts = turns // TURNS_PER_ATTEMPT
    params = {"reps": reps, "attempts": attempts, "per": TURNS_PER_ATTEMPT}
    with conn.transaction():
        conn.execute("ALTER TABLE attempts DISABLE TRIGGER USER")
        conn.execute("ALTER TABLE turns DISABLE TRIGGER USER")
        # The readable-details check runs per row; generated rows are known readable.
        conn.execute("ALTER TABLE turns DROP CONSTRAINT turn_result_readable")
        conn.execute(ATTEMPTS, params)
        conn.execute(TURNS, params)
        for sql in TOTALS:
            conn.execute(sql)
        conn.execute(
            "ALTER TABLE turns ADD CONSTRAINT turn_result_readable "
            "CHECK (trainer_result_ok(result_json, score)) NOT VALID"
        )
        conn.execute("ALTER TABLE attempts ENABLE TRIGGER USER")
        conn.execute("ALTER TABLE turns ENABLE TRIGGER USER")
    conn.execute("VACUUM ANALYZE")
    return attempts


def assign(store: PostgresStore, reps: list[str]) -> None:
    given = datetime.now(UTC) - timedelta(days=14)
    due = date.today() + timedelta(days=3)
    plan = []
    for rep in reps:
        plan += [
            Assignment(
                rep,
                TargetKind.SCENARIO,
                "objection/scenario-007",
                due,
                5,
                0,
                70,
                assigned_by="boss",
                assigned_at=given,
            ),
            Assignment(
                rep, TargetKind.TAG, "price", due, 10, 30, assigned_by="boss", assigned_at=given
            ),
            Assignment(
                rep,
                TargetKind.KIND,
                "objection",
                due - timedelta(days=7),
                20,
                60,
                assigned_by="boss",
                assigned_at=given,
            ),
        ]
    store.add_assignments(plan)


def paired(calls: dict[str, Callable[[], object]], rounds: int = 9) -> None:
    """Each call once per round, in turn (the machine's load hits them alike); medians, and
    each call's median extra time over the first (the reference) round by round."""
    times: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(rounds):
        for label, call in calls.items():
            t0 = time.perf_counter()
            call()
            times[label].append((time.perf_counter() - t0) * 1000)
    reference = next(iter(times.values()))
    for label, found in times.items():
        extra = statistics.median(t - r for t, r in zip(found, reference, strict=True))
        verdict = "ok" if statistics.median(found) <= 200 else "OVER BUDGET"
        print(
            f"  {label:<50} median {statistics.median(found):7.1f} ms  "
            f"(+{extra:5.1f} ms over the reference; budget 200 ms: {verdict})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--turns", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=50)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        sys.exit("PostgreSQL server binaries not found: apt-get install postgresql")
    reps = [f"rep{i:02d}" for i in range(args.reps)]
    server = PgServer(bindir, fsync=True).start()
    try:
        server.create_database("trainer")
        conn = connect(server.admin_url())
        pg_schema.setup(conn)
        for rep in reps:
            pg_schema.add_login(conn, rep, PASSWORD, pg_schema.REP_ROLE)
        pg_schema.add_login(conn, "boss", PASSWORD, pg_schema.MANAGER_ROLE)
        t0 = time.perf_counter()
        attempts = generate(conn, args.turns, args.reps)
        turns = conn.execute("SELECT count(*) FROM turns").fetchone()
        print(
            f"(generated {turns[0] if turns else 0:,} turns in {attempts:,} attempts of "
            f"{args.reps} reps in {time.perf_counter() - t0:.0f} s)"
        )
        conn.close()
        boss = PostgresStore(server.url("boss", password=PASSWORD))
        assign(boss, reps)
        clock = SystemClock()

        def no_cache() -> None:  # as just after the upgrade: no schedule saved yet
            schedule_cache.forget_memo()
            with connect(server.admin_url()) as admin:
                for table in SCHEDULE_TABLES:
                    admin.execute(f"DELETE FROM {table}")

        def cold() -> object:
            no_cache()
            return read_team(boss, FACTS, clock)

        def new_process() -> object:
            schedule_cache.forget_memo()
            return read_team(boss, FACTS, clock)

        timed(
            "team report, cold: no schedule saved (the first after the upgrade)", 200, cold, runs=1
        )
        timed(
            "  the same without the due backlog (Team place, first)",
            200,
            lambda: read_team(boss, FACTS, clock, with_schedules=False),
        )
        report = read_team(boss, FACTS, clock)
        due = sum(r.due for r in report.rows)
        print(f"  (due backlog: {due} drills due for {len(report.rows)} reps)")
        print(
            f"as manager boss: {len(report.rows)} rows, "
            f"{sum(len(r.assignments) for r in report.rows)} assignments"
        )
        from trainer.practice.assignments import covered

        plan = boss.assignments()
        wanted = [(a, covered(a, FACTS)) for a in plan]
        since = datetime.now(UTC) - timedelta(days=28)
        print("  parts:")
        timed("  team members", 200, boss.team_members)
        timed(
            "  per-day totals since last Monday",
            200,
            lambda: boss.team_days(date.today() - timedelta(days=14)),
        )
        timed("  last day practised per rep", 200, boss.team_last_days)
        timed("  assignments", 200, boss.assignments)
        timed(
            f"  progress of {len(plan)} assignments", 200, lambda: boss.assignments_totals(wanted)
        )
        timed("  pair practice per rep, 28 days", 200, lambda: boss.team_pair_practice(since))
        timed("  latest pair note per rep", 200, boss.latest_pair_notes)
        today = date.today()
        timed(
            f"  due backlog of {len(reps)} reps (warm caches)",
            200,
            lambda: [
                due_queue(s, list(FACTS), today, 0) for s in read_schedules(boss, reps).values()
            ],
        )
        timed(
            f"  weak spots of {len(reps)} reps (warm caches)",
            200,
            lambda: [weakest(s, clock.now(), 3) for s in read_schedules(boss, reps).values()],
        )
        spots = {r: weakest(s, clock.now(), 3) for r, s in read_schedules(boss, reps).items()}
        timed(
            f"  the lines heard at the weak steps of {len(reps)} reps "
            f"({sum(w.step_id is not None for ws in spots.values() for w in ws)} steps)",
            200,
            lambda: heard_lines_of(boss, spots),
        )
        paired(
            {
                "team report without the due backlog (reference)": lambda: read_team(
                    boss, FACTS, clock, with_schedules=False
                ),
                "team report, warm (the Team place again)": lambda: read_team(boss, FACTS, clock),
                "team report, new process (saved schedules read)": new_process,
            }
        )
        timed(
            "team report, last 7 days window",
            200,
            lambda: read_team(boss, FACTS, clock, date.today() - timedelta(days=6)),
        )
        boss.close()
        own = PostgresStore(server.url(reps[3], password=PASSWORD))
        timed(
            f"the same as rep {reps[3]} (own rows only)", 200, lambda: read_team(own, FACTS, clock)
        )
        own.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
