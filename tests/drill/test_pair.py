"""Pair practice core: the partner's verdict and branch, tags, the note in a real log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.clock import FixedClock
from trainer.drill.pair import (
    MomentTag,
    PairCall,
    PairRoles,
    branch_choices,
    checklist,
    hidden_facts,
    human_verdict,
    rep_sight,
    side_by_side,
)
from trainer.drill.run import SessionError, start_drill
from trainer.drill.voice import SpokenTurn
from trainer.scenario.library import load_library
from trainer.scoring.answer import Answer
from trainer.settings import Settings
from trainer.speech.transcript import Transcript
from trainer.store.open import open_store
from trainer.store.records import DrillMode

SCENARIO = "objection/too-expensive"


class Ticker:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 5.0
        return self.now


def _call(tmp_path: Path) -> PairCall:
    loaded = load_library(include_user=False).get(SCENARIO)
    store = open_store(str(tmp_path / "log.db"))
    clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    drill = start_drill(
        loaded, store, settings=Settings(), clock=clock, rep="ana", seed=1, mode=DrillMode.PAIR
    )
    return PairCall(drill, PairRoles("ana", "ben", "cy"), store, monotonic=Ticker())


def test_card_parts_read_the_scenario() -> None:
    scenario = load_library(include_user=False).get(SCENARIO).scenario
    facts = hidden_facts(scenario)
    assert [f.text for f in facts] == [f.text for f in scenario.facts]
    # what unlocks a fact reads as plain words on the partner's card, never as a model dump
    assert facts[0].unlock == "you ask what she compares the price with"
    assert all("=" not in (f.unlock or "") for f in facts)
    step = scenario.step(scenario.first_step)
    assert [i.id for i in checklist(step)] == [c.key for c in step.rubric]
    choices = branch_choices(scenario, step)
    assert {c.goto for c in choices} == {b.goto for b in step.next or []}
    assert all("→" in c.words for c in choices)


def test_ticks_score_the_turn_and_the_partner_picks_the_branch(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    step = call.drill.loaded.scenario.step(call.drill.view().current.step_id)  # type: ignore[union-attr]
    items = checklist(step)
    call.toggle(items[0].id)
    call.tag(MomentTag.GREAT_LINE)
    low = [c for c in branch_choices(call.drill.loaded.scenario, step)][-1]
    turn = call.take(low.goto)
    assert turn.auto is None  # nobody but the partner heard it
    assert turn.outcome.result.passed == {items[0].id}
    assert turn.outcome.result.score == human_verdict(step, frozenset({items[0].id})).score
    note = call.store.pair_note(call.drill.attempt_id)
    assert note is not None
    assert (note.rep, note.partner, note.observer) == ("ana", "ben", "cy")
    assert note.turns[0].ticks == [items[0].id] and note.turns[0].branch == low.goto
    assert note.tags[0].kind == "great-line" and note.tags[0].seq == 1
    call.end("Good energy; ask before you answer.")
    note = call.store.pair_note(call.drill.attempt_id)
    assert note is not None and note.comment.startswith("Good energy")
    assert note.partner_seconds > 0
    history = call.store.history(rep="ana")
    assert len(history) == 1 and history[0].mode is DrillMode.PAIR and history[0].turn_count == 1
    count, seconds = call.store.partner_practice("ben", datetime.now(UTC) - timedelta(hours=1))
    assert count == 1 and seconds == note.partner_seconds


def test_a_branch_the_step_lacks_is_refused(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    with pytest.raises(SessionError):
        call.take("no-such-branch")


def test_a_heard_answer_gets_both_verdicts(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    text = "that's fair what are you comparing it to"
    spoken = SpokenTurn(Transcript(text), Answer.typed(text), None, 0.0, 0.0)
    turn = call.take(None, spoken)
    assert turn.auto is not None
    rows = side_by_side(turn.outcome.result, turn.auto)
    assert any(r.disagree for r in rows)  # nothing ticked, yet the scorer heard moves


def test_the_rep_sees_lines_not_the_card(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    sight = rep_sight(call.store, "ana", datetime.now(UTC) - timedelta(minutes=5))
    assert sight is not None and len(sight.lines) == 1 and not sight.finished
    call.take(None)
    sight = rep_sight(call.store, "ana", datetime.now(UTC) - timedelta(minutes=5))
    assert sight is not None and len(sight.lines) >= 1


def test_forgetting_the_rep_deletes_their_pair_notes(tmp_path: Path) -> None:
    call = _call(tmp_path)
    call.start()
    call.take(None)
    call.end("A note about ana.")
    gone = call.store.forget_rep("ana")
    assert gone.attempts == 1
    assert call.store.pair_note(call.drill.attempt_id) is None
    assert call.store.partner_practice("ben", datetime.now(UTC) - timedelta(hours=1))[0] == 0
