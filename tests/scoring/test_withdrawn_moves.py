"""Moves made and then taken back in the same answer, written fresh (not taken from the
labelled sets): a callback offered then cancelled ("actually, no"), a question asked then
waved off ("never mind", "don't bother answering"), permission asked then ignored ("doesn't
matter what you say"), a question followed by "not that it matters". The move is not made,
the failure quotes the take-back, and the answer scores well below the same answer without
it. Polite negation ("never mind the price", "actually, no rush", "I won't keep you") keeps
its moves. Each asserts what a rep sees: the score, the move and its detail.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import score

Rubric = tuple[dict[str, Any], ...]
BUSY = "I'm about to go into a site meeting, can this wait?"
BUSY_RUBRIC: Rubric = (
    {"use": "respect-time"},
    {"use": "advance-next-step", "weight": 2},
)
GOOD_BUSY = "Of course, I won't hold you up. Could I ring you back Thursday at 9 instead?"
VENDOR = "We're happy with the flooring supplier we've had for eleven years."
VENDOR_RUBRIC: Rubric = (
    {"use": "acknowledge"},
    {"use": "peer-question", "weight": 2},
)
GOOD_VENDOR = "Good to hear. What would you improve about your flooring supplier?"
GAP = 25.0  # a withdrawn move costs at least this much against the good answer


def _score(text: str, rubric: Rubric, prospect: str) -> float:
    return score(text, *rubric, prospect=prospect).score


@pytest.mark.parametrize(
    "text",
    [
        "Of course. Could I ring you back Thursday at 9? Actually, no, Thursday's no good, "
        "let's just talk now.",
        "sure thing could i ring you back thursday at nine actually no lets just do it now",
        "Of course. Could I ring you back Thursday at 9? Scratch that, I'd rather do it now.",
        "Of course. Could I ring you back Thursday at 9? Actually I won't, I'm away then.",
    ],
)
def test_a_next_step_proposed_then_cancelled_is_not_a_next_step(text: str) -> None:
    result = score(text, *BUSY_RUBRIC, prospect=BUSY)
    step = result.criteria[1]
    assert not step.passed
    assert "taken back by" in (step.detail or "")
    assert result.score <= _score(GOOD_BUSY, BUSY_RUBRIC, BUSY) - GAP
    refused = [g for g in result.guards if g.id == "refuses-move"]
    assert refused and refused[0].label.endswith("(takes back a move it made)")
    assert refused[0].tip is not None and "Stand by the move" in refused[0].tip


@pytest.mark.parametrize(
    ("text", "take_back"),
    [
        (
            "Good to hear. What would you improve about your flooring supplier? Never mind, "
            "I can guess.",
            "Never mind",
        ),
        (
            "good to hear what would you improve about your flooring supplier never mind i "
            "can guess its the price",
            "never mind",
        ),
        (
            "Good to hear. What would you improve about your flooring supplier? Don't bother "
            "answering, I've heard it all before.",
            "Don't bother answering",
        ),
        (
            "Good to hear. What would you improve about your flooring supplier? Not that it "
            "matters, ours is better anyway.",
            "Not that it matters",
        ),
    ],
)
def test_a_question_asked_then_waved_off_asks_nothing(text: str, take_back: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    question = result.criteria[1]
    assert not question.passed
    # Taken back, or (when the take-back answers it) asked and answered at once.
    detail = question.detail or ""
    assert f"taken back by \u201c{take_back}\u201d" in detail or "answered at once" in detail
    assert result.score <= _score(GOOD_VENDOR, VENDOR_RUBRIC, VENDOR) - GAP


def test_permission_asked_then_ignored_respects_no_time() -> None:
    text = "Can I have just two minutes? Doesn't really matter what you say, this is worth it."
    result = score(text, *BUSY_RUBRIC, prospect=BUSY)
    respect = result.criteria[0]
    assert not respect.passed
    assert "taken back by \u201cDoesn't really matter" in (respect.detail or "")
    assert result.score <= _score(GOOD_BUSY, BUSY_RUBRIC, BUSY) - GAP


@pytest.mark.parametrize(
    "text",
    [
        "Of course, I won't hold you up. Actually, no rush at all: could I ring you back "
        "Thursday at 9?",
        "No problem, never mind the details now. Could I ring you back Thursday at 9?",
        "Of course, it doesn't have to be today. Could I ring you back Thursday at 9?",
        "of course i wont keep you could i ring you back thursday at nine",
    ],
)
def test_polite_negation_keeps_the_next_step(text: str) -> None:
    result = score(text, *BUSY_RUBRIC, prospect=BUSY)
    assert all(c.passed for c in result.criteria), [c.detail for c in result.criteria]


@pytest.mark.parametrize(
    "text",
    [
        "Good to hear. Never mind the price for now: what would you improve about your "
        "flooring supplier?",
        "Good to hear, no complaints is rare. What would you improve about your flooring "
        "supplier, if anything?",
        "Good to hear. Not that I'd expect much, but what would you improve about your "
        "flooring supplier?",
    ],
)
def test_polite_negation_keeps_the_question(text: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert result.criteria[1].passed, result.criteria[1].detail


SOURCE = "Where did you get this number?"
SOURCE_RUBRIC: Rubric = ({"use": "honest-source", "weight": 2}, {"use": "reason-for-call"})
GOOD_SOURCE = (
    "Fair question: it came from your company website. I'm Lee from Tallyworks, "
    "we help bakeries cut flour waste."
)


def test_a_source_given_then_refused_is_not_given() -> None:
    text = (
        "Fair question. It came from, well, I'm not going to get into where it came from. "
        "I'm Lee from Tallyworks, we help bakeries cut flour waste."
    )
    result = score(text, *SOURCE_RUBRIC, prospect=SOURCE)
    source = result.criteria[0]
    assert not source.passed
    assert (source.detail or "").startswith("undone later: \u201c")
    assert result.score <= _score(GOOD_SOURCE, SOURCE_RUBRIC, SOURCE) - GAP


def test_a_question_dismissed_in_speech_asks_nothing() -> None:
    text = (
        "good to hear what would you improve about your flooring supplier so that dont really count"
    )
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert not result.criteria[1].passed
    assert "taken back by \u201cthat dont really count\u201d" in (result.criteria[1].detail or "")


def test_a_proposal_taken_back_after_a_lead_in_is_not_a_next_step() -> None:
    text = (
        "Of course. I could ring you back Thursday at 9. Actually, never mind, I'll email instead."
    )
    result = score(text, *BUSY_RUBRIC, prospect=BUSY)
    assert not result.criteria[1].passed
    assert "taken back by \u201cnever mind\u201d" in (result.criteria[1].detail or "")


@pytest.mark.parametrize(
    "text",
    [
        "I'll keep it short. Could I ring you back Thursday at 9, when you're not so swamped?",
        "Of course. I won't take more than a minute then: could I ring you back Thursday at 9?",
    ],
)
def test_a_negation_about_them_after_the_move_leaves_it_made(text: str) -> None:
    result = score(text, *BUSY_RUBRIC, prospect=BUSY)
    assert all(c.passed for c in result.criteria), [c.detail for c in result.criteria]


def test_a_source_given_then_denied_is_not_given() -> None:
    text = (
        "From your company website. Not really, but it sounds better than the "
        "truth. I'm Lee from Tallyworks."
    )
    result = score(text, *SOURCE_RUBRIC, prospect=SOURCE)
    source = result.criteria[0]
    assert not source.passed
    assert "taken back by \u201cNot really\u201d" in (source.detail or "")


def test_a_question_followed_by_dont_answer_that_asks_nothing() -> None:
    text = (
        "good to hear what would you improve about your flooring supplier actually dont "
        "answer that i can guess"
    )
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert not result.criteria[1].passed
    assert "taken back by" in (result.criteria[1].detail or "")


VOICEMAIL = "(voicemail) Hi, you've reached Sam at Crumb & Co. Leave a message."
VOICEMAIL_RUBRIC: Rubric = ({"use": "leave-callback-details"},)


def test_a_voicemail_that_says_when_you_will_try_again_leaves_half_the_details() -> None:
    text = (
        "Hi Sam, Lee from Tallyworks about flour waste. No need to ring back if you're busy, "
        "I'll try you Friday at ten."
    )
    details = score(text, *VOICEMAIL_RUBRIC, prospect=VOICEMAIL).criteria[0]
    assert details.passed
    assert details.detail == "says when you'll try again; leave your number for full points"
    assert details.credit < 1.0


LOCKED = "We're tied into our current bakery software until 2028."
LOCKED_RUBRIC: Rubric = ({"use": "acknowledge"}, {"use": "advance-next-step"})
GOOD_LOCKED = "Understood, 2028 it is. Could I put a call in for January 2028, before you renew?"


@pytest.mark.parametrize(
    "text",
    [
        "Understood, I won't try to talk you out of it. Well, unless you fancy paying the exit "
        "fee, we could cover it. Could I call in January 2028?",
        "Understood, I'm not going to push for a demo. Well, I do need an hour with your "
        "owner, so could I call in January 2028?",
    ],
)
def test_a_promise_gone_back_on_in_the_next_sentence_is_pushy(text: str) -> None:
    result = score(text, *LOCKED_RUBRIC, prospect=LOCKED)
    pushy = [g for g in result.guards if g.id == "pushy"]
    assert pushy and pushy[0].label.endswith("(goes back on what it just said)")
    assert result.score <= _score(GOOD_LOCKED, LOCKED_RUBRIC, LOCKED) - GAP


@pytest.mark.parametrize(
    "text",
    [
        "Understood, I won't try to talk you out of it. But could I call in January 2028, "
        "before you renew?",
        "Understood, I'm not sure it's for you yet. Well, could I call in January 2028?",
        "Understood, I won't keep you. And I do hope 2028 comes round quickly: could I call "
        "in the January?",
    ],
)
def test_a_promise_kept_is_not_pushy(text: str) -> None:
    result = score(text, *LOCKED_RUBRIC, prospect=LOCKED)
    assert not [g for g in result.guards if g.id == "pushy"]


@pytest.mark.parametrize(
    "text",
    [
        "Good to hear. Not that you'd ever notice what you're missing. What would you improve "
        "about your flooring supplier?",
        "Good to hear, not that anyone's ever happy with their flooring supplier for long. "
        "What would you improve about them?",
        "Good to hear. What would you improve about your flooring supplier? Not like you've "
        "ever looked around, right?",
        "Good to hear, not that sticking with one supplier ever saved anyone money. What "
        "would you improve about them?",
        "Good to hear, not that we ever did anything wrong by you. What would you improve "
        "about your flooring supplier?",
    ],
)
def test_a_put_down_opened_by_not_that_is_rude(text: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    rude = [g for g in result.guards if g.id == "rude"]
    assert rude and rude[0].label.endswith("(a snide aside)")
    assert rude[0].evidence[0].text.lower().startswith("not")
    assert result.score <= _score(GOOD_VENDOR, VENDOR_RUBRIC, VENDOR) - GAP


@pytest.mark.parametrize(
    "text",
    [
        "Good to hear. Not that I'd expect you to switch, but what would you improve about "
        "your flooring supplier?",
        "Good to hear. It's not that much to ask, I hope: what would you improve about your "
        "flooring supplier?",
        "Good to hear, not that there's anything wrong with switching. What would you "
        "improve about your flooring supplier?",
        "Good to hear. Not that I'd hold you up for long: what would you improve about your "
        "flooring supplier?",
        "Good to hear. Not like I'd blame you for staying. What would you improve about your "
        "flooring supplier?",
    ],
)
def test_not_that_conceding_or_as_a_degree_is_not_rude(text: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert not [g for g in result.guards if g.id == "rude"]


def test_a_question_rephrased_after_a_take_back_is_still_asked() -> None:
    text = (
        "good to hear what do you like about them actually no scratch that what would you "
        "improve about your flooring supplier"
    )
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert all(c.passed for c in result.criteria), [c.detail for c in result.criteria]
    assert not [g for g in result.guards if g.id == "refuses-move"]


def test_it_does_not_matter_if_reassures_and_keeps_the_question() -> None:
    text = (
        "Good to hear. What would you improve about your flooring supplier? Doesn't matter "
        "if it's something small."
    )
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert result.criteria[1].passed, result.criteria[1].detail


def test_an_offer_after_a_promise_is_not_going_back_on_it() -> None:
    text = "Understood, I won't try to talk you out of it. Well, unless you'd like a call in 2028?"
    result = score(text, *LOCKED_RUBRIC, prospect=LOCKED)
    assert not [g for g in result.guards if g.id == "pushy"]


def test_no_rush_to_answer_after_a_question_keeps_it_asked() -> None:
    text = (
        "Good to hear. What would you improve about your flooring supplier? No rush to "
        "answer, have a think."
    )
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert result.criteria[1].passed, result.criteria[1].detail
