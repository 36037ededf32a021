"""Goals in means (docs/practice.md): the daily and weekly targets a rep sets in the
settings, measured from the practice figures and the schedule. Home shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.practice.schedule import DueQueue, Schedule
    from trainer.practice.stats import PracticeStats
    from trainer.settings import Settings


@dataclass(frozen=True, slots=True)
class Goal:
    setting: str  # the setting that holds the target
    label: str  # "drills today"
    done: float
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target


def goals(
    stats: PracticeStats, queue: DueQueue, schedule: Schedule, settings: Settings
) -> list[Goal]:
    """Today's and this week's goals with what is done; a goal set to 0 is left out."""
    today, week = stats.today_activity, stats.this_week
    monday = stats.today - timedelta(days=stats.today.weekday())
    new_this_week = sum(n for day, n in schedule.new_by_day.items() if monday <= day <= stats.today)
    found = [
        Goal("daily_goal_minutes", "min today", today.minutes, settings.daily_goal_minutes),
        Goal("daily_goal_drills", "drills today", today.drills, settings.daily_goal_drills),
        Goal("daily_goal_due", "due cleared today", queue.cleared_today, settings.daily_goal_due),
        Goal("weekly_goal_drills", "drills this week", week.drills, settings.weekly_goal_drills),
        Goal("weekly_goal_new", "new this week", new_this_week, settings.weekly_goal_new),
    ]
    return [g for g in found if g.target > 0]
