"""Misjudgements the scenario writer found while writing the shipped library
(notes/scorer-feedback.md), each pinned as a sales coach would judge it."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import guards, passed, score

NEXT = {"use": "advance-next-step"}
EMOTION = {"use": "label-emotion"}
ACK = {"use": "acknowledge"}
PEER = {"use": "peer-question"}
CONFIRM = {"use": "confirm-understanding"}
REASON = {"use": "reason-for-call"}
CALLBACK = {"use": "leave-callback-details"}
INBOUND = {"use": "build-on-inbound"}
NO_REPEAT = {"use": "no-repeat-ask"}
QUESTION = {"use": "clarifying-question"}

STOCKTAKE = (
    "Twice a year, a whole weekend, overtime for twelve people. And we still had a "
    "mis-pick on chemicals last month."
)
FORM_ANNOYED = "I put all of that in the form. Did anyone actually read it?"
VOICEMAIL = "Hi, you've reached Rosa Delgado. Please leave a message after the tone."


# -- next step: a day, a time, a short meeting; not a duration, a deadline or "later" ----------


@pytest.mark.parametrize(
    "text",
    [
        "this will only take one minute",
        "Before you go, this will only take one minute. We save fleets hours a week.",
        "The offer expires at the end of the month, so when can you sign?",
        "Prices go up next month, so it's worth deciding now.",
        "Sure, I'll call you later.",
        "No problem, I'll be in touch.",
        "I'll follow up with an email sometime.",
    ],
)
def test_no_concrete_next_step(text: str) -> None:
    assert not passed(text, NEXT)


@pytest.mark.parametrize(
    "text",
    [
        "I'll call you Thursday at 10.",
        "i'll call you back tomorrow at ten",
        "Let's talk again at the end of the month, once your board has met.",
        "Can we book a 20-minute call?",
        "Could I grab fifteen minutes with you and your planners?",
        "Would you be open to a short demo?",
    ],
)
def test_concrete_next_steps_still_count(text: str) -> None:
    assert passed(text, NEXT)


# -- label emotion ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No worries, I'll send it over now.",
        "no worries at all I'll send it over",
        "As far as I'm concerned, we can start whenever you like.",
    ],
)
def test_fixed_expressions_do_not_label_an_emotion(text: str) -> None:
    assert not passed(text, EMOTION)


@pytest.mark.parametrize(
    "text",
    [
        "Sounds like a lot.",
        "That sounds like a lot to carry, three months in.",
        "That's a lot on your plate.",
        "Complaints every month landing on your desk, that sounds wearing.",
        "I'd be worried about that too.",
    ],
)
def test_plain_words_for_a_feeling_label_it(text: str) -> None:
    assert passed(text, EMOTION)


# -- good wording that must be recognised --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, the two weekends and the mis-pick, that's really helpful.",
        "Good to hear.",
        "That's great.",
        "good question",
        "Thank you, I'll use it.",
    ],
)
def test_acknowledgements(text: str) -> None:
    assert passed(text, ACK)


@pytest.mark.parametrize(
    "text",
    [
        "What do they do best for you?",
        "If you could change one thing, what would it be?",
        "What are your priorities for the warehouse this year?",
        "How would your planners use it day to day?",
    ],
)
def test_peer_questions(text: str) -> None:
    assert passed(text, PEER)


@pytest.mark.parametrize(
    "text",
    [
        "So two weekends a year with twelve people on overtime, plus the mis-picks.",
        "Got it. So two weekends a year with twelve people on overtime, plus the mis-picks.",
        "Thanks. Two weekends a year, twelve people on overtime, and a mis-pick on top.",
    ],
)
def test_a_plain_play_back_confirms_understanding(text: str) -> None:
    assert passed(text, CONFIRM, prospect=STOCKTAKE)


def test_a_play_back_needs_their_words_not_just_an_opener() -> None:
    assert not passed("Got it. So what does your team use today?", CONFIRM, prospect=STOCKTAKE)


@pytest.mark.parametrize(
    "text",
    [
        "It's about payroll for hotel groups.",
        "I'm calling because sites use us to replace paper toolbox-talk sheets.",
        "Sites use us to run toolbox talks from a phone.",
    ],
)
def test_reasons_for_the_call(text: str) -> None:
    assert passed(text, REASON, prospect="Who is this?")


@pytest.mark.parametrize(
    "text",
    [
        "Hi Rosa, Alex from Paywell about your demo request. 0161 496 0123, that's 0161 496 0123.",
        "hi rosa it's alex from paywell about the demo 07700 900 123 again 07700 900 123",
        "Alex from Paywell. My number is 0161 496 0123.",
    ],
)
def test_a_phone_number_is_callback_detail(text: str) -> None:
    assert passed(text, CALLBACK, prospect=VOICEMAIL)


def test_a_time_alone_is_not_a_phone_number() -> None:
    assert not passed(
        "Hi Rosa, Alex from Paywell, about your demo request at 10.", CALLBACK, prospect=VOICEMAIL
    )


# -- inbound: build on the form, never ask again --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your interest in Paywell!",
        "Hi, thanks for your interest. How can I help?",
        "Thanks for reaching out to us today.",
    ],
)
def test_a_stock_thank_you_does_not_build_on_the_form(text: str) -> None:
    assert not passed(text, INBOUND, prospect="Hello, Rosa speaking.")


def test_quoting_the_form_builds_on_it() -> None:
    assert passed(
        "Thanks for the demo request. I saw you've got six centres and route-setters.",
        INBOUND,
        prospect="Hello, Rosa speaking.",
    )


@pytest.mark.parametrize(
    "text",
    [
        "So how many centres did you say you have?",
        "Sorry, we just need to verify the details.",
        "Could you confirm the details for me?",
        "How many staff was it again?",
        "Can you tell me again what you use for payroll?",
    ],
)
def test_asking_the_lead_to_repeat_is_caught(text: str) -> None:
    assert not passed(text, NO_REPEAT, prospect=FORM_ANNOYED)


def test_building_on_the_form_is_not_a_repeat_ask() -> None:
    assert passed(
        "You told us six centres and 180 staff. What goes wrong most with session pay?",
        NO_REPEAT,
        prospect=FORM_ANNOYED,
    )


@pytest.mark.parametrize(
    "text",
    [
        "No problem, what's your email? I'll send the price list now.",
        "Sure, what's the best email for you?",
        "Which email should I send it to?",
        "Where shall I send it?",
    ],
)
def test_asking_for_an_address_is_not_a_clarifying_question(text: str) -> None:
    assert not passed(text, QUESTION, prospect="Just send me your pricing, please.")


def test_the_bare_price_list_answer_scores_low() -> None:
    result = score(
        "No problem, what's your email? I'll send the price list now.",
        ACK,
        {**QUESTION, "weight": 2},
        {"use": "brief-answer"},
        prospect="Just send me your pricing, please.",
    )
    assert result.score <= 40


# -- guards ---------------------------------------------------------------------------------------

THIRTY_FIVE_WORDS = (
    "Thanks. I'm calling because architects tell us the file server crawls on Monday mornings, "
    "so the whole team waits for drawings. We fix that, so nobody waits. Is that true for you?"
)


FORTY_FIVE_WORDS = THIRTY_FIVE_WORDS + " Either way, I can send a short note with two examples."


@pytest.mark.parametrize(
    "prospect",
    [
        "Okay, I appreciate the honesty. You've got thirty seconds.",
        "Go on then. Thirty seconds.",
        "So what's this about?",
        "Look, I don't have time to haggle. Either it's cheaper or we stay put.",
    ],
)
def test_the_hurried_word_cap_needs_a_hurried_prospect(prospect: str) -> None:
    assert "rambling" not in guards(THIRTY_FIVE_WORDS, prospect=prospect)


@pytest.mark.parametrize(
    "prospect",
    [
        "I'm walking into a meeting, make it quick.",
        "I don't have time for this, what is it?",
        "I've only got thirty seconds, what is it?",
    ],
)
def test_the_hurried_word_cap_still_applies_when_they_are_pressed(prospect: str) -> None:
    """The hurried default is 40 words (a 35-word answer is brief enough for them)."""
    assert "rambling" not in guards(THIRTY_FIVE_WORDS, prospect=prospect)
    assert "rambling" in guards(FORTY_FIVE_WORDS, prospect=prospect)


@pytest.mark.parametrize(
    "text",
    [
        "How do you handle sign-offs today?",
        "Who needs to sign off this week, just you or the site manager too?",
        "how do you handle sign offs today on site",
    ],
)
def test_sign_offs_are_not_a_discount(text: str) -> None:
    assert "discounting" not in guards(text, prospect="We do it all on paper.")


def test_signing_today_for_a_price_is_still_discounting() -> None:
    assert "discounting" in guards("If you sign today I'll knock ten percent off.")


@pytest.mark.parametrize(
    "prospect",
    [
        "So what's this about?",
        "Sorry, who is this, and what's this about? I'm in the middle of something here at work.",
    ],
)
def test_answering_whats_this_about_does_not_ignore_the_prospect(prospect: str) -> None:
    text = (
        "We help construction firms replace paper toolbox talks with an app that crews "
        "sign on their phones."
    )
    assert "ignores-prospect" not in guards(text, prospect=prospect)


# -- give-up answers ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Okay, sorry to bother you.", "Okay, no worries, bye."])
def test_a_give_up_answer_scores_under_half_and_below_a_real_move(text: str) -> None:
    """Avoid-only checks earn half credit when no real move was made, and a courtesy ("no
    worries") alone is not a real move. (Zero credit would tie a polite give-up with a rude
    answer, which a coach rates lower.)"""
    rubric = (ACK, QUESTION, {"use": "stay-respectful"}, {"use": "hold-price"})
    prospect = "We're under contract until next year."
    give_up = score(text, *rubric, prospect=prospect)
    real_move = score(
        "Understood. When does the contract come up for renewal?", *rubric, prospect=prospect
    )
    assert give_up.score < 50
    assert give_up.score < real_move.score
    assert all(
        c.credit == 0.5 for c in give_up.criteria if c.id in {"stay-respectful", "hold-price"}
    )
