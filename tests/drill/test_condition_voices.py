"""One condition said in each voice of the one walker (trainer.scenario.wording): the
author's (`Condition.describe`), the pair partner's card and the rep's debrief. The
partner and the rep read the moves by the checklist's labels and the facts by their names,
never the scenario's field names or ids."""

from __future__ import annotations

from typing import Any

from trainer.drill.pair import hidden_facts
from trainer.drill.wording import GUARD_WORDS, Names, RepVoice, how_uncovered, partner_words
from trainer.scenario.format import checked
from trainer.scenario.models import Condition, Scenario
from trainer.scenario.wording import describe
from trainer.scoring.guards import LABEL


def _scenario() -> Scenario:
    data: dict[str, Any] = {
        "id": "test/voices",
        "version": 1,
        "title": "Voices",
        "kind": "objection",
        "difficulty": 1,
        "persona": {"name": "Dana Ruiz"},
        "brief": "A brief.",
        "state": {"trust": {"start": 50}},
        "hidden": [
            {
                "id": "budget",
                "label": "the budget date",
                "text": "Budget is set in March.",
                "unlock": {"passed": ["ask-why"], "at": ["pushback"]},
            },
            {
                "id": "rival",
                "text": "A rival quoted less.",
                "unlock": {"asked_about": ["quote"]},
                "how": "you ask what else she was quoted",
            },
        ],
        "steps": [
            {
                "id": "pushback",
                "prospect": "It's more than we wanted to spend.",
                "model_answer": "Why does the price matter most right now?",
                "rubric": [
                    {"id": "ask-why", "label": "Ask why it matters", "question": True},
                    {"id": "stay-calm", "label": "Stay calm", "avoid": ["calm down"]},
                ],
                "next": [{"goto": "done"}],
            }
        ],
        "endings": {"done": {"outcome": "neutral"}},
    }
    return checked(Scenario, data)


WHEN = {
    "score_at_least": 70,
    "missed": ["stay-calm"],
    "state_below": {"trust": 40},
    "facts": ["budget"],
    "facts_at_least": 2,
    "any": [{"said": ["fair enough"]}, {"asked_about": ["price"]}],
    "not": {"guards": ["pushy", "rude"]},
}


def test_one_condition_reads_in_the_authors_the_partners_and_the_reps_words() -> None:
    scenario = _scenario()
    cond = checked(Condition, WHEN)
    assert cond.describe() == (
        "the answer scores at least 70 and the answer misses stay calm and trust is below 40"
        " and the rep has uncovered budget and the rep has uncovered at least 2 hidden facts"
        ' and (the rep says "fair enough" or the rep asks about "price")'
        " and not (the answer sets off pushy or rude)"
    )
    assert partner_words(cond, scenario, scenario.step("pushback")) == (
        "a good answer (score 70+) and you did not tick “Stay calm” and trust under 40"
        " and the rep has uncovered the budget date and the rep has uncovered at least 2"
        " facts and either the rep says “fair enough” or the rep asks about “price”"
        " and the rep was not pushy or rude"
    )
    assert describe(cond, RepVoice(Names(scenario))) == (
        "your answer scores 70 or more and you do not make the move “Stay calm” and trust is"
        " under 40 and you have uncovered the budget date and you have uncovered at least 2"
        " facts and either you say “fair enough” or you ask about “price”"
        " and you are not pushy or rude"
    )


def test_a_facts_unlock_reads_by_the_moves_labels_in_the_debrief_and_on_the_card() -> None:
    """Its `how` first; else its `unlock` in the rep's words, the same on the pair card."""
    scenario = _scenario()
    budget, rival = scenario.facts
    assert budget.unlock_text == "the answer makes ask why and at pushback"
    said = "you make the move “Ask why it matters” and you answer at the pushback step"
    assert how_uncovered(budget, scenario) == said
    assert how_uncovered(rival, scenario) == "you ask what else she was quoted"
    assert [f.unlock for f in hidden_facts(scenario)] == [said, rival.how]
    two = checked(Condition, {"passed": ["ask-why", "stay-calm"]})
    assert describe(two, RepVoice(Names(scenario))) == (
        "you make the moves “Ask why it matters” and “Stay calm”"
    )
    neither = checked(Condition, {"missed": ["ask-why", "stay-calm"]})
    assert describe(neither, RepVoice(Names(scenario))) == (
        "you make none of the moves “Ask why it matters” and “Stay calm”"
    )


def test_a_lone_move_negated_reads_as_its_opposite_the_rest_as_not() -> None:
    scenario = _scenario()
    step = scenario.step("pushback")
    rep = RepVoice(Names(scenario))
    not_asked = checked(Condition, {"not": {"passed": ["ask-why"]}})
    assert not_asked.describe() == "not (the answer makes ask why)"
    assert partner_words(not_asked, scenario, step) == "you did not tick “Ask why it matters”"
    assert describe(not_asked, rep) == "you do not make the move “Ask why it matters”"
    not_missed = checked(Condition, {"not": {"missed": ["stay-calm"]}})
    assert partner_words(not_missed, scenario, step) == "you ticked “Stay calm”"
    mixed = checked(Condition, {"not": {"passed": ["ask-why"], "score_below": 40}})
    assert partner_words(mixed, scenario, step) == (
        "not: a weak answer (score under 40) and you ticked “Ask why it matters”"
    )
    assert partner_words(None) == partner_words(Condition()) == "otherwise"


def test_every_field_of_a_condition_is_said_in_every_voice() -> None:
    """A field the walker forgot would read "always" (or "otherwise") where it holds."""
    scenario = _scenario()
    sample: dict[str, Any] = {
        "score_at_least": 70,
        "score_below": 40,
        "passed": ["ask-why"],
        "missed": ["ask-why"],
        "guards": ["rude"],
        "state_at_least": {"trust": 60},
        "state_below": {"trust": 40},
        "facts": ["budget"],
        "facts_at_least": 1,
        "at": ["pushback"],
        "said": ["fair enough"],
        "asked_about": ["price"],
        "all": [{"said": ["fair enough"]}],
        "any": [{"said": ["fair enough"]}],
        "not": {"said": ["fair enough"]},
    }
    assert {name.rstrip("_") for name in Condition._fields} == set(sample)
    for name, value in sample.items():
        cond = checked(Condition, {name: value})
        said = [
            cond.describe(),
            partner_words(cond, scenario, scenario.step("pushback")),
            describe(cond, RepVoice(Names(scenario))),
        ]
        assert all(s not in ("always", "otherwise", "you answer", "") for s in said), name
        assert all("_" not in s for s in said), (name, said)


def test_every_guard_reads_after_the_rep_was_and_you_are() -> None:
    """A guard a condition names reads as what the rep was ("the rep was ignoring what the
    prospect said"), never as its feedback label ("the rep was ignores what ...")."""
    scenario = _scenario()
    rep = RepVoice(Names(scenario))
    assert set(GUARD_WORDS) == set(LABEL)
    ignoring = checked(Condition, {"guards": ["ignores-prospect"]})
    assert partner_words(ignoring, scenario) == "the rep was ignoring what the prospect said"
    assert describe(ignoring, rep) == "you are ignoring what the prospect said"
    pressure = checked(Condition, {"not": {"guards": ["pressure"]}})
    assert partner_words(pressure, scenario) == (
        "the rep was not using fear or guilt instead of a reason"
    )


def test_only_a_score_a_good_answer_makes_is_called_good_and_only_one_under_it_weak() -> None:
    scenario = _scenario()
    words = {
        cond: partner_words(checked(Condition, cond_yaml), scenario)
        for cond, cond_yaml in {
            "70+": {"score_at_least": 70},
            "50+": {"score_at_least": 50},
            "<40": {"score_below": 40},
            "<85": {"score_below": 85},
        }.items()
    }
    assert words == {
        "70+": "a good answer (score 70+)",
        "50+": "an answer scoring 50 or more",
        "<40": "a weak answer (score under 40)",
        "<85": "an answer scoring under 85",
    }
