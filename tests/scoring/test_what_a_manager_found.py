"""Answers a manager and a new hire tried (QA session 10): a short real question read as
keyword salad on a manager's own scenario, a miss on an answer that does what the tip asks,
and evidence that shows a word which does not make the move."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.scoring.helpers import guards, score
from trainer.cli import main
from trainer.scenario.library import Library, load_library
from trainer.scoring.answer import Answer
from trainer.scoring.result import GOOD_SCORE, TurnScore
from trainer.scoring.scorer import score_answer

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"

# The manager's new scenario, as written (it passed validate and test-scenarios).
SEAT_LICENCES = """\
id: my-team/seat-licences
version: 1
title: "We only need five seats, not twenty"
kind: objection
difficulty: 2
persona: {name: Priya Shah, role: Head of Finance, company: Kestrel Labs}
brief: Priya asked for a quote for twenty seats of your expense tool; now she pushes back.
hidden:
  - Only five people file expenses weekly; the rest once a quarter.
steps:
  - id: pushback
    prospect: "Twenty seats? Honestly, only five of us would use it."
    rubric:
      - use: acknowledge
      - use: clarifying-question
        weight: 2
      - id: no-instant-discount
        label: No discount before understanding
        avoid: [discount, "knock something off", "lower the price"]
        tip: Understand who files expenses before you talk price.
    model_answer: "That's fair. Who files expenses today, and how often?"
    next:
      - when: {score_at_least: 70}
        goto: usage
      - goto: lost
  - id: usage
    prospect: "Five weekly. The rest maybe once a quarter."
    rubric:
      - use: peer-question
      - use: advance-next-step
    model_answer: >-
      Makes sense. How do the quarterly ones file today? Could we look at a five-seat start
      on Thursday at ten?
    next:
      - when: {score_at_least: 70}
        goto: booked
      - goto: lost
endings:
  booked: {outcome: win, prospect: "Thursday at ten works.", summary: Meeting booked.}
  lost: {outcome: loss, prospect: "I'll think about it.", summary: Ask who uses it first.}
"""


@pytest.fixture
def manager_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "my-scenarios"
    folder.mkdir()
    (folder / "seat-licences.yaml").write_text(SEAT_LICENCES, encoding="utf-8")
    return folder


def _score_cmd(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--scenarios", str(folder), "score", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_short_real_question_on_a_managers_scenario_is_no_salad(manager_dir: Path) -> None:
    out = _score_cmd(
        manager_dir,
        "--scenario",
        "my-team/seat-licences",
        "--text",
        "Fair enough, who files expenses today?",
    )
    assert "Keyword salad" not in out
    assert "Score: 99/100" in out or "Score: 100/100" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Fair enough, who files expenses today?",
        "Good point, who files expenses today?",
        "Makes sense, which teams file expenses monthly?",
        "Fair point, pricing depends on seats.",
        "Great, Thursday works perfectly.",
        "Noted, quarterly filers pay nothing extra.",
        "fair enough who files expenses today",  # as speech transcribes it
        # Terse typed sentences with no list item in them, however few their function words.
        "Fair enough. Two planners stuck re-routing by phone. Twenty minutes Tuesday?",
    ],
)
def test_short_real_sentences_are_never_salad(text: str) -> None:
    assert "keyword-salad" not in guards(text, prospect="Only five of us would use it.")


@pytest.mark.parametrize(
    "text",
    [
        "Understood, budget, timing, question, Tuesday?",  # a short list is still a list
        "fair understand compare budget quote question what price",
        "Jordan, PawTrack, vet clinics, no-shows, text reminders, quick, call back, good time?",
    ],
)
def test_lists_of_keywords_are_still_salad(text: str) -> None:
    assert "keyword-salad" in guards(text, prospect="Only five of us would use it.")


def test_a_short_run_of_keywords_earns_next_to_nothing() -> None:
    """No guard for it, but it makes no move: it scores far below a fair answer."""
    result = score(
        "acknowledge question tuesday meeting frustrated",
        {"use": "acknowledge"},
        {"use": "clarifying-question", "weight": 2},
        prospect="Only five of us would use it.",
    )
    assert result.score < 20


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _shipped(library: Library, step_id: str, text: str) -> TurnScore:
    scenario = library.get("objection/no-budget").scenario
    step = next(s for s in scenario.steps if s.id == step_id)
    return score_answer(step, Answer.typed(text), step.prospect[0])


def _move(result: TurnScore, label: str) -> tuple[bool, list[str]]:
    c = next(c for c in result.criteria if c.label == label)
    return c.passed, [e.text for e in c.evidence]


def test_asking_when_the_budget_year_starts_and_todays_spend_explores_the_budget(
    library: Library,
) -> None:
    result = _shipped(
        library,
        "no-budget",
        "That's fair, Tom. When does your budget year start, and what are you spending on IT "
        "support today?",
    )
    made, _evidence = _move(result, "Explores the budget cycle or today's cost")
    assert made and result.score >= GOOD_SCORE
    # The move still needs the budget's timing or today's cost, not any question.
    other = _shipped(library, "no-budget", "That's fair, Tom. What does your firm do?")
    assert not _move(other, "Explores the budget cycle or today's cost")[0]


def test_naming_the_event_is_no_label_of_the_emotion(library: Library) -> None:
    asked = _shipped(
        library,
        "the-scare",
        "What happened after that ransomware weekend, and who else at the firm cares about "
        "sorting IT out? Could we talk in August, before the September budget?",
    )
    assert _move(asked, "Label the emotion") == (False, [])
    for felt in (
        "Sounds like a rough weekend. What changed after that?",
        "That must have been a stressful weekend. What happened after it?",
    ):
        assert _move(_shipped(library, "the-scare", felt), "Label the emotion")[0], felt


def test_a_proposal_to_look_at_something_is_no_peer_question(manager_dir: Path) -> None:
    out = _score_cmd(
        manager_dir,
        "--scenario",
        "my-team/seat-licences",
        "--step",
        "usage",
        "--text",
        "Makes sense. How do the quarterly ones file today? Could we look at a five-seat start "
        "on Thursday at ten?",
    )
    peer = next(line for line in out.splitlines() if "Ask a peer-level question" in line)
    assert "“How do the quarterly ones file today”" in peer and "look at" not in peer
    proposal_only = _score_cmd(
        manager_dir,
        "--scenario",
        "my-team/seat-licences",
        "--step",
        "usage",
        "--text",
        "Makes sense. Could we look at a five-seat start on Thursday at ten?",
    )
    assert "✗ Ask a peer-level question" in proposal_only
    asked = score(
        "Fair enough. Besides us, what else have you looked at?",
        {"use": "peer-question"},
        prospect="We're weighing a few options.",
    )
    assert asked.criteria[0].passed


def test_score_words_a_penalty_as_show_and_the_app_do(manager_dir: Path) -> None:
    out = _score_cmd(
        manager_dir,
        "--scenario",
        "my-team/seat-licences",
        "--text",
        "Understood, budget, timing, question, Tuesday?",
    )
    assert "minus 100 points" in out and "-100 points" not in out
