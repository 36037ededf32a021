"""The hint a rep sees on asking for one: the step's own, else the tips of the moves that
earn the most points (a stock tip for a hygiene check, such as "keep it respectful", never
stands in for the move the step is about)."""

from __future__ import annotations

from trainer.scenario.models import Step
from trainer.scoring.scorer import is_hygiene

FALLBACK = "Acknowledge, ask one open question, then advance."
TIPS_IN_A_HINT = 2


def step_hint(step: Step) -> str:
    if step.hint:
        return step.hint
    ranked = sorted(
        (c for c in step.rubric if c.tip),
        key=lambda c: (is_hygiene(c), -(1.0 if c.weight is None else c.weight)),
    )
    tips = [c.tip for c in ranked[:TIPS_IN_A_HINT] if c.tip]
    return " ".join(tips) if tips else FALLBACK
