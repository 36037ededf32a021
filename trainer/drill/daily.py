"""The daily session: today's due drills one after another, then a short summary. Every
front end (`trainer drill --due`, the app's daily key) runs it through this service: it plans
the queue once at the start (trainer.practice.daily), hands out the next scenario, keeps
what each drill gave, and writes the summary from the schedule as the log now has it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.drill.run import resolve_rep
from trainer.practice.daily import read_today
from trainer.practice.schedule import DueItem, DueQueue, read_schedule
from trainer.scoring.format import score_points
from trainer.words import plural, when_due

if TYPE_CHECKING:
    from trainer.drill.run import DrillView
    from trainer.scenario.library import Library, LoadedScenario
    from trainer.settings import Settings
    from trainer.store.base import Store


@dataclass(frozen=True, slots=True)
class SessionDrill:
    """What one drill of the session gave."""

    item: DueItem
    title: str
    score: float | None
    finished: bool  # played to its end
    answered: bool  # a drill (at least one answer)


@dataclass(slots=True)
class DailySession:
    store: Store
    library: Library
    clock: Clock
    rep: str
    queue: DueQueue
    new_per_day: int = 0  # the rep's setting the queue was planned with (what is left reads it)
    done: list[SessionDrill] = field(default_factory=list)
    stopped: bool = False  # the rep left before the end

    @property
    def total(self) -> int:
        return len(self.queue.items)

    @property
    def position(self) -> int:
        """1-based number of the drill now being played (or next)."""
        return min(len(self.done) + 1, self.total)

    def next_item(self) -> tuple[DueItem, LoadedScenario] | None:
        """The next planned drill (None when the session is over)."""
        if self.stopped:
            return None
        for item in self.queue.items[len(self.done) :]:
            loaded = self.library.scenarios.get(item.scenario_id)
            if loaded is not None:
                return item, loaded
            self.done.append(SessionDrill(item, item.scenario_id, None, False, False))
        return None

    def record(self, item: DueItem, title: str, view: DrillView) -> None:
        """One planned drill is over (whatever the rep did in it). A retry after the call
        was played to its end is practice: the call counts as played (`DrillView.kept`)."""
        score, played = view.score, view.ending is not None
        if view.kept is not None:
            score, played = view.kept.score, True
        self.done.append(SessionDrill(item, title, score, played, view.answered))

    def announce(self, item: DueItem) -> str:
        """'Drill 2 of 5 · overdue 3 days' for the drill about to start."""
        return f"Drill {self.position} of {self.total} · {reason(item)}"

    def summary(self) -> list[str]:
        """The end of the session in a few lines: each drill, its score and when it comes
        back, and what is left today (as Home's due card counts it: assigned, due, new)."""
        from trainer.practice.assignments import assigned_first

        schedule = read_schedule(self.store, self.rep)
        today = local_today(self.clock)
        drills = [d for d in self.done if d.answered]
        lines = [f"Daily practice: {plural(len(drills), 'drill')} of {self.total} planned"]
        for d in self.done:
            score = "-" if d.score is None else score_points(d.score)
            due = schedule.scenario_due(d.item.scenario_id)
            if not d.answered:
                back = "not drilled"
            elif not d.finished:  # no review (docs/practice.md): it stays as it was
                back = "ended early, still " + ("due" if due else "new")
            else:
                back = f"back in {plural((due - today).days, 'day')}" if due else ""
            lines.append(f"  {score:>3}  {d.title}  · {back}")
        first = assigned_first(self.store, self.library, self.clock, self.rep)
        after = read_today(
            self.store, self.library, self.rep, self.clock, self.new_per_day, first
        ).queue
        lines.append(
            f"Left for today: {queue_words(after)}."
            if after.items
            else "Nothing is left for today: every planned drill is done."
        )
        return lines


def queue_words(queue: DueQueue) -> str:
    """ "1 assigned, 3 due (1 overdue), 2 new": today's queue as Home's due card and the
    daily session's first line count it."""
    assigned = f"{queue.assigned} assigned, " if queue.assigned else ""
    return f"{assigned}{queue.due} due ({queue.overdue} overdue), {queue.new} new"


def reason(item: DueItem) -> str:
    if item.assigned:
        return "assigned"
    if item.new:
        return "new"
    assert item.due is not None
    return when_due(item.due, item.due + timedelta(days=item.overdue_days))


def start_daily(
    store: Store,
    library: Library,
    settings: Settings,
    clock: Clock,
    rep: str | None = None,
) -> DailySession:
    """Plan today's session for the rep (the same rep rule as a drill: `resolve_rep`), in
    the order Home shows: a manager's assignments not done yet first."""
    from trainer.practice.assignments import assigned_first

    who = resolve_rep(store, rep, settings)
    first = assigned_first(store, library, clock, who)
    today = read_today(store, library, who, clock, settings.new_per_day, first)
    return DailySession(store, library, clock, who, today.queue, settings.new_per_day)
