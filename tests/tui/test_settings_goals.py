"""The goals in means (docs/practice.md) set from the app's Settings: every goal and how many
new scenarios the daily practice offers, saved to the settings file and measured on Home; a
refused value is named by its label with what to type, in plain words."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp


async def set_box(pilot: Pilot[Any], box: str, value: str) -> None:
    """Click a settings box, empty it and type `value`, as a rep would."""
    await pilot.click(f"#{box}")
    await pilot.press("end", "ctrl+u", *value)


def saved(isolated_dirs: Path) -> dict[str, Any]:
    return tomllib.loads((isolated_dirs / "config" / "settings.toml").read_text("utf-8"))


@pilot_test
async def test_every_goal_is_set_in_the_app_and_home_measures_against_it(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.settings import format as settings_format

    checks: list[object] = []  # the values checked: once a save
    check = settings_format.checked

    def counted(data: Any) -> Any:
        checks.append(data)
        return check(data)

    monkeypatch.setattr(settings_format, "checked", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        for box, value in [
            ("daily-drills", "7"),
            ("daily-due", ""),  # blank: no goal
            ("weekly-new", "4"),
            ("new-per-day", "3"),
        ]:
            await set_box(pilot, box, value)
        checks.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query("#settings")  # saved and closed
        assert len(checks) == 1
        due = str(app.screen.query_one("#due", Static).render())
        assert "/7 drills today" in due and "/4 new this week" in due
        assert "due cleared" not in due  # 0: no goal, not shown
        await pilot.press("g")
        await settle(pilot)
        assert app.screen.query_one("#new-per-day", Input).value == "3"
    got = saved(isolated_dirs)
    assert (got["daily_goal_drills"], got["daily_goal_due"]) == (7, 0)
    assert (got["weekly_goal_new"], got["new_per_day"]) == (4, 3)


@pilot_test
async def test_a_refused_goal_setting_says_why_in_plain_words_and_nothing_is_saved(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    app = make_app(filled=False)
    before = saved(isolated_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        messages: list[str] = []
        for box, value, words in [
            ("new-per-day", "99", "New offered a day: must be at most 50"),
            ("daily-drills", "0", "Drills a day: must be at least 1"),
            ("weekly", "", "Drills a week: type a whole number"),
        ]:
            await set_box(pilot, box, value)
            app.clear_notifications()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen.query("#settings")  # still open, to correct
            messages = [str(n.message) for n in app._notifications]
            assert messages == [words]
            await set_box(pilot, box, {"new-per-day": "2", "daily-drills": "5"}.get(box, "50"))
        assert app.settings is not None and app.settings.new_per_day == 2
    assert saved(isolated_dirs) == before  # nothing written
    assert not any("Input should" in m or "validation error" in m for m in messages)
