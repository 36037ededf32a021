"""How the pair screens look at 80×24 and wide, on fixed data (see test_snapshots.py):
the partner's card during a call with ticks and a tag, the step review after a branch,
the debrief, the rep's view, and the observer's view during and after the call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import settle
from trainer.drill.pair import MomentTag, PairCall, PairRoles
from trainer.drill.run import start_drill
from trainer.store.records import DrillMode
from trainer.tui.app import TrainerApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


def pair(*pressed: str, view: str = "partner") -> Steps:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, TrainerApp)
        app.pair_roles = PairRoles("ana", "ben", "cy")
        app.start_pairing("tui/budget", view)
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.fixture(autouse=True)
def voice_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    """No "Listen" key on a machine that has a speech model (as in test_snapshots.py)."""
    from trainer.tui.widgets.spoken_answer import SpokenAnswer

    def no_voice(voice: SpokenAnswer) -> None:
        voice.usable = False

    monkeypatch.setattr(SpokenAnswer, "_check", no_voice)


def observed(*pressed: str, over: bool = False) -> Steps:
    """The observer's own view of a call a partner runs on the same log (started here
    through the core, as the partner's process would): answer 1 judged, then `pressed`."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, TrainerApp) and app.store is not None and app.library
        loaded = app.library.scenarios["tui/budget"]
        drill = start_drill(
            loaded,
            app.store,
            settings=app.current_settings,
            clock=app.clock,
            rep="ana",
            seed=1,
            mode=DrillMode.PAIR,
        )
        call = PairCall(drill, PairRoles("ana", "ben", "cy"), app.store, monotonic=lambda: 0.0)
        call.start()
        call.toggle("acknowledge")
        call.toggle("ask")
        call.tag(MomentTag.GREAT_LINE)
        call.take("the-number")
        app.pair_roles = PairRoles("ana", "ben", "cy")
        app.start_pairing("tui/budget", "observer")
        for _ in range(2):
            await pilot.pause(0.6)  # the view reads the log every half second
            await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        if over:
            call.take("booked")
            call.end("Ask before you answer.")
            for _ in range(2):
                await pilot.pause(0.6)
                await settle(pilot)
        app.clear_notifications()  # toasts time out: on a busy machine, at any moment
        await settle(pilot)

    return run


async def naming_the_partner(pilot: Pilot[Any]) -> None:
    """Library `p` before any pair call of the session: who plays the prospect?"""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TrainerApp) and app.library is not None
    app.open_pair(app.library.scenarios["tui/budget"])
    await settle(pilot)
    await pilot.press("b", "e", "n", "backspace", "backspace", "backspace", "enter")
    await settle(pilot)


FLOWS: dict[str, Steps] = {
    "pair-partner-name": naming_the_partner,
    "pair-observer": observed("1", "m"),
    "pair-observer-over": observed("1", "m", over=True),
    "pair-card": pair("1", "3", "g"),
    "pair-review": pair("1", "2", "a"),
    "pair-debrief": pair("1", "2", "a", "1", "a"),
    "pair-rep": pair(view="rep"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(FLOWS))
def test_pair_look(
    screen: str, size: tuple[int, int], snap_compare: Any, make_app: Callable[..., TrainerApp]
) -> None:
    assert snap_compare(make_app(filled=False), terminal_size=size, run_before=FLOWS[screen])


def test_the_pair_cards_head_and_comment_box_are_whole_at_80(
    make_app: Callable[..., TrainerApp],
) -> None:
    """At 80×24 the partner's card heading says every role (wrapped, not cut at "cy …") and
    the comment box's hint is whole."""
    import asyncio

    from textual.widgets import Input, Static

    async def run() -> None:
        app = make_app(filled=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pair("1", "2", "a", "1", "a")(pilot)  # to the debrief and its comment box
            head = app.screen.query_one("#pair-title", Static)
            shown = " ".join(line.text for line in head.render_lines(head.region.reset_offset))
            assert "ana answers · ben plays the prospect · cy observes" in " ".join(shown.split())
            box = app.screen.query_one("#pair-comment", Input)
            assert len(box.placeholder) <= box.content_region.width - 1  # the cursor's cell

    asyncio.run(run())
