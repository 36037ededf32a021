"""A practice log damaged on disk: each place says what is wrong and what to do, in a
banner under the place names, instead of "Loading…" for ever."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from tests.store import logdata
from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp


def _text(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pilot_test
async def test_each_place_says_the_log_is_damaged_and_to_run_doctor(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    assert app.db is not None
    logdata.damage_index(Path(app.db))
    async with app.run_test(size=(80, 24)) as pilot:
        for key, placeholder in (("1", "#today"), ("3", "#history-status"), ("4", "#calendar")):
            await pilot.press(key)
            await settle(pilot)
            banner = app.screen.query_one("#read-problem", Static)
            said = " ".join(str(banner.render()).split())
            assert f"The practice log {app.db} is damaged" in said, key
            assert "`trainer doctor` says how to recover your practice" in said, key
            assert banner.region.y == 1 and banner.region.height >= 3  # under the place names
            assert _text(app, placeholder) == "Not read: see the message above.", key


@pilot_test
async def test_a_log_that_cannot_open_is_said_whole_at_80x24_not_cut_in_todays_card(
    tui_env: Path, tmp_path: Path
) -> None:
    """The log cannot be opened at all (a file where its folder should be; a full disk
    says as much): the whole message shows in the banner under the place names, wrapped,
    on Home as in History, and Today points to it instead of showing its first words."""
    from tests.tui.conftest import NOW
    from trainer.clock import FixedClock

    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    db = tmp_path / "not-a-folder" / "practice" / "trainer.sqlite3"
    app = TrainerApp(db=str(db), shipped_dir=Path("scenarios"), clock=FixedClock(NOW), seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, placeholder in (("1", "#today"), ("3", None), ("4", "#calendar")):
            await pilot.press(key)
            await settle(pilot)
            banner = app.screen.query_one("#read-problem", Static)
            said = " ".join(str(banner.render()).split())
            assert f"Cannot open the practice log {db}" in said, key
            assert said.endswith("Pass --db with a writable path or set TRAINER_DATABASE_URL.")
            assert banner.region.y == 1 and banner.region.height >= 3, key
            if placeholder:
                assert _text(app, placeholder) == "Not read: see the message above.", key
