"""After a change of time zone every number counts the same local days (trainer.clock.
local_day): a drill logged at 06:07 UTC on Friday is Thursday evening in Los Angeles, and
there Today, the week, the streak, the due queue and `--since today` all count it on
Thursday, as the times on screen show it; back in UTC they count it on Friday again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.practice.practicelog import log_drill
from trainer.clock import FixedClock, local_today
from trainer.practice.schedule import due_queue, read_schedule
from trainer.practice.stats import read_practice
from trainer.store.sqlite import SQLiteStore

TRAINER = str(Path(sys.executable).parent / "trainer")
NOW = datetime(2026, 11, 27, 6, 10, tzinfo=UTC)  # Fri 06:10 UTC = Thu 22:10 in Los Angeles
LIBRARY = ["s/new1", "s/new2", "s/new3"]


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def figures(db: Path) -> tuple[date, int, int, int, int, int]:
    """Today, today's drills, this week's, the streak, new scenarios first drilled today,
    and attempts since local midnight, as Home, Progress and `trainer stats` read them."""
    clock = FixedClock(NOW)
    store = SQLiteStore(db)
    try:
        stats = read_practice(store, "ana", clock)
        today = local_today(clock)
        queue = due_queue(read_schedule(store, "ana"), LIBRARY, today, new_per_day=2)
        midnight = datetime.combine(today, datetime.min.time()).astimezone()
        since_midnight = len(store.history(rep="ana", since=midnight))
    finally:
        store.close()
    return (
        today,
        stats.today_activity.drills,
        stats.this_week.drills,
        stats.current_streak,
        queue.new_today,
        since_midnight,
    )


def test_every_number_counts_the_days_of_the_zone_it_runs_in(
    tmp_path: Path, zone: Callable[[str], None]
) -> None:
    db = tmp_path / "log.sqlite3"
    zone("UTC")
    store = SQLiteStore(db)
    try:
        log_drill(store, "s/new1", NOW - timedelta(days=1, minutes=3), [80.0])  # Thu 06:07
        log_drill(store, "s/new2", NOW - timedelta(minutes=3), [80.0])  # Fri 06:07
    finally:
        store.close()
    thursday, friday = date(2026, 11, 26), date(2026, 11, 27)
    assert figures(db) == (friday, 1, 2, 2, 1, 1)

    zone("America/Los_Angeles")  # Thu 22:10: the drills were Wed 22:07 and Thu 22:07
    assert figures(db) == (thursday, 1, 2, 2, 1, 1)
    stats = subprocess.run(
        [TRAINER, "--db", str(db), "stats", "--rep", "ana", "--since", "2026-11-25"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "America/Los_Angeles"},
    )
    lines = stats.stdout.splitlines()
    assert lines[1].startswith("2 drills") and lines[2].startswith("Streak: 2 days now"), (
        stats.stdout + stats.stderr
    )
    days = {line.split()[1]: line.split()[2] for line in lines if line[:3] in ("Wed", "Thu")}
    assert days == {"2026-11-25": "1", "2026-11-26": "1"}, stats.stdout

    zone("UTC")
    assert figures(db) == (friday, 1, 2, 2, 1, 1)


def test_doctor_checks_a_log_from_another_zone_without_counting_its_days_again(
    tmp_path: Path, zone: Callable[[str], None]
) -> None:
    """`trainer doctor` checks the log it reads: it never rewrites it (a damaged index would
    be written through), so the days stay as logged until the trainer itself opens it."""
    db = tmp_path / "log.sqlite3"
    zone("UTC")
    store = SQLiteStore(db)
    try:
        log_drill(store, "s/new2", NOW - timedelta(minutes=3), [80.0])  # Fri 06:07 UTC
    finally:
        store.close()

    def logged_days() -> list[str]:
        import sqlite3

        with sqlite3.connect(db) as conn:
            return [d for (d,) in conn.execute("SELECT local_day FROM attempts")]

    doctor = subprocess.run(
        [TRAINER, "--db", str(db), "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "America/Los_Angeles"},
    )
    assert "Traceback" not in doctor.stderr, doctor.stderr
    assert logged_days() == ["2026-11-27"]  # as logged, in UTC
    zone("America/Los_Angeles")
    SQLiteStore(db).close()  # the trainer opening it counts the day in its zone
    assert logged_days() == ["2026-11-26"]
