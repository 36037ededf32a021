"""Moves a coach hears the same way however the rep words them: who is addressed ("you guys"
is "you"), a who-question about a third person (asks who handles it, whatever its verb),
"its about" in speech (the reason for the call), a name given first ("Janet Morales, legal
operations."), a removal confirmed in the passive, and a short "That's <word>." reaction
(acknowledges); "you know" in a clause is no filler; a spoken "could I have thirty seconds"
asks without a question mark; "on a Monday" is a habit, not a proposed day; "It does work."
grants their point in their own word."""

from __future__ import annotations

from tests.scoring.helpers import passed
from trainer.scoring.normalize import normalise
from trainer.scoring.scorer import introduced_name

PEER = {"use": "peer-question"}
INCUMBENT = "We already have a booking system, thanks."


def test_you_guys_asks_what_you_asks_in_speech_and_typing() -> None:
    for text in (
        "ok fair um how are you guys actually using it for the weekend shifts",
        "Fair enough. How are you folks using it for the weekend shifts?",
    ):
        assert passed(text, PEER, prospect=INCUMBENT), text


def test_you_guys_is_no_filler_in_delivery() -> None:
    norm = normalise("how are you guys using it")
    assert not any(t.filler for t in norm.tokens)
    assert [t.norm for t in norm.content] == ["how", "are", "you", "using", "it"]


RIGHT_PERSON = {"use": "ask-for-right-person"}
SWITCHBOARD = "Harbour Logistics, Mia speaking. What's it regarding?"


def test_a_who_question_about_a_third_person_asks_who_handles_it() -> None:
    for text in (
        "It's about cold-chain sensors. Who on the warehouse side would be the owner of that?",
        "its about the forklift fleet um who in operations would be the contact for that",
    ):
        assert passed(text, RIGHT_PERSON, prospect=SWITCHBOARD), text


def test_who_is_this_or_a_refused_who_question_does_not() -> None:
    for text in (
        "Sorry, who is this?",
        "Who am I speaking with?",
        "I won't ask who runs the warehouse. Just put me through to the manager.",
    ):
        assert not passed(text, RIGHT_PERSON, prospect=SWITCHBOARD), text


REASON = {"use": "reason-for-call"}


def test_its_about_without_the_apostrophe_gives_the_reason() -> None:
    assert passed("hi mia its about the cold store alarms on your dock", REASON, SWITCHBOARD)
    assert [t.norm for t in normalise("its about")[1]] == ["it", "is", "about"]


def test_a_possessive_its_stays_one_word() -> None:
    assert [t.norm for t in normalise("its price went up")[1]] == ["its", "price", "went", "up"]


USE_NAME = {"use": "use-name"}


def test_a_prospect_who_answers_with_their_name_first_has_given_it() -> None:
    line = "Priya Raman, facilities."
    assert introduced_name(line) == "Priya Raman"
    assert passed("Hi Priya, Tom from Brightmop. Have you got thirty seconds?", USE_NAME, line)


def test_a_greeting_or_department_first_is_no_name() -> None:
    for line in ("Morning, facilities desk.", "Sure, go ahead.", "Finance, how can I help?"):
        assert introduced_name(line) is None, line


COMPLY = {"use": "comply-do-not-call"}
STOP = "Please take this number off your list, we don't want sales calls."


def test_confirming_the_removal_in_the_passive_honours_the_request() -> None:
    for text in ("Understood. You've been removed.", "Done - your number is removed. Sorry."):
        assert passed(text, COMPLY, STOP), text
    assert not passed("Sure, but you're not removed until you hear this.", COMPLY, STOP)


ACK = {"use": "acknowledge"}
BUILT = "We built our own booking tool in-house last year."


def test_a_short_reaction_to_what_they_said_acknowledges_whatever_the_word() -> None:
    for text in (
        "That's brave, most teams buy one. Who looks after it now?",
        "That's really smart. How do you handle cancellations in it?",
    ):
        assert passed(text, ACK, BUILT), text


def test_a_negated_asked_or_taken_back_reaction_does_not() -> None:
    for text in (
        "That's not it. Ours handles cancellations out of the box.",
        "That's neat, but ours handles cancellations out of the box.",
        "That's it? Ours handles cancellations out of the box.",
    ):
        assert not passed(text, ACK, BUILT), text


CONFIRM = {"use": "confirm-understanding"}


def test_restating_from_what_they_said_checks_understanding() -> None:
    line = "Mostly it's the weekend rota and the overtime sign-off that hurt."
    for text in (
        "From what you've told me, it's the weekend rota and overtime. Shall we look at both?",
        "ok just to recap its the weekend rota and the overtime sign off right",
    ):
        assert passed(text, CONFIRM, line), text


def test_you_know_and_kind_of_in_a_clause_are_no_fillers() -> None:
    for text in (
        "Just so you know, I won't call again.",
        "As you know, the contract renews in May.",
        "I'll let you know by Friday.",
        "Which kind of trucks do you run?",
        "Is there any sort of trial?",
    ):
        assert not any(t.filler for t in normalise(text).tokens), text


def test_you_know_and_kind_of_as_padding_stay_fillers() -> None:
    for text, fillers in (
        ("It's, you know, kind of expensive for us.", 4),
        ("so um you know we could look at it", 3),
    ):
        assert sum(t.filler for t in normalise(text).tokens) == fillers, text


PERMISSION = {"use": "permission-opener"}
HELLO = "Kate Donnelly speaking."


def test_a_spoken_may_i_after_a_name_asks_permission_without_a_question_mark() -> None:
    for text in (
        "hi kate um its alex from sitesafe could i have like thirty seconds to say why i called",
        "hi kate its alex from sitesafe can we talk for thirty seconds",
    ):
        assert passed(text, PERMISSION, prospect=HELLO), text


def test_a_modal_that_is_a_subjects_verb_or_a_month_asks_nothing() -> None:
    for text in (
        "hi kate its alex as soon as we can we will send the checklist",
        "hi kate its alex we spoke in may i will send the checklist",
    ):
        assert not passed(text, PERMISSION, prospect=HELLO), text


NEXT_STEP = {"use": "advance-next-step"}
ACKNOWLEDGE = {"use": "acknowledge"}
WHY_CHANGE = "It works, mostly. Why would I change it?"


def test_a_day_in_a_question_about_their_habits_proposes_nothing() -> None:
    for text in (
        "Fair. When a driver is off on a Monday, how long do your planners spend re-routing?",
        "What happens on any Friday when two drivers are off sick?",
    ):
        assert not passed(text, NEXT_STEP, prospect=WHY_CHANGE), text
    assert passed("Fair. Could I show you on Monday at ten?", NEXT_STEP, prospect=WHY_CHANGE)


def test_granting_their_point_in_their_own_word_acknowledges() -> None:
    assert passed("It does work. Could I show you Tuesday at ten?", ACKNOWLEDGE, WHY_CHANGE)
    assert passed("it does work fair enough could i show you tuesday", ACKNOWLEDGE, WHY_CHANGE)
    # A word of ours after the auxiliary grants nothing of theirs.
    assert not passed("It does scheduling. Could I show you Tuesday?", ACKNOWLEDGE, WHY_CHANGE)
