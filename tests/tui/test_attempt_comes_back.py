"""The attempt view comes back whole after whatever was opened over it: help (`?`, F1), the
command palette and Compare. It is read again each time it comes back, and its hidden-facts
panel was mounted a second time beside the first (DuplicateIds: the app exited). Checked from
each place that opens an attempt: History, Home's recent list and the manager's Team view."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from tests.tui.conftest import FIXTURES, REP, pilot_test, settle
from tests.tui.test_team_place import plan_app  # noqa: F401 - fixture
from trainer.tui.app import TrainerApp
from trainer.tui.screens.attempt import AttemptScreen
from trainer.tui.screens.compare import CompareScreen

HIDDEN = """\
hidden:
  - id: other-quote
    text: The other quote is from a carrier without tracking.
    unlock: {asked_about: [compare, comparing, "other quote"]}
    reveal: "Well, the other quote is from a carrier with no tracking."
    how: you ask what she compares the price with
"""


@pytest.fixture
def with_facts(tui_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app tests' scenarios, the budget call with a hidden fact to uncover (its attempts
    then list the facts under the transcript)."""
    folder = tui_env / "fixtures"
    shutil.copytree(FIXTURES, folder)
    budget = folder / "scenarios" / "objections" / "budget.yaml"
    text = budget.read_text(encoding="utf-8")
    budget.write_text(text.replace("steps:\n", HIDDEN + "steps:\n", 1), encoding="utf-8")
    monkeypatch.chdir(folder)


async def go(pilot: Pilot[Any], *keys: str) -> None:
    """Press `keys`, each once the app has settled from what came before."""
    for key in keys:
        await settle(pilot)
        await pilot.press(key)
    await settle(pilot)


def transcript(app: TrainerApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("#transcript Static"))


async def comes_back_whole(pilot: Pilot[Any], app: TrainerApp, keys: tuple[str, ...]) -> None:
    """Open each of `keys` over the attempt view, close it with esc: the same attempt is
    shown, its facts once."""
    assert isinstance(app.screen, AttemptScreen)
    before = transcript(app)
    assert "Hidden facts: " in before and " of 1 uncovered" in before, before
    for key in keys:
        await go(pilot, key)
        assert not isinstance(app.screen, AttemptScreen), key
        if key == "c":
            assert isinstance(app.screen, CompareScreen)
        await go(pilot, "escape")
        assert isinstance(app.screen, AttemptScreen), key
        assert len(app.screen.query("#attempt-facts")) == 1, key
        assert transcript(app) == before, key


@pilot_test
async def test_the_attempt_view_comes_back_from_help_palette_and_compare_via_history(
    make_app: Callable[..., TrainerApp], with_facts: None
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, "3")
        table = app.screen.query_one("#attempts", DataTable)
        lost = next(
            i for i in range(table.row_count) if "33" in " ".join(map(str, table.get_row_at(i)))
        )
        table.move_cursor(row=lost)  # not the best attempt: Compare has a best to show
        await go(pilot, "enter")
        await comes_back_whole(pilot, app, ("question_mark", "f1", "ctrl+p", "c"))
        assert app.is_running


@pilot_test
async def test_the_attempt_view_comes_back_when_opened_from_home(
    make_app: Callable[..., TrainerApp], with_facts: None
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#recent", OptionList)
        recent.focus()
        recent.highlighted = 1  # yesterday's lost call (the newest ended early)
        await go(pilot, "enter")
        await comes_back_whole(pilot, app, ("question_mark", "f1", "ctrl+p", "c"))
        await go(pilot, "escape")
        assert app.screen.query("#recent")  # back on Home


@pilot_test
async def test_the_attempt_view_comes_back_from_team_and_names_the_rep(
    plan_app: Callable[[], TrainerApp],
    with_facts: None,
    isolated_dirs: Path,
) -> None:
    """Morgan (a manager) opens Sam Lee's attempt from Team: Sam Lee's lines read "Sam Lee:",
    not "You:"; help and the palette come and go over it."""
    from trainer.tui.screens.team import RepScreen

    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text('rep = "Morgan"\nspeak_prospect = false\n', encoding="utf-8")
    app = plan_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, "5")
        app.screen.query_one("#team", DataTable).move_cursor(row=1)
        await go(pilot, "enter")
        assert isinstance(app.screen, RepScreen) and app.screen.rep == REP
        await go(pilot, "enter")
        assert isinstance(app.screen, AttemptScreen)
        await comes_back_whole(pilot, app, ("question_mark", "f1", "ctrl+p"))
        lines = transcript(app)
        assert f"{REP}: That's fair." in lines and "You: " not in lines


@pilot_test
async def test_a_rep_reading_their_own_attempt_sees_you(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go(pilot, "3", "enter")
        assert isinstance(app.screen, AttemptScreen)
        lines = transcript(app)
        assert "You: " in lines and f"{REP}: " not in lines
