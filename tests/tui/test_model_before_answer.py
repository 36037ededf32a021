"""ctrl+o (Model) before the first answer shows the model answer to the line awaiting one,
as `/model` does in the plain drill (it used to do nothing: the key was offered but off);
ctrl+o again hides it. After an answer it shows under the feedback, as before."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import GOOD, pilot_test, send_answer, settle
from tests.tui.test_drill_flow import conversation_text, open_budget_drill
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import Feedback

MODEL = "Model answer: That's fair. Compared to what: another quote, or the budget you set?"


@pilot_test
async def test_ctrl_o_before_answering_shows_the_lines_model_answer(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget_drill(app, pilot)
        assert MODEL not in conversation_text(app)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert MODEL in conversation_text(app)
        await pilot.press("ctrl+o")  # again: hidden
        await settle(pilot)
        assert MODEL not in conversation_text(app)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await send_answer(pilot, GOOD)
        assert "Our budget line is two thousand a month." in conversation_text(app)
        feedback = app.screen.query(Feedback).last()
        await pilot.press("ctrl+o")  # after an answer: under its feedback
        await settle(pilot)
        assert "Model answer: That's fair." in str(feedback.render())
