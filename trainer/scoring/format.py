"""Plain-text rendering of a TurnScore: what was good, what was missing, delivery, total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.scoring.points import move_points as move_points  # each move's whole points
from trainer.scoring.points import whole

if TYPE_CHECKING:  # Home's first frame imports this module for score_points
    from collections.abc import Sequence

    from trainer.scoring.result import DeliveryMetric, Evidence, TurnScore

PASS, MISS, WARN = "✓", "✗", "!"
QUOTE_LENGTH = 60  # the most characters of the answer quoted as one piece of evidence


def quotes(evidence: Sequence[Evidence], most: int = 3) -> str:
    """The first `most` pieces of evidence, quoted and each cut to QUOTE_LENGTH characters:
    “what budget do you have”, “what budget do you have? what budget do you have? what b…”
    (a rambling answer's evidence is the whole answer)."""
    return ", ".join(f"\u201c{_clip(e.text)}\u201d" for e in evidence[:most])


def points_text(earned: int, possible: int) -> str:
    """'14 of 14 points', '0 of 29 points', '7 of 14 points'."""
    return f"{earned} of {possible} point{'s' if possible != 1 else ''}"


def score_points(score: float) -> str:
    """A score as a rep reads it: whole points (trainer.scoring.points.whole)."""
    return str(whole(score))


def penalty_text(penalty: float) -> str:
    """A guard's penalty, worded the same on every screen and command: 'minus 100 points'."""
    points = whole(penalty)
    return f"minus {points} point{'s' if points != 1 else ''}"


def format_breakdown(score: TurnScore, answer_text: str = "") -> str:
    """The breakdown shown by `trainer score` and the plain drill, one item per line."""
    lines: list[str] = []
    lines.append("Moves (points out of 100):")
    for c, earned, possible in move_points(score):
        mark = PASS if c.passed else MISS
        head = f"  {mark} {c.label}: {points_text(earned, possible)}"
        if c.passed:
            said = quotes(c.evidence)
            extra = "  ".join(x for x in (said, f"({c.detail})" if c.detail else "") if x)
            lines.append(f"{head}  {extra}".rstrip())
        else:
            lines.append(f"{head}  {f'({c.detail})' if c.detail else ''}".rstrip())
            if c.evidence:
                lines.append(f"      said: {quotes(c.evidence)}")
            if c.tip:
                lines.append(f"      tip: {c.tip}")
    triggered = [g for g in score.guards if g.triggered]
    if triggered:
        lines.append("Guards:")
        for g in triggered:
            said = quotes(g.evidence)
            lines.append(
                f"  {WARN} {g.label}: {penalty_text(g.penalty)}" + (f"  {said}" if said else "")
            )
            if g.tip:
                lines.append(f"      tip: {g.tip}")
    if score.delivery:
        lines.append("Delivery (not part of the score):")
        for m in score.delivery:
            lines.append("  " + _metric_line(m))
    for note in score.notes:
        lines.append(f"Note: {note}")
    lines.append(f"Score: {score_points(score.score)}/100")
    return "\n".join(lines)


def _metric_line(m: DeliveryMetric) -> str:
    target = m.target_text()
    mark = {True: PASS, False: MISS, None: "-"}[m.ok if target else None]
    unit = f" {m.unit}" if m.unit else ""
    actual = "n/a" if m.actual is None else f"{m.actual:g}{unit}"
    return f"{mark} {m.label}: {actual}  ({f'target {target}' if target else 'no target'})"


def _clip(text: str, limit: int = QUOTE_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
