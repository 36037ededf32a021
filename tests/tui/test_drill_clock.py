"""A drill is logged by the app's clock (trainer/clock.py), the one every screen reads: a
clock set for a test (or any front end's) is the time Home and the log show."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tests.tui.conftest import GOOD, NOW, REP, pilot_test, send_answer, settle
from trainer.clock import FixedClock
from trainer.store.open import open_store
from trainer.store.records import AttemptRecord
from trainer.tui import render
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.home import HomeScreen


def _logged_attempt(tui_env: Path) -> AttemptRecord:
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        (attempt,) = store.history(rep=REP)
    finally:
        store.close()
    return attempt


@asynccontextmanager
async def _drilling_by(
    clock: FixedClock, make_app: Callable[..., TrainerApp]
) -> AsyncIterator[tuple[TrainerApp, Pilot[Any]]]:
    """An app on an empty log and on `clock`, with a drill of tui/budget open."""
    app = make_app(filled=False, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        yield app, pilot


async def _close_and_go_home(app: TrainerApp, pilot: Pilot[Any]) -> HomeScreen:
    """Win the call with a next step, then esc back to Home."""
    await send_answer(pilot, "Shall we meet on Tuesday at 2pm to work out the saving?")
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    return app.screen


@pilot_test
async def test_a_drill_is_logged_and_shown_at_the_apps_clock_time(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    clock = FixedClock(NOW)
    async with _drilling_by(clock, make_app) as (app, pilot):
        clock.advance(30)
        await send_answer(pilot, GOOD)
        clock.advance(45)
        home = await _close_and_go_home(app, pilot)
        recent = home.query_one("#recent", OptionList)
        assert recent.option_count == 1
        assert render.when(NOW) in str(recent.get_option_at_index(0).prompt)
        today = str(home.query_one("#today", Static).render())
        assert "1 drill · 2 answers" in today  # today by the app's clock, not the machine's
    attempt = _logged_attempt(tui_env)
    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        detail = store.attempt(attempt.id)
    finally:
        store.close()
    assert detail is not None
    assert attempt.started_at == NOW
    assert attempt.ended_at == NOW + timedelta(seconds=75)
    assert [t.created_at for t in detail.turns] == [
        NOW + timedelta(seconds=30),
        NOW + timedelta(seconds=75),
    ]


@pilot_test
async def test_retrying_an_ended_call_keeps_the_time_practised_on_the_apps_clock(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """A retry after the end is practice (trainer.practice.rules): the call keeps its end,
    and its time practised runs on to the retry's last answer, on the app's clock."""
    clock = FixedClock(NOW)
    async with _drilling_by(clock, make_app) as (app, pilot):
        clock.advance(30)
        await send_answer(pilot, "I can give you a discount.")  # the call is lost: over
        clock.advance(30)
        await pilot.press("ctrl+r")  # retry its last answer: practice, the call stays over
        await settle(pilot)
        assert _logged_attempt(tui_env).active_s == 30  # as History reads it meanwhile
        clock.advance(60)
        await send_answer(pilot, GOOD)
        assert _logged_attempt(tui_env).active_s == 120  # to the retry's answer
        clock.advance(30)
        home = await _close_and_go_home(app, pilot)  # the retry's last answer, at 150 s
        today = str(home.query_one("#today", Static).render())
        assert "2.5 of 20 min" in today  # 150 s practised, as the app's clock ran
        assert "1 drill · 3 answers" in today
    attempt = _logged_attempt(tui_env)
    assert attempt.ended_at == NOW + timedelta(seconds=30)  # the call keeps its end
    assert attempt.active_s == 150
