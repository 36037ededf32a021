"""The due queue on Home and the daily session in the app (spaced repetition)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import NOW, pilot_test, send_answer, settle
from trainer.clock import FixedClock
from trainer.tui.app import TrainerApp
from trainer.tui.daily import DailySummaryScreen
from trainer.tui.screens.drill import DrillScreen


def text_of(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def heading(app: TrainerApp) -> str:
    """The drill screen's top line, as drawn: it fits the width the screen gives it."""
    head = app.screen.query_one("#drill-title", Static)
    text = str(head.render())
    assert head.region.height == 1 and len(text) <= head.region.width, (text, head.region)
    return text


@pilot_test
async def test_home_shows_what_is_due_and_overdue(make_app: Callable[..., TrainerApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # front-desk was won 9 days ago (back after 2 days): overdue; budget's call today
        # ended early: no review (docs/practice.md), so it is still due and clears nothing;
        # no scenario is new.
        due = text_of(app, "#due")
        assert "2 due (1 overdue)   D daily practice" in due
        assert "Goals: 1/5 drills today  0/5 due cleared today  0/3 new this week" in due


@pilot_test
async def test_the_daily_key_runs_each_due_drill_then_sums_up(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app(clock=FixedClock(NOW + timedelta(days=3)))  # budget (lost) is due again
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "2 due (2 overdue)" in text_of(app, "#due")
        await pilot.press("D")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, DrillScreen) and first.loaded.id == "tui/front-desk"
        assert "Drill 1 of 2 · overdue 10 days" in heading(app)
        await send_answer(pilot, "Could you help me? Who looks after purchasing?")
        assert first.snapshot is not None and first.snapshot.finished
        await pilot.press("escape")  # close the finished call: the next due drill opens
        await settle(pilot)
        second = app.screen
        assert isinstance(second, DrillScreen) and second is not first
        assert second.loaded.id == "tui/budget"
        # today's ended-early call was no review
        assert "Drill 2 of 2 · overdue 3 days" in heading(app)
        await send_answer(pilot, "That's fair. What are you comparing it to?")
        await pilot.press("escape")  # ends the call early (a drill, but no review)
        await confirm(pilot)
        if isinstance(app.screen, DrillScreen):
            await pilot.press("escape")  # close it
            await settle(pilot)
        assert isinstance(app.screen, DailySummaryScreen)
        summary = text_of(app, "#daily-lines")
        assert "Daily practice: 2 drills of 2 planned" in summary
        assert "Front desk asks what it is about" in summary and "back in" in summary
        assert "We don't have the budget  · ended early, still due" in summary
        assert "Left for today: 1 due (1 overdue), 0 new." in summary
        await pilot.press("escape")
        await settle(pilot)
        assert text_of(app, "#due").startswith("1 due (1 overdue)")  # the budget, still


async def confirm(pilot: Pilot[Any]) -> None:
    """Say yes when the app asks before ending a call mid-way."""
    from trainer.tui.screens.confirm import ConfirmScreen

    await settle(pilot)
    if isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("y")
        await settle(pilot)


@pilot_test
async def test_leaving_a_drill_without_answering_stops_the_session(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app(clock=FixedClock(NOW + timedelta(days=3)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("escape")  # end the call without an answer
        await confirm(pilot)
        if isinstance(app.screen, DrillScreen):
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, DailySummaryScreen)
        summary = text_of(app, "#daily-lines")
        assert "0 drills of 2 planned" in summary
        assert "Left for today: 2 due (2 overdue), 0 new." in summary  # not "all done"


@pilot_test
async def test_the_app_can_open_straight_into_the_daily_session(
    make_app: Callable[..., TrainerApp],
) -> None:
    """`trainer drill --due` without --plain."""
    app = make_app(daily=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen) and app.screen.loaded.id == "tui/front-desk"
        assert "Drill 1 of 2 · overdue 7 days" in heading(app)  # budget: ended early, due


@pilot_test
async def test_progress_shows_each_objection_schedule_and_the_weekly_goals(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        weakest = text_of(app, "#weakest")
        # budget's steps, weakest first by recall tomorrow: pushback (reviewed every day)
        # before the-number (every two days), each by the prospect's line, not its id
        assert weakest.index("“We just don't") < weakest.index("“Our budget line")
        assert "the-number" not in weakest and "pushback" not in weakest
        # pushback's first review is from yesterday's lost call: today's ended early is none
        assert "due today · every 2d" in weakest and "due today · every 1d" in weakest
        subtitle = str(app.screen.query_one("#weeks").border_subtitle)
        assert subtitle == "streak 3 d · 3/50 drills · 0/3 new"


@pilot_test
async def test_at_80x24_the_daily_drill_says_which_of_how_many_and_why(
    make_app: Callable[..., TrainerApp],
) -> None:
    """docs/practice.md: "Drill 2 of 5 · overdue 3 days" heads each drill of the session."""
    app = make_app(clock=FixedClock(NOW + timedelta(days=3)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        head = heading(app)
        assert head.startswith(" Drill 1 of 2 · overdue 10 days  Front desk"), head
        assert head.rstrip().endswith("★")


@pilot_test
async def test_the_summary_names_what_is_left_and_fits_80x24(
    make_app: Callable[..., TrainerApp],
) -> None:
    """One drill played, one ended early: the summary names what is left, and each drill's
    line fits the dialog without wrapping."""
    app = make_app(clock=FixedClock(NOW + timedelta(days=3)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await send_answer(pilot, "Could you help me? Who looks after purchasing?")
        await pilot.press("escape")  # the front desk's call is over: the budget opens
        await settle(pilot)
        await send_answer(pilot, "That's fair. What are you comparing it to?")
        await pilot.press("escape")  # ended early
        await confirm(pilot)
        if isinstance(app.screen, DrillScreen):
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, DailySummaryScreen)
        lines = app.screen.query_one("#daily-lines", Static)
        summary = str(lines.render())
        assert "All due drills are done" not in summary
        assert summary.endswith("Left for today: 1 due (1 overdue), 0 new.")
        assert lines.region.height == len(summary.splitlines()), summary  # no line wraps
        assert lines.region.right <= 80
