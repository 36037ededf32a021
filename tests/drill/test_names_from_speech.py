"""Names from lower-case speech transcripts: a reply that repeats the rep's name or the
person to involve picks them up from "yeah its sam from route loop ... loop in sarah from
finance", capitalised; everyday words after the same cues are never taken for names."""

from __future__ import annotations

import pytest

from trainer.drill.session import DrillSession, EndOfCall, ProspectTurn
from trainer.scenario.format import checked
from trainer.scenario.models import Scenario
from trainer.scoring.answer import Answer
from trainer.scoring.picks import pick_values

TRANSCRIPT = (
    "yeah its sam from route loop thanks for picking up i know your mornings are busy "
    "what if we maybe loop in sarah from finance on thursday at ten"
)


def test_the_reps_name_and_the_person_come_from_a_lower_case_transcript() -> None:
    found = pick_values(TRANSCRIPT, prospect_name="Dana Ruiz")
    assert found == {"rep_name": "Sam", "person": "Sarah", "day_time": "Thursday at ten"}


@pytest.mark.parametrize(
    ("said", "rep", "person"),
    [
        ("hi this is priya calling from acme", "Priya", None),
        ("my name is tom and i look after onboarding", "Tom", None),
        ("could we speak to greg about the warehouse system", None, "Greg"),
        ("happy to set up a call with maria jones next week", None, "Maria Jones"),
        ("im alex by the way shall we invite jordan", "Alex", "Jordan"),
        # a first name that is also a word counts only with "from" after it
        ("hi its mark from route loop", "Mark", None),
        ("can we bring in grant from procurement", None, "Grant"),
    ],
)
def test_names_after_cues(said: str, rep: str | None, person: str | None) -> None:
    found = pick_values(said, prospect_name="Dana Ruiz")
    assert found.get("rep_name") == rep
    assert found.get("person") == person


@pytest.mark.parametrize(
    "said",
    [
        "its sunny out here today",
        "ok speak to you later then",
        "i'm sure it's fine, talk to you soon",
        "it is what it is, we can call it a day",
        "this is great, i'm happy with that",
        "we'd mark the date and loop in finance",
        "i'm calling with grant funding news and will follow up",
        "we'll meet with hope that it works out",
        "it's just me and the team here",
        "let's talk to dana about it",  # the prospect herself
    ],
)
def test_everyday_words_after_a_cue_are_not_names(said: str) -> None:
    found = pick_values(said, prospect_name="Dana Ruiz")
    assert "rep_name" not in found and "person" not in found, found


def test_a_name_the_scenario_uses_counts_even_when_it_is_a_word() -> None:
    said = "could we loop in grant on the next call"
    assert "person" not in pick_values(said)
    assert pick_values(said, known_names={"grant"})["person"] == "Grant"


def test_capitalised_answers_are_read_as_before() -> None:
    found = pick_values("Hi, it's Alex Morgan. Could we bring in Dr. Shaw?")
    assert found["rep_name"] == "Alex" and found["person"] == "Dr. Shaw"


def _scenario() -> Scenario:
    return checked(
        Scenario,
        {
            "id": "test/names",
            "version": 1,
            "title": "Names",
            "kind": "cold_call",
            "difficulty": 1,
            "persona": {"name": "Dana Ruiz"},
            "brief": "Cold call. Her finance lead, Grant, signs off purchases.",
            "steps": [
                {
                    "id": "open",
                    "prospect": "Who's this?",
                    "rubric": [{"id": "ask", "question": True}],
                    "model_answer": "It's Sam from Route Loop. Have you a minute?",
                    "next": [{"goto": "involve"}],
                },
                {
                    "id": "involve",
                    "prospect": ["Right, {rep_name|then}. Who else should hear this?"],
                    "rubric": [{"id": "ask", "question": True}],
                    "model_answer": "Could we loop in Grant from finance?",
                    "next": [{"goto": "done"}],
                },
            ],
            "endings": {
                "done": {"outcome": "win", "prospect": "Fine, bring {person|your colleague}."}
            },
        },
    )


def test_the_engine_repeats_names_from_a_spoken_answer_and_falls_back_otherwise() -> None:
    session = DrillSession(_scenario())
    session.start()
    first = session.answer(Answer.typed("yeah its sam from route loop have you got a minute"))
    assert isinstance(first.next, ProspectTurn)
    assert first.next.line == "Right, Sam. Who else should hear this?"
    last = session.answer(Answer.typed("could we loop in grant on thursday"))  # the brief's Grant
    assert isinstance(last.next, EndOfCall) and last.next.line == "Fine, bring Grant."

    other = DrillSession(_scenario())
    other.start()
    first = other.answer(Answer.typed("its sunny here isnt it"))
    assert isinstance(first.next, ProspectTurn)
    assert first.next.line == "Right, then. Who else should hear this?"
    last = other.answer(Answer.typed("speak to you later"))
    assert isinstance(last.next, EndOfCall) and last.next.line == "Fine, bring your colleague."


def test_the_shipped_name_lists_hold_names_not_everyday_words() -> None:
    from trainer.scoring.names import name_lists

    lists = name_lists()
    assert {"sam", "sarah", "greg", "priya", "mark"} <= lists["first"]
    assert {"jones", "nair"} & lists["last"]
    assert {"mark", "grant", "hope", "summer"} <= lists["common-word"]
    assert not {"sunny", "later", "you", "finance"} & lists["first"]
