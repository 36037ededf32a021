"""The store interface used by the CLI, the TUI and the drill recorder.

Backends: `trainer.store.sqlite.SQLiteStore` (default) and, for teams, a PostgreSQL one.
Every write is durable when the call returns. Errors reach callers as `StoreError`
with a message that says what to do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from trainer.store.records import AttemptDetail, AttemptRecord, AttemptStatus, TurnRecord


class StoreError(Exception):
    """A storage problem explained in plain words (locked, read-only, disk full, too new)."""


class Store(Protocol):
    def start_attempt(self, attempt: AttemptRecord) -> None: ...

    def log_turn(self, turn: TurnRecord) -> None: ...

    def mark_retried(self, turn_id: str) -> None:
        """The rep retried this turn's step; the turn stays in the log."""
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
        rep: str | None = None,
        scenario_id: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AttemptRecord]: ...

    def attempt(self, attempt_id: str) -> AttemptDetail | None:
        """One attempt with its turns; `attempt_id` may be a unique prefix."""
        ...

    def close(self) -> None: ...
