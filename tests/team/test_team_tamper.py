"""A rep with psql cannot game the team log: no finished attempts out of nowhere, no totals of
their own making, no fake reps through `SET ROLE`, and malformed rows break no reader."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from tests.store import logdata
from tests.team.test_team_store import practice
from trainer.store import pg_schema
from trainer.store.base import StoreError
from trainer.store.postgres import PostgresStore, connect
from trainer.store.records import AttemptRecord, AttemptStatus

from .conftest import TeamDb

pytestmark = pytest.mark.real_part

_COLUMNS = (
    "id, rep, scenario_id, scenario_version, scenario_hash, scenario_title, mode, input_kind, "
    "seed, started_at, local_day, ended_at, last_activity_at, status, outcome, ending_id, score, "
    "turn_count, active_s, writer_host, writer_boot, writer_pid, writer_start"
)


def _insert_attempt(
    conn: Any,
    attempt_id: str,
    rep: str,
    *,
    finished: bool = False,
    score: float | None = None,
    turn_count: int = 0,
    active_s: float = 0.0,
) -> None:
    status = "finished" if finished else "in_progress"
    ended = "now()" if finished else "NULL"
    conn.execute(
        f"INSERT INTO attempts ({_COLUMNS}) VALUES (%s, %s, 'objection/too-expensive', 3, "
        f"'h', 'Too expensive', 'solo', 'typed', 0, now(), current_date, "
        f"{ended}, now(), %s, NULL, NULL, %s, %s, %s, 'h', 'b', 1, 's')",
        (attempt_id, rep, status, score, turn_count, active_s),
    )


def _insert_turn(conn: Any, attempt_id: str, seq: int, score: float, result_json: str) -> None:
    conn.execute(
        "INSERT INTO turns (id, attempt_id, seq, step_id, prospect_line, answer_text, "
        "input_kind, score, result_json, hint_used, retried, created_at) VALUES "
        "(%s, %s, %s, 'open', 'Too expensive.', 'ok', 'typed', %s, %s, false, false, now())",
        (f"{attempt_id}-{seq}", attempt_id, seq, score, result_json),
    )


@pytest.fixture
def alex_sql(team_db: TeamDb) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(team_db.url("alex"), autocommit=True) as conn:
        yield conn


@pytest.fixture
def stores(team_db: TeamDb) -> Iterator[dict[str, PostgresStore]]:
    found = {name: PostgresStore(team_db.url(name)) for name in ("alex", "morgan")}
    yield found
    for store in found.values():
        store.close()


def _drill(store: PostgresStore, scores: list[float]) -> AttemptRecord:
    attempt = logdata.attempt(rep="alex", started_at=datetime.now(UTC) - timedelta(minutes=5))
    store.start_attempt(attempt)
    for seq, score in enumerate(scores, 1):
        store.log_turn(logdata.turn(attempt, seq, score))
    return attempt


def test_a_rep_cannot_insert_a_finished_attempt(
    alex_sql: psycopg.Connection[Any], stores: dict[str, PostgresStore]
) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _insert_attempt(alex_sql, "f" * 32, "alex", finished=True, score=100.0)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _insert_attempt(alex_sql, "e" * 32, "alex", score=100.0)
    # Running totals given at insert are the server's to set: they start at nothing.
    _insert_attempt(alex_sql, "d" * 32, "alex", turn_count=40, active_s=99999.0)
    (forged,) = stores["morgan"].history()
    assert (forged.turn_count, forged.active_s, forged.score) == (0, 0.0, None)
    stats = practice(stores["morgan"], "alex")
    assert (stats.drills, stats.minutes, stats.answers) == (0, 0.0, 0)  # no answer: no drill


def test_a_rep_finishes_only_with_the_score_their_answers_earned(
    alex_sql: psycopg.Connection[Any], stores: dict[str, PostgresStore]
) -> None:
    alex = stores["alex"]
    attempt = _drill(alex, [40.0, 60.0])
    # The running columns are the server's, whatever an update says.
    alex_sql.execute(
        "UPDATE attempts SET turn_count = 500, active_s = 400000, "
        "last_activity_at = now() + interval '9 days' WHERE id = %s",
        (attempt.id,),
    )
    with pytest.raises(psycopg.errors.CheckViolation, match="not the mean of its answers"):
        alex_sql.execute(
            "UPDATE attempts SET status = 'finished', ended_at = now(), score = 100 WHERE id = %s",
            (attempt.id,),
        )
    with pytest.raises(psycopg.errors.CheckViolation, match="no score or outcome yet"):
        alex_sql.execute("UPDATE attempts SET score = 100 WHERE id = %s", (attempt.id,))
    now = datetime.now(UTC)
    alex.finish_attempt(attempt.id, AttemptStatus.FINISHED, now, "win", "closed", 50.0)
    # Finished: no longer the rep's to change (rewrite, reopen, retry flags).
    assert (
        alex_sql.execute(
            "UPDATE attempts SET score = 100, status = 'in_progress' WHERE id = %s", (attempt.id,)
        ).rowcount
        == 0
    )
    assert (
        alex_sql.execute(
            "UPDATE turns SET retried = true WHERE attempt_id = %s", (attempt.id,)
        ).rowcount
        == 0
    )
    stored = stores["morgan"].attempt(attempt.id)
    assert stored is not None
    assert stored.attempt.score == 50.0 and stored.attempt.turn_count == 2
    assert stored.attempt.active_s == pytest.approx(300, abs=5)
    stats = practice(stores["morgan"], "alex")
    assert (stats.drills, stats.answers, stats.average_score) == (1, 2, 50.0)
    assert stats.minutes == pytest.approx(5, abs=0.1)


def test_a_rep_cannot_write_totals(
    alex_sql: psycopg.Connection[Any], stores: dict[str, PostgresStore]
) -> None:
    played = _drill(stores["alex"], [70.0])  # a call played to its end: its average is 70
    stores["alex"].finish_attempt(
        played.id, AttemptStatus.FINISHED, datetime.now(UTC), "win", "closed", 70.0
    )
    for statement in (
        "INSERT INTO daily_practice VALUES ('alex', current_date - 1, 1064, 406800, 900, 90000)",
        "UPDATE daily_practice SET drills = 1064, answer_score_sum = 100 * answers",
        "INSERT INTO scenario_practice VALUES ('alex', 'x', 500, 100, now())",
        "UPDATE scenario_practice SET best_score = 100",
        "DELETE FROM daily_practice",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alex_sql.execute(statement)
    stats = practice(stores["morgan"], "alex")
    assert (stats.drills, stats.answers, stats.average_score) == (1, 1, 70.0)
    # ... and can still read their own.
    assert practice(stores["alex"]).drills == 1


def test_set_role_to_the_group_gains_nothing(
    alex_sql: psycopg.Connection[Any], stores: dict[str, PostgresStore]
) -> None:
    alex_sql.execute(f"SET ROLE {pg_schema.REP_ROLE}")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _insert_attempt(alex_sql, "d" * 32, pg_schema.REP_ROLE)
    _insert_attempt(alex_sql, "c" * 32, "alex")  # their own still works, under their login
    assert alex_sql.execute("SELECT count(*) FROM attempts").fetchone() == (1,)
    alex_sql.execute("RESET ROLE")
    assert {a.rep for a in stores["morgan"].history()} == {"alex"}
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alex_sql.execute(f"SET ROLE {pg_schema.MANAGER_ROLE}")


def test_malformed_turn_details_are_refused_and_old_ones_flagged(
    team_db: TeamDb, alex_sql: psycopg.Connection[Any], stores: dict[str, PostgresStore]
) -> None:
    from .conftest import trainer

    attempt = _drill(stores["alex"], [])
    for bad in (
        "{}",
        "[]",
        "not json",
        '{"score": 90}',
        '{"score": 80, "criteria": [1]}',
        '{"score": 80, "criteria": [{"id": "x"}]}',
        '{"score": 80, "guards": {}}',
    ):
        with pytest.raises(psycopg.errors.CheckViolation, match="turn_result_readable"):
            _insert_turn(alex_sql, attempt.id, 1, 80.0, bad)
    _insert_turn(alex_sql, attempt.id, 1, 80.0, '{"score": 80}')  # minimal but readable
    # A row written before the check (or by the admin behind it) reads as damaged.
    with psycopg.connect(team_db.admin_url, autocommit=True) as admin:
        admin.execute("ALTER TABLE turns DROP CONSTRAINT turn_result_readable")
        _insert_turn(admin, attempt.id, 2, 90.0, "{}")
    detail = stores["morgan"].attempt(attempt.id)
    assert detail is not None
    assert detail.turns[0].damaged is None
    damaged = detail.turns[1]
    assert damaged.score == 90.0 and damaged.damaged is not None
    assert damaged.damaged.startswith(f"turn 2 of attempt {attempt.id} is damaged")
    assert "damaged" in damaged.result.notes[0]
    manager = team_db.url("morgan")
    for args in (
        ("show", attempt.id),
        ("export",),
        ("export", "--format", "json"),
        ("history",),
        ("stats",),
    ):
        done = trainer(manager, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert (
        f"turn 2 of attempt {attempt.id} is damaged" in trainer(manager, "show", attempt.id).stderr
    )
    assert f"turn 2 of attempt {attempt.id} is damaged" in trainer(manager, "export").stderr
    doctor = trainer(manager, "doctor")
    assert doctor.returncode == 1 and "All good" not in doctor.stdout
    assert f"turn 2 of attempt {attempt.id} is damaged" in doctor.stdout


def test_team_setup_upgrades_a_schema_1_server(team_db: TeamDb, pg: Any) -> None:
    """A server set up by the previous trainer (schema 1), with practice on it, is brought
    to schema 2 by `team setup`; its totals carry on from where they were."""
    name = team_db.dbname + "_v1"
    pg.create_database(name)
    conn = connect(pg.admin_url(name))
    old = pg_schema.PG_MIGRATIONS
    try:
        pg_schema.PG_MIGRATIONS = old[:1]
        pg_schema.LATEST = 1
        assert pg_schema.setup(conn) == (0, 1)
    finally:
        pg_schema.PG_MIGRATIONS, pg_schema.LATEST = old, old[-1].version
    alex_url = pg.url("alex", name, "alex-pw")
    with psycopg.connect(alex_url, autocommit=True) as alex:  # as the old app wrote it
        _insert_attempt(alex, "b" * 32, "alex")
        alex.execute("INSERT INTO daily_practice VALUES ('alex', current_date, 1, 0, 0, 0)")
        alex.execute(
            "INSERT INTO scenario_practice VALUES "
            "('alex', 'objection/too-expensive', 1, NULL, now())"
        )
        # ... and what schema 1 let a rep do: a finished score-100 attempt, forged totals.
        _insert_attempt(alex, "9" * 32, "alex", finished=True, score=100.0, active_s=9e5)
        alex.execute(
            "INSERT INTO daily_practice VALUES ('alex', current_date - 3, 1064, 406800, 900, 90000)"
        )
    try:
        assert pg_schema.setup(conn) == (1, pg_schema.LATEST)
        assert pg_schema.setup(conn) == (pg_schema.LATEST, pg_schema.LATEST)
    finally:
        conn.close()
    store = PostgresStore(alex_url)
    try:
        stats = practice(store)
        assert (stats.drills, stats.answers) == (0, 0)  # forged day gone; no answer, no drill
        assert stats.minutes < 60  # the forged time practised too
        attempt = _drill(store, [60.0])
        store.finish_attempt(
            attempt.id, AttemptStatus.FINISHED, datetime.now(UTC), None, None, 60.0
        )
        assert (practice(store).drills, practice(store).answers) == (1, 1)
        # The forged score-100 attempt is named by doctor; the totals now match.
        assert store.health_problems() == [
            "1 attempt with a score that is not the mean of their answers (written by hand "
            "or before schema 2)"
        ]
    finally:
        store.close()
    with psycopg.connect(alex_url, autocommit=True) as alex:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _insert_attempt(alex, "a" * 32, "alex", finished=True, score=100.0)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alex.execute("UPDATE daily_practice SET drills = 99")


def test_a_rep_cannot_pad_their_minutes_with_made_up_times(
    alex_sql: psycopg.Connection[Any], stores: dict[str, PostgresStore]
) -> None:
    """Time practised runs from an attempt's start to its end, and both are held to the
    server's clock (give or take ten minutes): no attempt that started days ago, no end or
    answer in the future."""
    alex = stores["alex"]
    backdated = logdata.attempt(rep="alex", started_at=datetime.now(UTC) - timedelta(days=3))
    with pytest.raises(StoreError, match="row-level security"):
        alex.start_attempt(backdated)
    attempt = _drill(alex, [60.0])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a day long past, for streaks
        alex_sql.execute(
            f"INSERT INTO attempts ({_COLUMNS}) SELECT 'x' || id, rep, scenario_id, "
            "scenario_version, scenario_hash, scenario_title, mode, input_kind, seed, now(), "
            "current_date - 30, NULL, now(), 'in_progress', NULL, NULL, NULL, 0, 0, writer_host, "
            "writer_boot, writer_pid, writer_start FROM attempts LIMIT 1"
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _insert_turn_at(alex_sql, attempt.id, 2, "now() + interval '2 days'")
    later = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(StoreError, match="row-level security"):
        alex.finish_attempt(attempt.id, AttemptStatus.FINISHED, later, None, None, 60.0)
    alex.finish_attempt(attempt.id, AttemptStatus.FINISHED, datetime.now(UTC), None, None, 60.0)
    assert practice(stores["morgan"], "alex").minutes == pytest.approx(5, abs=0.1)


def _insert_turn_at(conn: Any, attempt_id: str, seq: int, at: str) -> None:
    conn.execute(
        "INSERT INTO turns (id, attempt_id, seq, step_id, prospect_line, answer_text, "
        "input_kind, score, result_json, hint_used, retried, created_at) VALUES "
        f"(%s, %s, %s, 'open', 'x', 'ok', 'typed', 80, '{{\"score\": 80}}', false, false, {at})",
        (f"{attempt_id}-{seq}", attempt_id, seq),
    )


def test_a_rep_cannot_create_objects_beside_the_tables(
    alex_sql: psycopg.Connection[Any],
) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alex_sql.execute("CREATE TABLE public.daily_practice_copy (x int)")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alex_sql.execute("CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'")


def test_only_the_last_counted_answer_can_be_retried(
    alex_sql: psycopg.Connection[Any], stores: dict[str, PostgresStore]
) -> None:
    """A retry answers the last step again: dropping an earlier low answer from the score,
    or bringing a retried one back, is refused."""
    alex = stores["alex"]
    attempt = _drill(alex, [20.0, 90.0, 80.0])
    ids = dict(
        alex_sql.execute(
            "SELECT seq, id FROM turns WHERE attempt_id = %s ORDER BY seq", (attempt.id,)
        ).fetchall()
    )
    with pytest.raises(psycopg.errors.CheckViolation, match="only the last counted answer"):
        alex_sql.execute("UPDATE turns SET retried = true WHERE id = %s", (ids[1],))
    alex.mark_retried(ids[3])  # the drill's retry: the last answer
    alex.mark_retried(ids[2])  # and again: now the last counted one
    with pytest.raises(psycopg.errors.CheckViolation, match="stays retried"):
        alex_sql.execute("UPDATE turns SET retried = false WHERE id = %s", (ids[3],))
    now = datetime.now(UTC)
    with pytest.raises(StoreError, match="not the mean of its answers"):
        alex.finish_attempt(attempt.id, AttemptStatus.FINISHED, now, None, None, 90.0)
    alex.finish_attempt(attempt.id, AttemptStatus.FINISHED, now, None, None, 20.0)
