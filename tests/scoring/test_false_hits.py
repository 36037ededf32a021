"""Good answers that guards once punished for their wording (found by a coach's good answers to
the shipped scenarios, tests/scenario_content/good_answers.yaml). Each case is paired with the
fault the guard is there for, which it still catches."""

from __future__ import annotations

import pytest

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


LEEDS = "Two depots, yes. But the Leeds manager will want a say now."
RENEWAL = "It runs out next March. Last time it rolled over before we noticed."
WORRY = "And my provider wouldn't take that as going behind their back?"
BOSS = "But what if she says it's too much? I'll be the one looking silly."
WHY_CHANGE = "It works, mostly. Why would I change it?"


def test_why_dont_we_proposes() -> None:
    assert "arguing" not in guards(
        "Of course. Why don't we bring her into the walkthrough on Thursday at nine?",
        prospect=LEEDS,
    )
    assert "arguing" in guards("Why don't you just decide this yourself?", prospect=LEEDS)


def test_a_purpose_negation_refuses_nothing() -> None:
    rollover = {"id": "avoid-rollover", "label": "Avoids a roll-over", "phrases": ["auto-renew"]}
    assert passed("So it doesn't auto-renew again, shall we set a reminder?", rollover, RENEWAL)
    assert not passed("It won't auto-renew, don't worry about it.", rollover, RENEWAL)


def test_not_if_answers_their_worry() -> None:
    openly = {"id": "openly", "label": "Keeps it open", "phrases": ["invite"]}
    assert passed("Not if we invite them. Would Thursday at ten suit everyone?", openly, WORRY)
    assert not passed("We won't invite them, it's simpler.", openly, WORRY)


def test_a_feeling_everyone_shares_is_named_not_mocked() -> None:
    feeling = {"use": "label-emotion", "more_phrases": ["silly"]}
    answer = "I get it, nobody wants to look silly in front of their boss."
    assert passed(answer, feeling, BOSS)
    assert "rude" not in guards(answer, prospect=BOSS)
    assert "rude" in guards("That's a silly worry, she'll be fine.", prospect=BOSS)


def test_a_day_proposed_in_a_sentence_of_its_own_is_no_salad() -> None:
    holiday = "Two weeks, every year. And holiday pay got us a complaint last summer."
    assert "keyword-salad" not in guards(
        "Starters paid from day one, holiday pay automatic. Tuesday at ten?", prospect=holiday
    )
    assert "keyword-salad" in guards(
        "Email, renewals, quoting, carrier downloads, one-pager, Thursday, follow up, okay?",
        prospect=WHY_CHANGE,
    )


def test_names_days_and_small_talk_do_not_hide_a_salad() -> None:
    """The exemptions are narrow: a name in the middle of a list is an item, a day is a word
    of content, and "how are things?" asks after nothing."""
    assert "keyword-salad" in guards(
        "Totally fair, RouteLoop, scheduling, Dana, today, timing, Tuesday, how are things?",
        prospect=WHY_CHANGE,
    )


def test_a_letters_greeting_and_signature_are_no_list() -> None:
    assert "keyword-salad" not in guards(
        "Subject: Quick question, Hannah. Hi Hannah, a new thought: when spring stock arrives, "
        "card spend at the centres spikes, and that's where matching falls behind. Who looks "
        "after expenses at Redfern now? Best, Alex, Ledgerly",
        prospect=WHY_CHANGE,
    )


STOP = "Please take me off your list."
SALES_CALL = "Is this a sales call?"
EMAIL_ME = "Just send me an email."
PRICE = "That's more than we wanted to spend."
HAPPY_VENDOR = "We're happy with our current provider."

# Good answers that share words with a harm (found by the session's review); each stays free
# of every guard. Their harmful twins are in test_missed_harm.py and
# test_empathy_and_precision.py.
HONEST_TWINS = [
    (STOP, "Understood. I'll take that as a final no and remove you today."),
    (STOP, "Of course, I'll take no for an answer and take you off the list."),
    (STOP, "No problem at all. Just so you know, I won't call again unless you ask."),
    (
        STOP,
        "Done, you're off the list. If you ever need to reach us, the number is on the invoice.",
    ),
    (SALES_CALL, "Yes, it is a sales call, and I won't pretend it's not a sales call."),
    (EMAIL_ME, "Nobody reads long emails, so I'll keep it to three lines. What should it cover?"),
    (EMAIL_ME, "Sure. Am I allowed to email you at this address?"),
    (PRICE, "This might be a silly question, but what are you comparing it with?"),
    (PRICE, "With respect to timing, when does your budget reset?"),
    (HAPPY_VENDOR, "Fair, being happy is not a reason to switch. What would make you look?"),
    (HAPPY_VENDOR, "I made the same mistake with a tool once. What went wrong for you?"),
    (EMAIL_ME, "If you'd rather not wait for an email, could we take ten minutes Thursday?"),
    (PRICE, "Our tools throw in the towel at month end, I hear. What are you comparing us with?"),
]


@pytest.mark.parametrize(("prospect", "answer"), HONEST_TWINS)
def test_an_honest_twin_of_a_harm_fires_no_guard(prospect: str, answer: str) -> None:
    assert not guards(answer, prospect=prospect)


def test_a_boast_is_no_acknowledgement() -> None:
    assert not passed("Our price is hard to beat. Can I send a quote?", {"use": "acknowledge"})
    assert passed(
        "A refit like that is hard to beat. What's it compared with?", {"use": "acknowledge"}
    )


WHY_CHANGE = "It works, mostly. Why would I change it?"


def test_we_have_before_a_noun_tells_and_just_one_minute_proposes_nothing() -> None:
    """Found by QA: a typed pitch with no final stop read "we have the best ..." as an
    inverted question, so "just one minute" became a short meeting asked for (75, a win)."""
    pitch = (
        "Let me tell you about all our great features, we have the best routing software on "
        "the market and a huge list of modules, just one minute"
    )
    result = score(pitch, {"use": "advance-next-step"}, prospect=WHY_CHANGE)
    assert not result.criteria[0].passed
    assert result.asked == 0
    # An auxiliary after "we" stays a statement; one after a finished clause still asks.
    assert score("we have the numbers", {"use": "advance-next-step"}).asked == 0
    assert score("fair enough have the planners tried it", {"use": "acknowledge"}).asked == 1
    assert passed(
        "fair enough we have a slot on thursday at ten would that work",
        {"use": "advance-next-step"},
        prospect=WHY_CHANGE,
    )


DETAILS = (
    "Sixty refrigerated vehicles, two depots. We're comparing three suppliers and we'll "
    "shortlist two for demos."
)
ACKNOWLEDGE = {"use": "acknowledge"}


@pytest.mark.parametrize(
    "answer",
    [
        "That helps. I'll send our pricing today.",
        "Okay, that helps. Could we look at it together on Tuesday?",
        "That really helps. What matters most on the shortlist?",
        "Okay. That does help. I'll put written pricing in your inbox today.",
        "That'll help. I'll send our pricing today.",
        # speech: no sentence ends, the next sentence starts with a new subject
        "okay that helps i'll send our pricing today",
    ],
)
def test_that_helps_said_on_its_own_acknowledges(answer: str) -> None:
    """The shipped model answer of just-send-pricing opens "That helps." (86 while it did not
    count): a sentence that is only "that helps" thanks them for what they said."""
    assert passed(answer, ACKNOWLEDGE, DETAILS)


@pytest.mark.parametrize(
    "answer",
    [
        "I can knock 10% off if that helps. Could we talk Tuesday?",
        "I'll send the price list today, hope that helps.",
        "We can do ten percent off. Hope that helps.",
        "Our software helps fleets like yours, and that helps with audits.",
        "That helps you compare like for like. Could we talk Tuesday?",
        "That doesn't help. Send me your spec instead.",
        "That helps, but we only quote after a demo.",
        "That helps? Could we talk Tuesday?",
        # speech: "if that helps" ends an offer; "that helps you" goes on with its object
        "i can knock ten percent off if that helps",
        "that helps you compare like for like could we talk tuesday",
    ],
)
def test_that_helps_inside_an_offer_or_a_close_is_no_acknowledgement(answer: str) -> None:
    assert not passed(answer, ACKNOWLEDGE, DETAILS)
