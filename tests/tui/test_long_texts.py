"""At 80x24 nothing long pushes the rest off the screen: a long rep name is cut in the nav
bar (the places stay), a long persona is cut in the side panel (the brief stays in view),
a rambling answer's feedback quotes it in a line, and the first line of a call is never an
empty pane while the prospect's voice loads."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import FIXTURES, NOW, pilot_test, settle
from trainer.clock import FixedClock
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen, Feedback
from trainer.tui.widgets.nav import NavBar

EMOJI = "\U0001f600"


def use_rep(isolated_dirs: Path, name: str) -> None:
    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(f'rep = "{name}"\nspeak_prospect = false\n', encoding="utf-8")


def conversation_text(app: TrainerApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("#conversation > Static"))


@pytest.mark.parametrize(
    "name", ["Alexandra Konstantinopoulou-Smythe", EMOJI * 150], ids=["long", "emoji"]
)
@pilot_test
async def test_a_long_rep_name_is_cut_and_the_places_stay(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path, name: str
) -> None:
    use_rep(isolated_dirs, name)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        nav = app.screen.query_one(NavBar)
        line = nav.render()
        shown = str(line)
        for place in ("1 Home", "2 Library", "3 History", "4 Progress", "Help"):
            assert place in shown, shown
        assert "…" in shown and name not in shown, shown
        assert shown.split("  ")[-2].strip()[:4] == name[:4]  # the name's start, then "…"
        assert line.cell_length <= 80  # type: ignore[union-attr]


LONG_PERSONA = """\
persona:
  name: "{name}"
  role: "{role}"
  company: Northwind Freight
  style: "{style}"
"""


def long_persona_folder(tmp_path: Path) -> Path:
    """A folder with tui/long: the budget scenario with a very long persona."""
    mine = tmp_path / "mine"
    mine.mkdir()
    budget = (FIXTURES / "scenarios" / "objections" / "budget.yaml").read_text(encoding="utf-8")
    head, _, rest = budget.partition("persona:\n")
    rest = rest[rest.index("brief:") :]
    persona = LONG_PERSONA.format(
        name=EMOJI * 200, role="Head of " * 40 + "Freight", style="very brisk, " * 60
    )
    (mine / "long.yaml").write_text(
        head.replace("id: tui/budget", "id: tui/long") + persona + rest, encoding="utf-8"
    )
    return mine


@pilot_test
async def test_a_long_persona_is_cut_and_the_brief_stays_in_view(
    make_app: Callable[..., TrainerApp], tmp_path: Path
) -> None:
    app = make_app(filled=False, scenario_dirs=[long_persona_folder(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/long")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        card = screen.query_one("#persona", Static)
        rows = card.render_lines(Region(0, 0, *card.outer_size))  # the panel as drawn
        text = [strip.text.strip(" │") for strip in rows[1:-1]]  # inside its border
        assert len(text) == 6, text  # name, role, company a row each, the style in 3 rows
        assert text[0].endswith("…") and text[1].endswith("…") and text[5].endswith("…")
        assert text[2] == "Northwind Freight"
        brief = screen.query_one("#brief", Static)
        assert brief.region.height >= 3 and brief.region.bottom <= 24 - 5  # above the answer
        assert "Second call." in str(brief.render())
        # Before each of their lines the name is cut too: the line itself stays readable.
        line = conversation_text(app)
        assert "We just don't have the budget" in line
        assert line.index("We just") < 30


@pilot_test
async def test_a_rambling_answer_is_quoted_in_a_line(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app(filled=False)
    answer = "That's fair, what budget do you have? " * 500  # 3,500 words
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        await settle(pilot)
        box = app.screen.query_one("#answer")
        await pilot.press("T")
        box.insert(answer[1:])  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        feedback = app.screen.query_one(Feedback)
        text = str(feedback.render())
        assert "Rambling" in text, text
        rambling = next(line for line in text.splitlines() if "Rambling" in line)
        assert "…”" in rambling and len(rambling) < 200, rambling
        assert feedback.region.height < 20  # the feedback fits on the screen, not pages


@pilot_test
async def test_the_first_line_waits_with_a_loading_line_not_an_empty_pane(
    make_app: Callable[..., TrainerApp],
    isolated_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prospect's voice takes a while to load: meanwhile the conversation says so, and
    the line replaces it once the voice is there (here: turns out unavailable)."""
    from trainer.drill.prospect_voice import ProspectSpeaker
    from trainer.speech.errors import SpeechError

    settings = isolated_dirs / "config" / "settings.toml"
    settings.write_text(settings.read_text().replace("speak_prospect = false", ""))
    app = make_app(filled=False, clock=FixedClock(NOW))
    seen: list[str] = []

    def slow_load(*args: object, **kwargs: object) -> ProspectSpeaker:
        deadline = time.monotonic() + 30
        while not seen and time.monotonic() < deadline:
            time.sleep(0.01)  # until the test has looked at the screen
        raise SpeechError("no voice", "install one")

    monkeypatch.setattr(ProspectSpeaker, "load", slow_load)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/budget")
        for _ in range(200):
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, DrillScreen) and screen.drill is not None:
                break
        await pilot.pause()
        seen.append(conversation_text(app))
        await settle(pilot)
        assert "Dana Ruiz: … (their voice is loading)" in seen[0]
        after = conversation_text(app)
        assert "We just don't have the budget" in after
        assert "loading" not in after


RAMBLING = "That's fair, what budget do you have? " * 500


async def drill_long_rambling(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TrainerApp)
    app.start_drilling("tui/long")
    await settle(pilot)
    await pilot.press("T")
    app.screen.query_one("#answer").insert(RAMBLING[1:])  # type: ignore[attr-defined]
    await pilot.press("enter")
    await settle(pilot)
    for _ in range(3):  # the conversation follows its newest line once laid out
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)


def test_long_texts_look(
    snap_compare: Any,
    make_app: Callable[..., TrainerApp],
    isolated_dirs: Path,
    tmp_path: Path,
) -> None:
    """A drill with a long persona, after a rambling answer."""
    use_rep(isolated_dirs, "Alexandra Konstantinopoulou-Smythe of Northwind")
    app = make_app(scenario_dirs=[long_persona_folder(tmp_path)])
    assert snap_compare(app, terminal_size=(80, 24), run_before=drill_long_rambling)


def test_long_rep_name_look(
    snap_compare: Any, make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    use_rep(isolated_dirs, "Alexandra Konstantinopoulou-Smythe of Northwind")

    async def home(pilot: Pilot[Any]) -> None:
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=home)


@pilot_test
async def test_the_library_preview_cuts_a_long_persona_and_shows_the_brief(
    make_app: Callable[..., TrainerApp], tmp_path: Path
) -> None:
    app = make_app(filled=False, scenario_dirs=[long_persona_folder(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash", *"tui/long", "enter")  # its id
        await settle(pilot)
        preview = app.screen.query_one("#preview", Static)
        rows = [strip.text for strip in preview.render_lines(Region(0, 0, *preview.outer_size))]
        shown = "\n".join(rows)
        assert "Second call." in shown, shown
        assert rows[2].rstrip(" │").endswith("…"), shown  # the prospect's second row, cut
