"""Real `trainer` processes in tmux for a pair call: the partner's, the rep's and (a triad)
the observer's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.test_tmux_journey import Terminal, start_sized

TRAINER = Path(sys.executable).parent / "trainer"
FIXTURES = Path(__file__).parents[1] / "tui" / "fixtures" / "scenarios"


@contextmanager
def pair_terminals(
    name: str,
    isolated_dirs: Path,
    db: str,
    *,
    rep: str = "ana",
    partner: str = "ben",
    env: dict[str, str] | None = None,
) -> Iterator[tuple[Terminal, Terminal]]:
    """The partner's view and the rep's view of `tui/budget` on the same log `db`."""
    with _terminals(name, isolated_dirs, db, ("partner", "rep"), rep, partner, None, env) as (
        partner_term,
        rep_term,
    ):
        yield partner_term, rep_term


@contextmanager
def triad_terminals(
    name: str,
    isolated_dirs: Path,
    db: str,
    *,
    rep: str = "ana",
    partner: str = "ben",
    observer: str = "cy",
) -> Iterator[tuple[Terminal, Terminal, Terminal]]:
    """Three processes on the same log: the partner's, the rep's and the observer's view."""
    views = ("partner", "rep", "observer")
    with _terminals(name, isolated_dirs, db, views, rep, partner, observer, None) as terms:
        partner_term, rep_term, observer_term = terms
        yield partner_term, rep_term, observer_term


@contextmanager
def _terminals(
    name: str,
    isolated_dirs: Path,
    db: str,
    views: tuple[str, ...],
    rep: str,
    partner: str,
    observer: str | None,
    env: dict[str, str] | None,
) -> Iterator[list[Terminal]]:
    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    extra = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    observing = f" --observer {observer}" if observer else ""
    base = (
        f"env TRAINER_DATA_DIR={isolated_dirs / 'data'} TRAINER_CONFIG_DIR={config} "
        f"TERM=xterm-256color {extra} {TRAINER} --db '{db}' --scenarios {FIXTURES} pair "
        f"tui/budget --rep {rep} --partner {partner}{observing}"
    )
    sessions = [f"pair-{os.getpid()}-{name}-{view}" for view in views]
    try:
        for session, view in zip(sessions, views, strict=True):
            start_sized(session, 110, 32, f"{base} --view {view}")
        yield [Terminal(session) for session in sessions]
    finally:
        for session in sessions:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def play_one_call(partner: Terminal, rep: Terminal) -> None:
    """The partner plays the budget call to its end; the rep's screen follows it."""
    partner.wait_for("Tick what you hear")
    rep.wait_for("We just don't have the budget")
    screen = rep.screen()
    assert "Tick what you hear" not in screen and "Model answer" not in screen
    partner.keys("1")
    partner.keys("2")
    partner.keys("g")
    partner.wait_for("Tagged: great line")
    partner.keys("a")  # a good answer: to the number
    partner.wait_for("Our budget line is two")
    rep.wait_for("Our budget line is two")
    partner.keys("1")
    partner.keys("a")  # booked
    partner.wait_for("The call is over: debrief")
    partner.type("Ask before you answer the price.")
    partner.keys("Enter")
    partner.wait_for("Comment saved")
    rep.wait_for("call over")
