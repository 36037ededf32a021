"""One fact, one verdict: a guard that flags harm vetoes the rubric moves it contradicts.

"✓ Respect their time “two minutes”" beside "! Pushing past their no “Give me two minutes”",
or "✓ Stay respectful" beside "! Rude or condescending", told a rep two things at once about
the same words. Two rules, the same for `trainer score`, the app and the plain drill (all of
them show what `score_answer` returns):

* **Same words.** A move whose evidence lies inside the words a harm guard flags is not
  made: the words cannot be the move and the harm at once.
* **Same kind.** A passed `avoid` check ("Stay respectful", "No pressure or guilt", "No last
  pitch or question") fails when a harm guard fires that would flag one of the check's own
  avoid phrases: the check and the guard look for the same thing, so the guard's words are
  what the check forbids. Which guard a phrase belongs to is found by running the guards on
  it (cached), so no table of check names is kept in code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from trainer.scenario.models import Criterion
from trainer.scoring.guards import KEPT_PITCHING, run_guards
from trainer.scoring.normalize import normalise
from trainer.scoring.phrases import Matcher
from trainer.scoring.result import CriterionResult, GuardResult

# A question or pitch after agreeing to stop is a kind of its own: the avoid phrases that
# name it ("before you go", "one last thing": scorer.STILL_PITCHING) only push when said after
# a removal.
KEPT_PITCHING_KIND = "kept-pitching"


def vetoed(
    criteria: tuple[CriterionResult, ...],
    rubric: Sequence[Criterion],
    guards: Sequence[GuardResult],
    harm: frozenset[str],
) -> tuple[CriterionResult, ...]:
    """The criteria with every move a harm guard contradicts failed, the guard named."""
    harmful = [g for g in guards if g.triggered and g.id in harm]
    if not harmful:
        return criteria
    return tuple(_veto(r, c, harmful) for r, c in zip(criteria, rubric, strict=True))


def _veto(r: CriterionResult, c: Criterion, guards: list[GuardResult]) -> CriterionResult:
    if not r.passed:
        return r
    for g in guards:
        same_words = any(
            f.start <= e.start and e.end <= f.end for e in r.evidence for f in g.evidence
        )
        if same_words or (c.avoid and _kind(g) & guard_kinds(tuple(c.avoid))):
            return replace(
                r,
                passed=False,
                credit=1.0,
                evidence=g.evidence,
                detail=f"flagged below: {g.label[0].lower()}{g.label[1:]}",
                tip=g.tip,
            )
    return r


def _kind(g: GuardResult) -> frozenset[str]:
    return frozenset({g.id, KEPT_PITCHING_KIND} if KEPT_PITCHING in g.label else {g.id})


@lru_cache(maxsize=512)
def guard_kinds(avoid: tuple[str, ...]) -> frozenset[str]:
    """The guards that would flag one of these avoid phrases said on its own."""
    return frozenset(k for phrase in avoid for k in _phrase_kinds(phrase))


@lru_cache(maxsize=2048)
def _phrase_kinds(phrase: str) -> frozenset[str]:
    norm = normalise(phrase)
    if not norm.content:
        return frozenset()
    matcher = Matcher(norm)
    hits = run_guards(
        norm,
        matcher,
        Matcher(normalise("")),
        length=(len(norm.content), 60.0, ""),
        overlap=[(0, 0)],
        phrase_spans=[],
        engaged=lambda: True,
    )
    from trainer.scoring.scorer import STILL_PITCHING  # the scorer imports this module

    kinds = {h.id for h in hits}
    if any(matcher.find(p) for p in STILL_PITCHING):
        kinds.add(KEPT_PITCHING_KIND)
    return frozenset(kinds)
