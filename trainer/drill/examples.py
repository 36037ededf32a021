"""Run a scenario's `examples` through the real scorer and branching: rubric tests.

Each example answer is scored as a typed answer to the step's first prospect line; its
`expect` (score_at_least / score_at_most / goto) is checked against the result. Branch
conditions on state meters see the meters' start values, and on facts (like a `facts`
criterion) the facts this answer itself uncovers. `paths` (below) play whole calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.scenario.errors import ScenarioError
from trainer.scenario.models import Example, Scenario, Step
from trainer.scoring.format import score_points
from trainer.words import plural

if TYPE_CHECKING:
    from trainer.scenario.loader import LoadedScenario

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
    from trainer.drill.alone import score_alone
    from trainer.drill.conditions import Moment, start_state
    from trainer.drill.session import choose_branch
    from trainer.scoring.answer import Answer

    scenario = loaded.scenario
    state = start_state(scenario)
    outcomes = []
    for step in scenario.steps:
        for index, example in enumerate(step.examples):
            result, facts = score_alone(
                scenario, step, Answer.typed(example.answer), step.prospect[0]
            )
            moment = Moment(result, state, facts, example.answer, step.id)
            branch = choose_branch(step, result, state, moment)
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
        failures.append(
            f"scored {score_points(score)}, expected at least {expect.score_at_least:g}"
        )
    if expect.score_at_most is not None and score > expect.score_at_most:
        failures.append(f"scored {score_points(score)}, expected at most {expect.score_at_most:g}")
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


# -- model answers ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModelAnswerOutcome:
    """A step's own `model_answer` scored under its rubric, as the rep is shown it."""

    step_index: int
    step_id: str
    score: float
    passed: tuple[str, ...]
    missed: tuple[str, ...]
    failures: tuple[str, ...]  # empty when the model answer passes its step

    @property
    def ok(self) -> bool:
        return not self.failures


def run_model_answers(scenario: Scenario) -> list[ModelAnswerOutcome]:
    """Score every step's model answer: each must earn a good score (GOOD_SCORE) in a call
    of model answers (every fact that can be uncovered has been), and the call played with
    the model answers from the start must not end in a loss."""
    from trainer.drill.alone import score_alone
    from trainer.scoring.answer import Answer
    from trainer.scoring.result import GOOD_SCORE

    uncovered = frozenset(f.id for f in scenario.facts if f.unlock is not None)
    lost_at = _model_call_lost_at(scenario)
    outcomes = []
    for index, step in enumerate(scenario.steps):
        answer = Answer.typed(step.model_answer)
        result, _ = score_alone(scenario, step, answer, step.prospect[0], earlier=uncovered)
        failures = []
        if result.score < GOOD_SCORE:
            failures.append(
                f"the model answer scores {score_points(result.score)}, below the"
                f" {GOOD_SCORE:g} of a good answer"
            )
        if step.id in lost_at:
            failures.append(f"a call of model answers ends here at {lost_at[step.id]!r} (a loss)")
        outcomes.append(
            ModelAnswerOutcome(
                step_index=index,
                step_id=step.id,
                score=result.score,
                passed=tuple(sorted(result.passed)),
                missed=tuple(sorted(result.missed)),
                failures=tuple(failures),
            )
        )
    return outcomes


def _model_call_lost_at(scenario: Scenario) -> dict[str, str]:
    """{step id: ending id} when the call answered with model answers ends in a loss there."""
    from trainer.drill.session import DrillSession, EndOfCall
    from trainer.scenario.models import Outcome
    from trainer.scoring.answer import Answer

    session = DrillSession(scenario, seed=0)
    current = session.start()
    while True:
        step = scenario.step(current.step_id)
        outcome = session.answer(Answer.typed(step.model_answer))
        if not isinstance(outcome.next, EndOfCall):
            current = outcome.next
            continue
        if outcome.next.outcome is Outcome.LOSS:
            return {step.id: outcome.next.ending_id}
        return {}


def model_answer_error(loaded: LoadedScenario, outcome: ModelAnswerOutcome) -> ScenarioError:
    """A model answer that fails its step, located at the answer in the file."""
    line, col = loaded.position("steps", outcome.step_index, "model_answer")
    criteria = (
        f"passed: {', '.join(outcome.passed) or '-'}; missed: {', '.join(outcome.missed) or '-'}"
    )
    return ScenarioError(
        loaded.path,
        line,
        col,
        f"steps[{outcome.step_index}].model_answer",
        f"{'; '.join(outcome.failures)} ({criteria}); reword the model answer or the rubric",
    )


# -- whole-call paths -------------------------------------------------------------------------

MIN_EXCHANGES = 3  # a call long enough to practise, unless the scenario says why it is `short`


@dataclass(frozen=True, slots=True)
class PathOutcome:
    index: int
    name: str
    steps: tuple[str, ...]  # the steps answered, in order
    ending: str | None  # None when the call had not ended after the last answer
    outcome: str | None
    facts: tuple[str, ...]  # facts uncovered
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True, slots=True)
class PathReport:
    paths: list[PathOutcome]
    problems: list[str]  # across paths: unreached steps and endings, no win, too short

    @property
    def ok(self) -> bool:
        return not self.problems and all(p.ok for p in self.paths)


def run_paths(loaded: LoadedScenario) -> PathReport:
    """Play every scripted path of a scenario through the real session and scorer."""
    scenario = loaded.scenario
    outcomes = [_play(scenario, i) for i in range(len(scenario.paths))]
    problems: list[str] = []
    if not outcomes:
        return PathReport(outcomes, problems)
    seen_steps = {s for p in outcomes for s in p.steps}
    seen_endings = {p.ending for p in outcomes if p.ending is not None}
    problems += [f"no path reaches step {s.id!r}" for s in scenario.steps if s.id not in seen_steps]
    problems += [f"no path reaches ending {e!r}" for e in scenario.endings if e not in seen_endings]
    best = best_outcome(scenario)
    wins = [p for p in outcomes if p.outcome == best]
    if not wins:
        problems.append(f"no path shows that a good rep can reach the best outcome ({best})")
    if not any(p.ending is not None and p.outcome != best for p in outcomes):
        problems.append("no path shows that a poor rep does not reach the best outcome")
    if wins and scenario.short is None:
        shortest = min(len(p.steps) for p in wins)
        if shortest < MIN_EXCHANGES:
            problems.append(
                f"a path reaches the best outcome in {plural(shortest, 'exchange')}; a call"
                f" needs at least {MIN_EXCHANGES} to practise (or say why it is `short`)"
            )
    return PathReport(outcomes, problems)


_RANK = ("win", "callback", "neutral", "loss")


def best_outcome(scenario: Scenario) -> str:
    """The best outcome the scenario's endings offer: a win, else a callback, else neutral
    (a voicemail left), in that order."""
    offered = {e.outcome.value for e in scenario.endings.values()} or {"win"}
    return next(o for o in _RANK if o in offered)


def main_path_exchanges(loaded: LoadedScenario) -> int | None:
    """Answers on the shortest path to the best outcome (the main path), or None."""
    best = best_outcome(loaded.scenario)
    wins = [p for p in run_paths(loaded).paths if p.outcome == best]
    return min((len(p.steps) for p in wins), default=None)


def _play(scenario: Scenario, index: int) -> PathOutcome:
    from trainer.drill.session import DrillSession, EndOfCall
    from trainer.scenario.models import PathAnswer
    from trainer.scoring.answer import Answer

    path = scenario.paths[index]
    session = DrillSession(scenario, seed=0)
    current = session.start()
    steps: list[str] = []
    failures: list[str] = []
    end: EndOfCall | None = None
    for n, item in enumerate(path.answers, start=1):
        answer = item if isinstance(item, str) else item.answer
        if end is not None:
            failures.append(f"the call ended at {end.ending_id!r} before answer {n}")
            break
        if isinstance(item, PathAnswer) and item.step is not None and item.step != current.step_id:
            failures.append(f"answer {n} was given at step {current.step_id!r}, not {item.step!r}")
        steps.append(current.step_id)
        outcome = session.answer(Answer.typed(answer))
        if isinstance(outcome.next, EndOfCall):
            end = outcome.next
        else:
            current = outcome.next
    got = end.outcome.value if end is not None else None
    if end is None:
        failures.append(f"the call is still going at step {current.step_id!r}")
    elif path.ending is not None and end.ending_id != path.ending:
        failures.append(f"ended at {end.ending_id!r}, expected {path.ending!r}")
    if end is not None and path.outcome is not None and got != path.outcome.value:
        failures.append(f"ended with {got}, expected {path.outcome.value}")
    if end is not None and path.not_outcome is not None and got == path.not_outcome.value:
        failures.append(f"ended with {got}, which this path must not reach")
    missing = [f for f in path.facts or [] if f not in session.facts]
    if missing:
        failures.append(f"did not uncover {', '.join(missing)}")
    return PathOutcome(
        index=index,
        name=path.name,
        steps=tuple(steps),
        ending=end.ending_id if end is not None else None,
        outcome=got,
        facts=tuple(session.facts),
        failures=tuple(failures),
    )
