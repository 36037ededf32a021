"""Esc pressed together with enter on the answer that ends the call, in a real terminal
(tmux sends both in one write): the terminal hands esc over only after its escape delay,
once the short answer is scored and the summary drawn. The summary stays (docs/keys.md:
"the summary shows first"); esc again closes; the answer is logged once."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux_journey import running_trainer
from tests.e2e.test_tmux_paste import answers_logged

pytestmark = [
    pytest.mark.real_part,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
WORSE = "I can give you a discount."  # tui/budget: lost at once


def test_esc_with_enter_on_the_last_answer_leaves_the_summary(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    db = tmp_path / "log.sqlite3"
    with running_trainer("escenter", tmp_path, isolated_dirs, "drill", "tui/budget") as terminal:
        terminal.wait_for("We just don't have the budget")
        terminal.type(WORSE)
        terminal.keys("Enter", "Escape")  # one write: "\r\x1b"
        terminal.wait_for("Drill again")
        time.sleep(1.0)  # esc has long arrived
        screen = terminal.screen()
        # Not closed: the call's end shows (its last feedback, the summary under it)…
        assert "Feedback · 4" in screen and "Drill again" in screen, screen
        assert "End this call?" not in screen, screen  # …with no question about it
        assert "The call is over: its summary is here." in screen, screen
        terminal.keys("Next")  # page down: the summary
        assert "Call over: lost" in terminal.wait_for("Call over: lost")
        time.sleep(3.5)  # the note goes
        terminal.keys("Escape")
        deadline = time.monotonic() + 10
        while "Drill again" in terminal.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Drill again" not in terminal.screen()  # esc again closes
    assert answers_logged(db) == [WORSE]
