"""Brushing the prospect off or pushing to close, in words no phrase list names: calling
their choice a mistake, "every <one of their kind> says that", and a push to sign by a
deadline with no discount. Plain talk with the same words is not flagged."""

from __future__ import annotations

from tests.scoring.helpers import guards

LOCKED_IN = "We're tied into our current laundry contract until next spring."


def test_calling_their_choice_a_mistake_is_arguing() -> None:
    for text in (
        "Honestly, staying with them another year would be a costly mistake.",
        "I think you're making a mistake sticking with paper rotas.",
    ):
        assert "arguing" in guards(text, prospect=LOCKED_IN), text


def test_owning_a_mistake_or_asking_about_one_is_not_arguing() -> None:
    for text in (
        "Fair enough. Was there a mistake on the last invoice that made you ask?",
        "Understood. What would make switching next spring worth a look?",
    ):
        assert "arguing" not in guards(text, prospect=LOCKED_IN), text


def test_every_one_of_their_kind_says_that_is_arguing() -> None:
    for text in (
        "Every hotel manager says that, and then they call us in March.",
        "All the care homes tell me the same thing.",
    ):
        assert "arguing" in guards(text, prospect=LOCKED_IN), text


def test_every_with_no_saying_is_not_arguing() -> None:
    text = "Makes sense. Does every site use the same contract, or does each one say yes itself?"
    assert "arguing" not in guards(text, prospect=LOCKED_IN)


def test_a_push_to_sign_by_a_deadline_is_invented_urgency() -> None:
    text = "No problem, we'll cover the exit fee, just sign the form today and we start Monday."
    assert "false-urgency" in guards(text, prospect=LOCKED_IN)


def test_asking_who_signs_off_is_not() -> None:
    text = "Understood. Who would need to sign off a change this week, you or finance?"
    assert "false-urgency" not in guards(text, prospect=LOCKED_IN)
