"""The one clock every front end and the core read: wall time (UTC) for logs and calendars,
a monotonic clock for timers. Tests pass a `FixedClock` so that numbers, snapshots and
timings are deterministic."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass(slots=True)
class FixedClock:
    """Time stands still unless a test advances it."""

    at: datetime
    mono: float = 1000.0

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.mono += seconds


Clock = SystemClock | FixedClock


def local_day(moment: datetime) -> date:
    """The calendar day of a moment in the time zone the trainer runs in: THE day rule of
    the log's days, today, weeks and streaks (a log follows a change of zone:
    `trainer.store.local_days`)."""
    return moment.astimezone().date()


def local_today(clock: Clock) -> date:
    """The rep's local calendar day now (days, weeks and streaks are local days)."""
    return local_day(clock.now())
