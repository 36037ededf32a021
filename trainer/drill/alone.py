"""One answer scored outside a call, as a drill would score it (`trainer score`, a scenario's
`examples`). Kept apart from the examples runner so that scoring one answer imports little."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.scenario.models import Scenario, Step
    from trainer.scoring.answer import Answer
    from trainer.scoring.result import TurnScore


def score_alone(
    scenario: Scenario,
    step: Step,
    answer: Answer,
    line: str,
    earlier: frozenset[str] = frozenset(),
) -> tuple[TurnScore, frozenset[str]]:
    """One answer scored outside a call (meters at their start, `earlier` facts already
    uncovered), as a drill scores it: a step that scores facts counts the ones this answer
    uncovers. Returns the result and those facts."""
    from trainer.drill.conditions import Moment, start_state, unlocked
    from trainer.drill.wording import facts_so_far
    from trainer.scoring.facts import scores_facts
    from trainer.scoring.scorer import score_answer

    def scored(now: frozenset[str]) -> TurnScore:
        return score_answer(
            step,
            answer,
            line,
            scenario.delivery,
            prospect_name=scenario.persona.name,
            facts=facts_so_far(scenario, earlier, now),
        )

    result = scored(frozenset())
    moment = Moment(result, start_state(scenario), earlier, answer.text, step.id)
    now = frozenset(unlocked(scenario.facts, moment))
    if now and scores_facts(step):
        result = scored(now)
    return result, now
