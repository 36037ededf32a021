"""The `facts` criterion: a discovery step scores "uncovered N of M facts" from what the
call uncovered, through the real scorer and engine; the loader rejects facts it cannot
count; `trainer score` and the scenario examples score it as a drill does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli import main
from trainer.drill.examples import run_examples
from trainer.drill.session import DrillSession, ProspectTurn, TurnOutcome
from trainer.scenario.errors import ScenarioError
from trainer.scenario.loader import LoadedScenario, load_bytes
from trainer.scenario.models import Technique
from trainer.scenario.techniques import read_technique_file
from trainer.scoring.answer import Answer
from trainer.scoring.format import format_breakdown, move_points
from trainer.scoring.result import CriterionResult
from trainer.scoring.techniques import shipped_techniques_path

SCENARIO = """\
id: test/discovery
version: 1
title: Discovery that counts what it learns
kind: discovery
difficulty: 2
persona: {name: Priya Nair, role: Head of Operations}
brief: Priya agreed to a discovery call.
hidden:
  - id: budget-owner
    label: budget owner
    text: Finance (Greg) signs anything over 10k.
    unlock: {asked_about: [budget, "signs off", sign off, approve]}
    reveal: "Greg in finance signs anything over ten thousand."
    how: you ask who signs off the budget
  - id: renewal
    label: renewal date
    text: Their current contract renews in March.
    unlock: {asked_about: [contract, renew, renewal, "current tool"]}
    reveal: "Our contract renews in March, by the way."
    how: you ask about their current contract
  - id: pilot-team
    label: pilot team
    text: The Leeds depot would pilot it.
    unlock: {asked_about: [pilot, "try it", "start with", depot]}
    how: you ask where they would start
  - A background fact for a pair partner.
steps:
  - id: opening
    prospect: "So, what did you want to know?"
    rubric:
      - use: clarifying-question
    model_answer: "Who signs off a purchase like this on your side?"
    next: [{goto: the-stack}]
  - id: the-stack
    prospect: "We use spreadsheets mostly."
    rubric:
      - use: clarifying-question
    model_answer: "When does your current contract renew?"
    next: [{goto: wrap-up}]
  - id: wrap-up
    prospect: "Anything else before we finish?"
    rubric:
      - use: clarifying-question
        weight: 1
      - use: uncover-facts
        weight: 3
        facts: {at_least: 3}
    model_answer: "Where would you start, which depot would try it first?"
    examples:
      - answer: "Where would you start, which depot would pilot it first?"
        expect: {score_at_least: 45, goto: done}
    next:
      - when: {passed: [uncover-facts]}
        goto: done
      - goto: lost
endings:
  done: {outcome: win, prospect: "Talk soon."}
  lost: {outcome: loss, prospect: "I have to go."}
paths:
  - name: good-rep
    answers:
      - "Who signs off a purchase like this on your side?"
      - "When does your current contract renew?"
      - "Where would you start, which depot would pilot it first?"
    ending: done
    facts: [budget-owner, renewal, pilot-team]
  - name: poor-rep
    answers: ["ok", "fine", "bye"]
    ending: lost
"""


@pytest.fixture(scope="module")
def core() -> dict[str, Technique]:
    defined, errors = read_technique_file(shipped_techniques_path())
    assert not errors
    return {d.technique.name: d.technique for d in defined}


def _load(core: dict[str, Technique], text: str = SCENARIO) -> LoadedScenario | list[ScenarioError]:
    return load_bytes(text.encode(), Path("discovery.yaml"), core)


def _loaded(core: dict[str, Technique], text: str = SCENARIO) -> LoadedScenario:
    loaded = _load(core, text)
    assert isinstance(loaded, LoadedScenario), loaded
    return loaded


def _errors(core: dict[str, Technique], text: str) -> str:
    loaded = _load(core, text)
    assert isinstance(loaded, list), "expected the file to be rejected"
    return "\n".join(str(e) for e in loaded)


def _call(core: dict[str, Technique], *answers: str) -> list[TurnOutcome]:
    session = DrillSession(_loaded(core).scenario, seed=0)
    session.start()
    return [session.answer(Answer.typed(a)) for a in answers]


def _facts_move(outcome: TurnOutcome) -> tuple[CriterionResult, float, float]:
    return next(m for m in move_points(outcome.result) if m[0].id == "uncover-facts")


def test_two_of_three_facts_earn_two_thirds_of_the_points_with_the_facts_named(
    core: dict[str, Technique],
) -> None:
    *_, last = _call(
        core,
        "Who signs off a purchase like this on your side?",
        "When does your current contract renew?",
        "Thanks, that's all from me, what else should I know?",
    )
    move, earned, possible = _facts_move(last)
    assert move.passed and move.label == "Uncovers what they know"
    assert move.detail == ("uncovered 2 of 3 facts: budget owner, renewal date; missed: pilot team")
    assert possible == 75.0 and earned == pytest.approx(50.0)
    shown = format_breakdown(last.result)
    assert "✓ Uncovers what they know: 50 of 75 points" in shown
    assert "uncovered 2 of 3 facts" in shown


def test_the_answer_that_uncovers_a_fact_at_the_step_counts_it(
    core: dict[str, Technique],
) -> None:
    *_, last = _call(
        core,
        "Who signs off a purchase like this on your side?",
        "When does your current contract renew?",
        "Where would you start, which depot would pilot it first?",
    )
    assert last.uncovered == ("pilot-team",)
    move, earned, possible = _facts_move(last)
    assert move.detail == (
        "uncovered 3 of 3 facts: budget owner, renewal date, pilot team (this answer)"
    )
    assert earned == possible == 75.0
    assert last.result.score == 100.0


def test_no_fact_uncovered_misses_the_move_with_how_to_uncover_them(
    core: dict[str, Technique],
) -> None:
    *_, last = _call(core, "Okay.", "Right.", "Thanks, nothing else, bye then.")
    move, earned, _ = _facts_move(last)
    assert not move.passed and earned == 0
    assert move.detail == ("uncovered 0 of 3 facts; missed: budget owner, renewal date, pilot team")
    assert move.tip is not None
    assert move.tip.startswith("Ask about their situation")  # the technique's tip


def test_at_least_sets_full_points_and_the_plain_fact_does_not_count(
    core: dict[str, Technique],
) -> None:
    text = SCENARIO.replace("facts: {at_least: 3}", "facts: {at_least: 2}\n        tip: null")
    text = text.replace("        tip: null\n", "")
    session = DrillSession(_loaded(core, text).scenario, seed=0)
    session.start()
    session.answer(Answer.typed("Who signs off a purchase like this on your side?"))
    session.answer(Answer.typed("Fine."))
    last = session.answer(Answer.typed("Okay, thanks."))
    move, earned, possible = _facts_move(last)
    assert "uncovered 1 of 3 facts: budget owner" in (move.detail or "")
    assert "2 for full points" in (move.detail or "")
    assert abs(earned - possible / 2) <= 0.5  # half, in the whole points a rep reads


def test_an_inline_criterion_counts_only_the_facts_it_lists(core: dict[str, Technique]) -> None:
    text = SCENARIO.replace(
        "      - use: uncover-facts\n        weight: 3\n        facts: {at_least: 3}\n",
        "      - id: learns-the-deal\n        label: Learns the deal\n"
        "        facts: {of: [budget-owner, renewal]}\n"
        "        tip: Ask who signs and when the contract renews.\n",
    ).replace("passed: [uncover-facts]", "passed: [learns-the-deal]")
    session = DrillSession(_loaded(core, text).scenario, seed=0)
    session.start()
    session.answer(Answer.typed("When does your current contract renew?"))
    session.answer(Answer.typed("Okay."))
    last = session.answer(Answer.typed("Where would you start, which depot would pilot it?"))
    move = next(c for c in last.result.criteria if c.id == "learns-the-deal")
    assert move.detail == "uncovered 1 of 2 facts: renewal date; missed: budget owner"
    assert move.credit == 0.5


def test_a_retried_answer_loses_the_fact_and_its_points(core: dict[str, Technique]) -> None:
    session = DrillSession(_loaded(core).scenario, seed=0)
    session.start()
    session.answer(Answer.typed("Who signs off a purchase like this on your side?"))
    session.answer(Answer.typed("When does your current contract renew?"))
    first = session.answer(Answer.typed("Which depot would pilot it first?"))
    assert _facts_move(first)[0].credit == 1.0
    session.retry()
    again = session.answer(Answer.typed("Okay, thanks, what else?"))
    assert _facts_move(again)[0].detail == (
        "uncovered 2 of 3 facts: budget owner, renewal date; missed: pilot team"
    )


def test_the_reveal_still_opens_the_next_line(core: dict[str, Technique]) -> None:
    first, *_ = _call(core, "Who signs off a purchase like this on your side?")
    assert isinstance(first.next, ProspectTurn)
    assert first.next.line.startswith("Greg in finance signs anything over ten thousand.")


def test_examples_and_paths_score_the_facts_as_a_drill_does(core: dict[str, Technique]) -> None:
    from trainer.drill.examples import run_paths

    loaded = _loaded(core)
    (example,) = run_examples(loaded)
    assert example.ok and "uncover-facts" in example.passed  # the answer's own unlock counts
    assert run_paths(loaded).ok


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "facts: {at_least: 3}",
            "facts: {of: [budget-owner, renewl]}",
            "no hidden fact 'renewl' — did you mean 'renewal'?",
        ),
        (
            "facts: {at_least: 3}",
            "facts: {of: [budget-owner, fact-4]}",
            "hidden fact 'fact-4' has no `unlock`, so no answer can uncover it",
        ),
        ("facts: {at_least: 3}", "facts: {at_least: 4}", "at_least is 4, but only 3 facts"),
        (
            "facts: {at_least: 3}",
            "facts: {}\n        phrases: [budget]",
            "a `facts` criterion scores the facts uncovered and nothing else",
        ),
        (
            "facts: {at_least: 3}",
            "phrases: [budget]",
            "(this one also has phrases); put those checks in a criterion of their own",
        ),
    ],
)
def test_the_loader_rejects_facts_it_cannot_count(
    core: dict[str, Technique], replace: str, by: str, message: str
) -> None:
    assert message in _errors(core, SCENARIO.replace(replace, by))


def test_scoring_facts_without_any_unlockable_fact_is_an_error(
    core: dict[str, Technique],
) -> None:
    start, end = SCENARIO.index("hidden:"), SCENARIO.index("steps:")
    text = SCENARIO[:start] + "hidden: [Just background.]\n" + SCENARIO[end:]
    text = text.replace("    facts: [budget-owner, renewal, pilot-team]\n", "")
    assert "no fact under `hidden:` has an `unlock`" in _errors(core, text)


def test_trainer_score_counts_earlier_facts_and_this_answers(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(SCENARIO, encoding="utf-8")
    base = ["--scenarios", str(tmp_path), "score", "--scenario", "test/discovery"]
    result = CliRunner().invoke(
        main,
        [
            *base,
            "--step",
            "wrap-up",
            "--uncovered",
            "budget-owner",
            "--text",
            "Where would you start, which depot would pilot it first?",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "✓ Uncovers what they know: 50 of 75 points" in result.output
    assert "uncovered 2 of 3 facts: budget owner, pilot team (this answer)" in result.output
    bad = CliRunner().invoke(
        main, [*base, "--step", "wrap-up", "--uncovered", "budget", "--text", "Hi?"]
    )
    assert bad.exit_code == 2
    assert "--uncovered: no hidden fact 'budget'" in bad.output
    assert "Traceback" not in bad.output


def test_a_technique_that_scores_facts_takes_no_other_check() -> None:
    from trainer.scenario.techniques import parse_technique_bytes

    text = b"""techniques:
  - name: learns-and-asks
    description: Uncovers facts and asks.
    facts: {at_least: 1}
    question: true
"""
    defined, errors = parse_technique_bytes(text, Path("team.yaml"))
    assert defined == []
    assert "a `facts` technique scores the facts uncovered and nothing else" in str(errors[0])


def test_a_facts_tip_says_what_would_uncover_a_fact_as_the_debrief_does(
    core: dict[str, Technique],
) -> None:
    """A fact with an `unlock` and no `how`, counted by a `facts` check with no tip of its
    own: the tip names the move by its label in the rep's words, never the author's
    "the answer makes clarifying question"."""
    text = """\
id: test/facts-tip
version: 1
title: Facts tip
kind: discovery
difficulty: 1
persona: {name: Priya Nair}
brief: A discovery call.
hidden:
  - id: budget-owner
    label: budget owner
    text: Finance signs anything over 10k.
    unlock: {passed: [clarifying-question]}
steps:
  - id: opening
    prospect: "So, what did you want to know?"
    rubric:
      - use: clarifying-question
      - {id: learned, label: Learns who decides, facts: {at_least: 1}}
    model_answer: "Who signs off a purchase like this on your side?"
    next: [{goto: done}]
endings:
  done: {outcome: win, prospect: "Talk soon."}
"""
    session = DrillSession(_loaded(core, text).scenario, seed=0)
    session.start()
    outcome = session.answer(Answer.typed("Thanks for making the time today, Priya."))
    learned = next(c for c in outcome.result.criteria if c.id == "learned")
    assert not learned.passed
    assert learned.tip == (
        "Still hidden: budget owner (you make the move “Ask a clarifying question”)."
    )
