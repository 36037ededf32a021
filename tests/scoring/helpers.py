"""Small builders for scoring tests."""

from __future__ import annotations

from typing import Any

from trainer.scenario.format import checked
from trainer.scenario.models import Step
from trainer.scoring.answer import Answer
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import combine, score_answer


def step(
    *rubric: dict[str, Any], prospect: str = "That's more than we wanted to spend.", **extra: Any
) -> Step:
    return checked(
        Step,
        {"id": "s", "prospect": [prospect], "rubric": list(rubric), "model_answer": "-", **extra},
    )


def score(
    text: str,
    *rubric: dict[str, Any],
    prospect: str = "That's more than we wanted to spend.",
    **kw: Any,
) -> TurnScore:
    s = step(*rubric, prospect=prospect)
    return score_answer(s, Answer.typed(text), s.prospect[0], **kw)


def passed(
    text: str, criterion: dict[str, Any], prospect: str = "That's more than we wanted to spend."
) -> bool:
    return bool(score(text, criterion, prospect=prospect).criteria[0].passed)


def guards(text: str, prospect: str = "That's more than we wanted to spend.") -> set[str]:
    result = score(text, {"use": "acknowledge"}, prospect=prospect)
    return {g.id for g in result.guards if g.triggered}


def moves_total(result: TurnScore) -> float:
    """The points the moves earned minus guard penalties: the score before the few points a
    thin answer has held back (see docs/scoring.md, Depth)."""
    return combine(result.criteria, result.guards)
