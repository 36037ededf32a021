"""Good answers that guards once punished for their wording (found by a coach's good answers to
the shipped scenarios, tests/scenario_content/good_answers.yaml). Each case is paired with the
fault the guard is there for, which it still catches."""

from __future__ import annotations

from tests.scoring.helpers import guards, passed, score

FOLLOW_UP = "Hello?"
INBOUND = "I filled in the form: six centres, and we want it live before April."
CHAMPION_LEFT = "Neil left in the spring, I'm afraid."
HAPPY = "We're happy with our current provider, thanks."


def test_names_and_numbers_do_not_make_a_terse_answer_a_salad() -> None:
    assert "keyword-salad" not in guards(
        "Sofia, Alex from Paywell, we spoke last year. Got a minute?", prospect=FOLLOW_UP
    )
    assert "keyword-salad" not in guards(
        "Hi Tessa, Alex from RouteWise, about re-planning vans when drivers call in sick. "
        "Call 0161 496 0732, again 0161 496 0732.",
        prospect=FOLLOW_UP,
    )
    assert "keyword-salad" in guards(
        "Jordan, PawTrack, vet clinics, no-shows, text reminders, quick, call back, good time?",
        prospect=FOLLOW_UP,
    )


def test_a_terse_answer_ending_on_a_real_question_is_no_salad() -> None:
    assert "keyword-salad" not in guards(
        "Rosa, Alex from Paywell. Six centres, before April: what hurts most?", prospect=INBOUND
    )
    assert "keyword-salad" in guards(
        "Fiscal year, July, budget planning, grant funding, donor ROI, next steps?",
        prospect=INBOUND,
    )


def test_a_negation_ends_with_its_clause() -> None:
    thanks = {"use": "acknowledge"}
    assert passed("Oh, I didn't know that, thanks for telling me.", thanks, CHAMPION_LEFT)
    assert not passed("I don't thank people for that.", thanks, CHAMPION_LEFT)


def test_asking_them_to_do_something_is_no_refused_question() -> None:
    result = score(
        "That's fair, and I wouldn't ask you to switch on a phone call. How do they handle "
        "things when two clinics have a problem on the same day?",
        {"use": "peer-question"},
        prospect=HAPPY,
    )
    assert not any(g.triggered for g in result.guards)
    assert "negated" not in (result.criteria[0].detail or "")
    refused = score("I won't ask how they handle it.", {"use": "peer-question"}, prospect=HAPPY)
    assert "refuses-move" in {g.id for g in refused.guards if g.triggered}
