"""The partner's debrief: a call ended early says so in the core's words, and the partner's
comment stays in its box once saved and shows in the debrief, as the observer's does
(QA 11b items 9b, 9c)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_pair_screens import open_log, open_pair, text_of
from trainer.tui.app import TrainerApp
from trainer.words import result_word


@pilot_test
async def test_ended_early_is_said_and_the_partners_comment_stays(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pair(app, pilot)
        await pilot.press("1", "a")  # one answer, then the partner ends the call
        await settle(pilot)
        await pilot.press("escape", "y")
        await settle(pilot)
        debrief = text_of(app, "#pair-debrief")
        assert f"partner's score 33 · {result_word('abandoned')}" in debrief
        comment = app.screen.query_one("#pair-comment", Input)
        assert comment.display and app.focused is comment
        comment.value = "Ask before you answer the price."
        await pilot.press("enter")
        await settle(pilot)
        assert comment.value == "Ask before you answer the price."  # stays, as the observer's
        debrief = text_of(app, "#pair-debrief")
        assert "Comment: Ask before you answer the price." in debrief
        assert "your comment is saved (edit it and enter to save again)" in debrief
        comment.value = "Ask first."  # an edit saved again replaces it
        await pilot.press("enter")
        await settle(pilot)
        assert "Comment: Ask first." in text_of(app, "#pair-debrief")
    store = open_log(tui_env)
    try:
        [attempt] = store.history()
        note = store.pair_note(attempt.id)
        assert note is not None and note.comment == "Ask first."
    finally:
        store.close()
