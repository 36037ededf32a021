"""The plan in the app on a real team server: the rep's Home shows their assignment with
progress (the Team place is not theirs); the manager's Team place shows the rep's row."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.tui.conftest import pilot_test, settle
from trainer.store.plan_records import Assignment, TargetKind
from trainer.store.postgres import PostgresStore
from trainer.tui.app import TrainerApp

from .conftest import TeamDb
from .test_team_plan_permissions import _drill

pytestmark = pytest.mark.real_part
SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"


@pilot_test
async def test_home_and_team_place_on_the_team_server(team_db: TeamDb, isolated_dirs: Path) -> None:
    from textual.widgets import DataTable

    from trainer.tui.screens.team import TeamScreen
    from trainer.tui.widgets.assignments import AssignmentCards

    morgan = PostgresStore(team_db.url("morgan"))
    alex = PostgresStore(team_db.url("alex"))
    try:
        morgan.add_assignments(
            [
                Assignment(
                    "alex",
                    TargetKind.SCENARIO,
                    "objection/too-expensive",
                    date.today() + timedelta(days=2),
                    4,
                    assigned_by="morgan",
                ),
                Assignment(
                    "blake",
                    TargetKind.KIND,
                    "objection",
                    date.today() - timedelta(days=1),
                    2,
                    assigned_by="morgan",
                ),
            ]
        )
        _drill(alex, "alex")
    finally:
        morgan.close()
        alex.close()

    app = TrainerApp(db=team_db.url("alex"), shipped_dir=SHIPPED, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert not app.manager
        cards = app.screen.query_one(AssignmentCards)
        assert [f"{r.title} · {r.due} · {r.targets}" for r in cards.rows] == [
            "It's more than we wanted to spend · due "
            f"{(date.today() + timedelta(days=2)):%a} · 1 of 4 attempts"
        ]
        await pilot.press("5")
        await settle(pilot)
        assert not isinstance(app.screen, TeamScreen)

    app = TrainerApp(db=team_db.url("morgan"), shipped_dir=SHIPPED, seed=1)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.manager
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.report is not None
        rows = {r.rep: r for r in app.screen.report.rows}
        assert rows["alex"].drills_this_week == 1 and rows["alex"].completion == "0 of 1 done"
        assert rows["blake"].overdue == 1
        # one row per rep of the report (reps made by other tests on the same server too)
        assert app.screen.query_one("#team", DataTable).row_count == len(rows)
