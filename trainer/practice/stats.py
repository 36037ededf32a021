"""Practice figures for a rep: today, this week, streaks, the weak spots. One function
(`read_practice`) builds them from the log's day totals, the spaced-repetition schedule and a
clock; `trainer stats`, Home and Progress all call it.

The weak spots (`weakest`) are the one definition every front end shows: driven by the
schedule (trainer.practice.schedule), they are the cards the rep is least likely to handle
tomorrow, lowest FSRS retrievability a day from now ("recall tomorrow") first, then the most
lapses (reviews rated Again), then by card (scenario id, step id). Tomorrow, not now: recall
now is 100% for every card drilled today, a lost call as much as a won one, while a day on
the memory a call just lost has faded far more than one just won. A card is each step of a
scenario where several steps were answered (which objection inside it is missed), else the
scenario itself; every kind of scenario counts (a gatekeeper's question is met like an
objection)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from trainer.clock import Clock, local_today
from trainer.practice.calendar import every_day, streaks, weeks_of
from trainer.store.records import DayActivity, WeekActivity
from trainer.words import plural, step_words

if TYPE_CHECKING:
    from trainer.practice.schedule import CardState, Schedule
    from trainer.scenario.library import Library
    from trainer.store.base import Store

STATS_DAYS = 14  # days shown when no first day is given (always covers this week)
WEAKEST_SHOWN = 5
RECALL_AHEAD = timedelta(days=1)  # weak spots are ranked and shown by recall tomorrow
# Below this recall now, a weak objection is worth drilling before anything new (Home's
# "Drill next"): the retention FSRS schedules for, so it is past its due day.
WEAK_RECALL = 0.9


@dataclass(frozen=True, slots=True)
class Weak:
    """One of the weakest objections: its card and the recall tomorrow (0..1) every front
    end shows."""

    card: CardState
    recall: float  # tomorrow: what the weak spots show and are ranked by
    recall_now: float | None = None  # None: as `recall`
    heard: str | None = None  # the prospect's line at the step as the rep last heard it
    next_due: date | None = None  # when the rep next meets it (`Schedule.next_due`)

    @property
    def due(self) -> date:
        """When the rep next meets it: with its scenario (`Schedule.next_due`)."""
        return self.next_due or self.card.due_day

    @property
    def past_due(self) -> bool:
        """Its recall now is below WEAK_RECALL: worth drilling before anything new."""
        return (self.recall if self.recall_now is None else self.recall_now) < WEAK_RECALL

    @property
    def scenario_id(self) -> str:
        return self.card.key.scenario_id

    @property
    def step_id(self) -> str | None:
        return self.card.key.step_id

    def name(self, names: SpotNames) -> str:
        """ "Price too high · “What's the number?”": the scenario's title (its id without
        one), then the step as the rep heard it when the card is one (`SpotNames`)."""
        return names.name(self.scenario_id, self.step_id, self.heard)

    def step_words(self, names: SpotNames) -> str:
        """ "“What's the number?”": the step as the rep heard it ("" for a scenario)."""
        if self.step_id is None:
            return ""
        return names.step(self.scenario_id, self.step_id, self.heard)

    def text(self, names: SpotNames) -> str:
        """ "Price too high · “What's the number?” 62%, 2 lapses": the name, recall tomorrow and
        lapses, the words and figures of Progress and `trainer stats` (the team view shows
        them)."""
        return f"{self.name(names)} {self.recall:.0%}, {plural(self.card.lapses, 'lapse')}"


@dataclass(frozen=True, slots=True)
class SpotNames:
    """What a rep reads for a weak spot: scenario titles by id, and each step's words
    (`trainer.words.step_words`) by (scenario id, step id). A scenario or step the
    library no longer holds reads as its id."""

    titles: Mapping[str, str] = field(default_factory=dict)
    steps: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def name(self, scenario_id: str, step_id: str | None, heard: str | None = None) -> str:
        """ "Price too high", "Price too high · “What's the number?”"."""
        title = self.titles.get(scenario_id) or scenario_id
        if step_id is None:
            return title
        return f"{title} · {self.step(scenario_id, step_id, heard)}"

    def step(self, scenario_id: str, step_id: str, heard: str | None = None) -> str:
        """ "“What's the number?”": the words of the line the rep `heard` there (logged
        with their answer) when known, else of the step's lines in the library, else the
        step's id."""
        if heard and (words := step_words([heard])):
            return words
        return self.steps.get((scenario_id, step_id)) or step_id


def spot_names(library: Library, titles: Mapping[str, str] | None = None) -> SpotNames:
    """The names of every scenario and step of a library; `titles` (e.g. as logged) for
    scenarios it does not hold."""
    return SpotNames(
        {**(titles or {}), **{i: s.scenario.title for i, s in library.scenarios.items()}},
        {
            (i, step.id): step_words(step.prospect)
            for i, s in library.scenarios.items()
            for step in s.scenario.steps
        },
    )


def objection_cards(schedule: Schedule) -> list[CardState]:
    """One card per objection: each step of a scenario with several steps answered, the
    scenario itself when it has one."""
    cards: list[CardState] = []
    for state in sorted(schedule.scenario_cards(), key=lambda c: c.key):
        steps = schedule.step_cards(state.key.scenario_id)
        cards.extend(steps if len(steps) > 1 else [state])
    return cards


def weakest(schedule: Schedule, now: datetime, count: int = WEAKEST_SHOWN) -> list[Weak]:
    """The objections the rep is least likely to handle tomorrow (see the module
    docstring)."""
    ahead = now + RECALL_AHEAD
    # The first `count` by (recall, most lapses, card) without computing every card's
    # recall (the team view does this for every rep): recall falls as `forgetting` grows,
    # so the most forgotten are the least recalled. A scenario's cards are all steps or the
    # scenario alone, so `step_id or ""` orders as the card key does.
    ranked = heapq.nsmallest(
        count,
        (
            (-c.forgetting(ahead), -c.lapses, c.key.scenario_id, c.key.step_id or "", c)
            for c in objection_cards(schedule)
        ),
        key=lambda r: r[:4],
    )
    return [
        Weak(
            r[4],
            r[4].retrievability(ahead),
            r[4].retrievability(now),
            next_due=schedule.next_due(r[4].key),
        )
        for r in ranked
    ]


def with_heard_lines(store: Store, rep: str, weak: list[Weak]) -> list[Weak]:
    """The weak spots with the line the rep last heard at each step (`Store.heard_lines`):
    a step has several variants of its line, and a weak spot reads as the one they heard."""
    return heard_lines_of(store, {rep: weak})[rep]


def heard_lines_of(store: Store, weak: Mapping[str, list[Weak]]) -> dict[str, list[Weak]]:
    """`with_heard_lines` of many reps at once (the team view: one query on a server)."""
    wanted = [
        (rep, w.scenario_id, w.step_id)
        for rep, spots in weak.items()
        for w in spots
        if w.step_id is not None
    ]
    heard = store.heard_lines(wanted) if wanted else {}
    return {
        rep: [
            replace(w, heard=heard.get((rep, w.scenario_id, w.step_id))) if w.step_id else w
            for w in spots
        ]
        for rep, spots in weak.items()
    }


@dataclass(frozen=True, slots=True)
class PracticeStats:
    today: date
    days: list[DayActivity]  # every day from the first asked to today, zeros included
    weeks: list[WeekActivity]  # every week (Monday first) overlapping those days
    current_streak: int  # consecutive days with a drill ending today (or yesterday)
    longest_streak: int
    weakest: list[Weak]  # the rep's weakest objections (`weakest`); [] for everyone

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
        """The average score of the calls played to their end (trainer.practice.rules)."""
        calls = sum(d.calls for d in self.days)
        return sum(d.call_score_sum for d in self.days) / calls if calls else None


def first_day(since: date | None, today: date) -> date:
    """The first day shown: `since`, else the last `STATS_DAYS` days to today."""
    return since if since is not None else today - timedelta(days=STATS_DAYS - 1)


def practice_stats(
    all_days: list[DayActivity],
    today: date,
    since: date | None = None,
    weak: list[Weak] | None = None,
) -> PracticeStats:
    """The figures from every practised day (streaks need all of them) and the weakest."""
    first = first_day(since, today)
    current, longest = streaks((d.day for d in all_days if d.drills), today)
    days = every_day((d for d in all_days if d.day >= first), first, today)
    return PracticeStats(
        today=today,
        days=days,
        weeks=weeks_of(days),
        current_streak=current,
        longest_streak=longest,
        weakest=weak or [],
    )


def read_practice(
    store: Store,
    rep: str | None,
    clock: Clock,
    since: date | None = None,
    weakest_count: int = WEAKEST_SHOWN,
    weakest_of: str | None = None,
) -> PracticeStats:
    """`practice_stats` for a rep (None: everyone the login may read) as of the clock's day,
    with the weakest objections of `rep` (or of `weakest_of` when the figures are
    everyone's)."""
    from trainer.practice.schedule import read_schedule

    who = rep or weakest_of
    weak = weakest(read_schedule(store, who), clock.now(), weakest_count) if who else []
    if who:
        weak = with_heard_lines(store, who, weak)
    return practice_stats(store.daily_activity(rep), local_today(clock), since, weak)
