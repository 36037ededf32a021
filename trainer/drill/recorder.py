"""Logs a drill session to the store as it happens: each turn durable when answered."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from trainer.clock import Clock
from trainer.drill.session import DrillSession, EndOfCall, Phase, ProspectTurn, TurnOutcome
from trainer.practice.rules import retry_is_practice
from trainer.scenario.library import LoadedScenario
from trainer.scoring.answer import Answer, InputKind
from trainer.scoring.result import TurnScore
from trainer.store.base import ServerUnreachable, Store, StoreError
from trainer.store.records import (
    AttemptEnd,
    AttemptRecord,
    AttemptStatus,
    DrillMode,
    TurnRecord,
    new_id,
)

# How much of an earlier answer a note quotes.
QUOTED_CHARS = 60


@dataclass(frozen=True, slots=True)
class _Unsent:
    """An answer whose write failed: as logged, as given, how it was judged and the end it
    brought (sent again, it is the same turn; it may have landed all the same)."""

    turn: TurnRecord
    answer: Answer
    judged: tuple[TurnScore, str | None] | None
    ends: AttemptEnd | None


def landed_note(earlier: str) -> str:
    """What the rep is told when an answer they were told was not saved had reached the
    log after all, and they then gave another one."""
    quoted = earlier if len(earlier) <= QUOTED_CHARS else earlier[: QUOTED_CHARS - 1] + "…"
    return (
        f'Your earlier answer ("{quoted}") did reach the practice log before the connection '
        "dropped: it is kept as a retried answer, and this one counts in its place."
    )


def stood_note(earlier: str) -> str:
    """As `landed_note`, when the landed answer ended the call too long ago to reopen it."""
    quoted = earlier if len(earlier) <= QUOTED_CHARS else earlier[: QUOTED_CHARS - 1] + "…"
    return (
        f'Your earlier answer ("{quoted}") did reach the practice log before the connection '
        "dropped, and ended the call too long ago to answer it again: it stands, and the "
        "new answer was not logged. Drill the scenario again to practise it."
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
    # The answer whose write failed (sent again: the same turn).
    _unsent: _Unsent | None = field(default=None, init=False)
    # Retrying a call played to its end: practice only (trainer.practice.rules). The log
    # keeps the call's result and score (`attempt` too); the retry's answers are logged
    # retried, the last one at `attempt.last_activity_at`.
    _practice: bool = field(default=False, init=False)

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
            # a pair call's answers are said out loud to the partner: spoken, answered or
            # not (one wording for its calls, `_ended` keeps it without answers)
            input_kind=InputKind.SPOKEN if self.mode is DrillMode.PAIR else InputKind.TYPED,
        )

    @property
    def finished(self) -> bool:
        """The call on screen is over. A retry of a call played to its end goes on (as
        practice) while the logged call stays ended: it is over when the retry is."""
        if self._practice:
            return self.session.phase in (Phase.ENDED, Phase.ABANDONED)
        return self.attempt.status is not AttemptStatus.IN_PROGRESS

    @property
    def can_retry(self) -> bool:
        """There is an answer to retry: mid-call or after the call's end; a retry after the
        call's end that was ended early can be retried again (it is practice)."""
        if self._practice and self.session.phase is Phase.ABANDONED:
            return bool(self.session.turns)
        return self.session.can_retry

    @property
    def practising(self) -> bool:
        """The session is a retry of a call played to its end: practice only."""
        return self._practice

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
        the write fails (StoreError) the same line awaits the answer again. A different
        answer given then replaces the failed one, which may have reached the log all the
        same (only its acknowledgement lost): it is then kept as retried, and the outcome's
        note says so."""
        unsent = self._unsent
        note = None
        if self._practice:
            self._practice_open()  # refused before anything changes
        if unsent is not None and not self._same(unsent, answer):
            landed = self._landed_replaced(unsent)  # StoreError: nothing changed
            if isinstance(landed, TurnOutcome):
                return landed  # it stands: the call it ended cannot be reopened
            note, unsent = landed, None
        if unsent is not None:  # sent again: timings and all, so it scores the same
            answer = unsent.answer
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
            retried=self._practice,  # a retry's answer: practice, never the call's score
            audio_path=audio_path,
            created_at=self.clock.now(),
        )
        if unsent is not None:
            # The same id: a write that did reach the log before its acknowledgement was
            # lost is not logged twice.
            turn.id, turn.created_at = unsent.turn.id, unsent.turn.created_at
        ends = None
        if isinstance(outcome.next, EndOfCall) and not self._practice:
            ends = self._end_of(outcome.next)  # a retry's end is not the call's: it ended
        try:
            self.store.log_turn(turn, ends)
        except BaseException:
            self.session.undo_answer()
            self._unsent = _Unsent(turn, answer, judged, ends)
            raise
        self._unsent = None
        self._turn_ids.append(turn.id)
        if self._practice:  # the call's last activity, and the time practised on it
            self.attempt.last_activity_at = turn.created_at
        if ends is not None:
            self._ended(ends)
        return outcome if note is None else replace(outcome, note=note)

    def _same(self, unsent: _Unsent, answer: Answer) -> bool:
        """`answer` is the one whose write failed, sent again to the same line."""
        return unsent.turn.seq == len(self.session.turns) + 1 and unsent.answer.text == answer.text

    def _landed_replaced(self, unsent: _Unsent) -> str | TurnOutcome | None:
        """Another answer replaces the one whose write failed. If that write reached the
        log all the same, the log has moved on (on a team server, a second answer under
        its number would be refused): the landed answer is retried as the rep would retry
        it, in the log first, then in the session, and the rep is told (the note returned;
        None: it had not landed). If it ended a call the server will no longer reopen, it
        stands: its outcome, with a note. StoreError: nothing changed, and the failed
        answer is still unsent."""
        turn = unsent.turn
        if not self.store.turn_logged(turn.id):
            self._unsent = None
            return None
        stands = False
        if unsent.ends is not None:  # it ended the call too, in the same write
            try:
                self.store.retry_ended(self.attempt.id, turn.id, self.clock.now())
            except ServerUnreachable:
                raise
            except StoreError:  # refused: the call ended too long ago
                stands = True
        elif not turn.retried:  # a retry's answer (practice) was logged retried
            self.store.mark_retried(turn.id)
        self._unsent = None
        if unsent.judged is None:
            outcome = self.session.answer(unsent.answer)
        else:
            outcome = self.session.answer_judged(unsent.answer, *unsent.judged)
        self._turn_ids.append(turn.id)
        if self._practice:
            self.attempt.last_activity_at = turn.created_at
        if stands and unsent.ends is not None:
            self._ended(unsent.ends)
            return replace(outcome, note=stood_note(turn.answer_text))
        self.session.retry()
        return landed_note(turn.answer_text)

    def retry(self) -> ProspectTurn:
        """Answer the last step again. Mid-call, the earlier answer stops counting. Once
        the call was played to its end it keeps its result and score: the retry is
        practice, its answers logged retried (trainer.practice.rules)."""
        counted = [i for i, t in enumerate(self.session.turns) if not t.retried]
        if self._practice and self.session.phase is Phase.ABANDONED:
            return self._retry_again()
        if not self.session.can_retry:
            return self.session.retry()  # raises SessionError: nothing to retry
        if self._practice or retry_is_practice(self.attempt):
            self._practice_open()  # refused: the session stays as it was
            self._practice = True
            return self.session.retry()  # nothing to log: the call keeps its answers
        self.store.mark_retried(self._turn_ids[counted[-1]])
        return self.session.retry()

    def _retry_again(self) -> ProspectTurn:
        """A retry after the call's end, ended early, retried: the line it left is asked
        again, or, if it was answered since the last retry, the last answer's line."""
        self._practice_open()  # refused: the session stays as it was
        line = self.session.reopen()
        if self.session.turns and not self.session.turns[-1].retried:
            return self.session.retry()
        return line

    def _practice_open(self) -> None:
        """A team server takes a retry's answers within REOPEN_MINUTES of the call's last
        activity (its end, or the retry's last answer); StoreError otherwise."""
        from trainer.store.pg_schema import REOPEN_MINUTES

        last = self.attempt.last_activity_at or self.attempt.ended_at
        if self.store.fixed_rep is None or last is None:
            return
        if self.clock.now() - last > timedelta(minutes=REOPEN_MINUTES):
            raise StoreError(
                f"The call ended more than {REOPEN_MINUTES} minutes ago: a retry of it can no "
                "longer be logged. Drill the scenario again instead; the call keeps its result."
            )

    def abandon(self) -> None:
        """End the call early (End call, Ctrl+C): finished turns stay, the attempt is
        abandoned. A retry of a call played to its end just stops: the call keeps its end."""
        if self.finished:
            return
        if self._practice:
            self.session.abandon()
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
            InputKind.MIXED if len(kinds) > 1 else next(iter(kinds), self.attempt.input_kind)
        )
