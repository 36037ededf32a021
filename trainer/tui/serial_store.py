"""Every store call on one dedicated thread.

Workers run on many threads, and a database connection belongs to the thread that made it;
`SerialStore` opens the store on its own thread and forwards each call there, so screens,
workers and the drill service can share one store safely. Calls block the caller (always a
worker thread in the app) until the store answers. It implements `Store` method by method,
so the type checker sees every call the app makes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from trainer.store.base import Store
from trainer.store.plan_records import (
    Assignment,
    AssignmentTotals,
    AttemptNote,
    PublishedScenario,
)
from trainer.store.records import (
    AttemptDetail,
    AttemptEnd,
    AttemptRecord,
    AttemptStatus,
    DayActivity,
    Forgotten,
    ObserverNote,
    PairNote,
    PairPracticeRow,
    RepActivity,
    ReviewRow,
    SavedSchedule,
    ScenarioSummary,
    ScheduleMark,
    ScoreTrend,
    TurnRecord,
)

T = TypeVar("T")


class SerialStore(Store):
    def __init__(self, opener: Callable[[], Store]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trainer-store")
        self._store: Store = self._pool.submit(opener).result()

    def call(self, fn: Callable[[Store], T]) -> T:
        """Run `fn(store)` on the store's thread and return its result (or raise its error)."""
        return self._pool.submit(fn, self._store).result()

    @property
    def path(self) -> Path | None:
        return self._store.path

    @property
    def fixed_rep(self) -> str | None:
        return self._store.fixed_rep

    def start_attempt(self, attempt: AttemptRecord) -> None:
        self.call(lambda s: s.start_attempt(attempt))

    def log_turn(self, turn: TurnRecord, ends: AttemptEnd | None = None) -> None:
        self.call(lambda s: s.log_turn(turn, ends))

    def skipped_numbers(self) -> tuple[list[str], list[int]]:
        return self.call(lambda s: s.skipped_numbers())

    def turn_logged(self, turn_id: str) -> bool:
        return self.call(lambda s: s.turn_logged(turn_id))

    def mark_retried(self, turn_id: str) -> None:
        self.call(lambda s: s.mark_retried(turn_id))

    def retry_ended(self, attempt_id: str, turn_id: str, at: datetime) -> None:
        self.call(lambda s: s.retry_ended(attempt_id, turn_id, at))

    def finish_attempt(
        self,
        attempt_id: str,
        status: AttemptStatus,
        ended_at: datetime,
        outcome: str | None,
        ending_id: str | None,
        score: float | None,
    ) -> None:
        self.call(
            lambda s: s.finish_attempt(attempt_id, status, ended_at, outcome, ending_id, score)
        )

    def history(
        self,
        rep: str | tuple[str, ...] | None = None,
        scenario_id: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AttemptRecord]:
        return self.call(lambda s: s.history(rep, scenario_id, since, limit))

    def attempt(self, attempt_id: str) -> AttemptDetail | None:
        return self.call(lambda s: s.attempt(attempt_id))

    def daily_activity(self, rep: str | None, since: date | None = None) -> list[DayActivity]:
        return self.call(lambda s: s.daily_activity(rep, since))

    def scenario_summary(self, rep: str | None, recent: int = 5) -> list[ScenarioSummary]:
        return self.call(lambda s: s.scenario_summary(rep, recent))

    def review_rows(self, rep: str, since: datetime | None = None) -> list[ReviewRow]:
        return self.call(lambda s: s.review_rows(rep, since))

    def heard_lines(
        self, wanted: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], str]:
        return self.call(lambda s: s.heard_lines(wanted))

    def attempts_before(self, rep: str, before: datetime) -> int:
        return self.call(lambda s: s.attempts_before(rep, before))

    def open_attempts(
        self, rep: str, since: datetime | None, before: datetime, among: Sequence[str] = ()
    ) -> list[str]:
        return self.call(lambda s: s.open_attempts(rep, since, before, among))

    def schedule_checks(
        self, marks: Sequence[tuple[str, datetime, Sequence[str]]]
    ) -> list[tuple[int, list[str]]]:
        return self.call(lambda s: s.schedule_checks(marks))

    def reviews_since(self, wanted: Sequence[tuple[str, datetime]]) -> dict[str, list[ReviewRow]]:
        return self.call(lambda s: s.reviews_since(wanted))

    def saved_schedule(self, rep: str) -> SavedSchedule | None:
        return self.call(lambda s: s.saved_schedule(rep))

    def saved_schedules(self, reps: Sequence[str]) -> dict[str, SavedSchedule]:
        return self.call(lambda s: s.saved_schedules(reps))

    def save_schedule(
        self,
        rep: str,
        saved: SavedSchedule,
        expected: ScheduleMark | None,
        replace: bool = False,
    ) -> bool:
        return self.call(lambda s: s.save_schedule(rep, saved, expected, replace))

    def rep_names(self) -> list[str]:
        return self.call(lambda s: s.rep_names())

    def rep_activity(self, since: date) -> list[RepActivity]:
        return self.call(lambda s: s.rep_activity(since))

    def score_trends(self, rep: str | None, recent: int = 12, limit: int = 8) -> list[ScoreTrend]:
        return self.call(lambda s: s.score_trends(rep, recent, limit))

    def export(
        self, rep: str | None = None, since: datetime | None = None
    ) -> Iterator[AttemptDetail]:
        """Streamed in pages read on the store's thread (the whole export is never held)."""
        pages = self.call(lambda s: s.export(rep, since))
        while True:
            item = self.call(lambda _: next(pages, None))
            if item is None:
                return
            yield item

    def forget_rep(self, rep: str) -> Forgotten:
        return self.call(lambda s: s.forget_rep(rep))

    def health_problems(self) -> list[str]:
        return self.call(lambda s: s.health_problems())

    def recording_paths(self) -> list[str]:
        return self.call(lambda s: s.recording_paths())

    def save_pair_note(self, note: PairNote) -> None:
        self.call(lambda s: s.save_pair_note(note))

    def pair_note(self, attempt_id: str) -> PairNote | None:
        return self.call(lambda s: s.pair_note(attempt_id))

    def partner_practice(self, partner: str, since: datetime) -> tuple[int, float]:
        return self.call(lambda s: s.partner_practice(partner, since))

    def save_observation(self, note: ObserverNote) -> None:
        self.call(lambda s: s.save_observation(note))

    def observations(self, attempt_id: str) -> list[ObserverNote]:
        return self.call(lambda s: s.observations(attempt_id))

    def pair_mentions(self, person: str) -> int:
        return self.call(lambda s: s.pair_mentions(person))

    def team_pair_practice(self, since: datetime) -> list[PairPracticeRow]:
        return self.call(lambda s: s.team_pair_practice(since))

    def latest_pair_notes(self) -> dict[str, PairNote]:
        return self.call(lambda s: s.latest_pair_notes())

    def close(self) -> None:
        try:
            self._pool.submit(self._store.close).result()
        finally:
            self._pool.shutdown(wait=True)

    # -- the plan ---------------------------------------------------------------------------

    def publish_scenario(self, published: PublishedScenario) -> bool:
        return self.call(lambda s: s.publish_scenario(published))

    def published_scenarios(
        self, latest_only: bool = True, include_drafts: bool = False
    ) -> list[PublishedScenario]:
        return self.call(lambda s: s.published_scenarios(latest_only, include_drafts))

    def add_assignments(self, assignments: Iterable[Assignment]) -> None:
        given = list(assignments)
        self.call(lambda s: s.add_assignments(given))

    def update_assignment(self, assignment: Assignment) -> None:
        self.call(lambda s: s.update_assignment(assignment))

    def withdraw_assignment(self, assignment_id: str, at: datetime) -> None:
        self.call(lambda s: s.withdraw_assignment(assignment_id, at))

    def assignments(
        self, rep: str | None = None, include_withdrawn: bool = False
    ) -> list[Assignment]:
        return self.call(lambda s: s.assignments(rep, include_withdrawn))

    def find_assignment(self, prefix: str) -> Assignment | None:
        return self.call(lambda s: s.find_assignment(prefix))

    def assignment_totals(
        self, rep: str, scenario_ids: Collection[str], since: datetime
    ) -> AssignmentTotals:
        return self.call(lambda s: s.assignment_totals(rep, scenario_ids, since))

    def add_note(self, note: AttemptNote) -> None:
        self.call(lambda s: s.add_note(note))

    def notes(self, attempt_ids: Collection[str]) -> dict[str, list[AttemptNote]]:
        return self.call(lambda s: s.notes(attempt_ids))

    def team_days(self, since: date) -> list[tuple[str, date, int, float]]:
        return self.call(lambda s: s.team_days(since))

    def team_last_days(self) -> dict[str, date]:
        return self.call(lambda s: s.team_last_days())

    def team_members(self) -> list[str] | None:
        return self.call(lambda s: s.team_members())

    def login_role(self) -> str | None:
        return self.call(lambda s: s.login_role())

    def assignments_totals(
        self, wanted: Sequence[tuple[Assignment, Collection[str]]]
    ) -> list[AssignmentTotals]:
        return self.call(lambda s: s.assignments_totals(wanted))
