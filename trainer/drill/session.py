"""A drill session: presents prospect lines, scores answers, follows the branching.

The session is pure: it knows nothing of storage, screens or audio. `DrillRecorder`
(recorder.py) logs what it does; the TUI and the CLI both drive this one engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from trainer.drill.conditions import PATIENCE, Moment, holds, start_state, unlocked
from trainer.drill.hints import step_hint
from trainer.drill.templates import choose, fill
from trainer.drill.wording import facts_so_far
from trainer.scenario.models import Branch, Condition, HiddenFact, Outcome, Scenario, Step
from trainer.scoring.answer import Answer
from trainer.scoring.facts import FactsSoFar, scores_facts
from trainer.scoring.result import GOOD_SCORE, TurnScore

ScoreFn = Callable[[Step, Answer, str, Scenario], TurnScore]

# The step a scenario reaches when no branch applies and the step has no `next`.
IMPLICIT_END = "end"
# A last resort against scenarios that loop without end (`trainer validate` reports them):
# after this many answers the call ends by itself (docs/scenarios.md).
MAX_TURNS = 60
TURN_LIMIT_END = "turn-limit"
HUNG_UP_LINE = "Look, I have to go. Bye."
HUNG_UP_SUMMARY = "The prospect ran out of patience and hung up."


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
    uncovered: tuple[str, ...] = ()  # ids of the hidden facts this answer uncovered
    # Said to the rep with this answer's feedback: what became of an earlier answer whose
    # acknowledgement from the log was lost (`DrillRecorder.answer`).
    note: str | None = None


@dataclass(slots=True)
class _Snapshot:
    step_id: str
    line: str
    state: dict[str, float]
    hint_used: bool
    facts: dict[str, int]
    values: dict[str, str]
    pitches: int
    rng: tuple[Any, ...]  # the line chooser's state before the answer (`undo_answer`)


@dataclass(frozen=True, slots=True)
class FactStatus:
    """A hidden fact at the end (or so far) of a call: uncovered at answer `seq`, or missed."""

    fact: HiddenFact
    seq: int | None
    scenario: Scenario | None = field(default=None, compare=False, repr=False)  # its names

    @property
    def uncovered(self) -> bool:
        return self.seq is not None


@dataclass(slots=True)
class DrillSession:
    scenario: Scenario
    seed: int = 0
    score_fn: ScoreFn | None = None
    phase: Phase = Phase.NOT_STARTED
    state: dict[str, float] = field(default_factory=dict)
    turns: list[TurnOutcome] = field(default_factory=list)
    ending: EndOfCall | None = None
    facts: dict[str, int] = field(default_factory=dict)  # fact id -> the answer that uncovered it
    values: dict[str, str] = field(default_factory=dict)  # the rep's words replies may repeat
    _pitches: int = field(default=0, init=False)  # answers in a row that asked nothing
    _known_names: frozenset[str] | None = field(default=None, init=False)
    _rng: random.Random = field(init=False)
    _current: ProspectTurn | None = field(default=None, init=False)
    _hint_used: bool = field(default=False, init=False)
    _snapshots: list[_Snapshot] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self.state = start_state(self.scenario)

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

    def fact_statuses(self) -> list[FactStatus]:
        """Every hidden fact, uncovered (at which answer) or not; none before the first
        answer: a call left without one is no drill, so it missed nothing."""
        if not self.turns:
            return []
        return [FactStatus(f, self.facts.get(f.id), self.scenario) for f in self.scenario.facts]

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
        return step_hint(step)

    def answer(self, answer: Answer) -> TurnOutcome:
        current = self.current
        if current is None:
            raise SessionError("there is no line to answer")
        step = self.scenario.step(current.step_id)
        result = self._score(step, answer, current.line, self._facts_so_far())
        return self._advance(current, answer, result, None, rescore=True)

    def auto_verdict(self, answer: Answer) -> TurnScore:
        """What the scorer makes of an answer to the current line, without answering it."""
        current = self.current
        if current is None:
            raise SessionError("there is no line to answer")
        step = self.scenario.step(current.step_id)
        return self._score(step, answer, current.line, self._facts_so_far())

    def answer_judged(self, answer: Answer, result: TurnScore, goto: str | None) -> TurnOutcome:
        """An answer judged by a person (pair practice): `result` is their verdict and
        `goto` the branch they took (one of the step's `next` targets; None: the branch the
        verdict earns by the scenario's rules)."""
        current = self.current
        if current is None:
            raise SessionError("there is no line to answer")
        step = self.scenario.step(current.step_id)
        if goto is not None and not any(b.goto == goto for b in step.next or []):
            raise SessionError(f"step {step.id!r} has no branch to {goto!r}")
        return self._advance(current, answer, result, goto)

    def _advance(
        self,
        current: ProspectTurn,
        answer: Answer,
        result: TurnScore,
        goto: str | None,
        *,
        rescore: bool = False,
    ) -> TurnOutcome:
        """Log the answer's effects and move on: along the branch to `goto` when a person
        chose it, else the branch the scenario's rules pick for this moment. With `rescore`,
        a step that scores facts is scored again once this answer's unlocks are known (the
        unlocks themselves see the first score)."""
        step = self.scenario.step(current.step_id)
        self._snapshots.append(
            _Snapshot(
                current.step_id,
                current.line,
                dict(self.state),
                self._hint_used,
                dict(self.facts),
                dict(self.values),
                self._pitches,
                self._rng.getstate(),
            )
        )
        seq = len(self.turns) + 1
        self._pick_values(answer.text)
        before = frozenset(self.facts)
        uncovered = self._unlock(result, answer.text, seq, step.id)
        if rescore and uncovered and self.score_fn is None and scores_facts(step):
            seen = self._facts_so_far(before, frozenset(uncovered))
            result = self._score(step, answer, current.line, seen)
        moment = Moment(result, dict(self.state), frozenset(self.facts), answer.text, step.id)
        if goto is None:
            branch = choose_branch(step, result, self.state, moment)
        else:
            branch = next(b for b in step.next or [] if b.goto == goto)
        if branch is not None and branch.effects:
            self._apply(branch.effects)
        self._drain_patience(result)
        target = branch.goto if branch is not None else IMPLICIT_END
        step_ids = {s.id for s in self.scenario.steps}
        if self._hangs_up() and self._can_hang_up_before(target, step_ids):
            target = self._hang_up_ending()
        if seq >= MAX_TURNS:
            target = TURN_LIMIT_END
        reveal = self._reveal_lines(uncovered)
        nxt: ProspectTurn | EndOfCall
        if target in step_ids:
            nxt = self._present(target, reveal)
        else:
            moment = Moment(result, dict(self.state), frozenset(self.facts), answer.text, step.id)
            nxt = self._end(target, result.score, moment, reveal)
            if nxt.outcome is Outcome.LOSS:  # a prospect who hangs up tells nothing
                uncovered = self._untold(uncovered)
        outcome = TurnOutcome(
            seq=seq,
            step_id=current.step_id,
            prospect_line=current.line,
            answer=answer,
            result=result,
            hint_used=self._snapshots[-1].hint_used,
            next=nxt,
            uncovered=uncovered,
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
        return self._back_to(snap)

    def undo_answer(self) -> ProspectTurn:
        """Take back the last answer as if it was never given (its write to the log
        failed): the same line awaits an answer again, every effect of the answer undone."""
        if not self._snapshots or not self.turns or self.turns[-1].retried:
            raise SessionError("there is no answer to take back")
        snap = self._snapshots.pop()
        self.turns.pop()
        self._rng.setstate(snap.rng)
        return self._back_to(snap)

    def _back_to(self, snap: _Snapshot) -> ProspectTurn:
        """The call as it was before the answer `snap` was taken for: its line awaits one."""
        self.state = snap.state
        self.facts = snap.facts
        self.values = snap.values
        self._pitches = snap.pitches
        self.ending = None
        self.phase = Phase.AWAITING_ANSWER
        self._current = ProspectTurn(snap.step_id, snap.line)
        self._hint_used = snap.hint_used
        return self._current

    def abandon(self) -> None:
        """End early; the line that was waiting is kept (`reopen`)."""
        if self.phase in (Phase.ENDED, Phase.ABANDONED):
            return
        self.phase = Phase.ABANDONED

    def reopen(self) -> ProspectTurn:
        """A session ended early awaits an answer to the line it was waiting on again (a
        retry after the call's end, ended early, retried: `DrillRecorder.retry`)."""
        if self.phase is not Phase.ABANDONED or self._current is None:
            raise SessionError("there is no line to answer again")
        self.phase = Phase.AWAITING_ANSWER
        return self._current

    # -- internals -------------------------------------------------------------------------

    def _score(self, step: Step, answer: Answer, line: str, seen: FactsSoFar) -> TurnScore:
        if self.score_fn is not None:
            return self.score_fn(step, answer, line, self.scenario)
        from trainer.scoring.scorer import score_answer

        return score_answer(
            step,
            answer,
            line,
            self.scenario.delivery,
            prospect_name=self.scenario.persona.name,
            facts=seen,
        )

    def _facts_so_far(
        self, before: frozenset[str] | None = None, now: frozenset[str] = frozenset()
    ) -> FactsSoFar:
        """The call's facts for the scorer: uncovered before this answer, and by it."""
        known = frozenset(self.facts) if before is None else before
        return facts_so_far(self.scenario, known, now)

    def _present(self, step_id: str, reveal: str = "") -> ProspectTurn:
        step = self.scenario.step(step_id)
        line = choose(step.prospect, self.values, self._rng)
        self._current = ProspectTurn(step_id, f"{reveal} {line}" if reveal else line)
        self._hint_used = False
        return self._current

    def _end(self, ending_id: str, extra: float, moment: Moment, reveal: str = "") -> EndOfCall:
        self.phase = Phase.ENDED
        self._current = None
        ending = self.scenario.endings.get(ending_id)
        patience = self.scenario.patience
        if ending_id == TURN_LIMIT_END and ending is None:
            said = f"The call ended after {MAX_TURNS} answers (the most a drill takes)."
            return EndOfCall(ending_id, Outcome.NEUTRAL, reveal or None, said, extra)
        if ending is None and patience is not None and ending_id == patience.ending:
            return EndOfCall(ending_id, Outcome.LOSS, HUNG_UP_LINE, HUNG_UP_SUMMARY, extra)
        if ending is None:  # a step with no `next`: the call simply ends
            outcome = Outcome.WIN if extra >= GOOD_SCORE else Outcome.NEUTRAL
            return EndOfCall(ending_id, outcome, reveal or None, None, extra)
        line: str | None = ending.prospect
        summary = ending.summary
        for variant in ending.variants or []:
            if holds(variant.when, moment):
                line = variant.prospect if variant.prospect is not None else line
                summary = variant.summary if variant.summary is not None else summary
                break
        line = fill(line, self.values) if line is not None else None
        if reveal and ending.outcome is not Outcome.LOSS:  # a prospect who hangs up tells nothing
            line = f"{reveal} {line}" if line else reveal
        summary = fill(summary, self.values) if summary is not None else None
        return EndOfCall(ending_id, ending.outcome, line, summary, extra)

    def _pick_values(self, text: str) -> None:
        from trainer.scoring.picks import pick_values

        self.values.update(
            pick_values(
                text,
                competitors=self.scenario.competitors or (),
                prospect_name=self.scenario.persona.name,
                known_names=self._names(),
            )
        )

    def _names(self) -> frozenset[str]:
        if self._known_names is None:
            self._known_names = scenario_names(self.scenario)
        return self._known_names

    def _unlock(self, result: TurnScore, text: str, seq: int, step_id: str) -> tuple[str, ...]:
        moment = Moment(result, dict(self.state), frozenset(self.facts), text, step_id)
        found = unlocked(self.scenario.facts, moment)
        for fact_id in found:
            self.facts[fact_id] = seq
        return found

    def _untold(self, fact_ids: tuple[str, ...]) -> tuple[str, ...]:
        """The call ended without the prospect saying these facts' reveals (they hung up):
        a fact with a reveal of its own is not uncovered, as nobody told the rep; one whose
        ending line tells it (`reveal: []`) stays. Returns the facts that stay uncovered."""
        by_id = {f.id: f for f in self.scenario.facts}
        kept = []
        for fact_id in fact_ids:
            if by_id[fact_id].reveal == []:
                kept.append(fact_id)
            else:
                del self.facts[fact_id]
        return tuple(kept)

    def _reveal_lines(self, fact_ids: tuple[str, ...]) -> str:
        """What the prospect says on uncovering these facts; `reveal: []` says nothing extra
        (the next line itself tells it)."""
        by_id = {f.id: f for f in self.scenario.facts}
        said = []
        for fact_id in fact_ids:
            fact = by_id[fact_id]
            lines = fact.reveal if fact.reveal is not None else [fact.text]
            if lines:
                said.append(choose(lines, self.values, self._rng))
        return " ".join(said)

    def _drain_patience(self, result: TurnScore) -> None:
        patience = self.scenario.patience
        if patience is None:
            return
        metrics = {m.id: m for m in result.delivery}
        words, questions = metrics.get("words"), metrics.get("questions")
        drain = 0.0
        limit = words.target_max if words is not None else None
        if words is not None and words.actual is not None and limit is not None:
            drain += patience.ramble if words.actual > limit else 0.0
        # A question of any kind (a proposed time too) hands the turn back; none is a pitch.
        asked = (result.asked or 0) > 0 or (questions is not None and (questions.actual or 0) > 0)
        self._pitches = 0 if asked else self._pitches + 1
        if self._pitches:
            drain += patience.pitch * min(self._pitches, 2)
        if drain:
            value = self.state.get(PATIENCE, patience.start) - drain
            self.state[PATIENCE] = max(0.0, value)

    def _hangs_up(self) -> bool:
        patience = self.scenario.patience
        return patience is not None and self.state.get(PATIENCE, 100.0) <= patience.hang_up_at

    def _can_hang_up_before(self, target: str, step_ids: set[str]) -> bool:
        """A prospect out of patience hangs up instead of going on or ending badly; a win or a
        callback the rep has just earned stands."""
        ending = self.scenario.endings.get(target)
        if target in step_ids or ending is None:
            return True
        return ending.outcome in (Outcome.LOSS, Outcome.NEUTRAL)

    def _hang_up_ending(self) -> str:
        assert self.scenario.patience is not None
        return self.scenario.patience.ending

    def _apply(self, effects: dict[str, float]) -> None:
        for name, delta in effects.items():
            if name == PATIENCE and self.scenario.patience is not None:
                low, high = 0.0, 100.0
            elif (meter := self.scenario.state.get(name)) is not None:
                low, high = meter.min, meter.max
            else:
                continue
            value = self.state.get(name, 0.0) + delta
            self.state[name] = min(high, max(low, value))


def scenario_names(scenario: Scenario) -> frozenset[str]:
    """Names the scenario's own lines use (lower-cased), for reply templates."""
    from trainer.scoring.names import names_in

    texts = [scenario.brief, *(f.text for f in scenario.facts)]
    for f in scenario.facts:
        texts.extend(f.reveal or ())
    for step in scenario.steps:
        texts.extend([*step.prospect, step.model_answer])
    return names_in(texts)


def condition_holds(cond: Condition | None, result: TurnScore, state: dict[str, float]) -> bool:
    """Whether `cond` holds for this result and state (no facts uncovered, no answer text)."""
    return holds(cond, Moment(result, state))


def choose_branch(
    step: Step, result: TurnScore, state: dict[str, float], moment: Moment | None = None
) -> Branch | None:
    """The first branch whose condition holds, or None when the step ends the call."""
    at = moment if moment is not None else Moment(result, state)
    for branch in step.next or []:
        if holds(branch.when, at):
            return branch
    return None
