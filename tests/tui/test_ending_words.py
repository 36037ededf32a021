"""What the drill says, and offers, around ending a call (QA qa10b items 2-4).

- Ending or quitting during a retry after a played-out call says what really happens: the
  call keeps its result and score, the retry is practice (trainer.practice.rules); ending a
  call without an answer (a solo drill or a pair card) says it counts for nobody.
- Esc pressed together with enter on an answer waits for it: never "End this call?" over a
  call that answer ended, and the summary shows first (docs/keys.md); mid-call it asks once
  the feedback is in.
- A retry after the call's end, ended early, can be retried again, and a retry's summary
  counts the answers its score is over, not the ones it replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import (
    GOOD,
    drilling,
    logged_attempt,
    pilot_test,
    send_answer,
    settle,
    type_text,
)
from tests.tui.test_pair_screens import open_pair
from trainer.store.open import open_store
from trainer.store.records import AttemptStatus
from trainer.tui.app import TrainerApp
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.pair_partner import PairPartnerScreen

WORSE = "I can give you a discount."  # loses the call at once: lost, 4
CLOSING = "Shall we meet on Tuesday at 2pm to work out the saving?"  # wins it
STAYS_LOST = "The call stays lost, 4; the retry is practice."
NO_ANSWER = "No answer yet, so the call counts for nobody: it is not a drill."


def _summary(app: TrainerApp) -> str:
    return str(app.screen.query("#conversation .summary").last(Static).render())


async def _asked(pilot: Pilot[Any], *keys: str) -> ConfirmScreen:
    await pilot.press(*keys)
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ConfirmScreen)
    return dialog


@pilot_test
async def test_ending_or_quitting_a_retry_after_the_call_says_the_call_keeps_its_result(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    async with drilling(make_app) as (app, pilot, _):
        await send_answer(pilot, WORSE)
        assert _summary(app).startswith("Call over: lost")
        await pilot.press("r")
        await settle(pilot)
        quitting = await _asked(pilot, "ctrl+q")
        assert (quitting.question, quitting.detail) == ("Quit trainer?", STAYS_LOST)
        await pilot.press("n")
        await settle(pilot)
        ending = await _asked(pilot, "escape")
        assert (ending.question, ending.detail) == ("End this call?", STAYS_LOST)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, GOOD)
        typed = await _asked(pilot, "escape")
        assert typed.detail == f"What you have typed is not sent. {STAYS_LOST}"
        await pilot.press("y")
        await settle(pilot)
        assert _summary(app).startswith("Retry: ended early")
    detail = logged_attempt(tui_env)  # and so it is: lost, 4
    assert (detail.attempt.outcome, detail.attempt.score) == ("loss", 4.0)


@pilot_test
async def test_ending_a_call_without_an_answer_says_it_counts_for_nobody(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    async with drilling(make_app) as (_, pilot, _):
        ending = await _asked(pilot, "escape")
        assert ending.detail == NO_ANSWER
        await pilot.press("n")
        await settle(pilot)
        await send_answer(pilot, GOOD)
        ending = await _asked(pilot, "escape")  # one answer: a drill, ended early
        assert ending.detail == "The call is kept as ended early."


@pilot_test
async def test_the_pair_card_says_a_call_without_an_answer_counts_for_nobody(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        assert isinstance(app.screen, PairPartnerScreen)
        ending = await _asked(pilot, "escape")
        assert (ending.question, ending.detail) == ("End this call?", NO_ANSWER)
        await pilot.press("n")
        await settle(pilot)
        quitting = await _asked(pilot, "ctrl+q")
        assert (quitting.question, quitting.detail) == ("Quit trainer?", NO_ANSWER)
        await pilot.press("y")
        await settle(pilot)
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        attempts = store.history()
    finally:
        store.close()
    assert [a.is_drill for a in attempts] == [False]  # no drill, for nobody


def _enter_and_esc(app: TrainerApp) -> None:
    """Enter and esc arriving together (one read from the terminal): no wait between them."""
    driver = app._driver
    assert driver is not None
    for key, char in (("enter", "\r"), ("escape", "\x1b")):
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


LONG = " ".join(["Understood, that's fair, and I hear you on the budget."] * 60) + " " + CLOSING


async def _last_answer_with_esc(app: TrainerApp, pilot: Pilot[Any], last: str) -> None:
    await send_answer(pilot, GOOD)
    await type_text(pilot, last)
    _enter_and_esc(app)
    await settle(pilot)


@pilot_test
async def test_esc_with_enter_on_a_short_last_answer_shows_the_summary_first(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    async with drilling(make_app) as (app, pilot, screen):
        await _last_answer_with_esc(app, pilot, CLOSING)
        assert app.screen is screen  # no "End this call?" over a call that is over
        assert not screen.esc_waits
        assert _summary(app).startswith("Call over: won")
        await pilot.press("escape")  # esc again closes, as docs/keys.md says
        await settle(pilot)
        assert not isinstance(app.screen, DrillScreen)
    detail = logged_attempt(tui_env)
    assert [t.answer_text for t in detail.turns] == [GOOD, CLOSING]
    assert detail.attempt.status is AttemptStatus.FINISHED


@pilot_test
async def test_esc_with_enter_on_a_long_last_answer_shows_the_summary_first(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    async with drilling(make_app) as (app, pilot, screen):
        await _last_answer_with_esc(app, pilot, LONG)
        assert app.screen is screen
        assert _summary(app).startswith("Call over:")
    detail = logged_attempt(tui_env)
    assert len(detail.turns) == 2 and detail.attempt.status is AttemptStatus.FINISHED


@pilot_test
async def test_esc_with_enter_mid_call_asks_once_the_answer_is_in(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    async with drilling(make_app) as (app, pilot, screen):
        await type_text(pilot, GOOD)
        _enter_and_esc(app)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)  # the call goes on: esc asks to end it
        assert dialog.detail == "The call is kept as ended early."  # nothing typed is lost
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen and _summary(app).startswith("Call over: ended early")
    detail = logged_attempt(tui_env)
    assert [t.answer_text for t in detail.turns] == [GOOD]
    assert detail.attempt.status is AttemptStatus.ABANDONED


@pilot_test
async def test_a_retry_after_the_call_ended_early_can_be_retried_again(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    async with drilling(make_app) as (app, pilot, screen):
        await send_answer(pilot, WORSE)  # lost at once, 1 answer
        await pilot.press("r")
        await settle(pilot)
        await _asked(pilot, "escape")
        await pilot.press("y")
        await settle(pilot)
        summary = _summary(app)
        # The retry gave no answer: none counted on its line (the call's 1 is its own).
        assert summary.startswith("Retry: ended early   Score —   0 answers"), summary
        assert "r or ^r retry the last answer" in summary
        assert screen.query_one("#next-retry").display
        await pilot.press("r")  # the same line again
        await settle(pilot)
        shown = "\n".join(str(w.render()) for w in screen.query("#conversation > Static"))
        assert shown.count("We just don't have the budget for this right now.") == 3
        await send_answer(pilot, GOOD)
        await send_answer(pilot, CLOSING)
        assert _summary(app).startswith("Retry: won   Score 100   2 answers")
        assert "Practice only: the call stays lost, 4." in _summary(app)
    detail = logged_attempt(tui_env)
    assert (detail.attempt.outcome, detail.attempt.score) == ("loss", 4.0)
    assert [t.retried for t in detail.turns] == [False, True, True]
