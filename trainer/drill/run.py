"""The drill service: the one way every front end (the plain CLI, the app, the partner's
view) runs a drill for a rep.

`start_drill` settles who drills (the team login, else the name given, else the settings,
else the login name), the seed, prunes expired recordings and logs the attempt; the `Drill`
it returns takes typed or spoken answers under one timing rule, gives hints, the model
answer, retries and the end, names recordings, and hands out immutable `DrillView`
snapshots, so a screen never reads a session another thread is changing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import TYPE_CHECKING

from trainer import exits
from trainer.clock import Clock
from trainer.drill.recorder import DrillRecorder
from trainer.drill.session import (
    EndOfCall,
    FactStatus,
    Phase,
    ProspectTurn,
    SessionError,
    TurnOutcome,
)
from trainer.safe_text import kept_text, undecodable_replaced
from trainer.scoring.answer import Answer, InputKind
from trainer.scoring.normalize import has_words
from trainer.scoring.result import TurnScore
from trainer.store.base import Store, is_team_url, rep_of
from trainer.store.records import DrillMode

if TYPE_CHECKING:
    from trainer.drill.voice import SpokenTurn
    from trainer.practice.rules import AttemptResult
    from trainer.scenario.library import LoadedScenario
    from trainer.settings import Settings

__all__ = [
    "Drill",
    "DrillExit",
    "DrillView",
    "EndOfCall",
    "KeptCall",
    "PartnerTurn",
    "ProspectTurn",
    "SessionError",
    "TurnOutcome",
    "is_team_url",
    "resolve_rep",
    "start_drill",
]


class DrillExit(IntEnum):
    """Exit codes of a plain drill (trainer/exits.py, docs/exit-codes.md)."""

    FINISHED = exits.OK  # the call reached an ending
    FAILED = exits.FAILED  # the practice log could not be written
    ENDED_EARLY = exits.ENDED_EARLY  # the rep ended the call (/end) or the input ran out
    INTERRUPTED = exits.INTERRUPTED  # Ctrl+C


def resolve_rep(store: Store | None, given: str | None, settings: Settings) -> str:
    """Who is drilling (trainer.store.base.rep_of)."""
    return rep_of(store, settings, given)


def recording_name(attempt_id: str, seq: int) -> str:
    """The file name (without folder) of the recording of an attempt's `seq`th answer."""
    return f"{attempt_id}-{seq}"


def plain_answer(text: str) -> str:
    """An answer as it is scored and logged: bytes that were not text (escaped by the input's
    decoder) become U+FFFD, control characters and bidi controls are dropped
    (`trainer.safe_text.kept_text`), spaces trimmed."""
    decoded, _ = undecodable_replaced(text)
    return kept_text(decoded).strip()


def answer_text(text: str) -> str:
    """A typed answer as it is scored and logged (`plain_answer`), or "" when it holds no
    words ("😀😀 👍", "..."; `trainer.scoring.normalize.has_words`): such an answer is empty,
    and every front end (the app, the plain drill, pairs) refuses it as it refuses an empty
    one (EMPTY_ANSWER)."""
    text = plain_answer(text)
    return text if has_words(text) else ""


# What a front end says when an answer is refused as empty (the app's toast, the plain drill).
EMPTY_ANSWER = "Type your answer first, then press enter."


def prune_recordings(settings: Settings) -> int:
    """Delete recordings older than the retention setting (0 keeps them); how many went."""
    from trainer.speech.recorder import prune_recordings as prune

    try:
        return len(prune(settings.recording_retention_days))
    except OSError:  # a recordings folder we cannot tidy never stops a drill
        return 0


@dataclass(frozen=True, slots=True)
class PartnerTurn:
    """A pair call's answer: the partner's verdict (`outcome.result`) and the scorer's on
    what was heard (None when the answer was only said out loud)."""

    outcome: TurnOutcome
    auto: TurnScore | None


@dataclass(frozen=True, slots=True)
class KeptCall:
    """The logged call a retry after its end leaves as it was played (the retry is
    practice only: trainer.practice.rules)."""

    result: AttemptResult
    score: float | None


@dataclass(frozen=True, slots=True)
class DrillView:
    """What a screen shows of a drill at one moment; never changes after it is made."""

    phase: Phase
    current: ProspectTurn | None  # the line awaiting an answer
    turns: tuple[TurnOutcome, ...]  # every answer, retried ones included
    score: float | None
    ending: EndOfCall | None
    meters: tuple[tuple[str, float], ...]  # (meter name, value)
    can_retry: bool
    finished: bool  # the attempt is closed (ended or ended early)
    facts: tuple[FactStatus, ...] = ()  # every hidden fact, uncovered so far or not
    # Set while this is a retry of a call played to its end: the call as the log keeps it.
    # The view's own result, score and facts are then the retry's (practice only).
    kept: KeptCall | None = None
    # The retry's answers its score is over (rules.retry_answer_count); set with `kept`.
    retry_answers: int = 0

    @property
    def answered(self) -> bool:
        return bool(self.turns)

    def ending_now(self) -> str:
        """What ending the call now does, in one sentence (trainer.practice.rules): esc,
        quitting and leaving ask with it."""
        from trainer.scoring.format import score_points
        from trainer.words import result_word

        kept = self.kept
        if kept is not None:  # rules.retry_is_practice
            score = "" if kept.score is None else f", {score_points(kept.score)}"
            return f"The call stays {result_word(kept.result)}{score}; the retry is practice."
        if not self.answered:  # rules: no answer, no drill
            return "No answer yet, so the call counts for nobody: it is not a drill."
        return "The call is kept as ended early."

    @property
    def answers(self) -> int:
        """The call's answers as every screen and report counts them (rules.answer_count)."""
        from trainer.practice.rules import answer_count

        return answer_count(self.turns)

    @property
    def result(self) -> AttemptResult:
        """How the call ended, as History will name it (rules.call_result): its ending's
        outcome, ended early, or no answer."""
        from trainer.practice.rules import call_result
        from trainer.store.records import AttemptStatus

        status = AttemptStatus.IN_PROGRESS
        if self.finished:
            status = AttemptStatus.ABANDONED if self.ending is None else AttemptStatus.FINISHED
        outcome = self.ending.outcome.value if self.ending is not None else None
        return call_result(status, outcome, self.answered)


class Drill:
    """One drill of one scenario by one rep, logged as it goes. Thread-safe: front ends call
    it from workers; every call holds the drill's lock."""

    def __init__(self, recorder: DrillRecorder, clock: Clock, pruned: int = 0) -> None:
        self._recorder = recorder
        self._clock = clock
        self._lock = threading.RLock()
        self._shown_at: float | None = None  # the clock's monotonic time of the current line
        self._shown_at_audio = 0.0  # time.monotonic() of the same moment (audio timings)
        self._cut_in_s: float | None = None  # the rep cut the current line short by this
        self.pruned_recordings = pruned

    # -- what it is -------------------------------------------------------------------------

    @property
    def loaded(self) -> LoadedScenario:
        return self._recorder.loaded

    @property
    def rep(self) -> str:
        return self._recorder.rep

    @property
    def clock(self) -> Clock:
        """The one clock the drill is timed and logged by."""
        return self._clock

    @property
    def attempt_id(self) -> str:
        return self._recorder.attempt.id

    @property
    def finished(self) -> bool:
        return self._recorder.finished

    @property
    def practised_s(self) -> float:
        """The call's time practised as the log keeps it (`AttemptRecord.active_s`): to its
        end once it has ended, else to now on the drill's clock."""
        attempt = self._recorder.attempt
        if attempt.ended_at is not None:
            return attempt.active_s
        return max(0.0, (self._clock.now() - attempt.started_at).total_seconds())

    @property
    def line_shown_at(self) -> float | None:
        """The clock's monotonic time when the line awaiting an answer was presented."""
        return self._shown_at

    def view(self) -> DrillView:
        from trainer.practice.rules import call_result, retry_answer_count

        with self._lock:
            recorder = self._recorder
            session = recorder.session
            kept, retry_answers = None, 0
            if recorder.practising:  # a call played to its end: it has answers
                played = recorder.attempt
                kept = KeptCall(call_result(played.status, played.outcome, True), played.score)
                retry_answers = retry_answer_count(t.retried for t in session.turns)
            return DrillView(
                phase=session.phase,
                current=session.current,
                turns=tuple(session.turns),
                score=session.score,
                ending=session.ending,
                meters=tuple(session.state.items()),
                can_retry=recorder.can_retry,
                finished=self._recorder.finished,
                facts=tuple(session.fact_statuses()),
                kept=kept,
                retry_answers=retry_answers,
            )

    # -- driving ----------------------------------------------------------------------------

    def start(self) -> ProspectTurn:
        """Log the attempt and present the prospect's first line."""
        with self._lock:
            return self._presented(self._recorder.start())

    def answer_typed(self, text: str, first_key_at: float | None = None) -> TurnOutcome:
        """A typed answer, timed by one rule (`Answer.typed_at`) on the drill's clock: the
        pause runs from the line being presented to the first keystroke, the answering
        time from that keystroke to now. A front end that cannot see keystrokes (a line
        read from a pipe or a terminal) passes None: both times are then unknown."""
        text = answer_text(text)
        if not text:
            raise SessionError("the answer is empty")
        with self._lock:
            answer = Answer.typed_at(
                text,
                line_shown_at=self._shown_at,
                first_key_at=first_key_at,
                sent_at=self._clock.monotonic(),
            )
            return self._answered(self._recorder.answer(answer))

    def answer_spoken(self, spoken: SpokenTurn) -> TurnOutcome:
        """A spoken answer (with word timings) and its recording."""
        if spoken.answer is None:
            raise SessionError("nothing was heard")
        audio = str(spoken.wav_path) if spoken.wav_path is not None else None
        with self._lock:
            answer = spoken.answer
            if self._cut_in_s is not None:
                answer = replace(answer, cut_in_s=self._cut_in_s)
            return self._answered(self._recorder.answer(answer, audio_path=audio))

    def answer_by_partner(
        self, ticks: frozenset[str], branch_goto: str | None, spoken: SpokenTurn | None = None
    ) -> PartnerTurn:
        """Pair practice: the partner judged the answer (the rubric moves they ticked) and
        took a branch (None: the branch their verdict earns). If the rep's answer was
        heard (`spoken`), the scorer's verdict on it is kept beside the partner's."""
        from trainer.drill.pair import UNHEARD_ANSWER, human_verdict

        with self._lock:
            step = self._recorder.session.current_step
            if step is None:
                raise SessionError("there is no line to answer")
            human = human_verdict(step, ticks)
            heard = spoken.answer if spoken is not None else None
            if heard is not None and has_words(heard.text):  # no words: not heard (answer_text)
                answer, auto = heard, self._recorder.session.auto_verdict(heard)
            else:
                answer, auto = Answer(UNHEARD_ANSWER, input_kind=InputKind.SPOKEN), None
            audio = str(spoken.wav_path) if spoken and spoken.wav_path and auto else None
            outcome = self._recorder.answer(answer, audio, judged=(human, branch_goto))
            return PartnerTurn(self._answered(outcome), auto)

    def hint(self) -> str:
        with self._lock:
            return self._recorder.hint()

    def model_answer(self) -> str | None:
        """The model answer for the line awaiting an answer, else for the last one answered."""
        with self._lock:
            session = self._recorder.session
            step = session.current_step
            if step is None and session.turns:
                step = session.scenario.step(session.turns[-1].step_id)
            return step.model_answer if step is not None else None

    def retry(self) -> ProspectTurn:
        """Answer the last line again; the earlier answer stays logged but stops counting."""
        with self._lock:
            return self._presented(self._recorder.retry())

    def end(self) -> None:
        """End the call early: the answers so far are kept; a no-op once it is over."""
        with self._lock:
            self._recorder.abandon()

    def next_recording_name(self) -> str:
        """The name of the recording of the next answer."""
        with self._lock:
            return recording_name(self.attempt_id, len(self._recorder.session.turns) + 1)

    def audio_reference(self) -> float:
        """time.monotonic() when the current line was presented, or when the prospect's
        voice finished saying it (`prospect_heard`): where a spoken answer's pause starts."""
        return self._shown_at_audio

    def line_appeared(self) -> None:
        """The current line is on screen now (it may wait for the prospect's voice to
        load): the pause before answering, and the screen's "since their line" timer, run
        from now, not from when the service had it ready."""
        with self._lock:
            if self._shown_at is not None:
                self._shown_at = self._clock.monotonic()
                self._shown_at_audio = time.monotonic()

    def prospect_heard(self, ended_at: float, cut_in_s: float | None = None) -> None:
        """The prospect's voice finished the current line at `ended_at` (time.monotonic()):
        the pause before answering, typed or spoken, runs from then. `cut_in_s`: the rep
        cut in with this many seconds of the line still to come (a delivery note on the
        answer)."""
        with self._lock:
            shift = ended_at - self._shown_at_audio
            self._shown_at_audio = ended_at
            if self._shown_at is not None:
                self._shown_at += shift
            self._cut_in_s = round(cut_in_s, 2) if cut_in_s is not None else None

    def lines_that_may_follow(self) -> tuple[str, ...]:
        """Every line the prospect may say after the current one (each variant of each
        branch's step, and the endings' last words): the prospect's voice makes them while
        the rep answers."""
        with self._lock:
            session = self._recorder.session
            step = session.current_step
            if step is None:
                return ()
            scenario = session.scenario
            steps = {s.id: s for s in scenario.steps}
            lines: list[str] = []
            for branch in step.next or ():
                if branch.goto in steps:
                    lines.extend(steps[branch.goto].prospect)
                elif (ending := scenario.endings.get(branch.goto)) and ending.prospect:
                    lines.append(ending.prospect)
            return tuple(dict.fromkeys(lines))

    def exit_code(self) -> DrillExit:
        with self._lock:
            if self._recorder.session.ending is not None:
                return DrillExit.FINISHED
            return DrillExit.ENDED_EARLY

    # -- internals ----------------------------------------------------------------------------

    def _presented(self, turn: ProspectTurn) -> ProspectTurn:
        self._shown_at = self._clock.monotonic()
        self._shown_at_audio = time.monotonic()
        self._cut_in_s = None
        return turn

    def _answered(self, outcome: TurnOutcome) -> TurnOutcome:
        if isinstance(outcome.next, ProspectTurn):
            self._presented(outcome.next)
        else:
            self._shown_at = None
        return outcome


def start_drill(
    loaded: LoadedScenario,
    store: Store,
    *,
    settings: Settings,
    clock: Clock,
    rep: str | None = None,
    seed: int | None = None,
    mode: DrillMode = DrillMode.SOLO,
) -> Drill:
    """Begin a drill: settle the rep and seed, prune expired recordings, log the attempt.
    Call `Drill.start()` to present the first line. Raises StoreError."""
    pruned = prune_recordings(settings)
    recorder = DrillRecorder(
        loaded,
        store,
        rep=resolve_rep(store, rep, settings),
        seed=seed if seed is not None else int(clock.now().timestamp()),
        mode=mode,
        clock=clock,
    )
    return Drill(recorder, clock, pruned)
