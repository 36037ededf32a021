"""An answer's write reaches the team server but its acknowledgement is lost (the network
drops at that moment, on the real server): the rep, told it was not saved, gives another
answer. The new answer counts, the landed one stays in the log as retried, the rep is told
so in plain words, and the call goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.tui.conftest import pilot_test
from trainer.clock import SystemClock
from trainer.drill.run import Drill, ProspectTurn, start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.base import StoreError
from trainer.store.postgres import PostgresStore
from trainer.store.records import AttemptStatus

from .conftest import TeamDb
from .lossy_link import LossyLink

pytestmark = pytest.mark.real_part
SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"

FIRST = "That's fair. Compared to what, another quote or the budget you set?"
INSTEAD = "Fair enough. What are you comparing our price with?"
LATER = (
    "What does their quote include for re-planning?",
    "Could we book 20 minutes Thursday to compare?",
)


@pytest.fixture
def link(team_db: TeamDb) -> Iterator[LossyLink]:
    found = LossyLink(team_db.server.port)
    yield found
    found.close()


@pytest.fixture
def blake(team_db: TeamDb, link: LossyLink) -> Iterator[PostgresStore]:
    store = PostgresStore(link.url(team_db.url("blake")))
    yield store
    store.close()


def _drill(store: PostgresStore) -> Drill:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    drill = start_drill(loaded, store, settings=Settings(), clock=SystemClock(), seed=1)
    drill.start()
    return drill


def _logged(team_db: TeamDb, attempt_id: str) -> list[tuple[int, str, bool]]:
    with psycopg.connect(team_db.admin_url) as conn:
        rows = conn.execute(
            "SELECT seq, answer_text, retried FROM turns WHERE attempt_id = %s ORDER BY seq",
            (attempt_id,),
        ).fetchall()
    return [(int(a), str(b), bool(c)) for a, b, c in rows]


def _lose_the_reply_to(drill: Drill, link: LossyLink, text: str) -> None:
    link.lose_next_commit_reply()
    with pytest.raises(StoreError):
        drill.answer_typed(text)
    assert link.lost.is_set()


def test_another_answer_after_a_lost_acknowledgement_replaces_the_landed_one(
    team_db: TeamDb, blake: PostgresStore, link: LossyLink
) -> None:
    drill = _drill(blake)
    line = drill.view().current
    _lose_the_reply_to(drill, link, FIRST)
    assert _logged(team_db, drill.attempt_id) == [(1, FIRST, False)]  # it landed
    assert drill.view().current == line and not drill.view().turns  # the rep was told not

    outcome = drill.answer_typed(INSTEAD)
    assert outcome.note is not None
    assert "did reach the practice log" in outcome.note and FIRST[:40] in outcome.note
    assert "this one counts in its place" in outcome.note
    view = drill.view()
    assert [(t.answer.text, t.retried) for t in view.turns] == [(FIRST, True), (INSTEAD, False)]
    assert _logged(team_db, drill.attempt_id) == [(1, FIRST, True), (2, INSTEAD, False)]

    for text in LATER:  # the call goes on to its end
        if isinstance(drill.view().current, ProspectTurn):
            drill.answer_typed(text)
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    assert [t.seq for t in ended.turns] == list(range(1, len(ended.turns) + 1))
    assert ended.attempt.turn_count == len(ended.turns)
    assert drill.view().score == ended.attempt.score
    assert blake.skipped_numbers() == ([], [])  # `trainer doctor` finds no gap


def test_another_answer_after_the_last_answers_acknowledgement_was_lost_reopens_the_call(
    team_db: TeamDb, blake: PostgresStore, link: LossyLink
) -> None:
    drill = _drill(blake)
    for text in (FIRST, LATER[0]):
        drill.answer_typed(text)
    _lose_the_reply_to(drill, link, LATER[1])  # the answer that ends the call
    landed = blake.attempt(drill.attempt_id)
    assert landed is not None and landed.attempt.status is AttemptStatus.FINISHED
    assert not drill.finished  # as far as the rep knows, the call waits for this answer

    outcome = drill.answer_typed("Shall we compare both quotes on Thursday at ten?")
    assert outcome.note is not None and "did reach the practice log" in outcome.note
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    assert [(t.seq, t.retried) for t in ended.turns] == [
        (1, False),
        (2, False),
        (3, True),
        (4, False),
    ]
    assert drill.finished and ended.attempt.score == drill.view().score


def test_another_answer_after_a_write_that_did_not_land_is_logged_plainly(
    team_db: TeamDb, blake: PostgresStore
) -> None:
    drill = _drill(blake)
    with team_db.server.down(), pytest.raises(StoreError):
        drill.answer_typed(FIRST)
    outcome = drill.answer_typed(INSTEAD)
    assert outcome.note is None
    assert _logged(team_db, drill.attempt_id) == [(1, INSTEAD, False)]


@pilot_test
async def test_the_app_says_what_became_of_the_answer_whose_acknowledgement_was_lost(
    team_db: TeamDb, link: LossyLink, isolated_dirs: Path
) -> None:
    from tests.tui.conftest import send_answer, settle
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.drill import DrillScreen
    from trainer.tui.widgets.answer_box import AnswerBox

    app = TrainerApp(db=link.url(team_db.url("blake")), shipped_dir=SHIPPED, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling("objection/too-expensive")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.drill is not None
        link.lose_next_commit_reply()
        await send_answer(pilot, FIRST)
        assert link.lost.is_set()
        notes = [str(n.message) for n in app._notifications]
        assert any("The connection was lost" in n for n in notes)
        box = screen.query_one("#answer", AnswerBox)
        assert box.text == FIRST  # kept: the rep changes it
        box.clear()
        await send_answer(pilot, INSTEAD)
        said = [str(w.render()) for w in screen.query("#conversation > Static")]
        assert any("did reach the practice log" in s for s in said)  # in the conversation
        notes = [str(n.message) for n in app._notifications]
        assert any("did reach the practice log" in n for n in notes)  # and in sight
        assert not any("could not" in n for n in [str(n.message) for n in app._notifications])
        assert screen.drill.view().current is not None  # the call goes on
    assert _logged(team_db, screen.drill.attempt_id) == [(1, FIRST, True), (2, INSTEAD, False)]


def test_a_landed_answer_that_ended_the_call_long_ago_stands_and_the_rep_is_told(
    team_db: TeamDb, blake: PostgresStore, link: LossyLink
) -> None:
    drill = _drill(blake)
    for text in (FIRST, LATER[0]):
        drill.answer_typed(text)
    _lose_the_reply_to(drill, link, LATER[1])
    with psycopg.connect(team_db.admin_url) as conn:  # the rep comes back 31 minutes later
        conn.execute(
            "UPDATE attempts SET started_at = started_at - interval '2 hours', "
            "ended_at = now() - interval '31 minutes' WHERE id = %s",
            (drill.attempt_id,),
        )
    outcome = drill.answer_typed("Shall we compare both quotes on Thursday at ten?")
    assert outcome.answer.text == LATER[1]  # what the log has, and the feedback shows
    assert outcome.note is not None and "it stands" in outcome.note
    assert "Drill the scenario again" in outcome.note
    assert drill.finished and drill.view().ending is not None
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    assert [(t.seq, t.retried) for t in ended.turns] == [(1, False), (2, False), (3, False)]
    assert ended.attempt.score == drill.view().score
