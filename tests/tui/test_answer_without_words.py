"""The app refuses an answer with no words ("😀😀😀 👍") as it refuses an empty one: the same
toast, nothing scored or logged, and the line still waits for an answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events

from tests.tui.conftest import GOOD, pilot_test, send_answer, settle
from tests.tui.test_drill_flow import conversation_text, logged, open_budget_drill
from trainer.drill.run import EMPTY_ANSWER
from trainer.tui.app import TrainerApp
from trainer.tui.widgets.answer_box import AnswerBox


@pilot_test
async def test_an_answer_of_emoji_is_refused_like_an_empty_one(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_budget_drill(app, pilot)
        box = app.focused
        assert isinstance(box, AnswerBox)
        app.post_message(events.Paste("😀😀😀 👍"))
        await pilot.press("enter")
        await settle(pilot)
        assert EMPTY_ANSWER in [n.message for n in app._notifications]
        assert "Nothing was said" not in conversation_text(app)
        assert "Moves" not in conversation_text(app) and "Score" not in conversation_text(app)
        box.clear()  # the box is the rep's to fix; a real answer then goes
        await send_answer(pilot, GOOD)
        assert "Acknowledge" in conversation_text(app)
        (attempt,) = logged(tui_env)
        assert [t.answer_text for t in attempt.turns] == [GOOD]  # type: ignore[attr-defined]
