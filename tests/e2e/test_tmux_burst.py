"""Keys typed while a drill opens reach its answer box whole and in order, in a real
terminal (tmux): enter on a scenario (Library, Home) or `n`, the answer and enter, sent in
one burst, as a fast typist or a macro does. None of it may reach the place underneath."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux_journey import FIXTURES, Terminal
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
    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text('rep = "Tess"\n', encoding="utf-8")
    trainer = Path(sys.executable).parent / "trainer"
    db = tmp_path / "log.sqlite3"
    session = f"trainer-burst-{os.getpid()}-{tmp_path.name}"  # unique across test runs
    command = (
        f"env TRAINER_DATA_DIR={isolated_dirs / 'data'} TRAINER_CONFIG_DIR={config} "
        f"TERM=xterm-256color {trainer} --db {db} --scenarios {FIXTURES}"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command], check=True
    )
    # Some tmux versions size a detached session by `default-size` (80×24) whatever -x says.
    subprocess.run(["tmux", "resize-window", "-t", session, "-x", "100", "-y", "30"], check=True)
    terminal = Terminal(session)
    try:
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
        if "End this call?" in terminal.screen():
            terminal.keys("y", "Escape")  # end the call, close the drill
        screen = terminal.screen()
        assert not screen.startswith(" Drill ")  # back where it was opened
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    time.sleep(0.5)
    assert answers_logged(db) == [ANSWER]
