"""Closed drills written to a real practice log, for spaced-repetition tests (also used by
tests/tui and tests/cli through sys.path)."""

from __future__ import annotations

from datetime import datetime, timedelta

from trainer.scoring.answer import InputKind
from trainer.scoring.result import TurnScore
from trainer.store.base import Store
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord, new_id


def log_drill(
    store: Store,
    scenario: str,
    at: datetime,
    steps: list[float],
    finished: bool = True,
    rep: str = "ana",
    step_ids: list[str] | None = None,
    lines: list[str] | None = None,
) -> None:
    """One drill: an answer per step (scores given), then its end (or ended early);
    `lines`: the prospect's line heard at each step."""
    a = AttemptRecord(new_id(), rep, scenario, 1, "ab" * 32, scenario.title(), started_at=at)
    store.start_attempt(a)
    for seq, score in enumerate(steps, 1):
        step = step_ids[seq - 1] if step_ids else f"step-{seq}"
        store.log_turn(
            TurnRecord(
                new_id(),
                a.id,
                seq,
                step,
                lines[seq - 1] if lines else "line",
                "answer",
                InputKind.TYPED,
                TurnScore(score, ()),
                created_at=at + timedelta(seconds=seq),
            )
        )
    total = sum(steps) / len(steps) if steps else None
    status = AttemptStatus.FINISHED if finished else AttemptStatus.ABANDONED
    store.finish_attempt(
        a.id,
        status,
        at + timedelta(minutes=2),
        "win" if finished else None,
        "end" if finished else None,
        total if finished else None,
    )
