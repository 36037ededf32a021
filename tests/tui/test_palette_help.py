"""The command palette navigates (places, a drill by name, settings) and `?`/F1 opens help
for the place in view, with the rep's own keys; esc closes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
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


@pilot_test
async def test_the_team_place_is_offered_to_a_manager_only(
    make_app: Callable[..., TrainerApp],
) -> None:
    """On a rep's own log there is no Team place: not in the nav bar, help or the palette,
    and its key says whose it is; a manager has it everywhere (one rule: `may_visit`)."""
    from trainer.tui.screens.help import help_rows
    from trainer.tui.widgets.nav import NavBar

    def offered(app: TrainerApp) -> tuple[bool, bool]:
        nav = str(app.screen.query_one(NavBar).render())
        places = [what for _, rows in help_rows(app, "home") for _, what in rows]
        return "5 Team" in nav, "Team" in places

    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert offered(app) == (False, False)
        assert "Go to Team" not in await palette_hits(pilot, app, "team")
        await pilot.press("escape", "5")
        await settle(pilot)
        assert app.current_mode == "home"
        assert any("for managers" in str(n.message) for n in app._notifications)
        app.manager = True  # a manager on a team server
        app.data_changed()
        await settle(pilot)
        assert offered(app) == (True, True)
        assert "Go to Team" in await palette_hits(pilot, app, "team")
        await pilot.press("escape", "5")
        await settle(pilot)
        assert app.current_mode == "team"


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


@pilot_test
async def test_every_setting_and_the_daily_practice_are_in_the_palette(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    from trainer.tui.screens.settings import FIELDS

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(FIELDS) == 9
        for field, label, _ in FIELDS:
            await palette(pilot, app, label.lower())
            assert type(app.screen).__name__ == "SettingsScreen", label
            assert app.focused is not None and app.focused.id == field, label
            await pilot.press("escape")
            await settle(pilot)
        hits = await palette_hits(pilot, app, "daily")
        assert "Daily practice" in hits, hits
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, app, "daily practice")
        await settle(pilot)
        notes = " ".join(str(n.message) for n in app._notifications)
        assert isinstance(app.screen, DrillScreen) or "due" in notes.lower(), notes


@pilot_test
async def test_from_a_drill_the_palette_goes_elsewhere_after_asking_as_esc_does(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    from tests.tui.conftest import GOOD, send_answer, type_text
    from tests.tui.test_safe_keys import logged
    from trainer.tui.screens.confirm import ConfirmScreen
    from trainer.tui.widgets.answer_box import AnswerBox

    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, app, "drill budget")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        await settle(pilot)
        await send_answer(pilot, GOOD)
        await type_text(pilot, "Half an ans")
        hits = await palette_hits(pilot, app, "hist")
        assert "Go to History" in hits, hits
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # mid-call: asked first
        await pilot.press("n")
        await settle(pilot)
        assert drill.is_current and drill.query_one(AnswerBox).text == "Half an ans"
        await palette(pilot, app, "hist")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.current_mode == "history" and not isinstance(app.screen, DrillScreen)
        # after a call: straight there, nothing to lose
        await palette(pilot, app, "drill budget")
        await settle(pilot)
        await send_answer(pilot, GOOD)
        await send_answer(pilot, "Shall we meet on Tuesday at 2pm to work out the saving?")
        assert app.screen.snapshot.finished  # type: ignore[attr-defined]
        await palette(pilot, app, "library")
        assert app.current_mode == "library" and not isinstance(app.screen, DrillScreen)
    statuses = sorted(d.attempt.status for d in logged(tui_env))  # type: ignore[attr-defined]
    assert statuses == ["abandoned", "finished"], statuses


@pilot_test
async def test_drill_help_lists_the_keys_that_act_now(
    make_app: Callable[..., TrainerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mid-call, page down scrolls (no "Summary": there is none yet) and, without voice,
    the speak key is marked as not set up; once the call is over page down is "Summary"."""
    from tests.tui.conftest import send_answer
    from tests.tui.test_drill_flow import open_budget_drill
    from trainer.tui.widgets.spoken_answer import SpokenAnswer

    def no_voice(voice: SpokenAnswer) -> None:
        voice.usable = False

    monkeypatch.setattr(SpokenAnswer, "_check", no_voice)

    def help_text() -> str:
        assert isinstance(app.screen, HelpScreen)
        return "\n".join(str(s.render()) for s in app.screen.query("Static"))

    app = make_app(filled=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_budget_drill(app, pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = help_text()
        assert "Scroll down" in text and "Summary" not in text
        assert "Speak (not set up: the key says why)" in text
        await pilot.press("escape")
        await settle(pilot)
        await send_answer(pilot, "Okay.")  # the call is lost: over
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = help_text()
        assert "Summary" in text and "Scroll down" not in text and "End call" not in text


@pilot_test
async def test_the_palette_finds_a_scenario_whose_title_has_brackets_and_shows_them_as_text(
    make_app: Callable[..., TrainerApp], tmp_path: Path
) -> None:
    """A title such as "[bold red]Loud[/] click [/oops]" is text: the palette lists it by a
    word of it or by its id, shows the brackets as typed, and starts its drill."""
    from tests.tui.conftest import FIXTURES

    mine = tmp_path / "mine"
    mine.mkdir()
    budget = (FIXTURES / "scenarios" / "objections" / "budget.yaml").read_text(encoding="utf-8")
    title = "[bold red]Loud[/] click [/oops]"
    (mine / "markup.yaml").write_text(
        budget.replace("id: tui/budget", "id: tui/hostile-markup").replace(
            'title: "We don\'t have the budget"', f'title: "{title}"'
        ),
        encoding="utf-8",
    )
    app = make_app(filled=False, scenario_dirs=[mine])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for query in ("drill loud", "drill click", "tui/hostile"):
            hits = await palette_hits(pilot, app, query)
            assert f"Drill: {title}" in hits, (query, hits)
            await pilot.press("escape")
            await settle(pilot)
        await palette(pilot, app, "drill loud")
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.loaded.scenario.id == "tui/hostile-markup"
