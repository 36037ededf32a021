"""The command palette navigates (places, a drill by name, settings) and `?`/F1 opens help
for the place in view, with the rep's own keys; esc closes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette

from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.help import HelpScreen


async def palette(pilot: object, app: TrainerApp, query: str) -> None:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    for _ in range(50):  # the palette searches in the background
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if app.screen.query("CommandList").first().option_count:  # type: ignore[attr-defined]
            break
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


@pilot_test
async def test_the_palette_goes_to_each_place(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for query, mode in (
            ("hist", "history"),
            ("library", "library"),
            ("progress", "progress"),
            ("go to home", "home"),
        ):
            await palette(pilot, app, query)
            assert app.current_mode == mode, query


@pilot_test
async def test_the_palette_starts_a_drill_by_name_and_opens_settings(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, app, "drill budget")
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.loaded.scenario.id == "tui/budget"
        await pilot.press("escape", "y")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, app, "minutes a day")
        assert type(app.screen).__name__ == "SettingsScreen"
        assert app.focused is not None and app.focused.id == "daily"


@pilot_test
async def test_help_lists_the_places_keys_remapped_and_esc_closes_it(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    with (isolated_dirs / "config" / "settings.toml").open("a", encoding="utf-8") as fh:
        fh.write('[keys]\n"home.drill-next" = "f6"\n')
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Drill next" in text and "f6" in text.lower()
        assert "Library" in text and "Help" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("2", "f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Search" in text and "Kind" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


def palette_names(app: TrainerApp) -> list[str]:
    names = []
    option_list = app.screen.query("CommandList").first()
    for index in range(option_list.option_count):  # type: ignore[attr-defined]
        prompt = option_list.get_option_at_index(index).prompt  # type: ignore[attr-defined]
        names.append(str(getattr(prompt, "plain", prompt)).split("\n")[0])
    return names


async def palette_hits(pilot: object, app: TrainerApp, query: str) -> list[str]:
    """What the palette lists for `query` (the palette is left open)."""
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press(*query)  # type: ignore[attr-defined]
    for _ in range(50):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if app.screen.query("CommandList").first().option_count:  # type: ignore[attr-defined]
            break
    await pilot.pause(0.2)  # type: ignore[attr-defined]
    return palette_names(app)


@pilot_test
async def test_the_palette_has_no_keys_panel_and_quit_once(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Textual's Keys panel (which esc does not close) is not offered: help is `?`/F1."""
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.pause(0.3)
        names = palette_names(app)
        assert names.count("Quit") == 1, names
        assert "Keys" not in names, names
        await pilot.press("escape")
        hits = await palette_hits(pilot, app, "keys")
        assert "Keys" not in hits, hits
        await pilot.press("escape")
        await settle(pilot)
        hits = await palette_hits(pilot, app, "quit")
        assert hits.count("Quit") == 1, hits
