"""The manager's view of the team: one row per rep, read by the Team place and
`trainer team report` alike. Drills and minutes come from the server's per-day totals
(trainer.practice.rules: a drill has an answer), assignment figures from
`trainer.practice.assignments`, weakest objections from the average of finished calls,
the due backlog from the rep's own schedule (`trainer.practice.schedule`, the queue their
Home shows), pair practice from the pair notes (docs/pairs.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.practice.assignments import AssignmentProgress, ScenarioFacts, read_assignments
from trainer.practice.schedule import due_queue, read_schedules
from trainer.safe_text import one_line
from trainer.store.records import PairNote, PairPracticeRow

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
    due: int = 0  # drilled scenarios due today or earlier (DueQueue.due)
    due_overdue: int = 0  # of those, due before today (DueQueue.overdue)
    pair: PairPracticeRow | None = None  # pair practice since the report's window start
    latest_pair: PairNote | None = None  # the latest pair note on a call this rep answered

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


@dataclass(slots=True)
class TeamReport:
    today: date
    since: date  # the window of averages and weakest objections
    rows: list[TeamRow]
    due_read: bool = False  # the rows' due backlogs are filled in (`read_due`)

    def with_due(self, due: Mapping[str, tuple[int, int]]) -> TeamReport:
        """The report with each rep's (due, overdue) from `read_due` filled in."""
        for row in self.rows:
            row.due, row.due_overdue = due.get(row.rep, (0, 0))
        self.due_read = True
        return self


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def read_team(
    store: Store,
    scenarios: Mapping[str, ScenarioFacts],
    clock: Clock,
    since: date | None = None,
    with_due: bool = True,
) -> TeamReport:
    """One row per rep the login may read: team members, reps with practice or assignments.
    `with_due=False` leaves the due backlogs to a later `read_due` (the first read on a
    machine replays every rep's log: the Team place shows the rest first)."""
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
    # Partners and observers are names typed for a pair session: only reps already listed.
    for pair in store.team_pair_practice(start):
        if pair.name in rows:
            rows[pair.name].pair = pair
    for rep, note in store.latest_pair_notes().items():
        if rep in rows:
            rows[rep].latest_pair = note
    report = TeamReport(today, since, [rows[r] for r in sorted(rows)])
    return report.with_due(read_due(store, list(rows), scenarios, clock)) if with_due else report


def read_due(
    store: Store, reps: Sequence[str], scenarios: Mapping[str, ScenarioFacts], clock: Clock
) -> dict[str, tuple[int, int]]:
    """Each rep's (due, overdue) today: the counts of the queue their Home shows
    (`trainer.practice.schedule.due_queue` over their schedule and the library)."""
    today = local_today(clock)
    drillable = list(scenarios)
    found: dict[str, tuple[int, int]] = {}
    for rep, schedule in read_schedules(store, reps).items():
        queue = due_queue(schedule, drillable, today, new_per_day=0)
        found[rep] = (queue.due, queue.overdue)
    return found


def ticks_summary(note: PairNote) -> str:
    """ "5 ticks in 3 answers": the moves the partner ticked on a pair call."""
    ticks = sum(len(t.ticks) for t in note.turns)
    answers = len(note.turns)
    return f"{ticks} tick{'s' * (ticks != 1)} in {answers} answer{'s' * (answers != 1)}"


def tags_summary(note: PairNote) -> str:
    """ "great line 2, filler 1" (by first use), or "" without tags."""
    counts: dict[str, int] = {}
    for tag in note.tags:
        counts[tag.kind] = counts.get(tag.kind, 0) + 1
    return ", ".join(f"{kind.replace('-', ' ')} {n}" for kind, n in counts.items())


def due_text(row: TeamRow) -> str:
    """ "4 · 2 late", "3", "0"."""
    late = f" · {row.due_overdue} late" if row.due_overdue else ""
    return f"{row.due}{late}"


def pair_text(row: TeamRow) -> str:
    """ "rep 3 · partner 2 (14m) · observer 1 (5m)": pair calls as the rep; as the partner
    and the observer, calls and minutes (each left out when none); "-" without any."""
    pair = row.pair
    if pair is None:
        return "-"
    parts = [f"rep {pair.calls_as_rep}"]
    if pair.partner_calls:
        parts.append(f"partner {pair.partner_calls} ({pair.partner_seconds / 60:.0f}m)")
    if pair.observer_calls:
        parts.append(f"observer {pair.observer_calls} ({pair.observer_seconds / 60:.0f}m)")
    return " · ".join(parts)


def latest_pair_text(row: TeamRow) -> str | None:
    """The latest pair note in one line (None without one)."""
    note = row.latest_pair
    if note is None:
        return None
    parts = [
        f"latest pair call {note.updated_at.astimezone():%a %d %b} with {one_line(note.partner)}",
        "partner's score " + ("-" if note.human_score is None else f"{note.human_score:.0f}"),
        ticks_summary(note),
    ]
    if note.tags:
        parts.append(tags_summary(note))
    if note.comment:
        parts.append(f"“{one_line(note.comment)}”")
    return " · ".join(parts)
