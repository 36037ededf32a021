"""The manager's view of the team: one row per rep, read by the Team place and
`trainer team report` alike. Drills and minutes come from the server's per-day totals
(trainer.practice.rules: a drill has an answer), assignment figures from
`trainer.practice.assignments`, weakest objections from the average of finished calls."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.practice.assignments import AssignmentProgress, ScenarioFacts, read_assignments

if TYPE_CHECKING:
    from trainer.store.base import Store

REPORT_DAYS = 28  # the window of averages and weakest objections when no --since is given
WEAKEST_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Weak:
    scenario_id: str
    title: str
    calls: int  # finished calls in the window
    average: float


@dataclass(slots=True)
class TeamRow:
    rep: str
    drills_this_week: int = 0
    minutes_this_week: float = 0.0
    drills_last_week: int = 0
    minutes_last_week: float = 0.0
    assignments: list[AssignmentProgress] = field(default_factory=list)
    weakest: list[Weak] = field(default_factory=list)
    last_day: date | None = None

    @property
    def open_assignments(self) -> list[AssignmentProgress]:
        return [p for p in self.assignments if not p.withdrawn]

    @property
    def done(self) -> int:
        return sum(p.done for p in self.open_assignments)

    @property
    def overdue(self) -> int:
        return sum(p.overdue for p in self.open_assignments)

    @property
    def assigned_average(self) -> float | None:
        """Average of the finished calls on assigned scenarios (since each was given)."""
        calls = sum(p.totals.finished for p in self.open_assignments)
        total = sum(p.totals.score_sum for p in self.open_assignments)
        return total / calls if calls else None

    @property
    def assigned_best(self) -> float | None:
        bests = [p.totals.best for p in self.open_assignments if p.totals.best is not None]
        return max(bests) if bests else None

    @property
    def completion(self) -> str:
        """ "2 of 3 done", "1 of 2 done, 1 overdue", "none assigned"."""
        total = len(self.open_assignments)
        if not total:
            return "none assigned"
        late = f", {self.overdue} overdue" if self.overdue else ""
        return f"{self.done} of {total} done{late}"


@dataclass(frozen=True, slots=True)
class TeamReport:
    today: date
    since: date  # the window of averages and weakest objections
    rows: list[TeamRow]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def read_team(
    store: Store,
    scenarios: Mapping[str, ScenarioFacts],
    clock: Clock,
    since: date | None = None,
) -> TeamReport:
    """One row per rep the login may read: team members, reps with practice or assignments."""
    today = local_today(clock)
    this_monday = _monday(today)
    last_monday = this_monday - timedelta(days=7)
    since = since or today - timedelta(days=REPORT_DAYS - 1)
    rows: dict[str, TeamRow] = {}

    def row(rep: str) -> TeamRow:
        return rows.setdefault(rep, TeamRow(rep))

    for rep in store.team_members():
        row(rep)
    for rep, day, drills, seconds in store.team_days(last_monday):
        r = row(rep)
        if day >= this_monday:
            r.drills_this_week += drills
            r.minutes_this_week += seconds / 60
        else:
            r.drills_last_week += drills
            r.minutes_last_week += seconds / 60
    for rep, last in store.team_last_days().items():
        row(rep).last_day = last
    for progress in read_assignments(store, scenarios, clock):
        row(progress.assignment.rep).assignments.append(progress)
    start = datetime.combine(since, time.min).astimezone().astimezone(UTC)
    weak: dict[str, list[Weak]] = defaultdict(list)
    for rep, scenario_id, calls, average, _best in store.team_scenario_scores(start):
        facts = scenarios.get(scenario_id)
        if facts is not None and facts[1] == "objection":
            weak[rep].append(Weak(scenario_id, facts[0], calls, average))
    for rep, found in weak.items():
        row(rep).weakest = sorted(found, key=lambda w: (w.average, w.scenario_id))[:WEAKEST_SHOWN]
    return TeamReport(today, since, [rows[r] for r in sorted(rows)])
