"""Negation and mockery found by their structure, written fresh (not taken from the labelled
sets): a negated modal question argues, a question that only hands back the prospect's words
asks nothing, sarcasm agrees to nothing, a negative statement with a positive tag tells, "not
that" denies its clause, a purpose clause turns nothing down, and a question that inverts an
order is not the order. Each asserts what a rep sees: the score, the move and its evidence.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import score

Rubric = tuple[dict[str, Any], ...]
QUARTER = "Honestly, just ring me back after the summer."
QUARTER_RUBRIC: Rubric = (
    {"use": "acknowledge"},
    {"use": "clarifying-question", "weight": 2},
    {"use": "advance-next-step"},
)
GOOD_QUARTER = (
    "Happy to. So I ring at the right moment, what changes for you after the summer - and "
    "could we pencil in Tuesday the 9th at 10?"
)
VENDOR = "We're happy with the supplier we've got, thanks."
VENDOR_RUBRIC: Rubric = (
    {"use": "acknowledge"},
    {"use": "peer-question", "weight": 2},
    {"use": "stay-respectful"},
)
GOOD_VENDOR = "Good to hear. What do they do best for you, and where do they fall short?"
GAP = 30.0  # a mocking or arguing answer costs at least this much against the good one


def _score(text: str, rubric: Rubric, prospect: str) -> float:
    return score(text, *rubric, prospect=prospect).score


# -- a negated modal question argues ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Why wouldn't you just stick with us for the summer too?",
        "Why would you not switch when we're cheaper?",
        "Who wouldn't want an extra day a week?",
        "Why don't you just try us for a month?",
        "Do you not think it's time to look around?",
    ],
)
def test_a_negated_modal_question_is_no_question_about_them(text: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    question = result.criteria[1]
    assert not question.passed
    assert result.score <= _score(GOOD_VENDOR, VENDOR_RUBRIC, VENDOR) - GAP


@pytest.mark.parametrize(
    "text",
    [
        "What didn't you like about the last supplier?",
        "Why can't the current supplier handle weekend deliveries?",
        "What wouldn't work for you about switching supplier?",
    ],
)
def test_a_negated_question_about_something_else_still_asks(text: str) -> None:
    """A past one asks what happened; one about the supplier or the change asks about them."""
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert result.criteria[1].passed
    assert not any(g.id == "arguing" for g in result.guards)


def test_a_negated_question_insists_it_does_not_deny() -> None:
    """ "Why wouldn't you just give me ten minutes?" pushes for the time it seems to deny."""
    result = score(
        "Why wouldn't you just give me 10 minutes right now?",
        *QUARTER_RUBRIC,
        prospect=QUARTER,
    )
    pushy = [g for g in result.guards if g.id == "pushy"]
    assert pushy and pushy[0].evidence


# -- an echo question hands their words back ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "After the summer? I'll ring you on Monday instead.",
        "Ring you back? Let me tell you what we do first.",
    ],
)
def test_a_question_made_only_of_their_words_asks_nothing(text: str) -> None:
    result = score(text, *QUARTER_RUBRIC, prospect=QUARTER)
    question = result.criteria[1]
    assert not question.passed
    assert question.detail is not None and "no question about them" in question.detail


def test_a_move_inside_an_echo_question_is_their_words() -> None:
    prospect = "I've got about two minutes, go."
    rubric: Rubric = ({"use": "respect-time", "weight": 2}, {"use": "reason-for-call"})
    result = score("Two minutes? Right, let me start at the beginning.", *rubric, prospect=prospect)
    respect = result.criteria[0]
    assert not respect.passed
    assert respect.detail is not None and "hands back their words" in respect.detail


def test_an_echo_with_a_question_of_its_own_still_asks() -> None:
    result = score(
        "After the summer, sure - what happens after the summer that makes it better?",
        *QUARTER_RUBRIC,
        prospect=QUARTER,
    )
    assert result.criteria[1].passed


# -- sarcasm -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sure, because nobody has ever said that to a salesperson. What do they do for you?",
        "Yeah, because everyone's supplier is perfect. What do they do for you?",
        "Right, because I've never heard that one before. What do they do for you?",
    ],
)
def test_sarcasm_agrees_to_nothing_and_argues(text: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert not result.criteria[0].passed
    arguing = [g for g in result.guards if g.id == "arguing"]
    assert arguing and arguing[0].evidence
    assert result.score <= _score(GOOD_VENDOR, VENDOR_RUBRIC, VENDOR) - GAP


def test_the_evidence_says_the_agreement_was_sarcasm() -> None:
    result = score(
        "Sure, because everybody's supplier is perfect. What do they do best?",
        *VENDOR_RUBRIC,
        prospect=VENDOR,
    )
    ack = result.criteria[0]
    assert ack.detail == "\u201cSure\u201d is said in sarcasm"
    arguing = next(g for g in result.guards if g.id == "arguing")
    assert arguing.label == "Arguing with the prospect (sarcasm)"
    assert arguing.evidence[0].text == "Sure, because everybody's supplier is perfect"


@pytest.mark.parametrize(
    "text",
    [
        "Sure, because it matters to get this right. What do they do best for you?",
        "Sure, because you never know what next year brings. What do they do best for you?",
    ],
)
def test_a_plain_because_is_not_sarcasm(text: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert result.criteria[0].passed
    assert not any(g.id == "arguing" for g in result.guards)


def test_i_am_sure_is_no_acknowledgement() -> None:
    result = score("I'm sure they're fine for now.", {"use": "acknowledge"}, prospect=VENDOR)
    assert not result.criteria[0].passed


# -- tags --------------------------------------------------------------------------------------


def test_a_negative_statement_with_a_positive_tag_tells() -> None:
    result = score("That's not really a reason to stay, is it?", *VENDOR_RUBRIC, prospect=VENDOR)
    assert not result.criteria[1].passed


# -- "not that" --------------------------------------------------------------------------------


def test_not_that_denies_its_clause() -> None:
    rubric: Rubric = ({"use": "value-for-buyer", "weight": 2}, {"use": "reason-for-call"})
    prospect = "This is Omar. You've got a minute."
    denied = score(
        "Thanks Omar. Not that it would save you any money, but we sell payroll software.",
        *rubric,
        prospect=prospect,
    )
    made = score(
        "Thanks Omar. It would save you money: we sell payroll software that cuts overtime.",
        *rubric,
        prospect=prospect,
    )
    assert not denied.criteria[0].passed
    assert made.criteria[0].passed
    assert denied.score < made.score


def test_not_that_before_a_degree_word_denies_nothing() -> None:
    result = score(
        "It's not that expensive to switch - what would you want a new supplier to do better?",
        *VENDOR_RUBRIC,
        prospect=VENDOR,
    )
    assert result.criteria[1].passed


# -- a purpose clause turns nothing down --------------------------------------------------------


def test_so_i_dont_call_gives_a_purpose_not_a_refusal() -> None:
    result = score(
        "Of course. Just so I don't call at a bad time, could we say Tuesday the 9th at 10?",
        *QUARTER_RUBRIC,
        prospect=QUARTER,
    )
    assert result.criteria[2].passed
    assert not any(g.id == "refuses-move" for g in result.guards)


def test_a_refused_call_is_still_refused() -> None:
    result = score(
        "Fine. I won't call you to book anything, just get in touch.",
        *QUARTER_RUBRIC,
        prospect=QUARTER,
    )
    assert not result.criteria[2].passed


# -- an order inverted into a question asks -----------------------------------------------------


def test_what_would_you_need_to_see_is_not_an_order() -> None:
    rubric: Rubric = ({"use": "clarifying-question", "weight": 2}, {"use": "stay-respectful"})
    asked = score(
        "No pressure at all. What would you need to see to feel sure about a change?",
        *rubric,
        prospect=VENDOR,
    )
    ordered = score(
        "No pressure at all. You need to see our demo before you decide.",
        *rubric,
        prospect=VENDOR,
    )
    assert asked.criteria[0].passed and asked.criteria[1].passed
    assert not ordered.criteria[1].passed
    assert ordered.criteria[1].detail == "said what to avoid"
    assert asked.score > ordered.score


# -- a price cut for signing now is invented urgency --------------------------------------------


def test_a_discount_tied_to_signing_now_is_false_urgency() -> None:
    result = score("I'll take 10% off if you sign by Friday.", {"use": "hold-price"})
    ids = {g.id for g in result.guards}
    assert {"discounting", "false-urgency"} <= ids
    plain = score("I could look at 10% off.", {"use": "hold-price"})
    assert "false-urgency" not in {g.id for g in plain.guards}
    assert result.score < plain.score


# -- repeat asks of what the form said ------------------------------------------------------------


FORM = "Hi, I sent the form - we're a 25-person agency and we track time in spreadsheets."


@pytest.mark.parametrize(
    "text",
    [
        "Thanks! How many people are on the team?",
        "Thanks! What do you use for tracking time at the moment?",
    ],
)
def test_asking_again_what_the_form_said_is_a_repeat_ask(text: str) -> None:
    result = score(text, {"use": "no-repeat-ask"}, {"use": "clarifying-question"}, prospect=FORM)
    repeat, question = result.criteria
    assert not repeat.passed
    assert repeat.detail is not None and "asks what they already said" in repeat.detail
    assert not question.passed


# -- a play-back that refuses the move ----------------------------------------------------------


def test_a_playback_that_opens_by_refusing_to_confirm_confirms_nothing() -> None:
    prospect = "It has to work with Xero, cover both warehouses, and invoice quarterly."
    rubric: Rubric = ({"use": "confirm-understanding", "weight": 2}, {"use": "clarifying-question"})
    refused = score(
        "No need to confirm any of it - Xero, both warehouses and quarterly invoices are fine.",
        *rubric,
        prospect=prospect,
    )
    made = score(
        "So Xero, both warehouses and quarterly invoices - have I got that right?",
        *rubric,
        prospect=prospect,
    )
    confirm = refused.criteria[0]
    assert not confirm.passed
    assert confirm.detail is not None and confirm.detail.startswith("negated")
    assert made.criteria[0].passed
    assert refused.score < made.score


# -- the object of a refused ask ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It's Ana from Tillwise. I'm not going to ask if it's a bad time, so just hear me out.",
        "It's Ana from Tillwise. I won't ask whether now is a good time - here goes.",
        "It's Ana from Tillwise. I won't offer to call back later, so listen for a second.",
    ],
)
def test_a_refused_ask_reaches_its_if_clause(text: str) -> None:
    prospect = "Yeah? Make it quick, I've got a queue."
    rubric: Rubric = (
        {"use": "respect-time", "weight": 2},
        {"use": "permission-opener"},
        {"use": "reason-for-call"},
    )
    result = score(text, *rubric, prospect=prospect)
    respect, permission, _ = result.criteria
    assert not respect.passed and not permission.passed
    good = score(
        "It's Ana from Tillwise, I'll be quick: we cut queue times at the till. Is it better "
        "if I call back at three?",
        *rubric,
        prospect=prospect,
    )
    assert result.score <= good.score - GAP


# -- natural negation in a good answer ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That's not unusual - what made you pick them in the first place?",
        "That's not uncommon. What made you pick them in the first place?",
        "No pressure at all. What made you pick them in the first place?",
    ],
)
def test_a_reassuring_negation_acknowledges(text: str) -> None:
    result = score(text, *VENDOR_RUBRIC, prospect=VENDOR)
    assert result.criteria[0].passed
    assert not any(g.id == "refuses-move" for g in result.guards)


# -- refusing to listen ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sure, I'll send it. No need to tell me what you're after, it's all in there.",
        "Sure. I don't need to know what you're after, it's all in the pack.",
        "ok ill send it dont bother telling me what you need its all in there",
        "Sure. I don't want to hear what the last supplier sent, ours is better.",
    ],
)
def test_refusing_to_hear_them_out_is_a_refused_question(text: str) -> None:
    prospect = "Just email me something."
    rubric: Rubric = ({"use": "acknowledge"}, {"use": "clarifying-question", "weight": 2})
    result = score(text, *rubric, prospect=prospect)
    question = result.criteria[1]
    assert not question.passed
    assert question.detail is not None and question.detail.startswith("negated")
    refused = [g for g in result.guards if g.id == "refuses-move"]
    assert refused and refused[0].evidence


def test_no_problem_then_a_statement_refuses_nothing() -> None:
    result = score(
        "No problem, I'll tell you more in the email.",
        {"use": "acknowledge"},
        {"use": "clarifying-question"},
        prospect="Just email me something.",
    )
    assert not any(g.id == "refuses-move" for g in result.guards)


def test_a_why_wouldnt_you_question_is_arguing() -> None:
    result = score(
        "Why wouldn't you just switch if we're cheaper?", *VENDOR_RUBRIC, prospect=VENDOR
    )
    arguing = next(g for g in result.guards if g.id == "arguing")
    assert arguing.label == "Arguing with the prospect (a question that argues)"
    assert arguing.evidence[0].text == "Why wouldn't you just switch if we're cheaper"


def test_a_negated_question_that_offers_a_choice_still_asks() -> None:
    """ "Is it not a priority, or do you have it covered?" asks which; no argument."""
    result = score(
        "No worries. Is it not a priority right now, or do you have it covered?",
        {"use": "acknowledge"},
        {"use": "clarifying-question", "weight": 2},
        prospect="Not interested, thanks.",
    )
    assert all(c.passed for c in result.criteria)
    assert not result.guards


# -- speech -------------------------------------------------------------------------------------


def test_a_spoken_wh_question_with_do_after_know_still_asks() -> None:
    """ "good to know what does their quote include": "do" inverts, so it asks; "I know what
    you mean" does not."""
    prospect = "Another firm quoted us less."
    rubric: Rubric = ({"use": "acknowledge"}, {"use": "clarifying-question", "weight": 2})
    asked = score("ok good to know what does their quote include", *rubric, prospect=prospect)
    told = score("ok i know what you mean", *rubric, prospect=prospect)
    assert asked.criteria[1].passed
    assert not told.criteria[1].passed


def test_an_offer_to_send_something_is_no_question_about_them() -> None:
    result = score(
        "Understood. Is there anything I can send you in the meantime?",
        *QUARTER_RUBRIC,
        prospect=QUARTER,
    )
    assert not result.criteria[1].passed


@pytest.mark.parametrize(
    "text",
    [
        "ok i will not be calling again but before i go have you seen our new tariff",
        "Sure, you're off the list. Not that you won't miss out - can I send one last email?",
    ],
)
def test_pitching_after_agreeing_to_stop_is_pushy(text: str) -> None:
    prospect = "Please stop calling me. Take me off your list."
    rubric: Rubric = ({"use": "comply-do-not-call", "weight": 3}, {"use": "stay-respectful"})
    result = score(text, *rubric, prospect=prospect)
    comply = result.criteria[0]
    assert not comply.passed
    assert comply.detail is not None and comply.detail.startswith("kept pitching")
    pushy = next(g for g in result.guards if g.id == "pushy")
    assert "kept pitching after agreeing to stop" in pushy.label
    assert pushy.tip and "no last pitch" in pushy.tip  # not "ask for a time": they said stop
    stopped = score(
        "Of course - you're off the list now. Sorry to bother you.", *rubric, prospect=prospect
    )
    assert result.score <= stopped.score - GAP


def test_asking_when_for_a_date_they_gave_is_a_repeat_ask() -> None:
    prospect = "We filled in your form - we need the new rota system running by September."
    rubric: Rubric = ({"use": "no-repeat-ask"}, {"use": "clarifying-question"})
    again = score("Thanks. When do you need it running?", *rubric, prospect=prospect)
    fresh = score(
        "Thanks - September is close. What has to be true by then for it to count as running?",
        *rubric,
        prospect=prospect,
    )
    assert not again.criteria[0].passed
    assert again.criteria[0].detail == "asks what they already said: running by September"
    assert fresh.criteria[0].passed and fresh.criteria[1].passed


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather not say where I got it. Anyway, do you look after the fleet?",
        "I'm not going to tell you where it came from, but do you look after the fleet?",
    ],
)
def test_withholding_where_the_number_came_from_is_a_refused_move(text: str) -> None:
    prospect = "Where did you get this number?"
    rubric: Rubric = ({"use": "honest-source", "weight": 2}, {"use": "stay-respectful"})
    result = score(text, *rubric, prospect=prospect)
    source = result.criteria[0]
    assert not source.passed
    assert source.detail is not None and source.detail.startswith("negated")
    refused = next(g for g in result.guards if g.id == "refuses-move")
    assert refused.evidence


def test_no_need_to_apologise_then_tell_me_more_still_asks() -> None:
    result = score(
        "No need to apologise, tell me more about what happened.",
        {"use": "clarifying-question"},
        prospect="Sorry, I was short with you earlier - it's been a bad week.",
    )
    assert result.criteria[0].passed
    assert not any(g.id == "refuses-move" for g in result.guards)


def test_asking_when_the_next_one_comes_is_no_repeat_ask() -> None:
    prospect = "The board signed off this year's fleet budget in March. It's all spent."
    rubric: Rubric = ({"use": "no-repeat-ask"}, {"use": "clarifying-question"})
    result = score(
        "Understood. When does the board sign off the next one?", *rubric, prospect=prospect
    )
    assert all(c.passed for c in result.criteria)
    again = score("Understood. When was the budget signed off?", *rubric, prospect=prospect)
    assert not again.criteria[0].passed


def test_when_you_say_plays_the_date_back() -> None:
    prospect = "We filled in your form - we need the new rota system running by September."
    result = score(
        "When you say running by September, what has to be working on day one?",
        {"use": "no-repeat-ask"},
        {"use": "clarifying-question"},
        prospect=prospect,
    )
    assert all(c.passed for c in result.criteria)


HAPPY = "We're happy with what we've got, thanks."
HAPPY_RUBRIC: Rubric = (
    {"use": "acknowledge"},
    {"use": "clarifying-question", "weight": 2},
    {"use": "advance-next-step"},
)
GOOD_HAPPY = (
    "Fair enough. What do you like most about it, and could we compare notes on Tuesday at 10?"
)


@pytest.mark.parametrize(
    "text",
    [
        "Fair enough. No point booking Tuesday at 10 then.",
        "Fair enough. There's no reason to meet on Tuesday at 10.",
        "fair enough theres no sense talking on tuesday at 10 then",
    ],
)
def test_no_point_or_no_reason_turns_the_next_step_down(text: str) -> None:
    result = score(text, *HAPPY_RUBRIC, prospect=HAPPY)
    assert not result.criteria[2].passed
    assert result.score <= score(GOOD_HAPPY, *HAPPY_RUBRIC, prospect=HAPPY).score - GAP


def test_like_i_havent_heard_that_before_mocks_its_sentence() -> None:
    result = score(
        "Oh sure, fair enough, like I haven't heard that before. What do you like about it?",
        *HAPPY_RUBRIC,
        prospect=HAPPY,
    )
    assert not result.criteria[0].passed
    arguing = next(g for g in result.guards if g.id == "arguing")
    assert "sarcasm" in arguing.label


def test_a_voicemail_that_withholds_the_number_earns_half_the_callback() -> None:
    prospect = "Hi, you've reached Lena Fox. Leave a message after the tone."
    rubric: Rubric = ({"use": "leave-callback-details", "weight": 2}, {"use": "reason-for-call"})
    withheld = score(
        "Hi Lena, it's Tom from Brightfield about your fleet fuel costs. I won't leave my "
        "number, I'll just try you again sometime.",
        *rubric,
        prospect=prospect,
    )
    callback = withheld.criteria[0]
    assert callback.passed and callback.credit == 0.5
    assert callback.detail is not None and callback.detail.startswith("refused")
    assert "refuses-move" in {g.id for g in withheld.guards}
    silent = score(
        "Hi Lena, it's Tom from Brightfield about your fleet fuel costs. I'll try you again "
        "sometime.",
        *rubric,
        prospect=prospect,
    )
    assert withheld.score < silent.score


BURNED = "Honestly, the last vendor burned us."
BURNED_RUBRIC: Rubric = ({"use": "label-emotion", "weight": 2}, {"use": "clarifying-question"})


@pytest.mark.parametrize(
    "text",
    [
        "That can't have been easy. What happened?",
        "I can't imagine how frustrating that was. What happened?",
        "That's not easy. What went wrong?",
    ],
)
def test_empathy_said_in_the_negative_labels_the_feeling(text: str) -> None:
    result = score(text, *BURNED_RUBRIC, prospect=BURNED)
    assert all(c.passed for c in result.criteria)
    assert not result.guards


@pytest.mark.parametrize(
    "text",
    [
        "I can't imagine it was that frustrating. What happened?",
        "Frustrating? Hardly - what happened?",
    ],
)
def test_a_feeling_named_only_to_deny_it_is_not_labelled(text: str) -> None:
    result = score(text, *BURNED_RUBRIC, prospect=BURNED)
    assert not result.criteria[0].passed
