"""Short texts at 80 columns: Library's search box shows its whole placeholder (it was cut
to "/ search title, tag,"), and Team's status line counts "1 rep" (the core's plural rule),
not "1 reps"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Static

from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp


@pilot_test
async def test_library_search_placeholder_fits_at_80_columns(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        shown = search.content_region.width
        assert cell_len(search.placeholder) < shown, (search.placeholder, shown)
        assert search.placeholder.startswith("/ ")  # the key that goes there


@pilot_test
async def test_team_counts_one_rep_in_the_singular(
    make_app: Callable[..., TrainerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.store.sqlite import SQLiteStore

    monkeypatch.setattr(SQLiteStore, "login_role", lambda self: "manager")
    app = make_app()  # one rep in the log
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        status = str(app.screen.query_one("#team-status", Static).render())
        assert status.startswith("1 rep · "), status
