"""The points a rep reads: whole numbers, by one rounding rule, that add up to the score shown.

Scores are kept to a tenth (72.4); a rep reads 72. Each move's points ("14 of 29 points")
are its share of the score, apportioned so that the moves' points add up to the score shown
plus the points guards took off and a thin answer had held back (those are whole already):
moves - guards - held back = score, on every screen, in `trainer score`, `show` and the
plain drill. Only a score clamped at 0 or raised to its floor (guards took off more than the
moves earned) does not add up: a note says why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.scoring.result import CriterionResult, TurnScore


def whole(points: float) -> int:
    """The one rounding rule for points a rep reads: to the nearest whole point, halves up
    (72.5 -> 73, not Python's 72)."""
    return math.floor(points + 0.5)


def apportion(values: Sequence[float], target: int, caps: Sequence[int]) -> list[int]:
    """Whole numbers near `values` adding up to `target` (largest remainders; none above
    its cap or below 0): 14.3, 14.3, 71.4 of 100 -> 14, 14, 72."""
    shown = [min(cap, max(0, math.floor(v))) for v, cap in zip(values, caps, strict=True)]
    by_remainder = sorted(range(len(values)), key=lambda i: values[i] - math.floor(values[i]))
    for i in reversed(by_remainder):  # the largest remainders first get a point
        if sum(shown) >= target:
            break
        if shown[i] < caps[i]:
            shown[i] += 1
    for i in by_remainder:  # a target below the floors (a score clamped) takes points back
        if sum(shown) <= target:
            break
        if shown[i] > 0:
            shown[i] -= 1
    return shown


def held_back(score: TurnScore) -> int:
    """The whole points a thin answer had held back (0 without): the moves' points less the
    guards' and the score."""
    from trainer.scoring.scorer import combine

    return max(0, whole(combine(score.criteria, score.guards) - score.score))


def move_points(score: TurnScore) -> list[tuple[CriterionResult, int, int]]:
    """Each move with the whole points it earned and it was worth: the worths add up to 100,
    the points earned to the score shown plus guards and held back (the module docstring)."""
    from trainer.scoring.scorer import combine

    criteria = score.criteria
    total_weight = sum(max(0.0, c.weight) for c in criteria) or 1.0
    worth = [100.0 * max(0.0, c.weight) / total_weight for c in criteria]
    earned = [
        w * min(1.0, max(0.0, c.credit)) if c.passed else 0.0
        for w, c in zip(worth, criteria, strict=True)
    ]
    # A move's worth depends on the step alone, never on the answer ("Ask permission: 37"
    # on every answer of the step, not 37 on one and 36 on the next).
    worth_shown = apportion(worth, whole(sum(worth)), [whole(w) + 1 for w in worth])
    penalties = sum(whole(g.penalty) for g in score.guards if g.triggered)
    # Guards took off all the moves earned (or none earned): the score is 0 or its floor
    # (scorer.bottom_floor), above what the moves less the penalties leave.
    clamped = score.score <= 0 or score.score > combine(criteria, score.guards) + 0.05
    target = whole(sum(earned)) if clamped else whole(score.score) + penalties + held_back(score)
    earned_shown = _earned(criteria, earned, worth_shown, target)
    if sum(earned_shown) != target:
        # No move met in part can take up the rounding: the moves share it, and a point of
        # worth moves to a move that shows more earned than its worth (_cover).
        caps = [math.ceil(w) if e > 0 else 0 for w, e in zip(worth, earned, strict=True)]
        earned_shown = apportion(earned, target, caps)
        _cover(worth_shown, earned_shown)
    return list(zip(criteria, earned_shown, worth_shown, strict=True))


def _earned(
    criteria: Sequence[CriterionResult], earned: list[float], worth: list[int], target: int
) -> list[int]:
    """Whole points earned: a move met in full shows all its worth ("16 of 16", not "15 of
    16" for rounding) and the moves met in part take up the rounding, so the points add up
    to `target`; when they cannot (no move met in part), the caller shares it out."""
    full = [c.passed and c.credit >= 1.0 for c in criteria]
    shown = [w if f else 0 for w, f in zip(worth, full, strict=True)]
    part = [i for i, c in enumerate(criteria) if c.passed and 0.0 < c.credit < 1.0]
    rest = target - sum(shown)
    if part and 0 <= rest <= sum(worth[i] for i in part):
        split = apportion([earned[i] for i in part], rest, [worth[i] for i in part])
        for i, points in zip(part, split, strict=True):
            shown[i] = points
    return shown


def _cover(worth: list[int], earned: list[int]) -> None:
    """Make every move's worth at least the points it shows earned (37.5 of 37.48 shows
    38 of 38, not 38 of 37): a point of worth moves over from the move with the most worth
    it did not earn, so the worths still add up to 100."""
    for i in range(len(worth)):
        while earned[i] > worth[i]:
            slack = [k for k in range(len(worth)) if k != i and worth[k] > earned[k]]
            if not slack:
                break
            donor = max(slack, key=lambda k: worth[k] - earned[k])
            worth[donor] -= 1
            worth[i] += 1
