"""The `facts` criterion: "uncovered 2 of 3 facts", scored from what the call uncovered.

Which facts an answer uncovers is the conversation engine's business (trainer/drill: a
fact's `unlock` is tried on each answer); the engine hands the scorer the facts uncovered
so far as `FactsSoFar`, and this module turns them into points with plain-words evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from trainer.scenario.models import Criterion, FactsCheck, HiddenFact, Step


class FactsSoFar(NamedTuple):
    """The hidden facts of a call as it stands: every fact, and the ids uncovered by the
    answers before this one and by this one; `how` says what would uncover a fact in the
    rep's words (the engine's; without it, the author's `unlock_text`)."""

    facts: tuple[HiddenFact, ...]
    before: frozenset[str] = frozenset()
    now: frozenset[str] = frozenset()
    how: Callable[[HiddenFact], str] | None = None

    @property
    def uncovered(self) -> frozenset[str]:
        return self.before | self.now


class FactsVerdict(NamedTuple):
    passed: bool
    credit: float  # share of the weight earned when passed
    detail: str
    missing: tuple[HiddenFact, ...]


def counted_facts(check: FactsCheck, facts: Sequence[HiddenFact]) -> list[HiddenFact]:
    """The facts a check counts: those it names in `of`, else every fact with an unlock."""
    if check.of is None:
        return [f for f in facts if f.unlock is not None]
    by_id = {f.id: f for f in facts}
    return [by_id[i] for i in dict.fromkeys(check.of) if i in by_id]


def judge_facts(check: FactsCheck, seen: FactsSoFar | None) -> FactsVerdict:
    """Points for the facts uncovered: each earns its share up to `at_least` (full points).
    Without the call's facts (`seen` None) nothing counts as uncovered."""
    counted = counted_facts(check, seen.facts if seen is not None else ())
    uncovered = seen.uncovered if seen is not None else frozenset()
    found = [f for f in counted if f.id in uncovered]
    missing = tuple(f for f in counted if f.id not in uncovered)
    need = min(check.at_least or len(counted), len(counted))
    if not counted:
        return FactsVerdict(False, 1.0, "no hidden facts to uncover", ())
    parts = [f"uncovered {len(found)} of {len(counted)} fact{'s' if len(counted) != 1 else ''}"]
    if found:
        now = seen.now if seen is not None else frozenset()
        named = [f.name + (" (this answer)" if f.id in now else "") for f in found]
        parts[0] += ": " + ", ".join(named)
    if missing:
        parts.append("missed: " + ", ".join(f.name for f in missing))
    if need < len(counted) and len(found) < need:
        parts.append(f"{need} for full points")
    credit = min(1.0, len(found) / need) if need else 1.0
    return FactsVerdict(bool(found), credit, "; ".join(parts), missing)


def facts_tip(verdict: FactsVerdict, how: Callable[[HiddenFact], str] | None = None) -> str:
    """What would uncover the facts still hidden, in plain words (`how`'s, when given)."""
    hows = [f"{f.name} ({how(f) if how else f.unlock_text})" for f in verdict.missing[:3]]
    return "Still hidden: " + "; ".join(hows) + "."


def scores_facts(step: Step) -> bool:
    """Whether the step's rubric has a `facts` criterion (its points depend on the call)."""
    return any(_facts_check(c) is not None for c in step.rubric)


def _facts_check(c: Criterion) -> FactsCheck | None:
    if c.facts is not None:
        return c.facts
    from trainer.scoring.techniques import resolve

    return resolve(c).facts if c.use is not None else None
