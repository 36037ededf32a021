"""Practice figures built from per-day totals: calendars with zero days, weeks, streaks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from trainer.store.records import DayActivity, WeekActivity


def every_day(active: Iterable[DayActivity], first: date, last: date) -> list[DayActivity]:
    """One entry per day from `first` to `last`, days without practice as zeros."""
    by_day = {d.day: d for d in active}
    span = (last - first).days + 1
    days = (first + timedelta(days=i) for i in range(max(span, 0)))
    return [by_day.get(day) or DayActivity(day) for day in days]


def weeks_of(days: Iterable[DayActivity]) -> list[WeekActivity]:
    """Totals per ISO week (Monday first), in the order the days come."""
    weeks: dict[date, WeekActivity] = {}
    for d in days:
        monday = d.day - timedelta(days=d.day.weekday())
        week = weeks.setdefault(monday, WeekActivity(monday))
        week.drills += d.drills
        week.seconds += d.seconds
        week.answers += d.answers
        week.answer_score_sum += d.answer_score_sum
        week.calls += d.calls
        week.call_score_sum += d.call_score_sum
        week.active_days += 1 if d.drills else 0
    return list(weeks.values())


def streaks(practised: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with practice.

    The current streak ends today, or yesterday when today has no drill yet (it is still
    alive until the day is over).
    """
    days = sorted(set(practised))
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    if previous is None or (today - previous).days > 1:
        return 0, longest
    return run, longest
