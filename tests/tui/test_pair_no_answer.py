"""A pair call the partner ends before any answer counts for nobody (no drill), and every
view says so: no debrief promised, no comment box, the line that was said still listed, and
the call reads "spoken answers" like every pair call (QA 11b item 8)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_pair_screens import open_log, open_pair, shows, text_of
from trainer.scoring.answer import InputKind
from trainer.tui.app import TrainerApp
from trainer.tui.screens.pair_observer import PairObserverScreen
from trainer.tui.screens.pair_rep import PairRepScreen
from trainer.words import UNANSWERED_CALL

FIRST_LINE = "We just don't have the budget"


@pilot_test
async def test_a_call_ended_before_any_answer_counts_for_nobody_on_every_view(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        rep_app = make_app(filled=False)
        async with rep_app.run_test(size=(80, 24)) as rep:
            await open_pair(rep_app, rep, view="rep")
            assert isinstance(rep_app.screen, PairRepScreen)
            await shows(rep_app, rep, "#pair-lines", FIRST_LINE)
            observer_app = make_app(filled=False)
            async with observer_app.run_test(size=(80, 24)) as seen:
                await open_pair(observer_app, seen, view="observer")
                screen = observer_app.screen
                assert isinstance(screen, PairObserverScreen)
                await shows(observer_app, seen, "#pair-obs-checklist", "(answer 1)")
                await pilot.press("escape", "y")  # the partner ends it before any answer
                await settle(pilot)

                card = text_of(partner_app, "#pair-debrief")
                assert UNANSWERED_CALL in card and "debrief" not in card
                assert not partner_app.screen.query_one("#pair-comment", Input).display

                lines = await shows(rep_app, rep, "#pair-lines", UNANSWERED_CALL)
                assert FIRST_LINE in lines  # what the prospect said is still listed
                assert "debrief" not in lines

                lines = await shows(observer_app, seen, "#pair-lines", UNANSWERED_CALL)
                await settle(seen)
                assert not screen.query_one("#pair-obs-comment", Input).display
    store = open_log(tui_env)
    try:
        [attempt] = store.history()
        assert attempt.turn_count == 0
        assert attempt.input_kind is InputKind.SPOKEN  # as every pair call reads
    finally:
        store.close()
