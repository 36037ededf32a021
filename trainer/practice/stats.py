"""Practice figures for a rep: today, this week, streaks, the weakest scenarios. One function
(`practice_stats`) builds them from the log's day totals and a clock; `trainer stats`, Home
and Progress all call it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.practice.calendar import every_day, streaks, weakest, weeks_of
from trainer.store.records import DayActivity, ScenarioSummary, WeekActivity

if TYPE_CHECKING:
    from trainer.store.base import Store

STATS_DAYS = 14  # days shown when no first day is given (always covers this week)


@dataclass(frozen=True, slots=True)
class PracticeStats:
    today: date
    days: list[DayActivity]  # every day from the first asked to today, zeros included
    weeks: list[WeekActivity]  # every week (Monday first) overlapping those days
    current_streak: int  # consecutive days with a drill ending today (or yesterday)
    longest_streak: int
    weakest: list[ScenarioSummary]  # lowest recent average first

    @property
    def today_activity(self) -> DayActivity:
        last = self.days[-1] if self.days else None
        return last if last is not None and last.day == self.today else DayActivity(self.today)

    @property
    def this_week(self) -> WeekActivity:
        monday = self.today - timedelta(days=self.today.weekday())
        found = next((w for w in self.weeks if w.week_start == monday), None)
        return found or WeekActivity(monday)

    @property
    def drills(self) -> int:
        return sum(d.drills for d in self.days)

    @property
    def minutes(self) -> float:
        return sum(d.seconds for d in self.days) / 60

    @property
    def answers(self) -> int:
        return sum(d.answers for d in self.days)

    @property
    def average_score(self) -> float | None:
        answers = self.answers
        return sum(d.answer_score_sum for d in self.days) / answers if answers else None


def first_day(since: date | None, today: date) -> date:
    """The first day shown: `since`, else the last `STATS_DAYS` days to today."""
    return since if since is not None else today - timedelta(days=STATS_DAYS - 1)


def practice_stats(
    all_days: list[DayActivity],
    summaries: list[ScenarioSummary],
    today: date,
    since: date | None = None,
    weakest_count: int = 5,
    weakest_among: Collection[str] | None = None,
) -> PracticeStats:
    """The figures from every practised day (streaks need all of them) and the scenario
    summaries; `weakest_among` limits "weakest" to those scenario ids (e.g. objections)."""
    first = first_day(since, today)
    current, longest = streaks((d.day for d in all_days if d.drills), today)
    days = every_day((d for d in all_days if d.day >= first), first, today)
    pool = (
        summaries
        if weakest_among is None
        else [s for s in summaries if s.scenario_id in weakest_among]
    )
    return PracticeStats(
        today=today,
        days=days,
        weeks=weeks_of(days),
        current_streak=current,
        longest_streak=longest,
        weakest=weakest(pool, weakest_count),
    )


def read_practice(
    store: Store,
    rep: str | None,
    clock: Clock,
    since: date | None = None,
    weakest_count: int = 5,
    weakest_among: Collection[str] | None = None,
) -> PracticeStats:
    """`practice_stats` for a rep (None: everyone the login may read) as of the clock's day."""
    return practice_stats(
        store.daily_activity(rep),
        store.scenario_summary(rep),
        local_today(clock),
        since,
        weakest_count,
        weakest_among,
    )
