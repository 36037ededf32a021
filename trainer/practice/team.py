"""The manager's view of the team: one row per rep, read by the Team place and
`trainer team report` alike. Drills and minutes come from the server's per-day totals
(trainer.practice.rules: a drill has an answer), assignment figures from
`trainer.practice.assignments`; the due backlog and the weak spots from the rep's own
schedule (`trainer.practice.schedule`: the queue their Home shows, and
`trainer.practice.stats.weakest`, the weak spots of their Progress and `trainer stats`);
pair practice from the pair notes (docs/pairs.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.practice.assignments import AssignmentProgress, ScenarioFacts, read_assignments
from trainer.practice.schedule import due_queue, read_schedules
from trainer.practice.stats import SpotNames, Weak, heard_lines_of, weakest
from trainer.safe_text import one_line
from trainer.scoring.format import score_points
from trainer.store.records import PairNote, PairPracticeRow
from trainer.words import plural, practice_minutes, tag_word

if TYPE_CHECKING:
    from trainer.store.base import Store

REPORT_DAYS = 28  # the window of averages and pair calls when no --since is given
WEAKEST_SHOWN = 3  # the first of the rep's weak spots (stats.weakest lists them in order)


@dataclass(frozen=True, slots=True)
class RepSchedule:
    """What the team view reads from a rep's schedule: the due backlog and weak spots."""

    due: int  # DueQueue.due
    overdue: int  # DueQueue.overdue
    weakest: list[Weak]  # trainer.practice.stats.weakest, the first WEAKEST_SHOWN


@dataclass(slots=True)
class TeamRow:
    rep: str
    drills_this_week: int = 0
    minutes_this_week: float = 0.0
    drills_last_week: int = 0
    minutes_last_week: float = 0.0
    assignments: list[AssignmentProgress] = field(default_factory=list)
    weakest: list[Weak] = field(default_factory=list)  # the rep's weak spots (RepSchedule)
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
    since: date  # the window of averages and pair calls
    rows: list[TeamRow]
    names: SpotNames = field(default_factory=SpotNames)  # of scenarios and steps
    schedules_read: bool = False  # the due backlogs and weak spots are filled in

    def with_schedules(self, found: Mapping[str, RepSchedule]) -> TeamReport:
        """The report with each rep's due backlog and weak spots (`read_rep_schedules`)."""
        for row in self.rows:
            figures = found.get(row.rep)
            row.due, row.due_overdue = (figures.due, figures.overdue) if figures else (0, 0)
            row.weakest = figures.weakest if figures else []
        self.schedules_read = True
        return self

    def weak_texts(self, row: TeamRow) -> list[str]:
        """The rep's weak spots as Progress and `trainer stats` word them (`Weak.text`)."""
        return [w.text(self.names) for w in row.weakest]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def read_team(
    store: Store,
    scenarios: Mapping[str, ScenarioFacts],
    clock: Clock,
    since: date | None = None,
    with_schedules: bool = True,
    names: SpotNames | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TeamReport:
    """One row per rep the login may read: on a team server, the team's members (a rep
    removed or forgotten is not listed, whatever practice of theirs remains); in a file log,
    every rep with practice or assignments.
    `with_schedules=False` leaves the due backlogs and weak spots to a later
    `read_rep_schedules` (the first read on a machine replays every rep's log: the Team
    place shows the rest first). `names`: of the scenarios and their steps
    (`trainer.practice.stats.spot_names` of the library), else the titles of `scenarios`."""
    today = local_today(clock)
    this_monday = _monday(today)
    last_monday = this_monday - timedelta(days=7)
    since = since or today - timedelta(days=REPORT_DAYS - 1)
    rows: dict[str, TeamRow] = {}
    members = store.team_members()
    only = None if members is None else set(members)

    def row(rep: str) -> TeamRow | None:
        """The rep's row; None for someone not on the team (their figures are left out)."""
        if only is not None and rep not in only:
            return None
        return rows.setdefault(rep, TeamRow(rep))

    for rep in members or []:
        row(rep)
    for rep, day, drills, seconds in store.team_days(last_monday):
        if (r := row(rep)) is None:
            continue
        if day >= this_monday:
            r.drills_this_week += drills
            r.minutes_this_week += seconds / 60
        else:
            r.drills_last_week += drills
            r.minutes_last_week += seconds / 60
    for rep, last in store.team_last_days().items():
        if (r := row(rep)) is not None:
            r.last_day = last
    for given in read_assignments(store, scenarios, clock):
        if (r := row(given.assignment.rep)) is not None:
            r.assignments.append(given)
    start = datetime.combine(since, time.min).astimezone().astimezone(UTC)
    # Partners and observers are names typed for a pair session: only reps already listed.
    for pair in store.team_pair_practice(start):
        if pair.name in rows:
            rows[pair.name].pair = pair
    for rep, note in store.latest_pair_notes().items():
        if rep in rows:
            rows[rep].latest_pair = note
    names = names or SpotNames({i: facts[0] for i, facts in scenarios.items()})
    report = TeamReport(today, since, [rows[r] for r in sorted(rows)], names)
    if not with_schedules:
        return report
    found = read_rep_schedules(store, list(rows), scenarios, clock, progress)
    return report.with_schedules(found)


def read_rep_schedules(
    store: Store,
    reps: Sequence[str],
    scenarios: Mapping[str, ScenarioFacts],
    clock: Clock,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, RepSchedule]:
    """Each rep's schedule, read once: the counts of the due queue their Home shows
    (`trainer.practice.schedule.due_queue` over their schedule and the library) and their
    weak spots now (`trainer.practice.stats.weakest`, as their Progress lists them).
    `progress(done, total)` after each rep's schedule (the first read after an upgrade
    replays every rep's log)."""
    today = local_today(clock)
    now = clock.now()
    drillable = list(scenarios)
    queues: dict[str, tuple[int, int]] = {}
    spots: dict[str, list[Weak]] = {}
    for rep, schedule in read_schedules(store, reps, progress).items():
        queue = due_queue(schedule, drillable, today, new_per_day=0)
        queues[rep] = (queue.due, queue.overdue)
        spots[rep] = weakest(schedule, now, WEAKEST_SHOWN)
    heard = heard_lines_of(store, spots)  # the lines they heard at the weak steps
    return {rep: RepSchedule(*queues[rep], heard[rep]) for rep in queues}


def ticks_summary(note: PairNote) -> str:
    """ "5 ticks in 3 answers": the moves the partner ticked on a pair call."""
    ticks = sum(len(t.ticks) for t in note.turns)
    return f"{plural(ticks, 'tick')} in {plural(len(note.turns), 'answer')}"


def tags_summary(note: PairNote) -> str:
    """ "great line 2, filler 1" (by first use), or "" without tags."""
    counts: dict[str, int] = {}
    for tag in note.tags:
        counts[tag.kind] = counts.get(tag.kind, 0) + 1
    return ", ".join(f"{tag_word(kind)} {n}" for kind, n in counts.items())


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
        parts.append(f"partner {pair.partner_calls} ({pair_minutes(pair.partner_seconds)}m)")
    if pair.observer_calls:
        parts.append(f"observer {pair.observer_calls} ({pair_minutes(pair.observer_seconds)}m)")
    return " · ".join(parts)


def week_text(drills: int, minutes: float) -> str:
    """A rep's week in the team views: "3 · 0.2m", "12 · 25m" (drills · minutes, the
    minutes by the one rule of every screen and report: a short first drill is not 0m)."""
    return f"{drills} · {practice_minutes(minutes)}m"


def pair_minutes(seconds: float) -> str:
    """Minutes spent in a part of pair calls, as every practice minute reads (a 20-second
    call is not "0")."""
    return practice_minutes(seconds / 60)


def latest_pair_text(row: TeamRow) -> str | None:
    """The latest pair note in one line (None without one)."""
    note = row.latest_pair
    if note is None:
        return None
    parts = [
        f"latest pair call {note.updated_at.astimezone():%a %d %b} with {one_line(note.partner)}",
        "partner's score " + ("-" if note.human_score is None else score_points(note.human_score)),
        ticks_summary(note),
    ]
    if note.tags:
        parts.append(tags_summary(note))
    if note.comment:
        parts.append(f"“{one_line(note.comment)}”")
    return " · ".join(parts)
