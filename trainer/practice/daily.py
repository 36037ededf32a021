"""Today's practice for a rep: the due queue from the schedule and the library, the one
call every front end makes (Home, the daily session, `trainer drill --due`, Progress)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.practice.goals import Goal, goals
from trainer.practice.schedule import DueQueue, Schedule, due_queue, read_schedule
from trainer.scenario.models import Kind

if TYPE_CHECKING:
    from trainer.practice.stats import PracticeStats
    from trainer.scenario.library import Library
    from trainer.settings import Settings
    from trainer.store.base import Store


@dataclass(frozen=True, slots=True)
class Today:
    queue: DueQueue
    schedule: Schedule


@dataclass(frozen=True, slots=True)
class Overview:
    """What Home shows of the daily practice: today's queue and the goals."""

    queue: DueQueue
    goals: list[Goal]


def introduction_order(library: Library) -> list[str]:
    """The order new scenarios are offered in: objections first, then easier ones first."""
    return [
        loaded.scenario.id
        for loaded in sorted(
            library.scenarios.values(),
            key=lambda s: (
                s.scenario.kind is not Kind.OBJECTION,
                s.scenario.difficulty,
                s.scenario.id,
            ),
        )
    ]


def read_today(
    store: Store,
    library: Library,
    rep: str,
    clock: Clock,
    new_per_day: int,
    assigned_first: Sequence[str] = (),
) -> Today:
    """Today's due queue for `rep`. `assigned_first`: scenario ids assigned by a manager
    (the hook for assignments: they lead the queue)."""
    schedule = read_schedule(store, rep)
    queue = due_queue(
        schedule, introduction_order(library), local_today(clock), new_per_day, assigned_first
    )
    return Today(queue, schedule)


def read_overview(
    store: Store,
    library: Library,
    rep: str,
    clock: Clock,
    settings: Settings,
    stats: PracticeStats,
    assigned_first: Sequence[str] = (),
) -> Overview:
    """Today's queue and the goals against `stats` (the rep's `read_practice`)."""
    today = read_today(store, library, rep, clock, settings.new_per_day, assigned_first)
    return Overview(today.queue, goals(stats, today.queue, today.schedule, settings))
