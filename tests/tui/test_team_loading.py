"""The first team view after an upgrade replays every rep's log (half a minute on a large
team, bench/bench_team_report.py): the Team place says it is reading each rep's schedule,
with how many are done, until Due and Weak spots fill in; `trainer team report` shows a
one-line progress on stderr when it runs over a second, and nothing when it is quick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from tests.tui.conftest import pilot_test, settle
from tests.tui.test_team_place import plan_app  # noqa: F401 (a fixture)
from trainer.tui.app import TrainerApp

TRAINER = [sys.executable, "-m", "trainer"]


@pilot_test
async def test_the_team_place_says_it_is_reading_the_schedules(
    plan_app: Callable[[], TrainerApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trainer.practice import schedule, team

    real = schedule.read_schedules
    release = threading.Event()

    def slow(store: Any, reps: Sequence[str], progress: Any = None) -> Any:
        """The real read, held until the test has looked (a long replay)."""
        release.wait(10)
        return real(store, reps, progress)

    monkeypatch.setattr(team, "read_schedules", slow)
    app = plan_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")  # not `settle`: it waits for the (held) worker
        status = ""
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen.query("#team-status"):
                status = str(app.screen.query_one("#team-status", Static).render())
                if status.startswith("Reading"):
                    break
        assert status.startswith("Reading each rep's practice schedule: 0 of 2…"), status
        release.set()
        for _ in range(50):
            await settle(pilot)
            status = str(app.screen.query_one("#team-status", Static).render())
            if not status.startswith("Reading"):
                break
        assert status.startswith("2 reps · Due: due today (overdue)"), status


def _report(db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *TRAINER,
            "--db",
            str(db),
            "--scenarios",
            "scenarios",
            "team",
            "report",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


def test_trainer_team_report_shows_one_line_of_progress_only_when_slow(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    make_app()  # the fixed log of the app tests: a rep with practice, no schedule saved
    db = tui_env / "log.sqlite3"
    slow = _report(db, TRAINER_PROGRESS_AFTER_S="0")  # as if the replay took a while
    assert slow.returncode == 0, slow.stderr
    lines = slow.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Reading each rep's practice schedule"), lines
    reps = json.loads(slow.stdout)["reps"]
    quick = _report(db)  # now saved: quick, no progress
    assert quick.returncode == 0 and quick.stderr == ""
    assert json.loads(quick.stdout)["reps"] == reps
