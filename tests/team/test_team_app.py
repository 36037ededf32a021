"""The terminal app on a team server: no name asked (the login is the rep), drills logged
under the login, and the Home screen reads the rep's own practice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_drill_flow import conversation_text
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.welcome import WelcomeScreen

from .conftest import TeamDb

pytestmark = pytest.mark.real_part
SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"


@pilot_test
async def test_the_app_on_a_team_server_logs_as_the_login_without_asking_a_name(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    app = TrainerApp(db=team_db.url("alex"), shipped_dir=SHIPPED, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.problems, app.problems
        assert not isinstance(app.screen, WelcomeScreen)
        assert app.rep == "alex"
        app.start_drilling("objection/too-expensive")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        box = app.focused
        assert box is not None
        box.insert("That's fair. What are you comparing it to?")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert "Acknowledge" in conversation_text(app)
        await pilot.press("escape", "y")  # end the call, after the question
        await settle(pilot)
    from trainer.store.open import open_store

    store = open_store(team_db.url("morgan"))
    try:
        [attempt] = store.history()
        assert attempt.rep == "alex" and attempt.turn_count == 1
    finally:
        store.close()


@pilot_test
async def test_a_manager_opens_an_attempt_with_a_damaged_answer_in_the_app(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    """A turn whose scoring details a rep (or anyone) damaged: the app reads on, showing the
    stored score and a note instead of "Could not read the practice log"."""
    from datetime import UTC, datetime

    import psycopg

    from tests.store import logdata
    from trainer.store.postgres import PostgresStore
    from trainer.tui.screens.attempt import AttemptScreen

    alex = PostgresStore(team_db.url("alex"))
    try:
        attempt = logdata.attempt(rep="alex", started_at=datetime.now(UTC))
        alex.start_attempt(attempt)
        alex.log_turn(logdata.turn(attempt, 1, 80.0))
    finally:
        alex.close()
    with psycopg.connect(team_db.admin_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE turns DROP CONSTRAINT turn_result_readable")
        conn.execute("UPDATE turns SET result_json = '{}'")
    app = TrainerApp(db=team_db.url("morgan"), shipped_dir=SHIPPED, seed=1)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert not app.problems, app.problems
        app.push_screen(AttemptScreen(attempt.id))
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        transcript = "\n".join(str(w.render()) for w in app.screen.query("#transcript Static"))
        assert "damaged in the log" in transcript and "80" in transcript
        assert not app.problems, app.problems


@pilot_test
async def test_a_pair_card_on_a_team_server_offers_no_swap_it_cannot_log(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    """The call is the login's: after it, the card offers no swap (ctrl+r does nothing and
    says so in the debrief), and esc closes the card instead of leaving a dead end."""
    from trainer.drill.pair import PairRoles
    from trainer.tui.screens.pair_partner import PairPartnerScreen

    app = TrainerApp(db=team_db.url("alex"), shipped_dir=SHIPPED, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.pair_roles = PairRoles("alex", "blake")
        app.start_pairing("objection/too-expensive")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PairPartnerScreen)
        await pilot.press("escape", "y")  # end the call
        await settle(pilot)
        keys = set(app.active_bindings)
        debrief = str(screen.query_one("#pair-debrief").render())
        assert "ctrl+r" not in keys and "swap roles" not in debrief
        assert "to swap, blake runs the next call under their own login" in debrief
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.roles.rep == "alex"
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PairPartnerScreen)
        # a call this login may not log says why, and esc closes the card
        app.pair_roles = PairRoles("blake", "alex")
        app.start_pairing("objection/too-expensive")
        await settle(pilot)
        assert isinstance(app.screen, PairPartnerScreen)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "a call is logged by the rep's login" in said
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PairPartnerScreen)
