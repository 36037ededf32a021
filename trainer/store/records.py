"""Plain records that cross the store interface. Times are timezone-aware UTC."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from trainer.scoring.answer import InputKind
from trainer.scoring.result import TurnScore

if TYPE_CHECKING:
    from trainer.store.plan_records import AttemptNote


def new_id() -> str:
    """Client-generated ids: a process can log without asking the database first."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class DrillMode(StrEnum):
    SOLO = "solo"  # a rep and the scripted prospect
    PAIR = "pair"  # a partner plays the prospect


class AttemptStatus(StrEnum):
    IN_PROGRESS = "in_progress"  # being drilled (or the process died: shown as unfinished)
    FINISHED = "finished"  # reached an ending
    ABANDONED = "abandoned"  # the rep ended the call early (End call, Ctrl+C)
    # Read back only, never written: IN_PROGRESS whose drilling process is gone (crash, kill -9).
    UNFINISHED = "unfinished"


@dataclass(slots=True)
class AttemptRecord:
    id: str
    rep: str
    scenario_id: str
    scenario_version: int
    scenario_hash: str  # sha256 of the scenario file's bytes
    scenario_title: str
    mode: DrillMode = DrillMode.SOLO
    input_kind: InputKind = InputKind.TYPED  # MIXED: both kinds of answer
    seed: int = 0
    started_at: datetime = field(default_factory=utcnow)
    ended_at: datetime | None = None
    status: AttemptStatus = AttemptStatus.IN_PROGRESS
    outcome: str | None = None  # win | callback | loss | neutral (an ending's outcome)
    ending_id: str | None = None
    score: float | None = None
    turn_count: int = 0
    last_activity_at: datetime | None = None  # filled in by the store: last turn or the end

    @property
    def duration_s(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()

    @property
    def is_drill(self) -> bool:
        """Counts as practice: at least one answer was logged (trainer.practice.rules)."""
        return self.turn_count > 0

    @property
    def counts_for_best(self) -> bool:
        """Its score counts for a best or an average: a call played to its end."""
        return self.status is AttemptStatus.FINISHED and self.score is not None

    @property
    def active_s(self) -> float:
        """Time practised: to the end, or to the last logged turn when there is no end or
        when a retry after the end (practice: trainer.practice.rules) answered later."""
        last = self.ended_at or self.last_activity_at or self.started_at
        if self.last_activity_at is not None and self.last_activity_at > last:
            last = self.last_activity_at
        return max(0.0, (last - self.started_at).total_seconds())


@dataclass(slots=True)
class TurnRecord:
    id: str
    attempt_id: str
    seq: int  # 1, 2, 3... in the order answered (retries get their own seq)
    step_id: str
    prospect_line: str
    answer_text: str
    input_kind: InputKind
    result: TurnScore
    pause_s: float | None = None
    duration_s: float | None = None
    hint_used: bool = False
    retried: bool = False  # superseded by a later retry of the same step
    audio_path: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    # Set when the stored scoring details could not be read (then `result` holds the stored
    # score alone and a note): "turn 3 of attempt ... is damaged (...)".
    damaged: str | None = None

    @property
    def score(self) -> float:
        return self.result.score


@dataclass(frozen=True, slots=True)
class AttemptEnd:
    """How an attempt ended, written with the answer that ended it (`Store.log_turn`)."""

    status: AttemptStatus
    ended_at: datetime
    outcome: str | None
    ending_id: str | None
    score: float | None


@dataclass(slots=True)
class AttemptDetail:
    attempt: AttemptRecord
    turns: list[TurnRecord]
    # Managers' comments and human scores, oldest first (beside the automatic score).
    notes: list[AttemptNote] = field(default_factory=list)
    pair: PairNote | None = None  # a pair call's notes (mode pair)


@dataclass(slots=True, kw_only=True)
class _Activity:
    drills: int = 0
    seconds: float = 0.0
    answers: int = 0
    answer_score_sum: float = 0.0
    # Calls played to their end and their scores' sum: an average counts only these
    # (trainer.practice.rules), never a call ended early.
    calls: int = 0
    call_score_sum: float = 0.0

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def average_score(self) -> float | None:
        """Average score of the calls played to their end in the period."""
        return self.call_score_sum / self.calls if self.calls else None


@dataclass(slots=True)
class DayActivity(_Activity):
    """Practice on one day (the rep's local day when the attempt started)."""

    day: date


@dataclass(slots=True)
class WeekActivity(_Activity):
    week_start: date  # a Monday
    active_days: int = 0


@dataclass(slots=True)
class RepActivity(_Activity):
    """One rep's practice over a period (for a manager's view of the team)."""

    rep: str = ""
    active_days: int = 0
    last_day: date | None = None


@dataclass(slots=True)
class ScenarioSummary:
    """How one scenario has gone for a rep; scores count attempts that have one; `attempts`
    counts its drills."""

    scenario_id: str
    scenario_title: str
    attempts: int
    best_score: float | None
    last_practised: datetime
    recent_average: float | None  # average of the last `recent` scored attempts
    recent: int = 0  # how many scored attempts `recent_average` covers
    finished: int = 0  # calls played to their end: "done" (trainer.practice.rules)


@dataclass(slots=True)
class ScoreTrend:
    """The latest scores on one scenario (oldest first) for the Progress screen."""

    scenario_id: str
    scenario_title: str
    attempts: int  # all attempts, scored or not
    best_score: float | None
    scores: list[float]  # the last few scored attempts, oldest first


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One answered step of a closed drill, as spaced repetition reads the log
    (trainer.practice.schedule): the attempt's fields and the step's answer."""

    attempt_id: str
    scenario_id: str
    started_at: datetime
    local_day: date
    status: AttemptStatus
    score: float | None  # the attempt's score
    step_id: str
    step_score: float
    seq: int


@dataclass(frozen=True, slots=True)
class ScheduleMark:
    """How far a rep's saved schedule has read the log (trainer.practice.schedule_cache):
    every closed drill started before `mark` is folded in, the latest being
    `last_attempt_id`; `attempts` started before the mark, of which `open_ids` were still in
    progress then. `version` is the rating rules' (SCHEDULE_VERSION) it was replayed under."""

    version: int
    mark: datetime
    attempts: int
    open_ids: tuple[str, ...]
    last_attempt_id: str | None


class SavedCard(NamedTuple):
    """One card of a saved schedule, as its table holds it (`seq`: the order the cards were
    first reviewed in; `step_id` None for the scenario's own card). A named tuple: thousands
    are read at each start."""

    seq: int
    scenario_id: str
    step_id: str | None
    first_day: date
    last_day: date
    reviews: int
    lapses: int
    scores: tuple[float, ...]
    state: int
    stability: float | None
    difficulty: float | None
    interval_days: int
    last_review: datetime | None


@dataclass(frozen=True, slots=True)
class SavedSchedule:
    """A rep's schedule as kept in the log: a mark and its cards and per-day counts (all of
    them when read; when saved, those that changed since `expected`)."""

    mark: ScheduleMark
    cards: tuple[SavedCard, ...]
    days: tuple[tuple[date, int, int], ...]  # (local day, due cards cleared, new scenarios)


@dataclass(slots=True)
class Forgotten:
    """What `forget_rep` deleted; audio files are the caller's to remove."""

    attempts: int
    turns: int
    audio_paths: list[str]
    # Pair notes that named them as partner or observer (the name is now "(forgotten)")
    # and their own notes as an observer (deleted).
    pair_mentions: int = 0
    # Set when the rows are deleted but older copies remain in the log's files (a reader
    # kept the SQLite WAL from being emptied): what remains and how to finish.
    remains: str | None = None


@dataclass(slots=True)
class PairTurnNote:
    """A partner's verdict on one answer of a pair call, beside the scorer's (if heard)."""

    seq: int
    step_id: str
    ticks: list[str]  # the rubric criteria the partner ticked
    human_score: float
    branch: str | None  # the branch the partner took (a step or ending id)
    auto_score: float | None = None  # the scorer's verdict on the transcript, if any
    auto_passed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PairTag:
    """A moment tagged on the call's timeline: `at_s` seconds after the call started."""

    kind: str  # great-line | missed-a-move | interrupted | too-long | filler
    at_s: float
    seq: int  # the answer it was tagged during (1-based)


@dataclass(frozen=True, slots=True)
class PairPracticeRow:
    """One name's pair practice in a window (`Store.team_pair_practice`)."""

    name: str
    calls_as_rep: int = 0
    partner_calls: int = 0
    partner_seconds: float = 0.0
    observer_calls: int = 0
    observer_seconds: float = 0.0


@dataclass(slots=True)
class ObserverTurnNote:
    """An observer's ticks on one answer of a pair call (kept apart from the partner's)."""

    seq: int
    step_id: str
    ticks: list[str]


@dataclass(slots=True)
class ObserverNote:
    """What one observer noted on a pair call from their own process: one per observer and
    attempt, written only by that observer (docs/pairs.md)."""

    attempt_id: str
    observer: str
    turns: list[ObserverTurnNote] = field(default_factory=list)
    tags: list[PairTag] = field(default_factory=list)
    comment: str = ""
    updated_at: datetime = field(default_factory=utcnow)

    def ticks_of(self, seq: int) -> list[str] | None:
        """The observer's ticks on answer `seq` (None: they ticked nothing on it)."""
        return next((t.ticks for t in self.turns if t.seq == seq), None)

    def details(self) -> dict[str, object]:
        from dataclasses import asdict

        return {
            "turns": [asdict(t) for t in self.turns],
            "tags": [asdict(t) for t in self.tags],
        }

    def read_details(self, d: dict[str, object]) -> None:
        turns = d.get("turns")
        tags = d.get("tags")
        self.turns = [ObserverTurnNote(**t) for t in turns] if isinstance(turns, list) else []
        self.tags = [PairTag(**t) for t in tags] if isinstance(tags, list) else []


# The name left in pair notes where a forgotten person was the partner or the observer.
FORGOTTEN_NAME = "(forgotten)"


@dataclass(slots=True)
class PairNote:
    """What a partner (and an observer) noted on a pair call: one per attempt."""

    attempt_id: str
    rep: str
    partner: str
    observer: str | None = None
    turns: list[PairTurnNote] = field(default_factory=list)
    tags: list[PairTag] = field(default_factory=list)
    comment: str = ""
    human_score: float | None = None
    auto_score: float | None = None
    partner_seconds: float = 0.0  # the partner's practice time on this call
    current_line: str | None = None  # the line the partner is saying now (the rep's view)
    current_step: str | None = None  # its step (the observer's checklist)
    updated_at: datetime = field(default_factory=utcnow)
    # The observers' own notes (their rows, not this one's): filled when read.
    observations: list[ObserverNote] = field(default_factory=list)

    def details(self) -> dict[str, object]:
        """The lists, as stored (JSON)."""
        from dataclasses import asdict

        return {
            "turns": [asdict(t) for t in self.turns],
            "tags": [asdict(t) for t in self.tags],
            "current_line": self.current_line,
            "current_step": self.current_step,
            "auto_score": self.auto_score,
        }

    def read_details(self, d: dict[str, object]) -> None:
        turns = d.get("turns")
        tags = d.get("tags")
        self.turns = [PairTurnNote(**t) for t in turns] if isinstance(turns, list) else []
        self.tags = [PairTag(**t) for t in tags] if isinstance(tags, list) else []
        line = d.get("current_line")
        self.current_line = line if isinstance(line, str) else None
        step = d.get("current_step")
        self.current_step = step if isinstance(step, str) else None
        auto = d.get("auto_score")
        self.auto_score = float(auto) if isinstance(auto, (int, float)) else None
