"""Drilling in the app: answers scored on screen, retry, hint, model answer, end call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.conftest import GOOD, NOW, REP, pilot_test, send_answer, settle, type_text
from trainer.clock import FixedClock
from trainer.practice.rules import attempt_result
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen, Feedback
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.words import result_word


def conversation_text(app: TrainerApp) -> str:
    screen = app.screen
    assert isinstance(screen, DrillScreen)
    return "\n".join(str(w.render()) for w in screen.query("#conversation > Static"))


def logged(tmp: Path) -> list[object]:
    from trainer.store.open import open_store

    store = open_store(str(tmp / "log.sqlite3"))
    try:
        return [store.attempt(a.id) for a in store.history(rep=REP)]
    finally:
        store.close()


async def open_budget_drill(app: TrainerApp, pilot: object) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    app.start_drilling("tui/budget")
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, DrillScreen)


@pilot_test
async def test_a_drill_runs_to_the_end_with_feedback_after_each_answer(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    clock = FixedClock(NOW)
    app = make_app(filled=False, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        assert "We just don't have the budget" in conversation_text(app)
        clock.advance(1.5)  # the rep thinks before typing
        await type_text(pilot, GOOD)
        clock.advance(4.0)
        await pilot.press("enter")
        await settle(pilot)
        text = conversation_text(app)
        assert "✓ Acknowledges her point" in text
        assert "✓ Asks what the budget is measured against" in text
        assert "Our budget line is two thousand a month." in text
        assert "Trust" in str(app.screen.query_one("#meters", Static).render())
        assert "70" in str(app.screen.query_one("#meters", Static).render())
        await send_answer(pilot, "Shall we meet on Tuesday at 2pm to work out the saving?")
        text = conversation_text(app)
        assert "Call over: won" in text
        assert "Tuesday at two works." in text
    details = logged(tui_env)
    assert len(details) == 1
    detail = details[0]
    assert detail.attempt.status == "finished" and detail.attempt.outcome == "win"  # type: ignore[attr-defined]
    first = detail.turns[0]  # type: ignore[attr-defined]
    assert first.answer_text == GOOD
    assert first.pause_s == 1.5 and first.duration_s == 4.0


@pilot_test
async def test_retry_answers_the_same_line_again_and_the_first_answer_stops_counting(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await send_answer(pilot, "I can give you a discount.")
        assert "Call over: lost" in conversation_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = conversation_text(app)
        assert "Call over" not in text  # the summary is gone: the call goes on
        assert text.count("We just don't have the budget") == 2
        assert app.screen.query(".retried")  # the first answer is shown as superseded
        assert "the call keeps its result and score" in text  # the call was over: practice
        await send_answer(pilot, GOOD)
        assert "Our budget line is two thousand a month." in conversation_text(app)
    detail = logged(tui_env)[0]
    # A call played to its end keeps its result (trainer.practice.rules): the retry's
    # answer is logged as practice, and closing the app mid-retry changes nothing.
    assert [t.retried for t in detail.turns] == [False, True]  # type: ignore[attr-defined]
    assert detail.attempt.status == "finished" and detail.attempt.outcome == "loss"  # type: ignore[attr-defined]


@pilot_test
async def test_hint_and_model_answer_are_shown_on_request(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint: Find out what the budget is measured against." in conversation_text(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Model answer: That's fair. Compared to what" in conversation_text(app)


@pilot_test
async def test_ending_the_call_keeps_the_answers_and_shows_a_summary(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await send_answer(pilot, GOOD)
        await pilot.press("escape")  # asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Call over: ended early" in conversation_text(app)
        await pilot.press("escape")  # close the drill
        await settle(pilot)
        assert not isinstance(app.screen, DrillScreen)
    detail = logged(tui_env)[0]
    assert detail.attempt.status == "abandoned"  # type: ignore[attr-defined]
    assert len(detail.turns) == 1  # type: ignore[attr-defined]


@pilot_test
async def test_a_call_ended_without_an_answer_says_no_answer_as_history_does(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await pilot.press("escape", "y")
        await settle(pilot)
        said = conversation_text(app)
        assert "Call over: no answer" in said and "ended early" not in said, said
    # History's word for the same attempt
    [detail] = logged(tui_env)
    assert result_word(attempt_result(detail.attempt)) == "no answer"  # type: ignore[attr-defined]


@pilot_test
async def test_an_empty_answer_is_not_sent(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query(Feedback)
    assert logged(tui_env)[0].turns == []  # type: ignore[attr-defined]


@pilot_test
async def test_keys_typed_while_the_call_starts_are_kept_and_an_early_enter_is_sent(
    make_app: Callable[..., TrainerApp], tui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rep who starts typing the moment the drill opens loses nothing, even when opening
    the log is slow (here held back until the keys are in)."""
    import threading

    from trainer.drill.recorder import DrillRecorder

    gate = threading.Event()
    start = DrillRecorder.start

    def slow_start(self: DrillRecorder) -> object:
        gate.wait(10)
        return start(self)

    monkeypatch.setattr(DrillRecorder, "start", slow_start)
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await pilot.pause()
        for key in "That's fair.":
            await pilot.press(
                "apostrophe"
                if key == "'"
                else "space"
                if key == " "
                else "full_stop"
                if key == "."
                else key
            )
        await pilot.press("enter")
        await pilot.pause()
        waiting = conversation_text(app)  # the prospect has not spoken yet
        assert waiting == "Dana Ruiz: … (the call is starting)"
        assert app.screen.query_one(AnswerBox).text == "That's fair."
        gate.set()
        await settle(pilot)
        text = conversation_text(app)
        assert "We just don't have the budget" in text
        assert "You: That's fair." in text
        assert "✓ Acknowledges her point" in text
    turn = logged(tui_env)[0].turns[0]  # type: ignore[attr-defined]
    assert turn.answer_text == "That's fair."
    assert turn.pause_s == 0.0


@pilot_test
async def test_the_timer_starts_when_the_prospects_line_appears(
    make_app: Callable[..., TrainerApp],
    tui_env: Path,
    isolated_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prospect's voice takes 2 s to load (then turns out unavailable): the first line
    appears only then, and "since their line" starts at 0:00 there, not at 0:02."""
    import time

    from trainer.drill.prospect_voice import ProspectSpeaker
    from trainer.speech.errors import SpeechError

    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(settings.read_text().replace("speak_prospect = false", ""))
    clock = FixedClock(NOW)
    app = make_app(filled=False, clock=clock)

    def slow_load(*args: object, **kwargs: object) -> ProspectSpeaker:
        deadline = time.monotonic() + 30
        while not (isinstance(app.screen, DrillScreen) and app.screen.drill is not None):
            assert time.monotonic() < deadline  # the call has started, its line waits
            time.sleep(0.01)
        clock.advance(2.0)  # the voice took 2 s to load
        raise SpeechError("no voice", "install one")

    monkeypatch.setattr(ProspectSpeaker, "load", slow_load)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.drill is not None
        assert "We just don't have the budget" in conversation_text(app)
        screen._tick()  # what the screen does every second
        timer = str(screen.query_one("#timer", Static).render())
        assert "since their line 0:00" in timer, timer
        clock.advance(1.0)
        await type_text(pilot, GOOD)
        await pilot.press("enter")
        await settle(pilot)
    turn = logged(tui_env)[0].turns[0]  # type: ignore[attr-defined]
    assert round(turn.pause_s, 3) == 1.0  # from the line's appearance, not 3.0


@pilot_test
async def test_history_shows_no_input_for_a_call_without_an_answer(
    make_app: Callable[..., TrainerApp],
) -> None:
    """Nothing was typed or said: History's Input reads "—" (not "typed"), and the attempt
    view names no way of answering either."""
    from textual.widgets import DataTable, Static

    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        await pilot.press("escape", "y")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#attempts", DataTable)
        [row] = [[str(c).strip() for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert row[-1] == "—" and "typed" not in row
        await pilot.press("enter")
        await settle(pilot)
        head = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "no answer" in head and "typed" not in head
