"""An observer's ticks and tags made while the team server is down, on the real server:
they stay on the screen marked not saved, are sent again on the app's timer once the server
is back, and the partner's note then reads them (QA 11b item 1: they were lost unsaid)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import pilot_test, settle
from trainer.clock import SystemClock
from trainer.drill.pair import PairCall, PairRoles, checklist
from trainer.drill.run import start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.base import ServerUnreachable
from trainer.store.open import open_store
from trainer.store.records import DrillMode, ObserverNote
from trainer.tui.app import TrainerApp
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.pair_observer import PairObserverScreen

from .conftest import TeamDb

pytestmark = pytest.mark.real_part
SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
SCENARIO = "objection/too-expensive"


def _status(app: TrainerApp) -> str:
    return str(app.screen.query_one("#pair-obs-status", Static).render())


async def _until(pilot: Pilot[Any], ready: Callable[[], bool], seconds: float = 15.0) -> None:
    for _ in range(int(seconds * 10)):
        if ready():
            return
        await pilot.pause(0.1)
    raise AssertionError("not within the time")


@pilot_test
async def test_ticks_made_while_the_server_is_down_are_sent_once_it_is_back(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    loaded = load_library(include_user=False).get(SCENARIO)
    step = loaded.scenario.step(loaded.scenario.first_step)
    first = checklist(step)[0]
    alex = open_store(team_db.url("alex"))  # the rep's login runs the partner's card
    try:
        drill = start_drill(
            loaded, alex, settings=Settings(), clock=SystemClock(), rep="alex", seed=1,
            mode=DrillMode.PAIR,
        )  # fmt: skip
        call = PairCall(drill, PairRoles("alex", "ben", "blake"), alex)
        call.start()
        app = TrainerApp(
            db=team_db.url("blake"),
            shipped_dir=SHIPPED,
            drill=SCENARIO,
            pair=("alex", "ben", "blake", "observer"),
        )
        app.STORE_AGAIN_S = 0.5
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, PairObserverScreen)
            await _until(pilot, lambda: screen.seen is not None)
            with team_db.server.down():
                await pilot.press("1", "g")
                await settle(pilot)
                checks = str(screen.query_one("#pair-obs-checklist", Static).render())
                assert f"1 ☑ {first.label}" in checks and "Tagged: great line" in checks
                assert "not saved yet: trying again every 0.5 s" in _status(app)
                await pilot.press("escape")  # closing asks first: the notes are not saved
                await settle(pilot)
                assert isinstance(app.screen, ConfirmScreen)
                await pilot.press("n")
                await settle(pilot)
                assert isinstance(app.screen, PairObserverScreen)
            await _until(pilot, lambda: screen.unsaved is None)  # sent again on the timer
            await settle(pilot)
            assert "not saved" not in _status(app) and "Ticking as blake" in _status(app)
            assert "Your ticks, tags and comment are saved now." in [
                str(n.message) for n in app._notifications
            ]
        with contextlib.suppress(ServerUnreachable):  # alex's connection was cut: reconnects
            alex.pair_note(drill.attempt_id)
        call.take(None)
        call.end()  # the call ends at once: nothing new for the observer's view to send
        note = alex.pair_note(drill.attempt_id)
        assert note is not None
        [seen] = note.observations
        assert isinstance(seen, ObserverNote) and seen.observer == "blake"
        assert seen.ticks_of(1) == [first.id]
        assert [(t.kind, t.seq) for t in seen.tags] == [("great-line", 1)]
    finally:
        alex.close()


@pilot_test
async def test_unsaved_ticks_of_a_call_left_for_the_next_are_still_sent(
    team_db: TeamDb, isolated_dirs: Path
) -> None:
    """The pair moves on to a new call before the server took the observer's ticks on the
    last one: the view follows the new call and still sends the last call's ticks."""
    loaded = load_library(include_user=False).get(SCENARIO)
    step = loaded.scenario.step(loaded.scenario.first_step)
    first = checklist(step)[0]
    alex = open_store(team_db.url("alex"))

    def new_call() -> PairCall:
        drill = start_drill(
            loaded, alex, settings=Settings(), clock=SystemClock(), rep="alex", seed=1,
            mode=DrillMode.PAIR,
        )  # fmt: skip
        call = PairCall(drill, PairRoles("alex", "ben", "blake"), alex)
        call.start()
        return call

    try:
        call = new_call()
        app = TrainerApp(
            db=team_db.url("blake"),
            shipped_dir=SHIPPED,
            drill=SCENARIO,
            pair=("alex", "ben", "blake", "observer"),
        )
        app.STORE_AGAIN_S = 60  # no try on the timer within the test: the next call sends
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, PairObserverScreen)
            await _until(pilot, lambda: screen.seen is not None)
            with team_db.server.down():
                await pilot.press("1")
                await settle(pilot)
                assert screen.unsaved is not None
            with contextlib.suppress(ServerUnreachable):  # alex's connection was cut
                alex.pair_note(call.drill.attempt_id)
            call.end()  # no answer: nothing new on this call makes the view save again
            nxt = new_call()
            await _until(
                pilot,
                lambda: screen.seen is not None and screen.seen.attempt_id == nxt.drill.attempt_id,
            )
            await _until(pilot, lambda: screen.unsaved is None and not screen.backlog)
        nxt.end()
        note = alex.pair_note(call.drill.attempt_id)
        assert note is not None
        [seen] = note.observations
        assert seen.ticks_of(1) == [first.id]
    finally:
        alex.close()
