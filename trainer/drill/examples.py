"""Run a scenario's `examples` through the real scorer and branching: rubric tests.

Each example answer is scored as a typed answer to the step's first prospect line; its
`expect` (score_at_least / score_at_most / goto) is checked against the result. Branch
conditions on state meters see the meters' start values.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.scenario.errors import ScenarioError
from trainer.scenario.loader import LoadedScenario
from trainer.scenario.models import Example, Step

CALL_ENDS = "(the call ends)"


@dataclass(frozen=True, slots=True)
class ExampleOutcome:
    step_id: str
    index: int
    example: Example
    score: float
    goto: str  # the branch target taken, or CALL_ENDS
    passed: tuple[str, ...]
    missed: tuple[str, ...]
    guards: tuple[str, ...]  # guards that took points off
    failures: tuple[str, ...]  # empty when the example behaves as expected

    @property
    def ok(self) -> bool:
        return not self.failures


def run_examples(loaded: LoadedScenario) -> list[ExampleOutcome]:
    """Score every example of every step of one scenario."""
    from trainer.drill.session import choose_branch
    from trainer.scoring.answer import Answer
    from trainer.scoring.scorer import score_answer

    scenario = loaded.scenario
    state = {name: meter.start for name, meter in scenario.state.items()}
    outcomes = []
    for step in scenario.steps:
        for index, example in enumerate(step.examples):
            result = score_answer(
                step,
                Answer.typed(example.answer),
                prospect_line=step.prospect[0],
                scenario_delivery=scenario.delivery,
                prospect_name=scenario.persona.name,
            )
            branch = choose_branch(step, result, state)
            goto = branch.goto if branch is not None else CALL_ENDS
            outcomes.append(
                ExampleOutcome(
                    step_id=step.id,
                    index=index,
                    example=example,
                    score=result.score,
                    goto=goto,
                    passed=tuple(sorted(result.passed)),
                    missed=tuple(sorted(result.missed)),
                    guards=tuple(g.id for g in result.guards if g.triggered),
                    failures=tuple(_failures(example, result.score, goto)),
                )
            )
    return outcomes


def _failures(example: Example, score: float, goto: str) -> list[str]:
    expect = example.expect
    failures = []
    if expect.score_at_least is not None and score < expect.score_at_least:
        failures.append(f"scored {score:.0f}, expected at least {expect.score_at_least:g}")
    if expect.score_at_most is not None and score > expect.score_at_most:
        failures.append(f"scored {score:.0f}, expected at most {expect.score_at_most:g}")
    if expect.goto is not None and goto != expect.goto:
        failures.append(f"went to {goto}, expected {expect.goto}")
    return failures


def as_error(loaded: LoadedScenario, outcome: ExampleOutcome) -> ScenarioError:
    """A mismatch as a located error pointing at the example in the file."""
    step_index = _step_index(loaded.scenario.steps, outcome.step_id)
    line, col = loaded.position("steps", step_index, "examples", outcome.index)
    answer = outcome.example.answer
    quoted = answer if len(answer) <= 60 else answer[:57] + "..."
    criteria = (
        f"passed: {', '.join(outcome.passed) or '-'}; missed: {', '.join(outcome.missed) or '-'}"
    )
    if outcome.guards:
        criteria += f"; guards: {', '.join(outcome.guards)}"
    return ScenarioError(
        loaded.path,
        line,
        col,
        f"steps[{step_index}].examples[{outcome.index}]",
        f"{'; '.join(outcome.failures)} for {quoted!r} ({criteria})",
    )


def _step_index(steps: list[Step], step_id: str) -> int:
    return next(i for i, s in enumerate(steps) if s.id == step_id)
