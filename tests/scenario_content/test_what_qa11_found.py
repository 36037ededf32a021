"""What a new hire found in the shipped scenarios' texts (QA session 11): feedback that
disagreed with the answer or with the scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.drill.session import DrillSession, EndOfCall
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import Outcome, Scenario
from trainer.scoring.answer import Answer
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import score_answer

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _scenario(library: Library, scenario_id: str) -> Scenario:
    return library.get(scenario_id).scenario


def _score(library: Library, scenario_id: str, text: str, step_id: str | None = None) -> TurnScore:
    scenario = _scenario(library, scenario_id)
    step = next(s for s in scenario.steps if s.id == (step_id or scenario.steps[0].id))
    return score_answer(
        step,
        Answer.typed(text),
        step.prospect[0],
        scenario.delivery,
        prospect_name=scenario.persona.name or None,
    )


def _move(result: TurnScore, name: str) -> bool:
    return next(c for c in result.criteria if c.id == name).passed


@pytest.mark.parametrize(
    "text",
    [
        "Of course, Owen. Would Thursday at 10 work for a call about your delivery scheduling?",
        "Of course. Would Thursday at 10 work for a call about your delivery scheduling?",
        "Sure, no problem. Would Thursday at 10 work for a call about your delivery scheduling?",
        "Sure. It's about your delivery routes. Would Thursday at 10 work?",
        "Not a problem. It's about your trucks. Tomorrow at nine thirty?",
        "No worries, enjoy your meeting. It's about your fleet. Thursday at two?",
    ],
)
def test_plain_agreement_to_call_later_respects_his_time(library: Library, text: str) -> None:
    """The tip says to agree ("Of course, I'll call you back"): plain agreement is the move."""
    result = _score(library, "objection/call-me-later", text)
    assert _move(result, "respect-time"), text
    assert result.score >= 85, text


@pytest.mark.parametrize(
    "text",
    [
        "I'm sure you'll love RouteWise, let me tell you about our features, it will only take "
        "a minute.",
        "Make sure you hear about RouteWise, our fleet platform is the best on the market.",
        "I'm not sure that's a good idea, this is important, our platform saves hours.",
        "Of course not, this will only take one minute, let me tell you about RouteWise.",
    ],
)
def test_agreement_words_in_a_pitch_do_not_respect_his_time(library: Library, text: str) -> None:
    result = _score(library, "objection/call-me-later", text)
    assert not _move(result, "respect-time"), text
    assert result.score < 40, text


def _ending(scenario: Scenario, answers: list[str]) -> EndOfCall:
    session = DrillSession(scenario, seed=0)
    session.start()
    for text in answers:
        outcome = session.answer(Answer.typed(text))
    assert isinstance(outcome.next, EndOfCall)
    return outcome.next


def _summary(scenario: Scenario, ending: EndOfCall) -> str:
    return scenario.endings[ending.ending_id].summary or ""


FIXES_A_TIME = (
    "Of course. It's about how you schedule deliveries to sites. Would Thursday at two work "
    "for a ten-minute call?"
)


def test_a_call_lost_after_the_callback_was_fixed_is_not_told_to_fix_one(
    library: Library,
) -> None:
    """Losing at the callback or at "why change" ends with that step's lesson, not with the
    first step's "a vague 'later' loses the lead. Fix a day and time"."""
    scenario = _scenario(library, "objection/call-me-later")
    at_callback = _ending(scenario, [FIXES_A_TIME, "Okay, fine."])
    at_why_change = _ending(
        scenario,
        [
            FIXES_A_TIME,
            "Thanks for picking up. How do you schedule your 25 trucks today?",
            "Okay, fine.",
        ],
    )
    for ending in (at_callback, at_why_change):
        assert ending.outcome is Outcome.LOSS
        summary = _summary(scenario, ending).lower()
        assert "later" not in summary and "fix a day and time" not in summary
    assert "why you called" in _summary(scenario, at_callback)
    assert "planners" in _summary(scenario, at_why_change)
    at_first = _ending(scenario, ["Sure, I'll call you later."])
    assert "Fix a day and time" in _summary(scenario, at_first)
