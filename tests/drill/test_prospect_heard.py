"""The drill service's timing rule with the prospect's voice: the pause before answering,
typed or spoken, runs from the end of the prospect's audio; a cut-in is kept with the
answer as a delivery note (logged with its result), never as a score."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from trainer.clock import FixedClock
from trainer.drill.run import start_drill
from trainer.drill.voice import SpokenTurn
from trainer.scenario.library import load_library
from trainer.scoring.answer import Answer, TimedWord
from trainer.settings import Settings
from trainer.speech.transcript import Transcript
from trainer.store.sqlite import SQLiteStore


def _drill(tmp_path: Path, clock: FixedClock):  # type: ignore[no-untyped-def]
    loaded = load_library([], include_user=False).get("objection/too-expensive")
    store = SQLiteStore(tmp_path / "log.sqlite3")
    drill = start_drill(loaded, store, settings=Settings(rep="ana"), clock=clock, seed=1)
    drill.start()
    return drill, store


def test_a_typed_pause_runs_from_the_end_of_the_prospects_line(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    drill, store = _drill(tmp_path, clock)
    shown = drill.audio_reference()
    clock.advance(3.0)  # the line takes 3 s to say
    drill.prospect_heard(shown + 3.0)
    assert drill.audio_reference() == shown + 3.0
    clock.advance(1.2)  # the rep thinks, then types
    outcome = drill.answer_typed("Fair. Compared to what?", first_key_at=clock.monotonic())
    assert round(outcome.answer.pause_s, 6) == 1.2  # not 4.2: the pause starts when the line ended
    store.close()


def test_a_cut_in_is_a_delivery_note_on_the_spoken_answer_and_logged(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    drill, store = _drill(tmp_path, clock)
    drill.prospect_heard(time.monotonic(), cut_in_s=1.234)
    words = [
        TimedWord("compared", 0.5, 0.9),
        TimedWord("to", 0.9, 1.0),
        TimedWord("what", 1.0, 1.3),
    ]
    spoken = SpokenTurn(
        Transcript(text="compared to what", words=tuple(words)),
        Answer.spoken(words, pause_s=0.1),
        None,
        0.0,
        0.0,
    )
    outcome = drill.answer_spoken(spoken)
    notes = {m.id: m for m in outcome.result.delivery}
    assert notes["cut_in_s"].actual == 1.23 and notes["cut_in_s"].ok is None  # no target
    assert notes["cut_in_s"].label == "Cut in on the prospect"
    assert outcome.result.score == store.attempt(drill.attempt_id).turns[0].result.score
    logged = store.attempt(drill.attempt_id).turns[0].result.delivery
    assert any(m.id == "cut_in_s" and m.actual == 1.23 for m in logged)
    # the next line starts clean: no cut-in until the rep cuts in again
    if outcome.next is not None and not drill.finished:
        assert drill._cut_in_s is None
    store.close()


def test_the_lines_that_may_follow_are_every_branchs_variants_and_last_words(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    drill, store = _drill(tmp_path, clock)
    scenario = drill.loaded.scenario
    step = scenario.step(drill.view().current.step_id)
    expected: list[str] = []
    for branch in step.next or ():
        if branch.goto in {s.id for s in scenario.steps}:
            expected += scenario.step(branch.goto).prospect
        elif scenario.endings.get(branch.goto) and scenario.endings[branch.goto].prospect:
            expected.append(scenario.endings[branch.goto].prospect)
    following = drill.lines_that_may_follow()
    assert following and set(following) == set(expected)
    outcome = drill.answer_typed("Fair. Compared to what?")
    if outcome.next is not None and not drill.finished:
        assert outcome.next.line in following  # the line that came was made ahead
    store.close()


def test_a_typed_pause_runs_from_when_the_line_appeared(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """A line that waits 2 s for the prospect's voice to load is shown late: the pause (and
    the screen's "since their line" timer, `line_shown_at`) run from when it appeared."""
    clock = FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    drill, store = _drill(tmp_path, clock)
    clock.advance(2.0)  # the voice loads; the line is not on screen yet
    drill.line_appeared()
    assert drill.line_shown_at == clock.monotonic()
    clock.advance(1.5)
    outcome = drill.answer_typed("Fair. Compared to what?", first_key_at=clock.monotonic())
    assert round(outcome.answer.pause_s, 6) == 1.5  # not 3.5
    store.close()
