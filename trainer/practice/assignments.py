"""Progress against an assignment: the one definition every screen, command and report
reads. What counts is trainer.practice.rules: a drill is an attempt with an answer (since
the assignment was given, on a scenario it covers), minutes are time practised in those
drills, the best is the best call played to its end. An assignment is *done* when every
target it sets is met, *overdue* when not done after its due day."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.practice.rules import best_attempt
from trainer.scoring.format import score_points
from trainer.store.plan_records import Assignment, AssignmentTotals, TargetKind
from trainer.store.records import AttemptRecord
from trainer.words import of_goal, plural

if TYPE_CHECKING:
    from trainer.scenario.library import Library
    from trainer.store.base import Store

# Assignments given within this window are counted from the attempt records (rules.py);
# older ones by the store's SQL sums of the same rules (a long log would be many records).
RECORDS_WINDOW = timedelta(days=45)

# What a scenario id resolves to for an assignment: (title, kind, tags).
ScenarioFacts = tuple[str, str, Collection[str]]


def covered(assignment: Assignment, scenarios: Mapping[str, ScenarioFacts]) -> set[str]:
    """The scenario ids an assignment covers (a scenario id is covered even when the
    library does not hold it, so practice logged on it still counts)."""
    kind, target = assignment.target_kind, assignment.target
    if kind is TargetKind.SCENARIO:
        return {target}
    if kind is TargetKind.TAG:
        return {i for i, (_, _, tags) in scenarios.items() if target in tags}
    return {i for i, (_, k, _) in scenarios.items() if k == target}


def totals_of(
    assignment: Assignment, attempts: Iterable[AttemptRecord], scenario_ids: Collection[str]
) -> AssignmentTotals:
    """The totals from attempt records, by the rules (the store computes the same in SQL;
    tests check they agree)."""
    mine = [
        a
        for a in attempts
        if a.rep == assignment.rep
        and a.scenario_id in scenario_ids
        and a.started_at >= assignment.assigned_at
        and a.is_drill
    ]
    best = best_attempt(mine)
    finished = [a for a in mine if a.counts_for_best]
    return AssignmentTotals(
        drills=len(mine),
        seconds=sum(a.active_s for a in mine),
        best=None if best is None else best.score,
        finished=len(finished),
        score_sum=sum(a.score or 0.0 for a in finished),
        last_started_at=max((a.started_at for a in mine), default=None),
    )


@dataclass(frozen=True, slots=True)
class AssignmentProgress:
    assignment: Assignment
    title: str  # the scenario's title, or "tag price" / "kind objection"
    totals: AssignmentTotals
    today: date

    @property
    def minutes(self) -> float:
        return self.totals.seconds / 60

    @property
    def attempts_met(self) -> bool:
        return self.totals.drills >= self.assignment.attempts_target

    @property
    def minutes_met(self) -> bool:
        return self.minutes >= self.assignment.minutes_target

    @property
    def score_met(self) -> bool:
        needed = self.assignment.passing_score
        best = self.totals.best
        return needed is None or (best is not None and best >= needed)

    @property
    def done(self) -> bool:
        return self.attempts_met and self.minutes_met and self.score_met

    @property
    def overdue(self) -> bool:
        return not self.done and self.today > self.assignment.due

    @property
    def withdrawn(self) -> bool:
        return self.assignment.withdrawn_at is not None

    @property
    def average(self) -> float | None:
        """Average score of the calls played to their end (rules.average_score)."""
        t = self.totals
        return t.score_sum / t.finished if t.finished else None

    @property
    def state(self) -> str:
        if self.withdrawn:
            return "withdrawn"
        return "done" if self.done else "overdue" if self.overdue else "open"

    def due_text(self) -> str:
        """ "due today", "due Fri", "due 3 Dec", "overdue since Tue"."""
        due = self.assignment.due
        days = (due - self.today).days
        when = (
            "today"
            if days == 0
            else "tomorrow"
            if days == 1
            else (due.strftime("%a") if 0 < days < 7 else f"{due.day} {due.strftime('%b')}")
        )
        if days < 0 and not self.done:
            since = due.strftime("%a") if days > -7 else f"{due.day} {due.strftime('%b')}"
            return f"overdue since {since}"
        return f"due {when}"

    def targets_text(self) -> str:
        """ "2 of 5 attempts · 12 of 30 min · best 64, needs 70" (only the targets set)."""
        a, t = self.assignment, self.totals
        parts: list[str] = []
        if a.attempts_target:
            parts.append(f"{t.drills} of {plural(a.attempts_target, 'attempt')}")
        elif not a.minutes_target:
            parts.append(plural(t.drills, "drill"))
        if a.minutes_target:
            parts.append(of_goal(self.minutes, a.minutes_target))
        best = "no finished call yet" if t.best is None else f"best {score_points(t.best)}"
        if a.passing_score is not None:
            parts.append(f"{best}, needs {score_points(a.passing_score)}")
        elif t.best is not None:
            parts.append(best)
        return " · ".join(parts)

    def summary(self) -> str:
        """ "Too expensive · due Fri · 2 of 5 attempts · best 64, needs 70" (whether it is
        done or overdue is for the caller to mark, once)."""
        return f"{self.title} · {self.due_text()} · {self.targets_text()}"


def progress_of(
    assignments: Iterable[Assignment],
    totals: Callable[[list[Assignment]], list[AssignmentTotals]],
    scenarios: Mapping[str, ScenarioFacts],
    today: date,
) -> list[AssignmentProgress]:
    """Each assignment with its progress (`totals` gives them all, in order), overdue
    first, then by due day."""
    given = list(assignments)
    found = []
    for a, done in zip(given, totals(given), strict=True):
        title = (
            scenarios[a.target][0]
            if (a.target_kind is TargetKind.SCENARIO and a.target in scenarios)
            else a.label
        )
        found.append(AssignmentProgress(a, title, done, today))
    found.sort(
        key=lambda p: (
            p.withdrawn,
            p.done,
            not p.overdue,
            p.assignment.due,
            p.assignment.rep,
            p.title,
        )
    )
    return found


def read_assignments(
    store: Store,
    scenarios: Mapping[str, ScenarioFacts],
    clock: Clock,
    rep: str | None = None,
    include_withdrawn: bool = False,
) -> list[AssignmentProgress]:
    """The assignments the login may read (of `rep` if given) with their progress."""

    def totals(given: list[Assignment]) -> list[AssignmentTotals]:
        wanted = [(a, covered(a, scenarios)) for a in given]
        if not wanted:
            return []
        floor = min(a.assigned_at for a in given)
        if clock.now() - floor > RECORDS_WINDOW:  # a long window: the store sums in SQL
            return store.assignments_totals(wanted)
        # The attempts since the oldest was given, counted by the rules themselves.
        reps = {a.rep for a in given}
        attempts = store.history(rep=next(iter(reps)) if len(reps) == 1 else None, since=floor)
        return [totals_of(a, attempts, ids) for a, ids in wanted]

    return progress_of(
        store.assignments(rep, include_withdrawn), totals, scenarios, local_today(clock)
    )


def assigned_first(store: Store, library: Library, clock: Clock, rep: str) -> list[str]:
    """The scenarios of the rep's assignments not done yet, in the order they were given:
    what Home's due queue and the daily session put first. A log or team server older than
    assignments has none."""
    facts = scenario_facts(library)
    return first_of(rep_assignments(store, facts, clock, rep), facts)


def rep_assignments(
    store: Store, scenarios: Mapping[str, ScenarioFacts], clock: Clock, rep: str
) -> list[AssignmentProgress]:
    """The rep's assignments with their progress; none from a log or team server older than
    assignments."""
    from trainer.store.base import StoreError

    try:
        return read_assignments(store, scenarios, clock, rep=rep)
    except StoreError:
        return []


def first_of(
    progress: Iterable[AssignmentProgress], scenarios: Mapping[str, ScenarioFacts]
) -> list[str]:
    """`assigned_first` of assignments already read."""
    found: list[str] = []
    for p in progress:
        if not p.done:
            found += sorted(covered(p.assignment, scenarios) - set(found))
    return found


def scenario_to_drill(assignment: Assignment, scenarios: Mapping[str, ScenarioFacts]) -> str | None:
    """The scenario a rep drills for an assignment: the first (by id) it covers that the
    library (`scenarios`) holds; None when it holds none."""
    ids = sorted(covered(assignment, scenarios) & set(scenarios))
    return ids[0] if ids else None


def scenario_facts(library: Library) -> dict[str, ScenarioFacts]:
    """(title, kind, tags) by scenario id, from a library."""
    return {
        sid: (s.scenario.title, str(s.scenario.kind), tuple(s.scenario.tags))
        for sid, s in library.scenarios.items()
    }
