"""The Library's `p` dialog refuses a partner's or an observer's name longer than a name,
in one line, with the cursor in that field (QA 11b item 9g)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from tests.tui.conftest import pilot_test, settle
from trainer.drill.pair import NAME_MAX
from trainer.tui.app import TrainerApp
from trainer.tui.screens.pair_partner import PairPartnerScreen
from trainer.tui.screens.partner_name import PartnerNameScreen

SENTENCE = "The person sitting in the corner who takes notes on everything said here"


@pilot_test
async def test_the_dialog_refuses_a_sentence_as_a_name(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PartnerNameScreen)
        await pilot.press(*"blake", "tab")
        observer = screen.query_one("#partner-name-observer", Input)
        observer.value = SENTENCE  # pasted whole
        await pilot.press("enter")
        await settle(pilot)
        said = str(screen.query_one("#partner-name-problem", Static).render())
        assert said == (
            f"The observer's name has {len(SENTENCE)} characters; a name has at most "
            f"{NAME_MAX}: shorten it."
        )
        assert app.screen is screen and app.focused is observer
        observer.value = "Cy Amini"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PairPartnerScreen)
        assert app.screen.roles.observer == "Cy Amini"
