"""Crash and concurrency: real processes writing to one real SQLite file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer.store.records import AttemptStatus
from trainer.store.sqlite import SQLiteStore

CHILD = Path(__file__).with_name("child_logger.py")


def _child(db: Path, rep: str, turns: int, start_at: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(db), rep, str(turns), str(start_at)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_mid_drill_loses_no_logged_turn(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    child = _child(db, "alex", 0, 0)
    assert child.stdout is not None
    attempt_id = child.stdout.readline().split()[1]
    reported: list[str] = []
    while len(reported) < 40:
        line = child.stdout.readline()
        assert line.startswith("turn "), child.stderr.read() if child.stderr else line
        reported.append(line.split()[1])
    os.kill(child.pid, signal.SIGKILL)  # while it keeps logging
    child.wait()
    reported += [line.split()[1] for line in child.stdout if line.startswith("turn ")]

    store = SQLiteStore(db)
    detail = store.attempt(attempt_id)
    assert detail is not None
    logged = [t.id for t in detail.turns]
    assert logged[: len(reported)] == reported  # every reported turn, in order
    assert [t.seq for t in detail.turns] == list(range(1, len(logged) + 1))
    assert detail.attempt.turn_count == len(logged)  # totals match the turns kept
    assert detail.attempt.status is AttemptStatus.UNFINISHED
    [listed] = store.history()
    assert listed.status is AttemptStatus.UNFINISHED
    assert listed.active_s > 0  # time up to the last turn counts as practice
    [day] = store.daily_activity("alex")  # the day's totals match what was kept
    assert (day.drills, day.answers) == (1, len(logged))
    assert day.seconds == pytest.approx(listed.active_s)
    check = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()
    assert check == ("ok",)


def test_two_processes_logging_at_once_both_keep_every_turn(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    turns = 150
    start_at = time.time() + 1.0  # both begin together, after their start-up
    children = [_child(db, rep, turns, start_at) for rep in ("alex", "sam")]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert "database is locked" not in err
        assert out.splitlines()[-1] == "done"

    store = SQLiteStore(db)
    attempts = store.history()
    assert sorted(a.rep for a in attempts) == ["alex", "sam"]
    for a in attempts:
        detail = store.attempt(a.id)
        assert detail is not None
        assert len(detail.turns) == turns
        assert a.turn_count == turns
        assert [d.answers for d in store.daily_activity(a.rep)] == [turns]
    # The two writers really overlapped in time.
    first, second = sorted(attempts, key=lambda a: a.started_at)
    assert second.started_at < (first.last_activity_at or first.started_at)


def test_attempt_of_a_running_drill_reads_as_in_progress(tmp_path: Path) -> None:
    from tests.store import logdata

    store = SQLiteStore(tmp_path / "log.sqlite3")
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.log_turn(logdata.turn(attempt, 1))
    [listed] = store.history()
    assert listed.status is AttemptStatus.IN_PROGRESS  # this process is still drilling it
