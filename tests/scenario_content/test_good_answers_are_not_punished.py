"""Good answers in the words real reps use are never punished for their wording.

`good_answers.yaml` holds 198 answers to the first step of each of the 33 shipped scenarios (6
each), every one rated 4 or 5 by a sales coach who read only the scenarios and
docs/scenarios.md, never the scorer: casual wording, polite negation ("nobody will call you
again", "I won't keep you"), terse answers, speech transcripts, honest sources of a number.
A guard on any of them is a false hit a rep would rightly dispute, so none may fire; and
nearly all must score as good or fair answers do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.scenario.library import Library, load_library
from trainer.scoring.answer import Answer
from trainer.scoring.result import FAIR_SCORE, GOOD_SCORE, TurnScore
from trainer.scoring.scorer import score_answer

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parents[1] / "scenarios"
GOOD_SHARE = 0.80  # at least this share score GOOD_SCORE or more
FAIR_SHARE = 0.96  # at least this share score FAIR_SCORE or more


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _answers() -> list[dict[str, Any]]:
    data = yaml.safe_load((HERE / "good_answers.yaml").read_text(encoding="utf-8"))
    answers: list[dict[str, Any]] = data["answers"]
    return answers


def _score(library: Library, item: dict[str, Any]) -> TurnScore:
    scenario = library.get(item["scenario"]).scenario
    step = scenario.steps[0]
    answer = Answer.typed(item["text"])
    return score_answer(
        step,
        answer,
        step.prospect[0],
        scenario.delivery,
        prospect_name=scenario.persona.name or None,
    )


def test_the_set_covers_every_shipped_scenario(library: Library) -> None:
    answers = _answers()
    assert {a["scenario"] for a in answers} == set(library.scenarios)
    assert len(answers) >= 6 * len(library.scenarios)
    assert all(a["rating"] in (4, 5) for a in answers)


def test_no_guard_fires_on_a_good_answer(library: Library) -> None:
    fired = []
    for a in _answers():
        hits = [g.id for g in _score(library, a).guards if g.triggered]
        if hits:
            fired.append(f"{a['scenario']}: {hits} {a['text']!r}")
    assert not fired, "\n".join(fired)


def test_good_answers_score_as_good_or_fair_answers_do(library: Library) -> None:
    scores = [_score(library, a).score for a in _answers()]
    good = sum(s >= GOOD_SCORE for s in scores) / len(scores)
    fair = sum(s >= FAIR_SCORE for s in scores) / len(scores)
    print(f"\ngood answers to the shipped scenarios: {good:.2f} good, {fair:.2f} good or fair")
    assert good >= GOOD_SHARE and fair >= FAIR_SHARE
