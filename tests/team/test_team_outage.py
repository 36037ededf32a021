"""The team server goes down in the middle of a drill, on the real server: nothing the rep
typed is logged against a line they never saw, turns stay consecutive, the call ends cleanly
once the server is back, and what the rep is told is true."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from trainer.clock import SystemClock
from trainer.drill.run import Drill, EndOfCall, ProspectTurn, start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.base import StoreError
from trainer.store.postgres import PostgresStore
from trainer.store.records import AttemptStatus

from .conftest import TeamDb

pytestmark = pytest.mark.real_part

ANSWERS = (
    "That's fair. Compared to what, another quote or the budget you set?",
    "What does their quote include for re-planning?",
    "Could we book 20 minutes Thursday to compare?",
)


@pytest.fixture
def blake(team_db: TeamDb) -> Iterator[PostgresStore]:
    store = PostgresStore(team_db.url("blake"))
    yield store
    store.close()


def _drill(store: PostgresStore) -> Drill:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    drill = start_drill(loaded, store, settings=Settings(), clock=SystemClock(), seed=1)
    drill.start()
    return drill


def _logged(team_db: TeamDb, attempt_id: str) -> list[tuple[int, str, str, str]]:
    with psycopg.connect(team_db.admin_url) as conn:
        rows = conn.execute(
            "SELECT seq, step_id, prospect_line, answer_text FROM turns "
            "WHERE attempt_id = %s ORDER BY seq",
            (attempt_id,),
        ).fetchall()
    return [(int(a), str(b), str(c), str(d)) for a, b, c, d in rows]


def test_an_answer_sent_during_an_outage_goes_to_the_line_the_rep_saw(
    team_db: TeamDb, blake: PostgresStore
) -> None:
    drill = _drill(blake)
    drill.answer_typed(ANSWERS[0])
    seen = drill.view().current
    assert isinstance(seen, ProspectTurn)

    with team_db.server.down(), pytest.raises(StoreError) as failed:
        drill.answer_typed(ANSWERS[1])
    said = str(failed.value)
    assert "Cannot reach the team server" in said
    assert "Nothing from this write was saved" in said
    assert "reconnects on the next try" in said
    # The rep still sees the line they were answering, and nothing else moved on.
    view = drill.view()
    assert view.current == seen
    assert view.answers == 1 and not view.finished

    # The server is back: the same answer, sent again, is logged against that line.
    outcome = drill.answer_typed(ANSWERS[1])
    assert (outcome.seq, outcome.step_id, outcome.prospect_line) == (2, seen.step_id, seen.line)
    n = 2
    while not drill.view().finished:
        n += 1
        drill.answer_typed(ANSWERS[min(n - 1, len(ANSWERS) - 1)])
    logged = _logged(team_db, drill.attempt_id)
    assert [seq for seq, *_ in logged] == list(range(1, n + 1))
    assert logged[1] == (2, seen.step_id, seen.line, ANSWERS[1])

    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    assert ended.attempt.score == drill.view().score
    assert blake.health_problems() == []


def test_the_answer_that_ends_the_call_is_logged_with_the_end_once_the_server_is_back(
    team_db: TeamDb, blake: PostgresStore
) -> None:
    """The last answer and the call's end are one write: an outage never leaves the answer
    logged but the call open (later read as unfinished, with no score)."""
    drill = _drill(blake)
    for text in ANSWERS[:2]:
        drill.answer_typed(text)
    last = drill.view().current
    assert last is not None and last.step_id == "value-case"

    with team_db.server.down(), pytest.raises(StoreError, match="Nothing from this write"):
        drill.answer_typed(ANSWERS[2])
    assert drill.view().current == last and not drill.view().finished
    assert len(_logged(team_db, drill.attempt_id)) == 2

    outcome = drill.answer_typed(ANSWERS[2])
    assert isinstance(outcome.next, EndOfCall)
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None
    assert ended.attempt.status is AttemptStatus.FINISHED
    assert [t.seq for t in ended.turns] == [1, 2, 3]
    assert ended.attempt.score == drill.view().score


def test_ending_the_call_during_an_outage_can_be_done_again_once_the_server_is_back(
    team_db: TeamDb, blake: PostgresStore
) -> None:
    drill = _drill(blake)
    drill.answer_typed(ANSWERS[0])
    with team_db.server.down(), pytest.raises(StoreError, match="Nothing from this write"):
        drill.end()
    assert not drill.finished
    drill.end()
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.ABANDONED
    assert ended.attempt.score == drill.view().score
