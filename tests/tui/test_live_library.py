"""The running app notices new, changed and removed scenario files and updates the Library;
broken ones are listed with their errors; the rep's own scenarios are marked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.tui.conftest import FIXTURES, pilot_test, settle
from trainer.tui.app import TrainerApp
from trainer.tui.screens.library import YOURS

BUDGET = (FIXTURES / "scenarios" / "objections" / "budget.yaml").read_text()


def titles(app: TrainerApp) -> list[str]:
    table = app.screen.query_one("#scenarios", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def until(pilot: Pilot[Any], done: Callable[[], bool], what: str) -> None:
    for _ in range(100):
        await pilot.pause(0.1)
        await settle(pilot)
        if done():
            return
    raise AssertionError(f"the Library never showed {what}")


@pilot_test
async def test_the_library_follows_files_added_edited_broken_and_removed(
    make_app: Callable[..., TrainerApp], tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    app = make_app(filled=False, scenario_dirs=[mine])
    app.LIBRARY_POLL_S = 0.2
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        before = titles(app)
        assert not any(t.startswith(YOURS) for t in before)  # the shipped ones are not marked

        added = mine / "cheap.yaml"
        added.write_text(
            BUDGET.replace("id: tui/budget", "id: mine/cheap").replace(
                "We don't have the budget", "Too cheap to be good"
            )
        )
        await until(pilot, lambda: f"{YOURS}Too cheap to be good" in titles(app), "a new file")

        added.write_text(
            BUDGET.replace("id: tui/budget", "id: mine/cheap").replace(
                "We don't have the budget", "Edited title"
            )
        )
        await until(pilot, lambda: f"{YOURS}Edited title" in titles(app), "an edit")
        assert f"{YOURS}Too cheap to be good" not in titles(app)

        added.write_text("id: mine/cheap\nversion: [oops\n")
        broken = app.screen.query_one("#broken", Static)
        await until(pilot, lambda: "cheap.yaml" in str(broken.render()), "the broken file")
        assert all("Edited title" not in t for t in titles(app))

        added.unlink()
        await until(
            pilot,
            lambda: "cheap.yaml" not in str(broken.render()) and titles(app) == before,
            "the file gone",
        )


@pilot_test
async def test_weak_spot_names_are_worked_out_once_per_library_read(
    make_app: Callable[..., TrainerApp], tmp_path: Path
) -> None:
    """Progress and Team name the weak spots from the library: read once per library, and
    anew (with the edited title) when a scenario file changes."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "cheap.yaml").write_text(BUDGET.replace("id: tui/budget", "id: mine/cheap"))
    app = make_app(filled=False, scenario_dirs=[mine])
    app.LIBRARY_POLL_S = 0.2
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        names = app.spot_names()
        assert names.name("mine/cheap", None) == "We don't have the budget"
        await pilot.press("4")  # Progress reads them again: the same ones
        await settle(pilot)
        assert app.spot_names() is names
        (mine / "cheap.yaml").write_text(
            BUDGET.replace("id: tui/budget", "id: mine/cheap").replace(
                "We don't have the budget", "Edited title"
            )
        )
        await until(
            pilot, lambda: app.spot_names().name("mine/cheap", None) == "Edited title", "it"
        )
