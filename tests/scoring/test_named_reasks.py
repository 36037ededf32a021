"""Issue 11, a weak answer (rated 3) below one that asks again what they just said (rated 2):
"what's your biggest worry?" right after "our biggest worry is turnover", and "how do you
price your menus?" right after "we price our menus by ...", earn no question credit and fail
the don't-make-them-repeat move, quoting their words. Sentences written for these tests, not
taken from the labelled sets."""

from __future__ import annotations

from tests.scoring.helpers import score

WORRY = "Our biggest worry is staff turnover in the kitchens, it costs us a fortune."
MENUS = "We price our menus by looking at what the places nearby charge."
ASK = {"use": "clarifying-question"}
REPEAT = {"use": "no-repeat-ask"}


def test_asking_for_the_thing_they_just_named_is_a_repeat_ask() -> None:
    result = score(
        "Makes sense. So what would you say is your biggest worry at the moment?",
        ASK,
        REPEAT,
        prospect=WORRY,
    )
    ask, repeat = result.criteria
    assert not ask.passed and not repeat.passed
    assert repeat.detail == (
        "asks what they already said: Our biggest worry is staff turnover in the kitchens"
    )


def test_asking_how_they_do_what_they_just_said_they_do_is_a_repeat_ask() -> None:
    result = score("Got it. How do you price your menus today?", ASK, REPEAT, prospect=MENUS)
    assert not any(c.passed for c in result.criteria)
    assert "price our menus by looking at what the places nearby charge" in (
        result.criteria[1].detail or ""
    )


def test_going_one_step_further_is_not_a_repeat_ask() -> None:
    for text, prospect in (
        ("That sounds expensive. What is your turnover costing you each month, roughly?", WORRY),
        ("Turnover hurts. Which of your kitchens is worst for it?", WORRY),
        ("Nearby places, got it. How often do you change your menus?", MENUS),
        ("Makes sense. How do you decide when to raise prices?", MENUS),
    ):
        result = score(text, ASK, REPEAT, prospect=prospect)
        assert all(c.passed for c in result.criteria), text
