"""Whether a scenario `Condition` holds at one moment of a call.

A moment is the answer just scored (its `TurnScore` and text), the hidden meters and the
facts uncovered so far. Conditions are pure: the same moment always gives the same verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from functools import cached_property

from trainer.scenario.models import Condition, HiddenFact, Scenario
from trainer.scoring.result import TurnScore

PATIENCE = "patience"  # the meter a scenario's `patience:` adds


def start_state(scenario: Scenario) -> dict[str, float]:
    """The hidden meters at the start of a call (patience included)."""
    state = {name: meter.start for name, meter in scenario.state.items()}
    if scenario.patience is not None:
        state[PATIENCE] = scenario.patience.start
    return state


@dataclass(frozen=True)
class Moment:
    result: TurnScore
    state: Mapping[str, float]
    facts: Set[str] = frozenset()
    answer_text: str = ""
    step_id: str | None = None

    @cached_property
    def said(self) -> _Said:
        from trainer.scoring.scorer import MAX_ANSWER_CHARS

        # A huge paste is read as far as the scorer reads it (the whole of it is quadratic).
        return _Said(self.answer_text[:MAX_ANSWER_CHARS])


class _Said:
    """The answer's words, matched like rubric phrases (stemmed, negation-aware)."""

    def __init__(self, text: str) -> None:
        from trainer.scoring.detectors import find_questions
        from trainer.scoring.normalize import normalise
        from trainer.scoring.phrases import Matcher

        self.norm = normalise(text)
        self.matcher = Matcher(self.norm)
        questions = find_questions(self.norm, self.matcher)
        toks = self.norm.content
        self.question_sentences = {toks[q.span[0]].sentence for q in questions if toks}
        if not questions and "?" in text and toks:  # a marked question the detector missed
            self.question_sentences.add(toks[-1].sentence)
        self.asks = bool(questions) or "?" in text

    def says(self, phrases: list[str]) -> bool:
        hit, _ = self.matcher.first_unnegated(phrases)
        return hit is not None

    def asks_about(self, phrases: list[str]) -> bool:
        if not self.asks:
            return False
        toks = self.norm.content
        for phrase in phrases:
            for hit in self.matcher.find(phrase):
                if not hit.negated and toks[hit.first].sentence in self.question_sentences:
                    return True
        return False


def holds(cond: Condition | None, moment: Moment) -> bool:
    """Whether every field present in `cond` holds at this moment."""
    if cond is None:
        return True
    return _plain_holds(cond, moment) and _combined_holds(cond, moment)


def _plain_holds(cond: Condition, moment: Moment) -> bool:
    result, state = moment.result, moment.state
    triggered = {g.id for g in result.guards if g.triggered}
    return (
        (cond.score_at_least is None or result.score >= cond.score_at_least)
        and (cond.score_below is None or result.score < cond.score_below)
        and (cond.passed is None or set(cond.passed) <= result.passed)
        and (cond.missed is None or set(cond.missed) <= result.missed)
        and (cond.guards is None or bool(set(cond.guards) & triggered))
        and (
            cond.state_at_least is None
            or all(state.get(k, 0.0) >= v for k, v in cond.state_at_least.items())
        )
        and (
            cond.state_below is None
            or all(state.get(k, 0.0) < v for k, v in cond.state_below.items())
        )
        and (cond.facts is None or set(cond.facts) <= moment.facts)
        and (cond.facts_at_least is None or len(moment.facts) >= cond.facts_at_least)
        and (cond.at is None or moment.step_id in cond.at)
    )


def _combined_holds(cond: Condition, moment: Moment) -> bool:
    return (
        (cond.said is None or moment.said.says(cond.said))
        and (cond.asked_about is None or moment.said.asks_about(cond.asked_about))
        and (cond.all is None or all(holds(c, moment) for c in cond.all))
        and (cond.any is None or any(holds(c, moment) for c in cond.any))
        and (cond.not_ is None or not holds(cond.not_, moment))
    )


def unlocked(facts: Iterable[HiddenFact], moment: Moment) -> tuple[str, ...]:
    """The ids of the facts, not yet uncovered at this moment, whose `unlock` holds."""
    return tuple(
        f.id
        for f in facts
        if f.id not in moment.facts and f.unlock is not None and holds(f.unlock, moment)
    )
