"""Plain records that cross the store interface. Times are timezone-aware UTC."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from trainer.scoring.result import TurnScore


def new_id() -> str:
    """Client-generated ids: a process can log without asking the database first."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class AttemptStatus(StrEnum):
    IN_PROGRESS = "in_progress"  # being drilled (or the process died: shown as unfinished)
    FINISHED = "finished"  # reached an ending
    ABANDONED = "abandoned"  # the rep ended the call early (End call, Ctrl+C)


@dataclass(slots=True)
class AttemptRecord:
    id: str
    rep: str
    scenario_id: str
    scenario_version: int
    scenario_hash: str  # sha256 of the scenario file's bytes
    scenario_title: str
    mode: str = "solo"  # solo | pair
    input_kind: str = "typed"  # typed | spoken | mixed
    seed: int = 0
    started_at: datetime = field(default_factory=utcnow)
    ended_at: datetime | None = None
    status: AttemptStatus = AttemptStatus.IN_PROGRESS
    outcome: str | None = None  # win | callback | loss | neutral (an ending's outcome)
    ending_id: str | None = None
    score: float | None = None
    turn_count: int = 0

    @property
    def duration_s(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()


@dataclass(slots=True)
class TurnRecord:
    id: str
    attempt_id: str
    seq: int  # 1, 2, 3... in the order answered (retries get their own seq)
    step_id: str
    prospect_line: str
    answer_text: str
    input_kind: str  # typed | spoken
    result: TurnScore
    pause_s: float | None = None
    duration_s: float | None = None
    hint_used: bool = False
    retried: bool = False  # superseded by a later retry of the same step
    audio_path: str | None = None
    created_at: datetime = field(default_factory=utcnow)

    @property
    def score(self) -> float:
        return self.result.score


@dataclass(slots=True)
class AttemptDetail:
    attempt: AttemptRecord
    turns: list[TurnRecord]
