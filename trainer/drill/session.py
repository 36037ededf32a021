"""A drill session: presents prospect lines, scores answers, follows the branching.

The session is pure: it knows nothing of storage, screens or audio. `DrillRecorder`
(recorder.py) logs what it does; the TUI and the CLI both drive this one engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from trainer.scenario.models import Branch, Condition, Outcome, Scenario, Step
from trainer.scoring.answer import Answer
from trainer.scoring.result import GOOD_SCORE, TurnScore

ScoreFn = Callable[[Step, Answer, str, Scenario], TurnScore]

# The step a scenario reaches when no branch applies and the step has no `next`.
IMPLICIT_END = "end"
# A last resort against scenarios that loop without end (`trainer validate` reports them):
# after this many answers the call ends by itself (docs/scenarios.md).
MAX_TURNS = 60
TURN_LIMIT_END = "turn-limit"


class SessionError(Exception):
    """The session was asked to do something its state does not allow."""


class Phase(StrEnum):
    NOT_STARTED = "not_started"
    AWAITING_ANSWER = "awaiting_answer"
    ENDED = "ended"
    ABANDONED = "abandoned"


@dataclass(frozen=True, slots=True)
class ProspectTurn:
    """The prospect speaks: the rep must answer this line of this step."""

    step_id: str
    line: str


@dataclass(frozen=True, slots=True)
class EndOfCall:
    ending_id: str
    outcome: Outcome
    line: str | None  # the prospect's last words
    summary: str | None
    score: float


@dataclass(slots=True)
class TurnOutcome:
    """What one answer led to: its score, and either the next line or the end."""

    seq: int
    step_id: str
    prospect_line: str
    answer: Answer
    result: TurnScore
    hint_used: bool
    next: ProspectTurn | EndOfCall
    retried: bool = False


@dataclass(slots=True)
class _Snapshot:
    step_id: str
    line: str
    state: dict[str, float]
    hint_used: bool


@dataclass(slots=True)
class DrillSession:
    scenario: Scenario
    seed: int = 0
    score_fn: ScoreFn | None = None
    phase: Phase = Phase.NOT_STARTED
    state: dict[str, float] = field(default_factory=dict)
    turns: list[TurnOutcome] = field(default_factory=list)
    ending: EndOfCall | None = None
    _rng: random.Random = field(init=False)
    _current: ProspectTurn | None = field(default=None, init=False)
    _hint_used: bool = field(default=False, init=False)
    _snapshots: list[_Snapshot] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self.state = {name: meter.start for name, meter in self.scenario.state.items()}

    # -- reading ---------------------------------------------------------------------------

    @property
    def current(self) -> ProspectTurn | None:
        """The line awaiting an answer, if any."""
        return self._current if self.phase is Phase.AWAITING_ANSWER else None

    @property
    def current_step(self) -> Step | None:
        current = self.current
        return self.scenario.step(current.step_id) if current else None

    @property
    def counted_turns(self) -> list[TurnOutcome]:
        """Turns that count towards the score: the last answer to each visit of a step."""
        return [t for t in self.turns if not t.retried]

    @property
    def score(self) -> float | None:
        from trainer.scoring.scorer import attempt_score

        counted = self.counted_turns
        if not counted:
            return None
        return attempt_score([t.result.score for t in counted])

    @property
    def can_retry(self) -> bool:
        return bool(self._snapshots) and self.phase in (Phase.AWAITING_ANSWER, Phase.ENDED)

    # -- driving ---------------------------------------------------------------------------

    def start(self) -> ProspectTurn:
        if self.phase is not Phase.NOT_STARTED:
            raise SessionError("the drill has already started")
        self.phase = Phase.AWAITING_ANSWER
        return self._present(self.scenario.first_step)

    def hint(self) -> str:
        """A hint for the current step; using one is recorded on the turn."""
        step = self.current_step
        if step is None:
            raise SessionError("there is no line to answer")
        self._hint_used = True
        if step.hint:
            return step.hint
        tips = [c.tip for c in step.rubric if c.tip]
        return " ".join(tips[:2]) if tips else "Acknowledge, ask one open question, then advance."

    def answer(self, answer: Answer) -> TurnOutcome:
        current = self.current
        if current is None:
            raise SessionError("there is no line to answer")
        step = self.scenario.step(current.step_id)
        result = self._score(step, answer, current.line)
        return self._advance(current, answer, result, choose_branch(step, result, self.state))

    def auto_verdict(self, answer: Answer) -> TurnScore:
        """What the scorer makes of an answer to the current line, without answering it."""
        current = self.current
        if current is None:
            raise SessionError("there is no line to answer")
        return self._score(self.scenario.step(current.step_id), answer, current.line)

    def answer_judged(self, answer: Answer, result: TurnScore, goto: str | None) -> TurnOutcome:
        """An answer judged by a person (pair practice): `result` is their verdict and
        `goto` the branch they took (one of the step's `next` targets; None: the branch the
        verdict earns by the scenario's rules)."""
        current = self.current
        if current is None:
            raise SessionError("there is no line to answer")
        step = self.scenario.step(current.step_id)
        if goto is None:
            branch = choose_branch(step, result, self.state)
        else:
            branch = next((b for b in step.next or [] if b.goto == goto), None)
            if branch is None:
                raise SessionError(f"step {step.id!r} has no branch to {goto!r}")
        return self._advance(current, answer, result, branch)

    def _advance(
        self, current: ProspectTurn, answer: Answer, result: TurnScore, branch: Branch | None
    ) -> TurnOutcome:
        self._snapshots.append(
            _Snapshot(current.step_id, current.line, dict(self.state), self._hint_used)
        )
        if branch is not None and branch.effects:
            self._apply(branch.effects)
        target = branch.goto if branch is not None else IMPLICIT_END
        if len(self.turns) + 1 >= MAX_TURNS:
            target = TURN_LIMIT_END
        nxt: ProspectTurn | EndOfCall
        if target in {s.id for s in self.scenario.steps}:
            nxt = self._present(target)
        else:
            nxt = self._end(target, extra=result.score)
        outcome = TurnOutcome(
            seq=len(self.turns) + 1,
            step_id=current.step_id,
            prospect_line=current.line,
            answer=answer,
            result=result,
            hint_used=self._snapshots[-1].hint_used,
            next=nxt,
        )
        self.turns.append(outcome)
        if isinstance(nxt, EndOfCall):
            # the ending's score must count this turn; recompute now it is appended
            self.ending = EndOfCall(
                nxt.ending_id, nxt.outcome, nxt.line, nxt.summary, self.score or 0.0
            )
            outcome.next = self.ending
        return outcome

    def retry(self) -> ProspectTurn:
        """Answer the last step again; the earlier answer stays logged but stops counting."""
        if not self.can_retry:
            raise SessionError("there is no answer to retry")
        snap = self._snapshots.pop()
        last = next(t for t in reversed(self.turns) if not t.retried)
        last.retried = True
        self.state = snap.state
        self.ending = None
        self.phase = Phase.AWAITING_ANSWER
        self._current = ProspectTurn(snap.step_id, snap.line)
        self._hint_used = snap.hint_used
        return self._current

    def abandon(self) -> None:
        if self.phase in (Phase.ENDED, Phase.ABANDONED):
            return
        self.phase = Phase.ABANDONED
        self._current = None

    # -- internals -------------------------------------------------------------------------

    def _score(self, step: Step, answer: Answer, line: str) -> TurnScore:
        if self.score_fn is not None:
            return self.score_fn(step, answer, line, self.scenario)
        from trainer.scoring.scorer import score_answer

        return score_answer(
            step, answer, line, self.scenario.delivery, prospect_name=self.scenario.persona.name
        )

    def _present(self, step_id: str) -> ProspectTurn:
        step = self.scenario.step(step_id)
        line = step.prospect[self._rng.randrange(len(step.prospect))]
        self._current = ProspectTurn(step_id, line)
        self._hint_used = False
        return self._current

    def _end(self, ending_id: str, extra: float) -> EndOfCall:
        self.phase = Phase.ENDED
        self._current = None
        ending = self.scenario.endings.get(ending_id)
        if ending_id == TURN_LIMIT_END and ending is None:
            summary = f"The call ended after {MAX_TURNS} answers (the most a drill takes)."
            return EndOfCall(ending_id, Outcome.NEUTRAL, None, summary, extra)
        if ending is None:  # a step with no `next`: the call simply ends
            outcome = Outcome.WIN if extra >= GOOD_SCORE else Outcome.NEUTRAL
            return EndOfCall(ending_id, outcome, None, None, extra)
        return EndOfCall(ending_id, ending.outcome, ending.prospect, ending.summary, extra)

    def _apply(self, effects: dict[str, float]) -> None:
        for name, delta in effects.items():
            meter = self.scenario.state.get(name)
            if meter is None:
                continue
            value = self.state.get(name, meter.start) + delta
            self.state[name] = min(meter.max, max(meter.min, value))


def condition_holds(cond: Condition | None, result: TurnScore, state: dict[str, float]) -> bool:
    """Whether every field present in `cond` holds for this result and state."""
    if cond is None:
        return True
    checks = [
        cond.score_at_least is None or result.score >= cond.score_at_least,
        cond.score_below is None or result.score < cond.score_below,
        cond.passed is None or set(cond.passed) <= result.passed,
        cond.missed is None or set(cond.missed) <= result.missed,
        cond.state_at_least is None
        or all(state.get(k, 0.0) >= v for k, v in cond.state_at_least.items()),
        cond.state_below is None or all(state.get(k, 0.0) < v for k, v in cond.state_below.items()),
    ]
    return all(checks)


def choose_branch(step: Step, result: TurnScore, state: dict[str, float]) -> Branch | None:
    """The first branch whose condition holds, or None when the step ends the call."""
    for branch in step.next or []:
        if condition_holds(branch.when, result, state):
            return branch
    return None
