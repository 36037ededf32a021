"""What one poll of a pair view costs the log: the store calls each tick makes, counted on
the app's real SQLite store (on a team server each one is a round trip). The rep's view
reads both people's history in one read; the card's debrief polls once a second for the
observers' notes and a swap from the rep's screen, in one worker, one read of each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from textual.pilot import Pilot

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_pair_screens import open_pair, shows, text_of
from trainer.store.base import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.pair_observer import PairObserverScreen
from trainer.tui.screens.pair_partner import PairPartnerScreen
from trainer.tui.screens.pair_rep import PairRepScreen


class CountingStore:
    """The app's own store, noting the name of every method called on it."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.inner, name)
        if callable(found):
            self.calls.append(name)
        return found


def counting(app: TrainerApp) -> CountingStore:
    """Count the store calls of `app` from now on (every call goes through its one store
    thread, `SerialStore`, to the store it opened)."""
    serial = app.store
    assert serial is not None
    seen = CountingStore(serial._store)
    serial._store = cast(Store, seen)
    return seen


async def one_rep_poll(app: TrainerApp, pilot: Pilot[Any], seen: CountingStore) -> list[str]:
    """The store calls of one poll of the rep's (or observer's) view, its timer held."""
    screen = app.screen
    assert isinstance(screen, PairRepScreen) and screen.poll is not None
    screen.poll.pause()
    await settle(pilot)
    seen.calls.clear()
    screen._poll()
    await settle(pilot)
    return list(seen.calls)


@pilot_test
async def test_the_reps_view_reads_the_log_once_a_poll_while_it_waits_for_the_call(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    rep_app = make_app(filled=False)
    async with rep_app.run_test(size=(100, 30)) as rep:
        await open_pair(rep_app, rep, view="rep")
        seen = counting(rep_app)
        assert await one_rep_poll(rep_app, rep, seen) == ["history"]  # ana's and ben's
        assert "Waiting for ben to start the call" in text_of(rep_app, "#pair-lines")


@pilot_test
async def test_a_poll_of_the_reps_and_the_observers_view_reads_history_and_the_call(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """During a call: one history read for both people, then the call with its notes (the
    observer's view takes the pair note from it: no read of its own)."""
    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        await pilot.press("1", "a")
        await settle(pilot)
        rep_app, observer_app = make_app(filled=False), make_app(filled=False)
        async with (
            rep_app.run_test(size=(100, 30)) as rep,
            observer_app.run_test(size=(100, 40)) as watch,
        ):
            await open_pair(rep_app, rep, view="rep")
            await open_pair(observer_app, watch, view="observer")
            await shows(rep_app, rep, "#pair-lines", "Our budget line")
            await shows(observer_app, watch, "#pair-obs-checklist", "(answer 2)")
            assert isinstance(observer_app.screen, PairObserverScreen)
            for app, its_pilot in ((rep_app, rep), (observer_app, watch)):
                seen = counting(app)
                calls = await one_rep_poll(app, its_pilot, seen)
                assert calls == ["history", "attempt"], (app.screen, calls)
            lines = text_of(rep_app, "#pair-lines")
            assert "We just don't have the budget" in lines and "Our budget line" in lines
            assert "Ticking as cy" in text_of(observer_app, "#pair-obs-status")


@pilot_test
async def test_after_the_call_the_card_polls_observers_and_a_swap_in_one_worker(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """The debrief reads the observers' notes and looks for a swap from the rep's screen:
    one poll, one read of each (the partner's history: only they answer on a swap). That
    the card still follows a swap: test_pair_screens.py (the rep takes the card)."""
    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        await pilot.press("escape", "y")  # ends the call: the debrief shows
        await settle(pilot)
        card = partner_app.screen
        assert isinstance(card, PairPartnerScreen) and card.after_call is not None
        card.after_call.pause()
        await settle(pilot)
        seen = counting(partner_app)
        card._look_after_call()
        await settle(pilot)
        assert seen.calls == ["observations", "history"]
        assert "The call is over" in text_of(partner_app, "#pair-debrief")
