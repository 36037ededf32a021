"""The shown total follows from the shown turn scores on the team server too: an attempt's
score is the mean of its answers in whole points (100 and 2.5, shown 100 and 3, make 51.5,
read 52), and the server takes it, as it still takes a call ended by an older trainer with
the mean of the tenths (51.2); any other score is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from tests.store import logdata
from trainer.scoring.format import score_points
from trainer.scoring.scorer import attempt_score
from trainer.store.postgres import PostgresStore
from trainer.store.records import AttemptRecord, AttemptStatus

from .conftest import TeamDb

pytestmark = pytest.mark.real_part


@pytest.fixture
def alex(team_db: TeamDb) -> Iterator[PostgresStore]:
    store = PostgresStore(team_db.url("alex"))
    yield store
    store.close()


def _drill(store: PostgresStore, scores: list[float]) -> AttemptRecord:
    attempt = logdata.attempt(rep="alex", started_at=datetime.now(UTC) - timedelta(minutes=5))
    store.start_attempt(attempt)
    for seq, score in enumerate(scores, 1):
        store.log_turn(logdata.turn(attempt, seq, score))
    return attempt


def test_the_server_takes_the_mean_of_the_points_shown(
    alex: PostgresStore, team_db: TeamDb
) -> None:
    total = attempt_score([100.0, 2.5])
    assert (total, score_points(total)) == (51.5, "52")
    shown = _drill(alex, [100.0, 2.5])
    alex.finish_attempt(shown.id, AttemptStatus.ABANDONED, datetime.now(UTC), None, None, total)
    older = _drill(alex, [100.0, 2.5])  # an older trainer's mean of the tenths, 51.25
    alex.finish_attempt(older.id, AttemptStatus.ABANDONED, datetime.now(UTC), None, None, 51.2)
    stored = alex.attempt(shown.id)
    assert stored is not None and stored.attempt.score == 51.5
    assert not [p for p in alex.health_problems() if "not the mean" in p]
    forged = _drill(alex, [100.0, 2.5])
    with (
        psycopg.connect(team_db.url("alex"), autocommit=True) as conn,
        pytest.raises(psycopg.errors.CheckViolation, match="not the mean of its answers"),
    ):
        conn.execute(
            "UPDATE attempts SET status = 'abandoned', ended_at = now(), score = 60 WHERE id = %s",
            (forged.id,),
        )
