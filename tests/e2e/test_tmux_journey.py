"""The real `trainer` in a real terminal (tmux): drill a scenario by typing, then find the
attempt in History and its minutes on Home."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "tui" / "fixtures" / "scenarios"
pytestmark = [
    pytest.mark.real_part,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    def __init__(self, session: str) -> None:
        self.session = session

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True)
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        """Press keys, then pause like a person (see `type`): on a busy machine a key and
        the text typed right after it can otherwise reach the app in one read, as a paste."""
        self.tmux("send-keys", "-t", self.session, *keys)
        time.sleep(0.3)

    def type(self, text: str) -> None:
        """Type text, then pause like a person: text and a key sent in one burst would reach
        the app as a single paste."""
        self.tmux("send-keys", "-t", self.session, "-l", text)
        time.sleep(0.3)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")


def start_sized(session: str, width: int, height: int, command: str) -> None:
    """A detached tmux session `width`×`height` running `command`, started only once the
    pane has its size. Without a client tmux may size a detached session by `default-size`
    (80×24) whatever -x says, and an app that read 80×24 before `resize-window` can miss
    the resize: so the pane waits in `sleep` until resized, then runs `command`. The test
    process may carry COLUMNS=80 LINES=24 in its C environment (readline exports them),
    which an app reads before the terminal's size: they are unset."""
    size = ["-x", str(width), "-y", str(height)]
    subprocess.run(["tmux", "new-session", "-d", "-s", session, *size, "sleep 600"], check=True)
    subprocess.run(["tmux", "resize-window", "-t", session, *size], check=True)
    shown = subprocess.run(
        ["tmux", "display", "-p", "-t", session, "#{pane_width}x#{pane_height}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == f"{width}x{height}", f"tmux sized the pane {shown}"
    unsized = f"env -u COLUMNS -u LINES {command}"
    subprocess.run(["tmux", "respawn-pane", "-k", "-t", session, unsized], check=True)


@contextmanager
def running_trainer(
    name: str, tmp_path: Path, isolated_dirs: Path, *args: str
) -> Iterator[Terminal]:
    """The real `trainer` (with `args`) in a 100x30 tmux session, rep Tess, a log in
    `tmp_path`, the test scenarios; the session is killed afterwards."""
    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text('rep = "Tess"\n', encoding="utf-8")
    trainer = Path(sys.executable).parent / "trainer"
    session = f"trainer-{name}-{os.getpid()}-{tmp_path.name}"  # unique across test runs
    command = " ".join(
        [
            f"env TRAINER_DATA_DIR={isolated_dirs / 'data'} TRAINER_CONFIG_DIR={config}",
            f"TERM=xterm-256color {trainer} --db {tmp_path / 'log.sqlite3'}",
            f"--scenarios {FIXTURES}",
            *args,
        ]
    )
    start_sized(session, 100, 30, command)
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path, isolated_dirs: Path) -> Iterator[Terminal]:
    with running_trainer("e2e", tmp_path, isolated_dirs) as term:
        yield term


def test_drill_by_typing_then_find_it_in_history_and_its_minutes_on_home(
    terminal: Terminal,
) -> None:
    terminal.wait_for("Drill next")
    terminal.keys("2")
    terminal.wait_for("Scenario")
    terminal.keys("/")
    terminal.type("have the budget")
    terminal.wait_for("Dana Ruiz")
    terminal.keys("Enter")  # back to the list
    terminal.keys("Enter")  # drill the highlighted scenario
    terminal.wait_for("We just don't have the budget")
    time.sleep(1.2)  # think before answering: the pause is part of delivery
    terminal.type("That's fair. What are you comparing it to?")
    terminal.keys("Enter")
    # The feedback names the move made; the prospect's next line follows it and may scroll
    # the feedback's first rows out of an 80x24 view, so each is looked for as it shows.
    terminal.wait_for("Acknowledges her point")
    terminal.wait_for("Our budget line is two thousand a month.")
    terminal.type("Could we meet on Tuesday at 2pm to work out the saving?")
    terminal.keys("Enter")
    screen = terminal.wait_for("Call over")
    assert "won" in screen
    terminal.keys("Escape")  # close the drill: back in the Library
    terminal.wait_for("Done")
    terminal.keys("3")
    terminal.wait_for("1 attempt ·")  # History, loaded
    screen = terminal.wait_for("typed")  # its row drawn (the input column, at 80 wide too)
    row = next((line for line in screen.splitlines() if "typed" in line), screen)
    assert "have the budget" in row and "won" in row
    terminal.keys("1")
    screen = terminal.wait_for("1 drill · 2 answers")
    today = re.search(r"(\d+(?:\.\d)?)( s)? of 20 min", screen)
    assert today is not None and float(today.group(1)) > 0, screen
    assert "1 drill · 2 answers" in screen
