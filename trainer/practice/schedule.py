"""Spaced repetition of what a rep handles worst (docs/practice.md): cards rebuilt from the
practice log with the FSRS scheduler (the `fsrs` package), and today's due queue.

- A *card* is a scenario a rep has drilled, and each step of it the rep has answered
  (`CardKey(scenario_id, step_id)`): the scenario comes back as a whole, its steps show
  which objection inside it is missed.
- A *review* is a drill played to its end (trainer.practice.rules: at least one answer;
  a call ended early or never closed is no review, as it counts in no best, average or
  weak spot); only the day's first drill of a card counts (the later ones that day are
  practice on a fresh memory, not recall). Ratings: `rating_for_attempt`, `rating_for_step`.
- The log is the only source: `build_schedule` replays it in order, deterministically (no
  fuzz), so the same log gives the same due dates. `read_schedule` keeps a cache beside the
  data that is checked against the log and rebuilt whenever they disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from fsrs import Card, Rating, Scheduler, State

from trainer.scoring.result import FAIR_SCORE, GOOD_SCORE
from trainer.store.records import AttemptStatus, ReviewRow

if TYPE_CHECKING:
    from trainer.store.base import Store

# Bump when the rating mapping or the scheduler's settings change: caches are rebuilt.
# 2: calls ended early are no review (they were rated Again).
SCHEDULE_VERSION = 2
TREND_SCORES = 8  # scores kept per card for the trend shown on Progress

# Day-sized scheduling: no minute-long learning steps (a card comes back tomorrow at the
# soonest), no fuzz (the same log gives the same dates).
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
STATES = {state.value: state for state in State}  # faster than State(value), per card


@dataclass(frozen=True, slots=True, order=True)
class CardKey:
    scenario_id: str
    step_id: str | None = None  # None: the scenario as a whole


@dataclass(slots=True)
class CardState:
    """One card: its FSRS memory state (kept as plain fields, so a cache reads back fast)
    and what Progress shows."""

    key: CardKey
    first_day: date
    last_day: date  # local day of its latest review
    reviews: int = 0
    lapses: int = 0  # reviews rated Again
    scores: list[float] = field(default_factory=list)  # the latest, oldest first
    state: int = State.Learning.value
    stability: float | None = None
    difficulty: float | None = None
    interval_days: int = 0  # days from the latest review to the next
    last_review: datetime | None = None
    # The FSRS card of the latest review, kept so a replay does not rebuild it each time.
    fsrs_card: Card | None = field(default=None, compare=False, repr=False)

    @property
    def due_day(self) -> date:
        return self.last_day + timedelta(days=max(1, self.interval_days))

    def card(self) -> Card:
        """The FSRS card this state stands for."""
        if self.fsrs_card is not None:
            return self.fsrs_card
        due = (self.last_review or datetime.now(UTC)) + timedelta(days=self.interval_days)
        card = Card(
            card_id=0,
            state=STATES[self.state],
            stability=self.stability,
            difficulty=self.difficulty,
            due=due,
            last_review=self.last_review,
        )
        if self.last_review is not None:  # a reviewed card's stands until its next review
            self.fsrs_card = card
        return card

    def keep(self, card: Card) -> None:
        assert card.due is not None and card.last_review is not None
        self.state = card.state.value
        self.stability, self.difficulty = card.stability, card.difficulty
        self.interval_days = round((card.due - card.last_review) / timedelta(days=1))
        self.last_review = card.last_review
        self.fsrs_card = card

    def forgetting(self, now: datetime) -> float:
        """Whole days since the latest review over the stability: FSRS's forgetting curve is
        a function of this alone, so recall now (`retrievability`) falls as it grows; a
        quick way to rank many cards by recall (inf for a card without a review)."""
        if self.last_review is None or not self.stability:
            return math.inf
        return max(0, (now - self.last_review).days) / self.stability

    def retrievability(self, now: datetime) -> float:
        """How likely the rep is to handle it now (FSRS), 0..1."""
        return float(
            SCHEDULER.get_card_retrievability(self.card(), max(now, self.last_review or now))
        )


def rating_for_attempt(status: AttemptStatus, score: float | None) -> Rating | None:
    """A closed drill of a scenario: a call played to its end is rated by its score band
    (GOOD_SCORE and up: Good; FAIR_SCORE and up: Hard; lower: Again). A call ended early
    or never closed is no review (None), of the scenario or of its steps: like a best, an
    average or a weak spot, the schedule reads only calls played to their end, so the
    scenario stays due (or new) until one is."""
    if status is not AttemptStatus.FINISHED:
        return None
    return Rating.Again if score is None else rating_for_step(score)


def rating_for_step(score: float) -> Rating:
    """A step's first answer in a drill (the one before any retry), by its score band."""
    if score >= GOOD_SCORE:
        return Rating.Good
    return Rating.Hard if score >= FAIR_SCORE else Rating.Again


@dataclass(slots=True)
class Schedule:
    """Every card of a rep, and per day how many due cards were cleared and how many new
    scenarios were first drilled (for goals)."""

    cards: dict[CardKey, CardState] = field(default_factory=dict)
    cleared_by_day: dict[date, int] = field(default_factory=dict)
    new_by_day: dict[date, int] = field(default_factory=dict)
    steps: dict[str, list[CardState]] = field(default_factory=dict)  # by scenario id
    # Changed since the schedule was last saved in the log (trainer.practice.schedule_cache).
    touched: set[CardKey] = field(default_factory=set)
    touched_days: set[date] = field(default_factory=set)

    def add(self, state: CardState) -> None:
        self.cards[state.key] = state
        if state.key.step_id is not None:
            self.steps.setdefault(state.key.scenario_id, []).append(state)

    def scenario_cards(self) -> list[CardState]:
        return [c for c in self.cards.values() if c.key.step_id is None]

    def step_cards(self, scenario_id: str) -> list[CardState]:
        """The steps answered in a scenario, in the order they were first answered."""
        return self.steps.get(scenario_id, [])

    def scenario_due(self, scenario_id: str) -> date | None:
        """When a drilled scenario comes back: its own card's due day, or sooner when a
        step answered in its latest drill is due sooner (the weakest step pulls it back)."""
        card = self.cards.get(CardKey(scenario_id))
        if card is None:
            return None
        days = [card.due_day] + [
            s.due_day for s in self.step_cards(scenario_id) if s.last_day == card.last_day
        ]
        return min(days)

    def next_due(self, key: CardKey) -> date | None:
        """When the rep next meets a card: a scenario's `scenario_due`; a step comes back
        with its scenario, so not before it (a step not reached in the latest drill pulls
        nothing back: its own due day may be long past while its scenario is not due)."""
        state = self.cards.get(key)
        if state is None:
            return None
        with_scenario = self.scenario_due(key.scenario_id)
        if key.step_id is None or with_scenario is None:
            return with_scenario or state.due_day
        return max(state.due_day, with_scenario)

    def review(
        self, key: CardKey, rating: Rating, at: datetime, day: date, score: float | None
    ) -> bool:
        """Apply one review (False when the card was already reviewed that day)."""
        state = self.cards.get(key)
        if state is None:
            state = CardState(key, day, day)
            self.add(state)
            if key.step_id is None:
                self.new_by_day[day] = self.new_by_day.get(day, 0) + 1
                self.touched_days.add(day)
        elif state.last_day >= day:
            return False
        elif key.step_id is None and day >= (self.scenario_due(key.scenario_id) or day):
            self.cleared_by_day[day] = self.cleared_by_day.get(day, 0) + 1
            self.touched_days.add(day)
        self.touched.add(key)
        card, _ = SCHEDULER.review_card(state.card(), rating, at)
        state.keep(card)
        state.last_day = day
        state.reviews += 1
        state.lapses += rating is Rating.Again
        if score is not None:
            state.scores = [*state.scores, score][-TREND_SCORES:]
        return True


def apply_rows(schedule: Schedule, rows: Iterable[ReviewRow]) -> None:
    """Replay closed drills (oldest first): each call played to its end once on its
    scenario's card, and the first answer of each step on the step's card. The scenario
    card goes first, so "cleared" compares with the due day before this drill."""
    attempt_id: str | None = None
    seen_steps: set[str] = set()
    pending: list[ReviewRow] = []

    def flush() -> None:
        if not pending:
            return
        head = pending[0]
        rating = rating_for_attempt(head.status, head.score)
        if rating is None:  # ended early: no review
            pending.clear()
            return
        schedule.review(
            CardKey(head.scenario_id),
            rating,
            head.started_at,
            head.local_day,
            head.score,
        )
        for row in pending:
            schedule.review(
                CardKey(row.scenario_id, row.step_id),
                rating_for_step(row.step_score),
                row.started_at,
                row.local_day,
                row.step_score,
            )
        pending.clear()

    for row in rows:
        if row.attempt_id != attempt_id:
            flush()
            attempt_id = row.attempt_id
            seen_steps = set()
        if row.step_id not in seen_steps:
            seen_steps.add(row.step_id)
            pending.append(row)
    flush()


def build_schedule(rows: Iterable[ReviewRow]) -> Schedule:
    """The schedule from the log's closed drills (oldest first), nothing else."""
    schedule = Schedule()
    apply_rows(schedule, rows)
    return schedule


@dataclass(frozen=True, slots=True)
class DueItem:
    scenario_id: str
    due: date | None = None  # None: a new scenario
    overdue_days: int = 0
    assigned: bool = False

    @property
    def new(self) -> bool:
        return self.due is None


@dataclass(frozen=True, slots=True)
class DueQueue:
    """Today's drills in order: assigned first, then the most overdue, due today, new."""

    today: date
    items: tuple[DueItem, ...]
    due: int  # drilled scenarios due today or earlier, not yet drilled today
    overdue: int  # of those, due before today
    new: int  # new scenarios offered today
    cleared_today: int
    new_today: int  # new scenarios first drilled today
    next_due: date | None  # the soonest day after today when something comes back
    assigned: int = 0  # drills here only because a manager assigned them (not due, not new)

    @property
    def scenario_ids(self) -> list[str]:
        return [item.scenario_id for item in self.items]


def due_queue(
    schedule: Schedule,
    drillable: Sequence[str],
    today: date,
    new_per_day: int,
    assigned_first: Sequence[str] = (),
) -> DueQueue:
    """Today's queue among `drillable` scenario ids (in the order new ones are introduced).

    `assigned_first`: scenario ids a manager assigned (hook for assignments; pass () when
    there are none): they lead the queue unless already drilled today.
    """
    known = set(drillable)
    due: list[DueItem] = []
    later: list[date] = []
    for state in schedule.scenario_cards():
        sid = state.key.scenario_id
        when = schedule.scenario_due(sid)
        if sid not in known or when is None or state.last_day >= today:
            if when is not None and when > today:
                later.append(when)
            continue
        if when <= today:
            due.append(DueItem(sid, when, (today - when).days))
        else:
            later.append(when)
    due.sort(key=lambda i: (-i.overdue_days, i.scenario_id))
    new_today = schedule.new_by_day.get(today, 0)
    allowance = max(0, new_per_day - new_today)
    fresh: list[DueItem] = []
    for sid in drillable if allowance else ():
        if CardKey(sid) not in schedule.cards:
            fresh.append(DueItem(sid))
            if len(fresh) == allowance:
                break
    assigned: list[DueItem] = []
    for sid in assigned_first:
        card = schedule.cards.get(CardKey(sid))
        if sid in known and (card is None or card.last_day < today):
            assigned.append(DueItem(sid, schedule.scenario_due(sid), assigned=True))
    taken = {i.scenario_id for i in assigned}
    rest = [i for i in (*due, *fresh) if i.scenario_id not in taken]
    return DueQueue(
        today=today,
        items=(*assigned, *rest),
        due=len(due),
        overdue=sum(1 for i in due if i.overdue_days > 0),
        new=len(fresh),
        cleared_today=schedule.cleared_by_day.get(today, 0),
        new_today=new_today,
        next_due=min(later) if later else None,
        assigned=len(taken - {i.scenario_id for i in (*due, *fresh)}),
    )


def read_schedules(
    store: Store, reps: Sequence[str], progress: Callable[[int, int], None] | None = None
) -> dict[str, Schedule]:
    """`read_schedule` of many reps at once (the manager's team view); `progress(done,
    total)` after each rep."""
    from trainer.practice.schedule_cache import cached_schedules

    return cached_schedules(store, reps, progress)


def read_schedule(store: Store, rep: str) -> Schedule:
    """The rep's schedule from the log (through the schedule saved in it, see
    `trainer.practice.schedule_cache`)."""
    from trainer.practice.schedule_cache import cached_schedule

    return cached_schedule(store, rep)
