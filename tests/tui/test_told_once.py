"""A problem that would repeat on every call (the speakers failing) is told once a run, not
in a toast over the answer box of each call."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import pilot_test, settle
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
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
        for _ in range(2):  # two calls, the speakers failing in each
            app.start_drilling("tui/budget")
            await settle(pilot)
            drill = app.screen
            assert isinstance(drill, DrillScreen), _toasts(app)
            drill.query_one(ProspectVoice)._failed("no speakers or headphones found", None)
            await pilot.pause()
            app.pop_screen()
            await settle(pilot)
        told = [t for t in _toasts(app) if "text only" in t]
        assert told == ["The prospect's lines are text only: no speakers or headphones found"]
