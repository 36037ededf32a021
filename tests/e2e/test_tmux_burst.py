"""Keys typed while a drill opens reach its answer box whole and in order, in a real
terminal (tmux): enter on a scenario (Library, Home) or `n`, the answer and enter, sent in
one burst, as a fast typist or a macro does. None of it may reach the place underneath."""

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
ANSWER = "Fair, do you still close the warehouse for stocktakes"


@pytest.mark.parametrize(
    ("before", "opener"),
    [(["2"], "Enter"), ([], "Enter"), ([], "n")],
    ids=["library-enter", "home-enter", "home-n"],
)
def test_an_answer_typed_while_the_drill_opens_arrives_whole(
    tmp_path: Path, isolated_dirs: Path, before: list[str], opener: str
) -> None:
    db = tmp_path / "log.sqlite3"
    with running_trainer("burst", tmp_path, isolated_dirs) as terminal:
        session = terminal.session
        terminal.wait_for("Drill next")
        terminal.wait_for("not practised yet")  # the library is in: Home suggests from it
        for key in before:
            terminal.keys(key)
        if before:
            terminal.wait_for("Scenario")
        time.sleep(0.5)
        # One send-keys: the opening key, the answer and enter reach the app in one burst.
        terminal.tmux("send-keys", "-t", session, opener, ANSWER, "Enter")
        deadline = time.monotonic() + 20
        while not answers_logged(db) and time.monotonic() < deadline:
            time.sleep(0.2)  # the answer is logged once scored
        screen = terminal.screen()
        assert "Type your answer first" not in screen
        assert screen.startswith(" Drill ")  # still in the drill: no letter reached the place
        terminal.keys("Escape")
        # A call with an answer asks first; on a busy machine the question can take a while.
        deadline = time.monotonic() + 10
        answered = False
        closing = time.monotonic()
        while (screen := terminal.screen()).startswith(" Drill ") and time.monotonic() < deadline:
            if "End this call?" in screen and not answered:
                terminal.keys("y", "Escape")  # end the call, close the drill (once)
                answered = True
                closing = time.monotonic()
            elif "esc Close" in screen and time.monotonic() - closing > 2:
                # The answer ended the call while the first esc was on its way (the call was
                # still being scored): the rep presses esc again on the call's summary.
                terminal.keys("Escape")
                closing = time.monotonic()
            time.sleep(0.2)
        assert not screen.startswith(" Drill ")  # back where it was opened
    time.sleep(0.5)
    assert answers_logged(db) == [ANSWER]
