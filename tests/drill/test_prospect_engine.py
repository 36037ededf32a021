"""A prospect who listens: fact unlocks, compound conditions, patience and hang-up,
templated replies, ending variants, replay of facts from logged turns."""

from __future__ import annotations

from typing import Any

from trainer.drill.conditions import Moment, holds
from trainer.drill.session import DrillSession, EndOfCall, ProspectTurn
from trainer.drill.templates import choose, fill
from trainer.scenario.format import checked
from trainer.scenario.models import Condition, Scenario, Step
from trainer.scoring.answer import Answer
from trainer.scoring.picks import pick_values, proposed_day_time
from trainer.scoring.result import CriterionResult, DeliveryMetric, GuardResult, TurnScore


def _result(
    score: float,
    passed: tuple[str, ...] = (),
    missed: tuple[str, ...] = (),
    guards: tuple[str, ...] = (),
    words: float = 20,
    questions: float = 1,
) -> TurnScore:
    criteria = tuple(CriterionResult(c, c, 1, True) for c in passed) + tuple(
        CriterionResult(c, c, 1, False) for c in missed
    )
    return TurnScore(
        score=score,
        criteria=criteria,
        guards=tuple(GuardResult(g, g, True, 20) for g in guards),
        delivery=(
            DeliveryMetric("words", "Words", words, 10, 60),
            DeliveryMetric("questions", "Questions asked", questions, 1, None),
        ),
    )


def _scenario(**extra: Any) -> Scenario:
    data: dict[str, Any] = {
        "id": "test/listens",
        "version": 1,
        "title": "Listens",
        "kind": "objection",
        "difficulty": 2,
        "persona": {"name": "Dana Ruiz"},
        "brief": "A brief.",
        "competitors": ["Acme Freight"],
        "hidden": [
            "A background fact.",
            {
                "id": "budget",
                "text": "Budget is set in March.",
                "unlock": {"asked_about": ["budget"]},
                "reveal": "Budgets are set in March, by the way.",
            },
        ],
        "steps": [
            {
                "id": "open",
                "prospect": "Why should I care?",
                "rubric": [{"id": "ask", "question": True}],
                "model_answer": "What matters most to you in the budget?",
                "next": [
                    {"when": {"facts": ["budget"]}, "goto": "close"},
                    {
                        "when": {"any": [{"guards": ["rude"]}, {"not": {"score_at_least": 20}}]},
                        "goto": "lost",
                    },
                    {"goto": "close"},
                ],
            },
            {
                "id": "close",
                "prospect": ["{day_time} works for me.", "When were you thinking?"],
                "rubric": [{"id": "step", "next_step": True}],
                "model_answer": "Could we talk Tuesday at 10?",
                "next": [{"goto": "booked"}],
            },
        ],
        "endings": {
            "booked": {
                "outcome": "win",
                "prospect": "{day_time|Then} it is.",
                "summary": "Booked.",
                "variants": [{"when": {"facts": ["budget"]}, "summary": "Booked, budget known."}],
            },
            "lost": {"outcome": "loss"},
        },
    }
    data.update(extra)
    return checked(Scenario, data)


def _fixed(*results: TurnScore) -> Any:
    it = iter(results)

    def score(step: Step, answer: Answer, line: str, scenario: Scenario) -> TurnScore:
        return next(it)

    return score


def test_a_good_question_unlocks_the_fact_and_the_next_line_reveals_it() -> None:
    session = DrillSession(_scenario(), score_fn=_fixed(_result(80), _result(80)))
    session.start()
    outcome = session.answer(Answer.typed("How is the budget decided?"))
    assert outcome.uncovered == ("budget",)
    assert isinstance(outcome.next, ProspectTurn)
    assert outcome.next.line.startswith("Budgets are set in March, by the way.")
    statuses = {s.fact.id: s for s in session.fact_statuses()}
    assert statuses["budget"].seq == 1 and statuses["fact-1"].seq is None


def test_no_question_about_it_leaves_the_fact_hidden_and_says_how_to_uncover_it() -> None:
    session = DrillSession(_scenario(), score_fn=_fixed(_result(80)))
    session.start()
    outcome = session.answer(Answer.typed("Our budget plans are flexible."))  # not a question
    assert outcome.uncovered == ()
    fact = _scenario().facts[1]
    assert 'asks about "budget"' in fact.unlock_text
    assert _scenario().facts[0].id == "fact-1"


def test_compound_conditions_all_any_not() -> None:
    rude = Moment(_result(60, guards=("rude",)), {"trust": 40}, frozenset({"budget"}))
    either = {"any": [{"guards": ["rude"]}, {"score_at_least": 90}]}
    assert holds(checked(Condition, either), rude)
    assert not holds(checked(Condition, {"not": {"guards": ["rude"]}}), rude)
    assert holds(
        checked(
            Condition,
            {"all": [{"facts": ["budget"]}, {"state_below": {"trust": 50}}], "score_below": 70},
        ),
        rude,
    )
    assert not holds(checked(Condition, {"facts": ["other"]}), rude)
    assert holds(checked(Condition, {"facts_at_least": 1}), rude)
    assert not holds(checked(Condition, {"facts_at_least": 2}), rude)
    text = checked(Condition, {"not": {"passed": ["ask-why"]}}).describe()
    assert text == "not (the answer makes ask why)"


def test_a_low_score_or_a_rude_answer_branches_to_the_loss() -> None:
    for result in (_result(10), _result(60, guards=("rude",))):
        session = DrillSession(_scenario(), score_fn=_fixed(result))
        session.start()
        outcome = session.answer(Answer.typed("Whatever."))
        assert isinstance(outcome.next, EndOfCall) and outcome.next.ending_id == "lost"


def test_patience_drains_with_rambling_and_pitching_and_the_prospect_hangs_up() -> None:
    loop = {
        "id": "open",
        "prospect": "Go on.",
        "rubric": [{"id": "ask", "question": True}],
        "model_answer": "What matters?",
        "next": [{"goto": "open"}],
    }
    scenario = _scenario(patience={"start": 40, "ramble": 20, "pitch": 10}, steps=[loop])
    ramble = _result(60, words=200, questions=0)
    session = DrillSession(scenario, score_fn=_fixed(ramble, ramble))
    session.start()
    first = session.answer(Answer.typed("A long pitch."))
    assert isinstance(first.next, ProspectTurn)
    assert session.state["patience"] == 10  # 40 - 20 (ramble) - 10 (no question)
    second = session.answer(Answer.typed("Another long pitch."))
    assert isinstance(second.next, EndOfCall)
    assert second.next.ending_id == "hung-up" and second.next.outcome.value == "loss"


def test_a_templated_reply_picks_up_the_day_and_time_proposed() -> None:
    session = DrillSession(_scenario(), score_fn=_fixed(_result(50), _result(90)))
    session.start()
    turn = session.answer(Answer.typed("Could we talk Thursday at 10 to look at it?"))
    assert isinstance(turn.next, ProspectTurn) and turn.next.line == "Thursday at 10 works for me."
    end = session.answer(Answer.typed("Great."))
    assert isinstance(end.next, EndOfCall) and end.next.line == "Thursday at 10 it is."


def test_without_a_detected_value_the_fallback_line_is_used() -> None:
    session = DrillSession(_scenario(), score_fn=_fixed(_result(50), _result(90)))
    session.start()
    turn = session.answer(Answer.typed("Can I ask how you ship today?"))
    assert isinstance(turn.next, ProspectTurn) and turn.next.line == "When were you thinking?"
    end = session.answer(Answer.typed("Soon."))
    assert isinstance(end.next, EndOfCall) and end.next.line == "Then it is."


def test_the_ending_variant_follows_what_happened() -> None:
    session = DrillSession(_scenario(), score_fn=_fixed(_result(80), _result(80)))
    session.start()
    session.answer(Answer.typed("What does your budget look like?"))
    end = session.answer(Answer.typed("Tuesday at 2?"))
    assert isinstance(end.next, EndOfCall) and end.next.summary == "Booked, budget known."


def test_retry_forgets_a_fact_the_retried_answer_uncovered() -> None:
    session = DrillSession(_scenario(), score_fn=_fixed(_result(80), _result(80)))
    session.start()
    session.answer(Answer.typed("How is the budget set?"))
    session.retry()
    assert session.facts == {}


def test_picks() -> None:
    assert proposed_day_time("How about Thursday at 10?") == "Thursday at 10"
    assert proposed_day_time("could we do at 2pm on Tuesday") == "Tuesday at 2pm"
    assert proposed_day_time("tomorrow morning works") == "tomorrow morning"
    assert proposed_day_time("no day here") is None
    found = pick_values(
        "Hi Dana, I'm Alex Moore. Could we meet with Dr. Shaw? Unlike Acme Freight we track.",
        competitors=["Acme Freight"],
        prospect_name="Dana Ruiz",
    )
    assert found == {"rep_name": "Alex", "person": "Dr. Shaw", "competitor": "Acme Freight"}
    assert fill("{person|your boss} and I", {}) == "Your boss and I"
    assert fill("Call {person|your boss}.", {}) == "Call your boss."


def test_choose_prefers_a_line_that_uses_the_reps_words() -> None:
    import random

    lines = ["Fine.", "{competitor}? We looked at them."]
    assert choose(lines, {"competitor": "Acme"}, random.Random(0)) == "Acme? We looked at them."
    assert choose(lines, {}, random.Random(0)) == "Fine."


def test_facts_are_replayed_from_logged_turns() -> None:
    from trainer.drill.replay import facts_of
    from trainer.scoring.answer import InputKind
    from trainer.store.records import TurnRecord

    def turn(seq: int, text: str, retried: bool = False) -> TurnRecord:
        return TurnRecord(
            id=str(seq),
            attempt_id="a",
            seq=seq,
            step_id="open",
            prospect_line="",
            answer_text=text,
            input_kind=InputKind.TYPED,
            result=_result(80),
            retried=retried,
        )

    asked = facts_of(_scenario(), 0, [turn(1, "How is the budget set?"), turn(2, "Tuesday?")])
    assert {s.fact.id: s.seq for s in asked} == {"fact-1": None, "budget": 1}
    retried = facts_of(
        _scenario(), 0, [turn(1, "How is the budget set?", retried=True), turn(2, "Fine.")]
    )
    assert {s.fact.id: s.seq for s in retried}["budget"] is None


def test_words_past_the_scored_part_of_a_huge_answer_unlock_nothing() -> None:
    """A huge paste is scored on its first 20,000 characters ("Only the first 20,000
    characters were scored"); the prospect hears no more than that either, so a question
    buried past it uncovers nothing (and the check stays quick: read whole, it was quadratic)."""
    filler = "We help fleets plan routes and I would like to tell you more about it. " * 400
    asked = Condition(asked_about=["budget"])
    early = Moment(_result(80), {}, answer_text="What budget did you set? " + filler)
    late = Moment(_result(80), {}, answer_text=filler + "What budget did you set?")
    assert len(filler) > 20_000
    assert holds(asked, early)
    assert not holds(asked, late)
