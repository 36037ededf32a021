"""The Library's filter lists open wide enough for their longest option at 80×24: a tag
such as "ask-for-right-person" reads on one row, not as "ask-for-right-pe" / "rson"
(QA 11b item 9f)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Select

from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"


@pilot_test
async def test_the_tag_list_shows_long_tags_on_one_row(tui_env: Path) -> None:
    app = TrainerApp(db=str(tui_env / "log.sqlite3"), shipped_dir=SHIPPED, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("t")  # the tag filter opens
        await settle(pilot)
        select = app.screen.query_one("#tag", Select)
        assert select.expanded
        overlay = select.query_one(OptionList)
        for _ in range(200):  # down to the tag, shown within the list's rows
            highlighted = overlay.highlighted_option
            if highlighted is not None and str(highlighted.prompt) == "ask-for-right-person":
                break
            await pilot.press("down")
        await settle(pilot)
        shown = [
            line.text.strip(" ▌▐▊▎█▁▔")
            for line in overlay.render_lines(overlay.region.reset_offset)
        ]
        assert any(row.strip() == "ask-for-right-person" for row in shown), shown
        assert overlay.region.right <= 80
