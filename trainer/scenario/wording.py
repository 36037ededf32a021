"""A scenario `Condition` in words: one walker over its fields (`describe`), worded by a
`Voice`. The base voice is the author's ("the answer makes ask why"), as the scenario file
reads; the drill's voices (trainer.drill.wording) say the same fields to a pair partner and
to a rep, naming moves by their checklist labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.scenario.models import Condition


def describe(cond: Condition, voice: Voice) -> str:
    """Every field of `cond` that is set, in the walker's order, in `voice`'s words."""
    v = voice
    parts: list[str] = []
    if cond.score_at_least is not None:
        parts.append(v.score_at_least(cond.score_at_least))
    if cond.score_below is not None:
        parts.append(v.score_below(cond.score_below))
    if cond.passed:
        parts.append(v.passed(cond.passed))
    if cond.missed:
        parts.append(v.missed(cond.missed))
    if cond.guards:
        parts.append(v.guards(cond.guards))
    parts += [v.state_at_least(name, value) for name, value in (cond.state_at_least or {}).items()]
    parts += [v.state_below(name, value) for name, value in (cond.state_below or {}).items()]
    if cond.facts:
        parts.append(v.facts(cond.facts))
    if cond.facts_at_least is not None:
        parts.append(v.facts_at_least(cond.facts_at_least))
    if cond.at:
        parts.append(v.at(cond.at))
    if cond.said:
        parts.append(v.said(cond.said))
    if cond.asked_about:
        parts.append(v.asked_about(cond.asked_about))
    if cond.all:
        parts.append(v.all([describe(c, v) for c in cond.all]))
    if cond.any:
        parts.append(v.any([describe(c, v) for c in cond.any]))
    if cond.not_ is not None:
        parts.append(_negated(cond.not_, v))
    return " and ".join(parts) if parts else v.always


def _negated(cond: Condition, voice: Voice) -> str:
    """not (...): a voice with `plain_negation` says a lone guard list or a lone move as its
    opposite ("the rep was not pushy", "you did not tick ..."), the rest as `negated`."""
    if voice.plain_negation:
        only = [name for name, value in zip(cond._fields, cond, strict=True) if value is not None]
        if only == ["guards"] and cond.guards:
            return voice.no_guards(cond.guards)
        if only == ["passed"] and cond.passed and len(cond.passed) == 1:
            return voice.missed(cond.passed)
        if only == ["missed"] and cond.missed and len(cond.missed) == 1:
            return voice.passed(cond.missed)
    return voice.negated(describe(cond, voice))


class Voice:
    """How each field of a condition is said: here in the author's words, as the scenario
    file reads (the debrief's fallback before the drill's voices; `Condition.describe`)."""

    always = "always"  # a condition with no field set
    plain_negation = False  # see _negated

    def score_at_least(self, value: float) -> str:
        return f"the answer scores at least {value:g}"

    def score_below(self, value: float) -> str:
        return f"the answer scores below {value:g}"

    def passed(self, moves: list[str]) -> str:
        return f"the answer makes {joined(in_words(moves), 'and')}"

    def missed(self, moves: list[str]) -> str:
        return f"the answer misses {joined(in_words(moves), 'and')}"

    def guards(self, guards: list[str]) -> str:
        return f"the answer sets off {joined(in_words(guards), 'or')}"

    def no_guards(self, guards: list[str]) -> str:
        return self.negated(self.guards(guards))

    def state_at_least(self, meter: str, value: float) -> str:
        return f"{meter.replace('-', ' ')} is at least {value:g}"

    def state_below(self, meter: str, value: float) -> str:
        return f"{meter.replace('-', ' ')} is below {value:g}"

    def facts(self, facts: list[str]) -> str:
        return f"the rep has uncovered {joined(in_words(facts), 'and')}"

    def facts_at_least(self, count: int) -> str:
        return f"the rep has uncovered at least {count} hidden facts"

    def at(self, steps: list[str]) -> str:
        return f"at {joined(in_words(steps), 'or')}"

    def said(self, phrases: list[str]) -> str:
        return "the rep says " + _quoted(phrases)

    def asked_about(self, phrases: list[str]) -> str:
        return "the rep asks about " + _quoted(phrases)

    def all(self, parts: list[str]) -> str:
        return "(" + " and ".join(parts) + ")"

    def any(self, parts: list[str]) -> str:
        return "(" + " or ".join(parts) + ")"

    def negated(self, said: str) -> str:
        return f"not ({said})"


AUTHOR = Voice()


def joined(words: Sequence[str], joiner: str) -> str:
    """'a', 'a or b', 'a, b or c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {joiner} " + words[-1]


def in_words(ids: Sequence[str]) -> list[str]:
    """Ids as words: 'ask-why' reads 'ask why'."""
    return [i.replace("-", " ") for i in ids]


def curly_quoted(phrases: Sequence[str]) -> list[str]:
    return [f"“{p}”" for p in phrases]


def _quoted(phrases: list[str]) -> str:
    shown = [f'"{p}"' for p in phrases[:4]]
    return " or ".join(shown) + (" ..." if len(phrases) > 4 else "")
