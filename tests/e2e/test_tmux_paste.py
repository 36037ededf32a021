"""Pastes reach the answer box whole and in order, in a real terminal (tmux): with bracketed
paste, and without it (an unbracketed burst of text and Enter, as some terminals send)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux_journey import running_trainer

pytestmark = [
    pytest.mark.real_part,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
ANSWER = (
    "That's fair, and I hear that the budget is tight this quarter. Compared to what, "
    "another quote or the budget you set for the year? If we could show the saving in "
    "the first three months, would that change how you look at the number? "
    "Tell me more about how the budget was set and who signs off on it."
)


def answers_logged(db: Path) -> list[str]:
    from trainer.store.open import open_store

    store = open_store(str(db))
    try:
        details = [store.attempt(a.id) for a in store.history(rep="Tess")]
        return [t.answer_text for d in details if d is not None for t in d.turns]
    finally:
        store.close()


@pytest.mark.parametrize("bracketed", [True, False], ids=["bracketed", "burst"])
def test_a_pasted_answer_arrives_whole(
    tmp_path: Path, isolated_dirs: Path, bracketed: bool
) -> None:
    db = tmp_path / "log.sqlite3"
    with running_trainer("paste", tmp_path, isolated_dirs, "drill", "tui/budget") as terminal:
        session = terminal.session
        terminal.wait_for("We just don't have the budget")
        time.sleep(0.5)
        terminal.tmux("set-buffer", "-b", session, ANSWER + ("" if bracketed else "\r"))
        # -p: wrapped in bracketed-paste marks (the app asks for them); without -p the text
        # and the Enter arrive as one unbracketed burst.
        terminal.tmux(
            "paste-buffer", "-d", *(["-p"] if bracketed else []), "-b", session, "-t", session
        )
        time.sleep(0.5)
        if bracketed:
            terminal.keys("Enter")
        terminal.wait_for("Feedback · ")
        screen = terminal.screen()
        assert "Type your answer first" not in screen
        terminal.keys("Escape")
        terminal.wait_for("End this call?")
        terminal.keys("y")
        terminal.wait_for("Call over: ended early")
    time.sleep(0.5)
    assert answers_logged(db) == [ANSWER]


def test_a_paste_holding_escapes_and_returns_stays_in_order_and_unsent(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """Copied text with colour codes: Textual's parser alone would send what follows the
    first ESC as keys (the "\\r" as enter, sending "red" before "Hi there"); the trainer's
    parser keeps the paste whole (trainer/tui/paste.py). The box shows what the log keeps."""
    pasted = "Hi there \x1b[31mred\x1b[0m, and \x1b done\rsecond line \u202eevil\u202c"
    kept = "Hi there [31mred[0m, and  done\nsecond line evil"
    db = tmp_path / "log.sqlite3"
    with running_trainer("escpaste", tmp_path, isolated_dirs, "drill", "tui/budget") as terminal:
        session = terminal.session
        terminal.wait_for("We just don't have the budget")
        time.sleep(0.5)
        terminal.tmux("set-buffer", "-b", session, pasted)
        terminal.tmux("paste-buffer", "-d", "-p", "-b", session, "-t", session)
        screen = terminal.wait_for("second line evil")
        assert "Hi there [31mred[0m, and  done" in screen
        time.sleep(1.0)
        assert "Feedback · " not in terminal.screen()  # the pasted return sent nothing
        assert answers_logged(db) == []
        terminal.keys("Enter")
        # An answer that asks nothing loses the call: its feedback, then the summary below it.
        terminal.wait_for("pgdn Summary")
        terminal.keys("PageDown")
        terminal.wait_for("Call over")
    time.sleep(0.5)
    assert answers_logged(db) == [kept]
