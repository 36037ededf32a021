"""Retry after the call ended, on the real team server: the call keeps its result and score
(trainer.practice.rules); the retry is practice, its answers added to the rep's own call
just played, retried (schema 9). Finished calls stay closed to everything else, and a
server upgraded while an older trainer was mid-retry loses nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from tests.drill.test_retry_practice import WORSE, kill_mid_retry
from tests.store import logdata
from tests.team.test_team_store import practice
from trainer.clock import FixedClock, SystemClock
from trainer.drill.run import Drill, start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store import pg_schema
from trainer.store.base import StoreError
from trainer.store.postgres import PostgresStore, connect
from trainer.store.records import AttemptRecord, AttemptStatus

from .conftest import TeamDb

pytestmark = pytest.mark.real_part

ANSWERS = (
    "That's fair. Compared to what, another quote or the budget you set?",
    "What does their quote include for re-planning?",
    "Could we book 20 minutes Thursday to compare?",
)


@pytest.fixture
def stores(team_db: TeamDb) -> Iterator[dict[str, PostgresStore]]:
    found = {name: PostgresStore(team_db.url(name)) for name in ("alex", "blake", "morgan")}
    yield found
    for store in found.values():
        store.close()


def play_to_the_end(drill: Drill) -> None:
    for n in range(12):
        if drill.view().finished:
            return
        drill.answer_typed(ANSWERS[min(n, len(ANSWERS) - 1)])
    raise AssertionError("the call did not end")


def test_a_retry_after_the_end_is_practice_and_the_call_keeps_its_result(
    team_db: TeamDb, stores: dict[str, PostgresStore]
) -> None:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    alex, morgan = stores["alex"], stores["morgan"]
    drill = start_drill(loaded, alex, settings=Settings(), clock=SystemClock(), rep="alex", seed=1)
    drill.start()
    play_to_the_end(drill)
    ended = morgan.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    played = ended.attempt
    answered = len(ended.turns)
    answers_before = practice(alex).answers

    line = drill.retry()
    assert line.line and not drill.view().finished
    during = morgan.attempt(drill.attempt_id)
    assert during is not None  # nothing changed in the log: the call is still as played
    assert (during.attempt.status, during.attempt.score, during.attempt.outcome) == (
        AttemptStatus.FINISHED,
        played.score,
        played.outcome,
    )

    drill.answer_typed(WORSE)
    play_to_the_end(drill)
    view = drill.view()
    assert view.kept is not None and view.kept.score == played.score
    final = morgan.attempt(drill.attempt_id)
    assert final is not None
    kept = final.attempt
    assert (kept.status, kept.score, kept.outcome, kept.ending_id, kept.ended_at) == (
        AttemptStatus.FINISHED,
        played.score,
        played.outcome,
        played.ending_id,
        played.ended_at,
    )
    retry = final.turns[answered:]
    assert retry and all(t.retried for t in retry) and retry[0].answer_text == WORSE
    assert not any(t.retried for t in final.turns[:answered])
    # counted as answers (practice volume) and time, never in the score or the best
    assert kept.turn_count == len(final.turns)
    assert practice(alex).answers == answers_before + len(retry)
    assert kept.active_s == pytest.approx((retry[-1].created_at - kept.started_at).total_seconds())
    (summary,) = alex.scenario_summary("alex")
    assert summary.best_score == played.score
    assert [r.seq for r in alex.review_rows("alex")] == list(range(1, answered + 1))
    assert alex.health_problems() == []  # the server's totals match the rows
    admin = connect(team_db.admin_url)  # and rebuilt from the rows, they read the same
    column = "SELECT active_s FROM attempts WHERE id = %s"
    try:
        kept_by_server = admin.execute(column, (drill.attempt_id,)).fetchone()
        pg_schema.rebuild_totals(admin)
        rebuilt = admin.execute(column, (drill.attempt_id,)).fetchone()
    finally:
        admin.close()
    assert kept_by_server is not None and rebuilt is not None
    assert kept_by_server[0] == pytest.approx(kept.active_s, abs=0.001)
    assert rebuilt[0] == pytest.approx(kept.active_s, abs=0.001)
    assert practice(alex).answers == answers_before + len(retry)
    assert alex.health_problems() == []


def test_a_retry_half_an_hour_after_the_call_is_refused_in_one_line(
    stores: dict[str, PostgresStore],
) -> None:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    clock = FixedClock(datetime.now(UTC))  # the server's clock, give or take a second
    drill = start_drill(loaded, stores["alex"], settings=Settings(), clock=clock, rep="alex")
    drill.start()
    play_to_the_end(drill)
    clock.advance(31 * 60)  # the result screen left open
    with pytest.raises(StoreError, match=r"more than 30 minutes ago.*keeps its result"):
        drill.retry()
    assert drill.view().finished and drill.view().kept is None  # nothing changed
    kept = stores["morgan"].attempt(drill.attempt_id)
    assert kept is not None and kept.attempt.status is AttemptStatus.FINISHED


def test_killed_mid_retry_on_the_team_server_nothing_acknowledged_is_lost(
    team_db: TeamDb, stores: dict[str, PostgresStore]
) -> None:
    attempt_id, score = kill_mid_retry(team_db.url("alex"))
    detail = stores["morgan"].attempt(attempt_id)
    assert detail is not None
    assert detail.attempt.status is AttemptStatus.FINISHED
    assert detail.attempt.score == pytest.approx(score)
    worse = [t for t in detail.turns if t.answer_text == WORSE]
    assert len(worse) == 1 and worse[0].retried  # acknowledged: kept, as practice
    assert detail.attempt.turn_count == len(detail.turns)


@pytest.fixture
def alex_sql(team_db: TeamDb) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(team_db.url("alex"), autocommit=True) as conn:
        yield conn


def _finished(store: PostgresStore, rep: str, scores: list[float]) -> AttemptRecord:
    attempt = logdata.attempt(rep=rep, started_at=datetime.now(UTC) - timedelta(minutes=5))
    store.start_attempt(attempt)
    for seq, score in enumerate(scores, 1):
        turn = logdata.turn(attempt, seq, score)
        turn.id = f"{attempt.id}-{seq}"
        store.log_turn(turn)
    mean = sum(scores) / len(scores)
    store.finish_attempt(
        attempt.id, AttemptStatus.FINISHED, datetime.now(UTC), "win", "closed", mean
    )
    return attempt


def test_a_closed_call_stays_closed_but_for_the_retry_of_its_last_answer(
    team_db: TeamDb, stores: dict[str, PostgresStore], alex_sql: psycopg.Connection[Any]
) -> None:
    alex, blake = stores["alex"], stores["blake"]
    attempt = _finished(alex, "alex", [40.0, 80.0])
    retry = "SELECT trainer_retry_ended(%s, %s)"
    # Its score, outcome and answers are not the rep's to change.
    for sql in (
        "UPDATE attempts SET score = 100 WHERE id = %s",
        "UPDATE attempts SET outcome = 'win', status = 'finished' WHERE id = %s",
        "UPDATE attempts SET status = 'in_progress', score = NULL WHERE id = %s",
    ):
        assert alex_sql.execute(sql, (attempt.id,)).rowcount == 0
    # Only the rep who played it, only its last counted answer.
    with pytest.raises(StoreError, match="row-level security"):
        blake.retry_ended(attempt.id, f"{attempt.id}-2", datetime.now(UTC))
    with pytest.raises(StoreError, match="only the last counted answer"):
        alex.retry_ended(attempt.id, f"{attempt.id}-1", datetime.now(UTC))
    with pytest.raises(psycopg.errors.CheckViolation, match="not a counted answer"):
        alex_sql.execute(retry, (attempt.id, "no-such-turn"))
    # Reopened, it finishes again only with the score its answers earn.
    alex.retry_ended(attempt.id, f"{attempt.id}-2", datetime.now(UTC))
    with pytest.raises(psycopg.errors.CheckViolation, match="not the mean of its answers"):
        alex_sql.execute(
            "UPDATE attempts SET status = 'finished', ended_at = now(), score = 100 WHERE id = %s",
            (attempt.id,),
        )
    alex.finish_attempt(attempt.id, AttemptStatus.FINISHED, datetime.now(UTC), None, None, 40.0)
    stored = stores["morgan"].attempt(attempt.id)
    assert stored is not None and stored.attempt.score == 40.0
    assert [t.retried for t in stored.turns] == [False, True]

    # An abandoned call, a call ended long ago: refused.
    abandoned = logdata.attempt(rep="alex", started_at=datetime.now(UTC) - timedelta(minutes=5))
    alex.start_attempt(abandoned)
    turn = logdata.turn(abandoned, 1, 50.0)
    alex.log_turn(turn)
    alex.finish_attempt(abandoned.id, AttemptStatus.ABANDONED, datetime.now(UTC), None, None, 50.0)
    with pytest.raises(StoreError, match="played to its end"):
        alex.retry_ended(abandoned.id, turn.id, datetime.now(UTC))
    old = _finished(alex, "alex", [60.0])
    admin = connect(team_db.admin_url)
    try:
        admin.execute(
            "UPDATE attempts SET started_at = started_at - interval '2 hours', "
            "ended_at = now() - interval '31 minutes' WHERE id = %s",
            (old.id,),
        )
    finally:
        admin.close()
    with pytest.raises(StoreError, match="more than 30 minutes ago"):
        alex.retry_ended(old.id, f"{old.id}-1", datetime.now(UTC))
    kept = stores["morgan"].attempt(old.id)
    assert kept is not None and kept.attempt.status is AttemptStatus.FINISHED
    assert [t.retried for t in kept.turns] == [False]


def _practice_turn(attempt: AttemptRecord, seq: int, retried: bool = True) -> Any:
    turn = logdata.turn(attempt, seq, 100.0, at=datetime.now(UTC))
    turn.retried = retried
    return turn


def test_a_rep_adds_a_retrys_answers_only_to_their_own_call_just_played(
    team_db: TeamDb, stores: dict[str, PostgresStore]
) -> None:
    alex, blake, morgan = stores["alex"], stores["blake"], stores["morgan"]
    attempt = _finished(alex, "alex", [40.0, 80.0])
    alex.log_turn(_practice_turn(attempt, 3))  # practice: retried from the start
    kept = morgan.attempt(attempt.id)
    assert kept is not None and kept.attempt.score == 60.0 and kept.attempt.turn_count == 3
    assert kept.attempt.status is AttemptStatus.FINISHED
    # A counted answer, another rep's practice: refused; the call is unchanged.
    with pytest.raises(StoreError, match="row-level security"):
        alex.log_turn(_practice_turn(attempt, 4, retried=False))
    with pytest.raises(StoreError, match="No attempt"):  # not blake's to see
        blake.log_turn(_practice_turn(attempt, 4))
    # A call whose last activity is more than 30 minutes old: refused.
    old = _finished(alex, "alex", [60.0])
    admin = connect(team_db.admin_url)
    try:
        admin.execute("ALTER TABLE attempts DISABLE TRIGGER attempt_rules")
        admin.execute(
            "UPDATE attempts SET started_at = started_at - interval '2 hours', "
            "ended_at = now() - interval '31 minutes', "
            "last_activity_at = now() - interval '31 minutes' WHERE id = %s",
            (old.id,),
        )
        admin.execute("ALTER TABLE attempts ENABLE TRIGGER attempt_rules")
    finally:
        admin.close()
    with pytest.raises(StoreError, match="row-level security"):
        alex.log_turn(_practice_turn(old, 2))
    after = morgan.attempt(attempt.id)
    assert after is not None and after.attempt.score == 60.0 and after.attempt.turn_count == 3
    assert alex.health_problems() == []


def test_a_server_upgraded_mid_retry_keeps_the_call_being_retried(team_db: TeamDb, pg: Any) -> None:
    """Schema 8 reopened a call to retry it. A server upgraded to schema 9 while a trainer
    of schema 8 is mid-retry: that trainer's answers and its end still go in, nothing is
    lost; the new trainer's retries keep the call."""
    name = team_db.dbname + "_v8"
    pg.create_database(name)
    conn = connect(pg.admin_url(name))
    latest = pg_schema.PG_MIGRATIONS
    alex_url = pg.url("alex", name, "alex-pw")
    try:
        pg_schema.PG_MIGRATIONS = latest[:8]
        pg_schema.LATEST = 8
        assert pg_schema.setup(conn) == (0, 8)
        pg_schema.add_member(conn, "alex")
        old = PostgresStore(alex_url)  # a trainer of schema 8, running on
    finally:
        pg_schema.PG_MIGRATIONS, pg_schema.LATEST = latest, latest[-1].version
    try:
        attempt = _finished(old, "alex", [40.0, 80.0])
        old.retry_ended(attempt.id, f"{attempt.id}-2", datetime.now(UTC))  # schema 8's retry
        try:
            assert pg_schema.setup(conn) == (8, pg_schema.LATEST)
        finally:
            conn.close()
        # The old trainer goes on: its answer and the call's end (its mean) go in.
        turn = logdata.turn(attempt, 3, 70.0, at=datetime.now(UTC))
        old.log_turn(turn)
        old.finish_attempt(attempt.id, AttemptStatus.FINISHED, datetime.now(UTC), "win", "x", 55.0)
    finally:
        old.close()
    new = PostgresStore(alex_url)
    try:
        detail = new.attempt(attempt.id)
        assert detail is not None and detail.attempt.status is AttemptStatus.FINISHED
        assert detail.attempt.score == 55.0 and len(detail.turns) == 3
        # The new trainer's retry of it is practice: the call keeps that result.
        new.log_turn(_practice_turn(attempt, 4))
        again = new.attempt(attempt.id)
        assert again is not None and again.attempt.score == 55.0
        assert again.attempt.turn_count == 4 and new.health_problems() == []
    finally:
        new.close()
