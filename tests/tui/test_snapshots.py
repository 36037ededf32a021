"""How every screen looks, at 80×24, a narrow 60×20, a very narrow 40×20 and a wide 160×45,
on fixed data (fixed scenarios, a practice log with fixed timestamps, a fixed clock, UTC).
Update after a deliberate change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and review the SVGs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import GOOD, send_answer, settle
from trainer.tui.app import TrainerApp

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((60, 20), id="60x20"),
    pytest.param((40, 20), id="40x20"),
    pytest.param((160, 45), id="160x45"),
]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


def keys(*pressed: str) -> Steps:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


async def scrolled(pilot: Pilot[Any]) -> None:
    """The conversation follows its newest line once the layout has settled."""
    for _ in range(3):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)


async def drill_one_answer(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TrainerApp)
    app.start_drilling("tui/budget")
    await settle(pilot)
    await send_answer(pilot, GOOD)
    await scrolled(pilot)


async def drill_to_the_end(pilot: Pilot[Any]) -> None:
    await drill_one_answer(pilot)
    await pilot.press("ctrl+t")
    await send_answer(pilot, "OK. Could we meet on Tuesday at 2pm to work out the saving?")
    await scrolled(pilot)


async def daily_summary(pilot: Pilot[Any]) -> None:
    """The daily session's summary after a drill ended early (recorded as the session
    records it: the drill's own attempt would show the wall clock's time on Home behind)."""
    from trainer.drill.daily import SessionDrill, start_daily
    from trainer.tui.daily import DailySummaryScreen

    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TrainerApp) and app.store is not None and app.library is not None
    session = start_daily(app.store, app.library, app.current_settings, app.clock, app.rep)
    planned = session.next_item()
    assert planned is not None
    item, loaded = planned
    session.done.append(SessionDrill(item, loaded.scenario.title, 52.5, False, True))
    session.stopped = True
    await app.push_screen(DailySummaryScreen(session))
    await settle(pilot)


async def _then(first: Steps, pilot: Pilot[Any], *pressed: str) -> None:
    await first(pilot)
    await keys(*pressed)(pilot)


@pytest.fixture(autouse=True)
def voice_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the drill screen's voice check: without this the footer would offer "Speak" on a
    machine with a microphone and a speech model for the scenarios' language, and the drill
    snapshots would differ from machine to machine."""
    from trainer.tui.widgets.spoken_answer import SpokenAnswer

    def no_voice(voice: SpokenAnswer) -> None:
        voice.usable = False

    monkeypatch.setattr(SpokenAnswer, "_check", no_voice)


FLOWS: dict[str, Steps] = {
    "home": keys(),
    "library": keys("2"),
    "history": keys("3"),
    "attempt": keys("3", "down", "enter"),
    "compare": keys("3", "down", "enter", "c"),
    "progress": keys("4"),
    "goals": keys("g"),
    "drill-feedback": drill_one_answer,
    "drill-summary": drill_to_the_end,
    "drill-confirm-end": lambda pilot: _then(drill_one_answer, pilot, "escape"),
    "drill-brief": lambda pilot: _then(drill_one_answer, pilot, "ctrl+b"),
    "help": keys("question_mark"),
    "drill-help": lambda pilot: _then(drill_one_answer, pilot, "f1"),
    "daily-drill": keys("D"),
    "daily-summary": daily_summary,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(FLOWS))
def test_screen_look(
    screen: str, size: tuple[int, int], snap_compare: Any, make_app: Callable[..., TrainerApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=FLOWS[screen])


@pytest.mark.parametrize("screen", ["home", "drill-feedback", "history"])
def test_light_theme_look(
    screen: str, snap_compare: Any, make_app: Callable[..., TrainerApp]
) -> None:
    app = make_app()
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(80, 24), run_before=FLOWS[screen])


def test_first_start_asks_the_name(
    snap_compare: Any, make_app: Callable[..., TrainerApp], isolated_dirs: Any
) -> None:
    (isolated_dirs / "config" / "settings.toml").unlink()
    assert snap_compare(make_app(filled=False), terminal_size=(80, 24), run_before=keys())
