"""The team server lost while the app is open, on the real server (QA 11b item 3): the place
in view keeps what it showed, dimmed and marked as of when it was read, under the app's
"Team server unreachable: trying again every 10 s" line; it reads again by itself once the
server is back; and a place's own key in that place reads it afresh."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.tui.conftest import pilot_test, settle
from trainer.store.plan_records import Assignment, TargetKind
from trainer.store.postgres import PostgresStore
from trainer.tui import render
from trainer.tui.app import TrainerApp
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.team import TeamScreen
from trainer.tui.widgets.assignments import AssignmentCards

from .conftest import TeamDb
from .test_team_plan_permissions import _drill

pytestmark = pytest.mark.real_part
SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
RETRY_S = 0.5  # the app's retry timer in these tests (10 s in the app)


def _text(app: TrainerApp, selector: str) -> str:
    return " ".join(str(app.screen.query_one(selector, Static).render()).split())


def _banner(app: TrainerApp) -> str | None:
    found = app.screen.query("#read-problem").results(Static)
    return next((" ".join(str(b.render()).split()) for b in found), None)


def _notes(app: TrainerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _app(team_db: TeamDb, user: str) -> TrainerApp:
    app = TrainerApp(db=team_db.url(user), shipped_dir=SHIPPED, seed=1)
    app.STORE_AGAIN_S = RETRY_S
    return app


async def _until_current(app: TrainerApp, pilot: Pilot[Any]) -> None:
    """Wait (no key pressed) until the place in view has read the server again."""
    for _ in range(100):
        await pilot.pause(0.1)
        if _banner(app) is None and not app.lost:
            break
    await settle(pilot)


def _assign(team_db: TeamDb, rep: str, scenario: str) -> None:
    morgan = PostgresStore(team_db.url("morgan"))
    try:
        due = date.today() + timedelta(days=3)
        morgan.add_assignments(
            [Assignment(rep, TargetKind.SCENARIO, scenario, due, 4, assigned_by="morgan")]
        )
    finally:
        morgan.close()


def _log_drill(team_db: TeamDb, rep: str) -> None:
    store = PostgresStore(team_db.url(rep))
    try:
        _drill(store, rep)
    finally:
        store.close()


@pilot_test
async def test_home_marks_old_figures_says_unreachable_and_recovers_by_itself(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    _log_drill(team_db, "blake")
    app = _app(team_db, "blake")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "1 drill · 1 answer" in _text(app, "#week")
        assert not app.screen.query_one(AssignmentCards).rows

        # 1 on Home reads it again: a drill logged and an assignment given meanwhile show
        _log_drill(team_db, "blake")
        _assign(team_db, "blake", "objection/too-expensive")
        await pilot.press("1")
        await settle(pilot)
        assert "2 drills · 2 answers" in _text(app, "#week")
        assert len(app.screen.query_one(AssignmentCards).rows) == 1
        read_at = app.screen.read_at
        assert read_at is not None

        with team_db.server.down():
            await pilot.press("1")  # the rep asks while the server is away
            await settle(pilot)
            said = _banner(app)
            assert said == (f"{TrainerApp.UNREACHABLE} Shown as of {render.local(read_at):%H:%M}.")
            assert app.screen.has_class("-stale")  # the figures below are dimmed
            assert "Not read" not in _text(app, "#today")  # Today's figures stay too
            assert "2 drills · 2 answers" in _text(app, "#week")  # kept, marked as of then
            assert len(app.screen.query_one(AssignmentCards).rows) == 1
        # the server is back: Home reads it again by itself (no key pressed)
        await _until_current(app, pilot)
        assert _banner(app) is None and not app.screen.has_class("-stale")
        assert "Connected to the team server." in _notes(app)
        assert "2 drills · 2 answers" in _text(app, "#week")


@pilot_test
async def test_the_team_place_marks_old_figures_and_recovers_by_itself(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    _log_drill(team_db, "alex")
    app = _app(team_db, "morgan")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamScreen) and screen.report is not None
        rows = {r.rep: r for r in screen.report.rows}
        assert rows["alex"].drills_this_week == 1
        status = _text(app, "#team-status")

        with team_db.server.down():
            await pilot.press("5")  # its own key: read it again
            await settle(pilot)
            said = _banner(app)
            assert said is not None and said.startswith(TrainerApp.UNREACHABLE), said
            assert "Shown as of" in said and screen.has_class("-stale")
            # the table and its status line stay, dimmed, as of the last read
            assert screen.query_one("#team", DataTable).row_count == len(rows)
            assert _text(app, "#team-status") == status and "Not read" not in status
        _log_drill(team_db, "alex")  # practice logged meanwhile
        await _until_current(app, pilot)
        assert _banner(app) is None and not screen.has_class("-stale")
        assert screen.report is not None
        assert {r.rep: r for r in screen.report.rows}["alex"].drills_this_week == 2
