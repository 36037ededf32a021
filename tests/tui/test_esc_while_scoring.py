"""Esc pressed while an answer is still being scored is not lost: it acts once the feedback
is in (mid-call it asks to end the call; when that answer ended the call, the call is over
and its summary shows). The answer is logged once either way."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import (
    GOOD,
    drilling,
    logged_attempt,
    pilot_test,
    send_answer,
    settle,
    type_text,
)
from trainer.drill.run import Drill
from trainer.store.records import AttemptStatus
from trainer.tui.app import TrainerApp
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.home import HomeScreen

CLOSING = "Shall we meet on Tuesday at 2pm to work out the saving?"  # wins the call


@pytest.fixture
def scoring_held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """While the event is clear, a typed answer's scoring (and logging) waits for it."""
    free = threading.Event()
    free.set()
    answer_typed = Drill.answer_typed

    def held(self: Drill, *args: Any, **kwargs: Any) -> Any:
        free.wait(10)
        return answer_typed(self, *args, **kwargs)

    monkeypatch.setattr(Drill, "answer_typed", held)
    yield free
    free.set()


def _notes(app: TrainerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _esc_while_scored(pilot: Pilot[Any], free: threading.Event, answer: str) -> None:
    """Send `answer`, press esc while it is being scored, then let the scoring finish."""
    app = pilot.app
    assert isinstance(app, TrainerApp)
    free.clear()
    await type_text(pilot, answer)
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DrillScreen) and screen.busy
    await pilot.press("escape")
    await pilot.pause()
    assert app.screen is screen  # nothing yet: no question over a call still being scored
    assert "One moment: esc acts once the drill has done its work." in _notes(app)
    free.set()
    await settle(pilot)


@pilot_test
async def test_esc_during_the_scoring_of_a_mid_call_answer_asks_to_end_once_it_lands(
    make_app: Callable[..., TrainerApp], tui_env: Path, scoring_held: threading.Event
) -> None:
    async with drilling(make_app) as (app, pilot, drill_screen):
        await _esc_while_scored(pilot, scoring_held, GOOD)
        assert isinstance(app.screen, ConfirmScreen)  # esc acted: "End this call?"
        await pilot.press("y")
        await settle(pilot)
        assert drill_screen.is_current and drill_screen.drill is not None
        assert drill_screen.drill.finished
    detail = logged_attempt(tui_env)
    assert [t.answer_text for t in detail.turns] == [GOOD]
    assert detail.attempt.status is AttemptStatus.ABANDONED


@pilot_test
async def test_esc_during_the_scoring_of_the_answer_that_ends_the_call_leaves_its_summary(
    make_app: Callable[..., TrainerApp], tui_env: Path, scoring_held: threading.Event
) -> None:
    async with drilling(make_app) as (app, pilot, drill_screen):
        await send_answer(pilot, GOOD)
        await _esc_while_scored(pilot, scoring_held, CLOSING)
        # The answer ended the call, as esc asked: its feedback and the summary show.
        assert app.screen is drill_screen and drill_screen.drill is not None
        assert drill_screen.drill.finished and not drill_screen.esc_waits
        summary = drill_screen.query("#conversation .summary")
        assert len(summary) == 1
        await pilot.press("escape")  # esc on the summary closes, as ever
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    detail = logged_attempt(tui_env)
    assert [t.answer_text for t in detail.turns] == [GOOD, CLOSING]
    assert detail.attempt.status is AttemptStatus.FINISHED
