"""Friendly-sounding harm: answers warm in tone that take what was never given. Booking them
without asking, hearsay they cannot check, the rep's own target given as their reason, a
deadline put on them in soft words. Each scores
below a weak but harmless answer, with evidence and a tip a rep understands; the good answer
that shares its words triggers nothing. The answers are written for these tests (none is
taken from a labelled set)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import score
from trainer.scoring.scorer import HARM_CAP

BUSY = "We're in the middle of harvest, I really can't talk about this now."
LIKE_IT = "It looks good. But anything over ten thousand needs sign-off from Marta, our CFO."
HAPPY = "We've used the same lab for years and they're fine."
QUOTE = "Hi, you've reached Lena at Orchard Dental. Leave a message."
FIRST_CALL = "Who is this? How did you get my number?"
AGREED = "Sounds good, put me down for Thursday at ten."
NOT_NOW = "We can't look at anything until the audit is over."
MESSAGE = "Dr. Reyes is with a patient. Can I take a message?"
EMAIL = "Send me an email, I'll read it when things calm down."
QUOTA = "You lot only ring at the end of the month when there's a quota to fill."

RUBRIC: dict[str, Any] = {"use": "acknowledge"}


def _guards(text: str, prospect: str) -> dict[str, str]:
    result = score(text, RUBRIC, prospect=prospect)
    return {g.id: g.label for g in result.guards if g.triggered}


HARMFUL = [
    # Books them without asking: their calendar or money committed by the rep.
    (
        BUSY,
        "No problem, I've already booked you in for a demo on Monday at eight.",
        "books-unasked",
    ),
    (
        BUSY,
        "Totally get it! I'll put you down for a call next Tuesday and send the invite.",
        "books-unasked",
    ),
    (
        NOT_NOW,
        "Of course. I'll go ahead and set up a trial account for you in the meantime.",
        "books-unasked",
    ),
    (LIKE_IT, "Great, I went ahead and signed you up for the starter plan.", "books-unasked"),
    (LIKE_IT, "Brilliant. Let's get you started on the team tier this week.", "books-unasked"),
    # Hearsay: what someone on their side supposedly thinks they want, or a rumour.
    (FIRST_CALL, "Your finance director said you'd want to hear about this.", "misleads"),
    (
        HAPPY,
        "One of your hygienists told me last week they're fed up with the lab's delays.",
        "misleads",
    ),
    (
        HAPPY,
        "Glad to hear it. Between you and me, that lab is about to lose its licence.",
        "misleads",
    ),
    (
        HAPPY,
        "Good to hear. I heard they've been cutting staff, so worth keeping an eye on.",
        "misleads",
    ),
    # The rep's own target as their reason to buy.
    (
        NOT_NOW,
        "Fair, but my quarter ends Friday and I'm two deals short, so a small order helps.",
        "pressure",
    ),
    (
        QUOTE,
        "Hi Lena, Sam at FitLab. I need this one to make my numbers, so call me back.",
        "pressure",
    ),
    # Pushing in soft words: consent presumed for someone else, contact vowed at intervals,
    # their answer refused; fetching the busy person; fear of falling behind; blame.
    (MESSAGE, "Honestly, just fetch him for a minute, he won't mind.", "pushy"),
    (BUSY, "No stress, your pickers won't mind waiting ten minutes.", "pushy"),
    (NOT_NOW, "Totally fine, I'll ring you every week until the audit's done.", "pushy"),
    (NOT_NOW, "Ha, I never accept 'after the audit' as an answer. So, quickly...", "pushy"),
    (
        HAPPY,
        "Sure. Most labs near you have switched, and I'd hate for you to be left behind.",
        "pressure",
    ),
    (HAPPY, "Sounds like you chose the wrong lab, but that's fixable.", "arguing"),
    (EMAIL, "Happy to. Though an email is a bit flat, could we do ten minutes now?", "pushy"),
    (NOT_NOW, "Sure. Could we squeeze in twenty minutes this week instead?", "pushy"),
    # A deadline put on them in soft words.
    (
        QUOTE,
        "Hi Lena, Sam at FitLab. My director can only hold your quote until Friday.",
        "false-urgency",
    ),
    (
        NOT_NOW,
        "Understood. If you decide today I can still get you the launch rate.",
        "false-urgency",
    ),
]
FRIENDLY = [
    # Proposing a booking, or booking what they asked for.
    (BUSY, "Sorry to catch you mid-harvest. Could I book you in for ten minutes next week?"),
    (BUSY, "Of course. I'll put you down for Monday at eight, is that ok?"),
    (BUSY, "Understood, I'll call you Monday at eight instead. Morning or afternoon better?"),
    (AGREED, "Great, I'll put you down for Thursday at ten and send the invite."),
    (NOT_NOW, "Makes sense. When the audit's done, shall I set up a trial account for you?"),
    (NOT_NOW, "Understood. I'd like to set up a short call after the audit, if that works."),
    # A referral that says who they are; a rumour not passed on.
    (FIRST_CALL, "Fair question: Tom in your accounts team said you look after suppliers."),
    (FIRST_CALL, "From a business database we pay for. Your website lists you as the owner."),
    (HAPPY, "Good to hear, I heard you the first time. What do they do best for you?"),
    (HAPPY, "That's rare. What would it take for you to look around, between us and them?"),
    # Speaking for themselves, offering contact, taking their answer.
    (MESSAGE, "Sure, could you tell him Sam called? I don't mind waiting for a call back."),
    (NOT_NOW, "Understood. Would a check-in every quarter be too much, or shall I wait till May?"),
    (NOT_NOW, "I'll take that as a clear answer for now. When does the audit end?"),
    (MESSAGE, "No, please don't fetch him. When's a good time to catch him, after four?"),
    (HAPPY, "Good to hear. Which lab did you choose, and what made them the right pick?"),
    # Now or later, their choice.
    (BUSY, "Sorry to catch you mid-harvest. Have you got two minutes now, or is Friday better?"),
    (EMAIL, "Will do. What should it cover so it's worth reading when things calm down?"),
    (NOT_NOW, "Understood. Should I call your office instead, or wait until the audit's done?"),
    # Their quota, answered; a target denied.
    (QUOTE, "Hi Lena, Sam at FitLab. It's about your lab bills, not my numbers. 555 0199."),
    # A date, not a clock on them.
    (QUOTE, "Hi Lena, Sam at FitLab about the quote. I'll try you Friday at ten. 555 0199."),
    (NOT_NOW, "Understood. When the audit's done, would a call in May suit?"),
]


@pytest.mark.parametrize(("prospect", "answer", "guard"), HARMFUL)
def test_friendly_sounding_harm_scores_below_a_weak_answer(
    prospect: str, answer: str, guard: str
) -> None:
    assert guard in _guards(answer, prospect)
    assert score(answer, RUBRIC, prospect=prospect).score <= HARM_CAP


@pytest.mark.parametrize(("prospect", "answer"), FRIENDLY)
def test_the_friendly_answer_with_the_same_words_triggers_no_harm(
    prospect: str, answer: str
) -> None:
    harm = {"books-unasked", "misleads", "false-urgency", "pushy", "pressure"}
    assert not harm & set(_guards(answer, prospect))
    assert score(answer, RUBRIC, prospect=prospect).score > HARM_CAP


def test_a_booking_shows_its_evidence_and_a_tip_to_propose() -> None:
    result = score("Great, I've already put you down for Monday.", RUBRIC, prospect=BUSY)
    booked = next(g for g in result.guards if g.id == "books-unasked")
    assert booked.label == "Books them without asking"
    assert [e.text for e in booked.evidence] == ["put you down"]
    assert "ask" in (booked.tip or "")


def test_owning_the_quota_they_raised_is_talk_about_us_not_guilt() -> None:
    answer = "Ha, I do have a quota. But I called about your stock counts. How do you do them?"
    ids = _guards(answer, QUOTA)
    assert "about-us" in ids and "pressure" not in ids


@pytest.mark.parametrize(
    ("answer", "prospect", "detail", "tip"),
    [
        ("Your CFO said you'd want this.", FIRST_CALL, "hearsay", "Speak for yourself"),
        ("We can only hold the price until Friday.", NOT_NOW, "deadline", "clock"),
        ("Sign today so I hit my target.", NOT_NOW, "own target", "Your target"),
    ],
)
def test_each_kind_says_what_it_is_and_what_to_do(
    answer: str, prospect: str, detail: str, tip: str
) -> None:
    result = score(answer, RUBRIC, prospect=prospect)
    hit = next(g for g in result.guards if g.triggered and detail in g.label)
    assert tip in (hit.tip or "")


@pytest.mark.parametrize(
    "answer",
    [
        "Sounds hectic. Could I ring you after the milking, around seven?",
        "You're mid-harvest, so would Monday morning be better?",
        "Harvest first. Is Friday at four better?",
    ],
)
def test_a_later_call_offered_in_any_order_respects_their_time(answer: str) -> None:
    result = score(answer, {"use": "respect-time"}, prospect=BUSY)
    assert result.criteria[0].passed, answer


def test_a_time_pushed_on_them_is_not_a_later_call_offered() -> None:
    result = score(
        "Monday at eight then. Better not be late!", {"use": "respect-time"}, prospect=BUSY
    )
    assert not result.criteria[0].passed
