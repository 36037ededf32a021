"""ctrl+o (Model) shows the model answer to the line awaiting one, as `/model` does in the
plain drill, before the first answer and after it alike (after answer 1 it used to show
answer 1's model inside its feedback, not the model for the line then asked); ctrl+o again
hides it. A model shown earlier stays where it is; once the call is over, ctrl+o shows the
last answer's under its feedback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import GOOD, pilot_test, send_answer, settle
from tests.tui.test_drill_flow import conversation_text, open_budget_drill
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import Feedback

MODEL = "Model answer: That's fair. Compared to what: another quote, or the budget you set?"
NEXT_MODEL = "Model answer: Shall we take thirty minutes on Tuesday at two to work out the saving?"


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
        await pilot.press("ctrl+o")  # after answer 1: the model for the line now asked
        await settle(pilot)
        text = conversation_text(app)
        assert NEXT_MODEL in text
        assert text.index(NEXT_MODEL) > text.index("Our budget line is two thousand a month.")
        assert "Model answer" not in str(feedback.render())  # not answer 1's, in its feedback
        assert text.count(MODEL) == 1  # the one shown before answer 1 stays where it was
        await pilot.press("ctrl+o")  # again: hidden
        await settle(pilot)
        assert NEXT_MODEL not in conversation_text(app)
        assert MODEL in conversation_text(app)
        await send_answer(pilot, "Shall we meet on Tuesday at 2pm to work out the saving?")
        assert "Call over: won" in conversation_text(app)
        await pilot.press("ctrl+o")  # the call is over: the last answer's, in its feedback
        await settle(pilot)
        last = app.screen.query(Feedback).last()
        assert "Model answer: Shall we take thirty minutes" in str(last.render())


def test_the_keys_doc_says_what_ctrl_o_shows() -> None:
    keys = Path("docs/keys.md").read_text(encoding="utf-8")
    assert "ctrl+o shows the model answer to the line awaiting your answer" in keys
