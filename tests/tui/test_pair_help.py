"""`?` on the pair screens: a plain title and the screen's own keys from the key map (a
remap shows), then only the app's keys that act there (QA 11b item 7: the card's help was
titled "Help: pairpartner" and listed only the app's keys, some of which the card's own
keys take)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.containers import VerticalScroll

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_pair_screens import open_pair
from trainer.tui.app import TrainerApp
from trainer.tui.screens.help import HelpScreen


async def _help_of(app: TrainerApp, pilot: object) -> tuple[str, str]:
    """(the help's title, its text), opened with `?` on the screen in view."""
    await pilot.press("question_mark")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, HelpScreen)
    title = str(app.screen.query_one("#help", VerticalScroll).border_title)
    text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
    await pilot.press("escape")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return title, text


def _rows(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


@pilot_test
async def test_help_on_the_card_lists_its_keys_remapped(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    with (isolated_dirs / "config" / "settings.toml").open("a", encoding="utf-8") as fh:
        fh.write('[keys]\n"pair.tag-filler" = "u"\n')
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pair(app, pilot)
        title, text = await _help_of(app, pilot)
        assert title == "Help: The partner's card"
        rows = _rows(text)
        for row in (
            "1–9 Tick or untick a move, by its number",
            "a–d Take a branch: how the prospect reacts",
            "g Tag: great line",
            "m Tag: missed a move",
            "u Tag: filler",  # as remapped
            "^r Swap roles",
            "esc End call / Close",
            "enter After the call: save the comment for the rep",
        ):
            assert row in rows, "\n".join(rows)
        assert "f Tag: filler" not in rows
        # the app's keys the card takes, or that cannot leave a card, are not offered
        assert not any(r.startswith(("1 Home", "2 Library", "g Settings")) for r in rows)
        assert "q Quit" in rows  # q asks first on a card, and works


@pilot_test
async def test_help_on_the_reps_and_the_observers_views(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pair(app, pilot, view="rep")
        title, text = await _help_of(app, pilot)
        assert title == "Help: The rep's view"
        rows = _rows(text)
        assert "esc Close" in rows and "^r Play the prospect" in rows
        assert "1 Home" in rows  # nothing on the rep's view takes 1
        await pilot.press("escape")
        await settle(pilot)
        await open_pair(app, pilot, view="observer")
        title, text = await _help_of(app, pilot)
        assert title == "Help: The observer's view"
        rows = _rows(text)
        assert "1–9 Tick or untick a move, by its number" in rows
        assert "g Tag: great line" in rows and "esc Close" in rows
        assert "enter After the call: save your comment for the rep" in rows
        assert not any(r.startswith(("1 Home", "g Settings")) for r in rows)
