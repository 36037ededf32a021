"""The app started while the team server is down, on the real server: it says so in a line
that fits, refuses to open a drill it could not log, and carries on by itself once the
server is back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.history import HistoryScreen
from trainer.tui.widgets.answer_box import AnswerBox

from .conftest import TeamDb

pytestmark = pytest.mark.real_part
SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"


def _notes(app: TrainerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _blakes_app(team_db: TeamDb) -> TrainerApp:
    """The app on the team server as the rep blake, on the shipped scenarios."""
    return TrainerApp(db=team_db.url("blake"), shipped_dir=SHIPPED, seed=1)


@asynccontextmanager
async def _in_a_drill(
    team_db: TeamDb,
) -> AsyncIterator[tuple[TrainerApp, Pilot[Any], DrillScreen]]:
    """Blake's app at 80x24 with a drill of objection/too-expensive open and logged."""
    app = _blakes_app(team_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling("objection/too-expensive")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.drill is not None
        yield app, pilot, screen


@pilot_test
async def test_an_app_started_while_the_server_is_down_recovers_when_it_is_back(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    app = _blakes_app(team_db)
    app.STORE_AGAIN_S = 0.5
    outage = ExitStack()
    outage.enter_context(team_db.server.down())
    with outage:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.store is None and app.reconnecting
            today = app.screen.query_one("#today", Static)
            shown = [s.text for s in today.render_lines(today.region.reset_offset)]
            inside = [line.strip("│ ") for line in shown[1:-1]]  # within the card's border
            said = " ".join(line for line in inside if line)
            # whole, in the card at 80x24 (it used to stop at "...: is the team")
            assert said == TrainerApp.UNREACHABLE

            await pilot.press("3")  # History says why it is empty
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            status = str(app.screen.query_one("#history-status", Static).render())
            assert "Team server unreachable" in status and "No attempts" not in status

            assert app.library is not None
            app.open_drill(app.library.scenarios["objection/too-expensive"])
            await settle(pilot)
            assert not isinstance(app.screen, DrillScreen)
            assert any("The team server cannot be reached" in n for n in _notes(app))

            outage.close()  # the server is back
            for _ in range(100):
                await pilot.pause(0.1)
                if app.store is not None:
                    break
            await settle(pilot)
            assert app.store is not None and not app.problems and not app.reconnecting
            assert "Connected to the team server." in _notes(app)
            status = str(app.screen.query_one("#history-status", Static).render())
            assert "No attempts yet" in status

            app.start_drilling("objection/too-expensive")
            await settle(pilot)
            assert isinstance(app.screen, DrillScreen)
            assert app.screen.drill is not None
            assert app.screen.drill.view().current is not None


@pilot_test
async def test_a_drill_the_server_could_not_start_starts_on_enter_once_it_is_back(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    app = _blakes_app(team_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.store is not None and not app.problems
        with team_db.server.down():
            app.start_drilling("objection/too-expensive")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DrillScreen) and screen.drill is None
            assert any("Press enter to try again." in n for n in _notes(app))
            await pilot.press("W", "e")  # what the rep types meanwhile is kept
        await pilot.press("enter")
        await settle(pilot)
        assert screen.drill is not None
        view = screen.drill.view()
        assert view.current is not None and view.answers == 0  # nothing sent unseen
        assert screen.query_one("#answer", AnswerBox).text == "We"


@pilot_test
async def test_ending_a_call_while_the_server_is_down_keeps_it_open_until_it_can(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    from trainer.store.postgres import PostgresStore
    from trainer.store.records import AttemptStatus

    async with _in_a_drill(team_db) as (app, pilot, screen):
        assert screen.drill is not None
        drill = screen.drill
        with team_db.server.down():
            await pilot.press("escape", "y")
            await settle(pilot)
            assert app.screen is screen and not drill.finished
            assert any("Nothing from this write was saved" in n for n in _notes(app))
        await pilot.press("escape", "y")
        await settle(pilot)
        assert drill.finished
        attempt_id = drill.attempt_id
    store = PostgresStore(team_db.url("blake"))
    try:
        ended = store.attempt(attempt_id)
        assert ended is not None and ended.attempt.status is AttemptStatus.ABANDONED
    finally:
        store.close()


@pilot_test
async def test_an_answer_the_server_missed_stays_in_the_box_and_enter_sends_it_to_that_line(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    """QA 9b item 1 in the app: it was logged as turn 3 under a line never shown."""
    from tests.tui.conftest import type_text

    async with _in_a_drill(team_db) as (app, pilot, screen):
        assert screen.drill is not None
        await type_text(pilot, "That's fair. Compared to what, another quote or the budget?")
        await pilot.press("enter")
        await settle(pilot)
        seen = screen.drill.view().current
        assert seen is not None
        answer = "What does their quote include for re-planning?"
        with team_db.server.down():
            await type_text(pilot, answer)
            await pilot.press("enter")
            await settle(pilot)
            assert any("Nothing from this write was saved" in n for n in _notes(app))
            assert screen.query_one("#answer", AnswerBox).text == answer
            assert screen.drill.view().current == seen
        await pilot.press("enter")
        await settle(pilot)
        [*_, last] = screen.drill.view().turns
        assert (last.seq, last.step_id, last.prospect_line) == (2, seen.step_id, seen.line)
        assert screen.query_one("#answer", AnswerBox).text == ""
