"""Records of the team's plan that cross the store interface: scenarios a manager
published, assignments (a scenario, tag or kind to practise by a day, with targets in
means) and notes on attempts (a comment and/or a human score). Times are aware UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from trainer.store.records import new_id, utcnow
from trainer.words import kind_word


class TargetKind(StrEnum):
    SCENARIO = "scenario"  # one scenario id
    TAG = "tag"  # every scenario with this tag
    KIND = "kind"  # every scenario of this kind (objection, cold_call...)


@dataclass(frozen=True, slots=True)
class PublishedScenario:
    """One version of a scenario file on the team server (its bytes kept as published)."""

    scenario_id: str
    version: int
    sha256: str
    title: str
    content: bytes
    published_by: str
    published_at: datetime = field(default_factory=utcnow)
    draft: bool = False  # seen by managers only


@dataclass(slots=True)
class Assignment:
    rep: str  # who practises (on a SQLite log: yourself)
    target_kind: TargetKind
    target: str  # a scenario id, a tag or a kind
    due: date  # the rep's local day it is due by (inclusive)
    attempts_target: int = 0  # drills to do (0: no count target)
    minutes_target: int = 0  # minutes of practice (0: none)
    passing_score: float | None = None  # a best (finished call) at least this
    note: str = ""
    assigned_by: str = ""
    assigned_at: datetime = field(default_factory=utcnow)
    withdrawn_at: datetime | None = None
    id: str = field(default_factory=new_id)

    @property
    def label(self) -> str:
        """ "objection/too-expensive", "tag price", "kind objection"."""
        if self.target_kind is TargetKind.SCENARIO:
            return self.target
        if self.target_kind is TargetKind.KIND:
            return f"kind {kind_word(self.target)}"  # "kind cold call", as everywhere
        return f"{self.target_kind} {self.target}"


@dataclass(frozen=True, slots=True)
class AttemptNote:
    """A manager's comment on an attempt (or one turn of it) and/or their own score; kept
    beside the automatic score, never in place of it."""

    attempt_id: str
    author: str
    body: str = ""
    human_score: float | None = None
    turn_seq: int | None = None  # None: the whole attempt
    created_at: datetime = field(default_factory=utcnow)
    id: str = field(default_factory=new_id)


def human_score(notes: list[AttemptNote]) -> AttemptNote | None:
    """The human score in force on an attempt: the latest note on the whole attempt that
    gives one (an earlier one is kept, never overwritten)."""
    scored = [n for n in notes if n.human_score is not None and n.turn_seq is None]
    return max(scored, key=lambda n: (n.created_at, n.id)) if scored else None


@dataclass(frozen=True, slots=True)
class AssignmentTotals:
    """What a rep did towards an assignment since it was given (by trainer.practice.rules:
    drills are attempts with an answer; the best counts calls played to their end)."""

    drills: int = 0
    seconds: float = 0.0
    best: float | None = None
    finished: int = 0  # calls played to their end with a score
    score_sum: float = 0.0  # of those calls' scores
    last_started_at: datetime | None = None
