"""Logs a drill session to the store as it happens: each turn durable when answered."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.clock import Clock
from trainer.drill.session import DrillSession, EndOfCall, ProspectTurn, TurnOutcome
from trainer.scenario.library import LoadedScenario
from trainer.scoring.answer import Answer, InputKind
from trainer.scoring.result import TurnScore
from trainer.store.base import Store
from trainer.store.records import (
    AttemptEnd,
    AttemptRecord,
    AttemptStatus,
    DrillMode,
    TurnRecord,
    new_id,
)


@dataclass(slots=True)
class DrillRecorder:
    """Drives a `DrillSession` and appends everything it does to the practice log."""

    loaded: LoadedScenario
    store: Store
    rep: str
    seed: int = 0
    mode: DrillMode = DrillMode.SOLO
    # Stamps the attempt, its turns and its end: the app's clock, so a clock set for tests
    # (or any front end's) is the one the log shows.
    clock: Clock = field(kw_only=True)
    session: DrillSession = field(init=False)
    attempt: AttemptRecord = field(init=False)
    _turn_ids: list[str] = field(default_factory=list, init=False)
    # The answer whose write failed, as logged and as given (sent again: the same turn).
    _unsent: tuple[TurnRecord, Answer] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        scenario = self.loaded.scenario
        self.session = DrillSession(scenario, seed=self.seed)
        self.attempt = AttemptRecord(
            id=new_id(),
            rep=self.rep,
            scenario_id=scenario.id,
            scenario_version=scenario.version,
            scenario_hash=self.loaded.sha256,
            scenario_title=scenario.title,
            mode=self.mode,
            seed=self.seed,
            started_at=self.clock.now(),
        )

    @property
    def finished(self) -> bool:
        return self.attempt.status is not AttemptStatus.IN_PROGRESS

    def start(self) -> ProspectTurn:
        self.attempt.started_at = self.clock.now()
        self.store.start_attempt(self.attempt)
        return self.session.start()

    def hint(self) -> str:
        return self.session.hint()

    def answer(
        self,
        answer: Answer,
        audio_path: str | None = None,
        judged: tuple[TurnScore, str | None] | None = None,
    ) -> TurnOutcome:
        """Score and log an answer; `judged` (a person's verdict and chosen branch, pair
        practice) replaces the scorer's verdict and branch. The session moves on only once
        the log has the answer (and, if it ended the call, the end, in the same write): when
        the write fails (StoreError) the same line awaits the answer again."""
        unsent = self._unsent
        if unsent is not None and not self._same(unsent, answer):
            unsent = None
        if unsent is not None:  # sent again: timings and all, so it scores the same
            answer = unsent[1]
        if judged is None:
            outcome = self.session.answer(answer)
        else:
            outcome = self.session.answer_judged(answer, *judged)
        turn = TurnRecord(
            id=new_id(),
            attempt_id=self.attempt.id,
            seq=outcome.seq,
            step_id=outcome.step_id,
            prospect_line=outcome.prospect_line,
            answer_text=answer.text,
            input_kind=answer.input_kind,
            result=outcome.result,
            pause_s=answer.pause_s,
            duration_s=answer.duration_s,
            hint_used=outcome.hint_used,
            audio_path=audio_path,
            created_at=self.clock.now(),
        )
        if unsent is not None:
            # The same id: a write that did reach the log before its acknowledgement was
            # lost is not logged twice.
            turn.id, turn.created_at = unsent[0].id, unsent[0].created_at
        ends = self._end_of(outcome.next) if isinstance(outcome.next, EndOfCall) else None
        try:
            self.store.log_turn(turn, ends)
        except BaseException:
            self.session.undo_answer()
            self._unsent = (turn, answer)
            raise
        self._unsent = None
        self._turn_ids.append(turn.id)
        if ends is not None:
            self._ended(ends)
        return outcome

    def _same(self, unsent: tuple[TurnRecord, Answer], answer: Answer) -> bool:
        """`answer` is the one whose write failed, sent again to the same line."""
        turn, before = unsent
        return turn.seq == len(self.session.turns) + 1 and before.text == answer.text

    def retry(self) -> ProspectTurn:
        """Answer the last step again. Reopens the attempt if that answer had ended it."""
        counted = [i for i, t in enumerate(self.session.turns) if not t.retried]
        if not self.session.can_retry:
            return self.session.retry()  # raises SessionError: nothing to retry
        turn_id = self._turn_ids[counted[-1]]
        if self.finished:
            # Logged first: a team server may refuse (the call ended too long ago), and the
            # session then stays as it was.
            self.store.retry_ended(self.attempt.id, turn_id)
            self.attempt.status = AttemptStatus.IN_PROGRESS
            self.attempt.ended_at = self.attempt.outcome = self.attempt.ending_id = None
            self.attempt.score = None
        else:
            self.store.mark_retried(turn_id)
        return self.session.retry()

    def abandon(self) -> None:
        """End the call early (End call, Ctrl+C): finished turns stay, the attempt is abandoned."""
        if self.finished:
            return
        end = self._end_of(None)
        self.store.finish_attempt(
            self.attempt.id, end.status, end.ended_at, end.outcome, end.ending_id, end.score
        )
        self.session.abandon()
        self._ended(end)

    def _end_of(self, end: EndOfCall | None) -> AttemptEnd:
        """How the attempt ends now: reached `end`, or abandoned (None)."""
        return AttemptEnd(
            status=AttemptStatus.FINISHED if end else AttemptStatus.ABANDONED,
            ended_at=self.clock.now(),
            outcome=end.outcome.value if end else None,
            ending_id=end.ending_id if end else None,
            score=self.session.score,
        )

    def _ended(self, end: AttemptEnd) -> None:
        """The log has the attempt's end: so does the record."""
        self.attempt.status = end.status
        self.attempt.ended_at = end.ended_at
        self.attempt.outcome = end.outcome
        self.attempt.ending_id = end.ending_id
        self.attempt.score = end.score
        kinds = {t.answer.input_kind for t in self.session.turns}
        self.attempt.input_kind = (
            InputKind.MIXED if len(kinds) > 1 else next(iter(kinds), InputKind.TYPED)
        )
