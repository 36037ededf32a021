"""A problem that would repeat on every call (the speakers failing) is told once a run, as a
line of the call's conversation: not in a toast over the answer box or the after-call
buttons of each call."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets.conversation import Conversation
from trainer.tui.widgets.prospect_voice import ProspectVoice


def _toasts(app: TrainerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pilot_test
async def test_the_speakers_failing_is_told_once_however_many_calls(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said: list[list[str]] = []
        for _ in range(2):  # two calls, the speakers failing in each
            app.start_drilling("tui/budget")
            await settle(pilot)
            drill = app.screen
            assert isinstance(drill, DrillScreen), _toasts(app)
            drill.query_one(ProspectVoice)._failed("no speakers or headphones found", None)
            await settle(pilot)
            notes = drill.query_one(Conversation).query(".note").results(Static)
            said.append([str(n.render()) for n in notes])
            app.pop_screen()
            await settle(pilot)
        told = "The prospect's lines are text only: no speakers or headphones found"
        assert told in said[0] and told not in said[1]  # in the first call's conversation
        assert not [t for t in _toasts(app) if "text only" in t]  # no toast covers a button
