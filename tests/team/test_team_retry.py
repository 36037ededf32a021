"""Retry after the call ended, on the real team server: the drill service reopens the rep's
own call to answer its last step again; finished calls stay closed to everything else."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from tests.store import logdata
from trainer.clock import SystemClock
from trainer.drill.run import Drill, start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
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


def test_a_rep_retries_the_last_answer_after_the_call_ended(
    stores: dict[str, PostgresStore],
) -> None:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    drill = start_drill(
        loaded, stores["alex"], settings=Settings(), clock=SystemClock(), rep="alex", seed=1
    )
    drill.start()
    play_to_the_end(drill)
    ended = stores["morgan"].attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    answered = len(ended.turns)

    line = drill.retry()  # was refused by row-level security
    assert line.line and not drill.view().finished
    reopened = stores["morgan"].attempt(drill.attempt_id)
    assert reopened is not None and reopened.attempt.status is AttemptStatus.IN_PROGRESS
    assert reopened.attempt.score is None and reopened.attempt.outcome is None
    assert [t.retried for t in reopened.turns] == [False] * (answered - 1) + [True]

    drill.answer_typed("Um, I can knock 20% off if you sign today.")
    play_to_the_end(drill)
    view = drill.view()
    final = stores["morgan"].attempt(drill.attempt_id)
    assert final is not None and final.attempt.status is AttemptStatus.FINISHED
    assert final.attempt.score == pytest.approx(view.score, abs=0.06)
    counted = [t.result.score for t in final.turns if not t.retried]
    assert final.attempt.score == pytest.approx(sum(counted) / len(counted), abs=0.06)
    assert len(final.turns) > answered  # the retried answer stays in the log
    # the score it first ended with is no best any more: the scenario's best is the final
    (summary,) = stores["alex"].scenario_summary("alex")
    assert summary.best_score == final.attempt.score


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
