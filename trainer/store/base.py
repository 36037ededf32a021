"""The store interface used by the CLI, the TUI and the drill recorder.

Backends: `trainer.store.sqlite.SQLiteStore` (default) and, for teams, a PostgreSQL one.
Every write is durable when the call returns. Errors reach callers as `StoreError`
with a message that says what to do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

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
from trainer.store.url import is_team_url as is_team_url  # its former home

if TYPE_CHECKING:
    from trainer.settings import Settings


class StoreError(Exception):
    """A storage problem explained in plain words (locked, read-only, disk full, too new)."""


class ServerUnreachable(StoreError):
    """The team server did not answer (down, or no network): worth trying again later."""


class NoPracticeLog(StoreError):
    """Opening with `create=False` found no log file: nothing has been practised there yet."""


def fixed_rep(store: Store | None) -> str | None:
    """The rep name a store logs under whatever the settings say: on a team server, the
    login name; None for a SQLite log (or no store)."""
    return store.fixed_rep if store is not None and store.fixed_rep else None


def rep_key(name: str) -> str:
    """A rep's name as names are matched: spaces and case aside ("Ana" and "ana " are one
    rep, shown as first written). THE rule for --rep, the log's names and pair roles."""
    return " ".join(name.split()).casefold()


def logged_spelling(names: Iterable[str], name: str) -> str | None:
    """How the log spells the rep `name`: so when it is logged so, else the first written of
    `names` (first written first, `Store.rep_names`) that is the same rep (`rep_key`);
    None when the log has no such rep."""
    spellings = list(names)
    if name in spellings:
        return name
    key = rep_key(name)
    return next((n for n in spellings if rep_key(n) == key), None)


def logged_rep(store: Store, name: str) -> str:
    """The rep `name` as the log spells them (`logged_spelling`), for a --rep filter;
    StoreError in one line when the log has no attempt of theirs, with the closest name."""
    from trainer.safe_text import one_line
    from trainer.scenario.suggest import suggest

    names = store.rep_names()
    if (spelled := logged_spelling(names, name)) is not None:
        return spelled
    if store.history(rep=name, limit=1):  # attempts left without an answer: a rep too
        return name
    keys = {rep_key(n): n for n in reversed(names)}  # the first written of each rep
    close = suggest(rep_key(name), keys)
    hint = f"did you mean {one_line(keys[close])}? " if close else ""
    raise StoreError(
        f"nobody named {one_line(name)} has practised in this log: {hint}"
        "`trainer stats --by-rep` lists who has"
    )


def rep_of(
    store: Store | None,
    settings: Settings | None,
    given: str | None = None,
    names: Sequence[str] | None = None,
) -> str:
    """Who practises: the team server's login (it cannot be changed), else the name given
    (--rep), else the settings' name, else the computer's login name; spelt as the log
    first wrote that rep (`logged_spelling`: "ana" practises as "Ana"; `names`: the log's
    `rep_names` when already read). The one rule for the app, the plain drill, the daily
    session, the plan commands and the start-up prefetch."""
    from trainer.settings import default_rep_name

    if team_login := fixed_rep(store):
        return team_login
    if given and given.strip():
        name = given.strip()
    else:
        name = (settings.rep if settings is not None else None) or default_rep_name()
    if names is not None:
        return logged_spelling(names, name) or name
    if store is None:
        return name
    try:
        return logged_spelling(store.rep_names(), name) or name
    except StoreError:  # the log cannot be read: the drill's own write will say why
        return name


def rep_is_login_name(store: Store | None, settings: Settings | None, given: str | None) -> bool:
    """`rep_of` falls back to the computer's login name: no team login, no name given and
    none in the settings (the app's first start asks for it; a plain drill says so)."""
    if fixed_rep(store) or (given and given.strip()):
        return False
    return not (settings.rep if settings is not None else None)


class Store(Protocol):
    @property
    def path(self) -> Path | None:
        """The log's file (None on a team server)."""
        ...

    @property
    def fixed_rep(self) -> str | None:
        """The login every attempt is logged under on a team server; None for a file."""
        ...

    def start_attempt(self, attempt: AttemptRecord) -> None: ...

    def log_turn(self, turn: TurnRecord, ends: AttemptEnd | None = None) -> None:
        """Log an answer (again: a no-op); with `ends`, the attempt ends with it, in the same
        transaction, so a call is never left with its last answer but not its end."""
        ...

    def skipped_numbers(self) -> tuple[list[str], list[int]]:
        """Attempts whose answers skip a number (1, 2, 4): their ids, and the first one's
        answer numbers."""
        ...

    def turn_logged(self, turn_id: str) -> bool:
        """The log has this turn (a write whose acknowledgement was lost may have landed)."""
        ...

    def mark_retried(self, turn_id: str) -> None:
        """The rep retried this turn's step; the turn stays in the log."""
        ...

    def retry_ended(self, attempt_id: str, turn_id: str, at: datetime) -> None:
        """The rep retries the last counted answer (`turn_id`) of a call that ended, `at`
        (the drill's clock): the answer is marked retried and the attempt is in progress
        again, in one step."""
        ...

    def finish_attempt(
        self,
        attempt_id: str,
        status: AttemptStatus,
        ended_at: datetime,
        outcome: str | None,
        ending_id: str | None,
        score: float | None,
    ) -> None: ...

    def history(
        self,
        rep: str | tuple[str, ...] | None = None,
        scenario_id: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AttemptRecord]:
        """Attempts started at or after `since`, newest first (of `rep`, or of any of
        several people in one read). An attempt still `in_progress` whose drilling process
        is gone reads as `unfinished`."""
        ...

    def attempt(self, attempt_id: str) -> AttemptDetail | None:
        """One attempt with its turns; `attempt_id` may be a unique prefix."""
        ...

    def daily_activity(self, rep: str | None, since: date | None = None) -> list[DayActivity]:
        """Days with practice (local day the attempt started), oldest first."""
        ...

    def scenario_summary(self, rep: str | None, recent: int = 5) -> list[ScenarioSummary]:
        """Per scenario practised: attempts, best score, last practised, recent average."""
        ...

    def review_rows(self, rep: str, since: datetime | None = None) -> list[ReviewRow]:
        """Every answer of the rep's closed drills (not in progress) started at or after
        `since`, oldest first (attempt start, id, answer order)."""
        ...

    def heard_lines(
        self, wanted: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], str]:
        """The prospect's line each (rep, scenario id, step id) last heard there, on a call
        played to its end; one never heard so is left out."""
        ...

    def attempts_before(self, rep: str, before: datetime) -> int:
        """How many attempts of the rep (in any state) started before `before`."""
        ...

    def open_attempts(
        self, rep: str, since: datetime | None, before: datetime, among: Sequence[str] = ()
    ) -> list[str]:
        """Ids of the rep's attempts still in progress: those started in [since, before),
        and those of `among`."""
        ...

    def schedule_checks(
        self, marks: Sequence[tuple[str, datetime, Sequence[str]]]
    ) -> list[tuple[int, list[str]]]:
        """For each (rep, mark, ids): `attempts_before(rep, mark)` and which of `ids` are
        still in progress, sorted (the saved schedule's check, for many reps at once)."""
        ...

    def reviews_since(self, wanted: Sequence[tuple[str, datetime]]) -> dict[str, list[ReviewRow]]:
        """`review_rows(rep, since)` for many (rep, since) at once; reps without rows are
        left out."""
        ...

    def saved_schedule(self, rep: str) -> SavedSchedule | None:
        """The rep's schedule as last saved in the log (None: never saved), every card;
        StoreError when the saved rows cannot be read."""
        ...

    def saved_schedules(self, reps: Sequence[str]) -> dict[str, SavedSchedule]:
        """`saved_schedule` of many reps in one read (the team view); reps never saved, and
        those whose saved rows cannot be read, are left out."""
        ...

    def save_schedule(
        self,
        rep: str,
        saved: SavedSchedule,
        expected: ScheduleMark | None,
        replace: bool = False,
    ) -> bool:
        """Save the cards and days that changed since the saved mark `expected`, with the
        new mark, in one transaction; False (nothing written) when the saved mark is no
        longer `expected` (another process saved meanwhile). `replace`: `saved` is the
        whole schedule, saved instead of whatever was there."""
        ...

    def rep_activity(self, since: date) -> list[RepActivity]:
        """Each rep's practice since a local day, by name (a rep on a team server sees only
        themselves)."""
        ...

    def rep_names(self) -> list[str]:
        """The names of the reps who practised (a drill logged), each spelling once, first
        written first (a rep on a team server sees only themselves)."""
        ...

    def score_trends(self, rep: str | None, recent: int = 12, limit: int = 8) -> list[ScoreTrend]:
        """The most practised scenarios (at most `limit`), each with its last `recent` scores."""
        ...

    def export(
        self, rep: str | None = None, since: datetime | None = None
    ) -> Iterator[AttemptDetail]:
        """Every attempt with its turns, oldest first, streamed."""
        ...

    def forget_rep(self, rep: str) -> Forgotten:
        """Delete a rep's attempts and turns for good (no copy left in the database file)."""
        ...

    def health_problems(self) -> list[str]:
        """What a consistency check of the log finds wrong (empty: healthy)."""
        ...

    def save_pair_note(self, note: PairNote) -> None:
        """Record (or replace) what the partner noted on a pair call (docs/pairs.md)."""
        ...

    def pair_note(self, attempt_id: str) -> PairNote | None:
        """The partner's notes on an attempt (its full id), if it was a pair call."""
        ...

    def partner_practice(self, partner: str, since: datetime) -> tuple[int, float]:
        """Calls played as the partner since `since`, and their seconds."""
        ...

    def save_observation(self, note: ObserverNote) -> None:
        """Record (or replace) one observer's own notes on a pair call (their row only)."""
        ...

    def observations(self, attempt_id: str) -> list[ObserverNote]:
        """The observers' own notes on a pair call (also in `pair_note(...).observations`)."""
        ...

    def pair_mentions(self, person: str) -> int:
        """Pair notes naming `person` as partner or observer, and their notes as observer."""
        ...

    def team_pair_practice(self, since: datetime) -> list[PairPracticeRow]:
        """Per name: pair calls as the rep (drills started since `since`), and calls and
        seconds as the partner and as the observer (notes since `since`), as
        `partner_practice` counts them."""
        ...

    def latest_pair_notes(self) -> dict[str, PairNote]:
        """Each rep's latest pair note (on a call they answered), by rep."""
        ...

    def recording_paths(self) -> list[str]:
        """Every recording linked from a turn."""
        ...

    # -- the plan (trainer.store.plan_sql) --------------------------------------------------

    def publish_scenario(self, published: PublishedScenario) -> bool:
        """Keep one version of a scenario file (False: already published as it is)."""
        ...

    def published_scenarios(
        self, latest_only: bool = True, include_drafts: bool = False
    ) -> list[PublishedScenario]: ...

    def add_assignments(self, assignments: Iterable[Assignment]) -> None: ...

    def update_assignment(self, assignment: Assignment) -> None: ...

    def withdraw_assignment(self, assignment_id: str, at: datetime) -> None: ...

    def assignments(
        self, rep: str | None = None, include_withdrawn: bool = False
    ) -> list[Assignment]: ...

    def find_assignment(self, prefix: str) -> Assignment | None: ...

    def assignment_totals(
        self, rep: str, scenario_ids: Collection[str], since: datetime
    ) -> AssignmentTotals: ...

    def assignments_totals(
        self, wanted: Sequence[tuple[Assignment, Collection[str]]]
    ) -> list[AssignmentTotals]:
        """`assignment_totals` of many assignments, each with the scenarios it covers."""
        ...

    def add_note(self, note: AttemptNote) -> None: ...

    def notes(self, attempt_ids: Collection[str]) -> dict[str, list[AttemptNote]]: ...

    def team_days(self, since: date) -> list[tuple[str, date, int, float]]: ...

    def team_last_days(self) -> dict[str, date]: ...

    def team_members(self) -> list[str] | None:
        """The team's reps on a team server (a rep removed or forgotten is not one); None
        for a file log, which has no members list."""
        ...

    def login_role(self) -> str | None:
        """ "rep", "manager" or "admin" on a team server; None for a file log."""
        ...

    def close(self) -> None: ...
