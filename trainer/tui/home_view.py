"""What Home shows, read in one call and held in plain values (no Textual, no records).

`read_home` is the only place Home's figures are gathered: Home's worker calls it, and so
does the start-up prefetch (trainer.tui.prefetch), which runs it in a child process while
the app draws its first frame and sends the result back pickled. Only this module, the
core's goals (trainer.practice.goals) and the standard library are needed to read that
pickle, so the app shows Home's data without first importing the log, the library, the
scheduler or the settings' validation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from trainer.practice.goals import Goal

if TYPE_CHECKING:
    from trainer.clock import Clock
    from trainer.scenario.library import Library
    from trainer.scoring.result import ScoreBand
    from trainer.settings import Settings
    from trainer.store.base import Store


ASSIGNMENTS_SHOWN = 4  # cards on Home (the rest: `trainer assignments`)


@dataclass(frozen=True, slots=True)
class Activity:
    minutes: float
    drills: int
    answers: int


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    scenario_id: str
    title: str
    kind: str  # the kind's id (`cold_call`); shown through trainer.words.kind_word
    difficulty: int
    reason: str


@dataclass(frozen=True, slots=True)
class RecentRow:
    attempt_id: str
    started_at: datetime
    score: float | None
    band: ScoreBand | None  # `score_band(score)`: Home draws it without importing scoring
    title: str
    result: str  # practice.rules.attempt_result: win, callback, loss, abandoned…


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """One of the rep's assignment cards, as trainer.practice.assignments reads it."""

    title: str
    due: str  # "due Fri", "overdue since Tue" (`AssignmentProgress.due_text`)
    targets: str  # "2 of 5 attempts · best 64, needs 70" (`targets_text`)
    done: bool
    overdue: bool
    scenario_id: str | None  # the scenario enter drills (`scenario_to_drill`)
    note: str = ""  # the manager's line for the rep (`assign --note`), as given


@dataclass(frozen=True, slots=True)
class DueRow:
    """Today's due queue in numbers (trainer.practice.schedule.DueQueue)."""

    any_due: bool  # something to drill today
    due: int
    overdue: int
    new: int
    cleared_today: int
    next_due: date | None


@dataclass(frozen=True, slots=True)
class HomeView:
    rep: str
    today: Activity
    week: Activity
    streak: int
    longest: int
    daily_goal_minutes: int
    weekly_goal_drills: int
    suggestions: list[SuggestionRow] | None  # None until the scenario library has loaded
    recent: list[RecentRow]
    due: DueRow | None = None
    goals: tuple[Goal, ...] = ()
    daily_key: str | None = None  # the rep's key for the daily practice, when remapped
    assignments: tuple[AssignmentRow, ...] = ()  # read with the library


def read_home(
    store: Store, library: Library | None, settings: Settings, rep: str, clock: Clock
) -> HomeView:
    """Everything Home shows for `rep`; suggestions and the due queue need the library."""
    from trainer.practice.rules import attempt_result
    from trainer.practice.stats import read_practice
    from trainer.scoring.result import score_band

    stats = read_practice(store, rep, clock)
    suggestions = None
    due = None
    goals: tuple[Goal, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    if library is not None:
        from trainer.drill.selection import next_drills
        from trainer.practice.assignments import (
            first_of,
            rep_assignments,
            scenario_facts,
            scenario_to_drill,
        )
        from trainer.practice.daily import read_overview

        found = next_drills(
            library, store.scenario_summary(rep), clock.now(), weakest=stats.weakest
        )
        suggestions = []
        for s in found:
            loaded = library.scenarios.get(s.scenario_id)
            if loaded is not None:
                sc = loaded.scenario
                suggestions.append(
                    SuggestionRow(sc.id, sc.title, sc.kind.value, sc.difficulty, s.reason)
                )
        facts = scenario_facts(library)
        progress = rep_assignments(store, facts, clock, rep)  # read once: the cards and the queue
        overview = read_overview(
            store, library, rep, clock, settings, stats, assigned_first=first_of(progress, facts)
        )
        q = overview.queue
        due = DueRow(bool(q.items), q.due, q.overdue, q.new, q.cleared_today, q.next_due)
        goals = tuple(overview.goals)
        assignments = tuple(
            AssignmentRow(
                p.title,
                p.due_text(),
                p.targets_text(),
                p.done,
                p.overdue,
                scenario_to_drill(p.assignment, facts),
                p.assignment.note,
            )
            for p in progress[:ASSIGNMENTS_SHOWN]
        )
    recent = [
        RecentRow(
            a.id,
            a.started_at,
            a.score,
            None if a.score is None else score_band(a.score),
            a.scenario_title,
            attempt_result(a).value,
        )
        for a in store.history(rep=rep, limit=6)
    ]
    today, week = stats.today_activity, stats.this_week
    return HomeView(
        rep,
        Activity(today.minutes, today.drills, today.answers),
        Activity(week.minutes, week.drills, week.answers),
        stats.current_streak,
        stats.longest_streak,
        settings.daily_goal_minutes,
        settings.weekly_goal_drills,
        suggestions,
        recent,
        due,
        goals,
        settings.keys.get("app.daily"),
        assignments,
    )
