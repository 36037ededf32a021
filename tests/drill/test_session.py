"""The drill engine: branching, endings, hidden state, hints, retries, seeds."""

from __future__ import annotations

import pytest

from trainer.drill.session import DrillSession, EndOfCall, Phase, ProspectTurn, SessionError
from trainer.scenario.format import checked
from trainer.scenario.models import Outcome, Scenario, Step
from trainer.scoring.answer import Answer
from trainer.scoring.result import CriterionResult, TurnScore

SCENARIO = checked(
    Scenario,
    {
        "id": "test/branching",
        "version": 1,
        "title": "Branching test",
        "kind": "objection",
        "difficulty": 2,
        "persona": {"name": "Dana"},
        "brief": "A brief.",
        "state": {"interest": {"start": 50}},
        "steps": [
            {
                "id": "open",
                "prospect": ["Line A", "Line B", "Line C", "Line D"],
                "rubric": [{"id": "ask", "question": True, "tip": "Ask an open question."}],
                "model_answer": "What are you comparing it to?",
                "next": [
                    {"when": {"score_at_least": 70}, "goto": "close", "effects": {"interest": 30}},
                    {"when": {"missed": ["ask"]}, "goto": "harder", "effects": {"interest": -60}},
                ],
            },
            {
                "id": "harder",
                "prospect": "I really don't have time for this.",
                "rubric": [{"id": "ask", "question": True}],
                "model_answer": "Understood. Could I call you Tuesday?",
                "hint": "Respect their time and offer a short call.",
                "next": [
                    {"when": {"state_below": {"interest": 10}}, "goto": "hung-up"},
                    {"goto": "close"},
                ],
            },
            {
                "id": "close",
                "prospect": "OK, what do you suggest?",
                "rubric": [{"id": "next", "next_step": True}],
                "model_answer": "Fifteen minutes on Thursday at ten?",
                "next": [{"when": {"score_at_least": 70}, "goto": "booked"}, {"goto": "later"}],
            },
        ],
        "endings": {
            "booked": {"outcome": "win", "prospect": "Thursday works."},
            "later": {"outcome": "callback", "prospect": "Call me next month."},
            "hung-up": {"outcome": "loss", "prospect": "Goodbye."},
        },
    },
)


def fake_score(step: Step, answer: Answer, line: str, scenario: Scenario) -> TurnScore:
    """A transparent stand-in: 'good' answers pass every criterion, others pass none."""
    good = "good" in answer.text
    criteria = tuple(
        CriterionResult(id=c.key, label=c.key, weight=1, passed=good) for c in step.rubric
    )
    return TurnScore(score=90.0 if good else 10.0, criteria=criteria)


def session(seed: int = 0) -> DrillSession:
    return DrillSession(SCENARIO, seed=seed, score_fn=fake_score)


def test_good_answers_reach_the_win_ending() -> None:
    s = session()
    first = s.start()
    assert first.step_id == "open"
    out = s.answer(Answer.typed("good"))
    assert isinstance(out.next, ProspectTurn) and out.next.step_id == "close"
    assert s.state["interest"] == 80
    end = s.answer(Answer.typed("good")).next
    assert isinstance(end, EndOfCall)
    assert end.outcome is Outcome.WIN and end.line == "Thursday works."
    assert s.phase is Phase.ENDED and s.score == pytest.approx(90.0)


def test_poor_answer_brings_harder_pushback_then_a_hang_up() -> None:
    s = session()
    s.start()
    out = s.answer(Answer.typed("bad"))
    assert isinstance(out.next, ProspectTurn) and out.next.step_id == "harder"
    assert s.state["interest"] == 0  # clamped at the meter's minimum
    end = s.answer(Answer.typed("bad")).next
    assert isinstance(end, EndOfCall) and end.outcome is Outcome.LOSS


def test_no_matching_branch_ends_the_call() -> None:
    scenario = SCENARIO._replace(steps=[SCENARIO.steps[0]._replace(next=None)])
    s = DrillSession(scenario, score_fn=fake_score)
    s.start()
    assert isinstance(s.answer(Answer.typed("good")).next, EndOfCall)


def test_same_seed_same_prospect_lines_and_different_seeds_vary() -> None:
    firsts = {DrillSession(SCENARIO, seed=n, score_fn=fake_score).start().line for n in range(30)}
    assert len(firsts) > 1
    assert session(seed=7).start().line == session(seed=7).start().line


def test_hint_is_recorded_on_the_turn_and_falls_back_to_tips() -> None:
    s = session()
    s.start()
    assert "open question" in s.hint()  # no step hint: the rubric's tip
    out = s.answer(Answer.typed("bad"))
    assert out.hint_used
    assert s.hint() == "Respect their time and offer a short call."
    s.answer(Answer.typed("bad"))
    plain = session()
    plain.start()
    plain.answer(Answer.typed("good"))  # no hint asked
    assert [t.hint_used for t in s.turns] == [True, True]
    assert [t.hint_used for t in plain.turns] == [False]


def test_retry_reanswers_the_step_and_only_the_last_answer_counts() -> None:
    s = session()
    s.start()
    s.answer(Answer.typed("bad"))
    again = s.retry()
    assert again.step_id == "open"
    assert s.state["interest"] == 50  # the hidden state is rolled back too
    out = s.answer(Answer.typed("good"))
    assert isinstance(out.next, ProspectTurn) and out.next.step_id == "close"
    assert [t.retried for t in s.turns] == [True, False]
    assert s.score == pytest.approx(90.0)


def test_retry_after_the_end_reopens_the_call() -> None:
    s = session()
    s.start()
    s.answer(Answer.typed("good"))
    s.answer(Answer.typed("bad"))  # ends in a callback
    assert s.phase is Phase.ENDED
    assert s.retry().step_id == "close"
    end = s.answer(Answer.typed("good")).next
    assert isinstance(end, EndOfCall) and end.outcome is Outcome.WIN


def test_abandon_stops_answers_and_keeps_turns() -> None:
    s = session()
    s.start()
    s.answer(Answer.typed("good"))
    s.abandon()
    assert s.phase is Phase.ABANDONED and len(s.turns) == 1
    with pytest.raises(SessionError):
        s.answer(Answer.typed("good"))


def test_cannot_retry_before_answering_or_answer_before_start() -> None:
    s = session()
    with pytest.raises(SessionError):
        s.answer(Answer.typed("good"))
    s.start()
    with pytest.raises(SessionError):
        s.retry()
