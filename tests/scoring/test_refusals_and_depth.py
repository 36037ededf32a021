"""Refusing a move while using its words, double negatives that still ask, moves taken back,
and depth at the top: each generalisable fix pinned as the rep sees it (the move's ✓/✗, its
detail, the guard, the points)."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import moves_total, score, step
from trainer.scoring.answer import Answer
from trainer.scoring.scorer import score_answer

ACK = {"use": "acknowledge"}
QUESTION = {"use": "clarifying-question"}
PEER = {"use": "peer-question"}
NEXT = {"use": "advance-next-step"}
PERMISSION = {"use": "permission-opener"}
REASON = {"use": "reason-for-call"}
RESPECT = {"use": "respect-time"}
HELLO = "Hello, Dana speaking."
IN_HOUSE = "We handle all of that in-house."
BOSS = "It sounds good, but I'd need to ask my boss."
LATER = "Look, call me back next quarter."


# -- a negated verb of asking, proposing, wanting or needing reaches its clause ----------------


@pytest.mark.parametrize(
    "text",
    [
        "Fair enough. I'm not going to ask who looks after it.",
        "fair enough i'm not going to ask who looks after it",
        "Fair enough, I won't ask who looks after it or what happens when they're away.",
        "Fair enough, I don't need to know who looks after it.",
    ],
)
def test_refusing_to_ask_is_not_a_peer_question(text: str) -> None:
    result = score(text, ACK, PEER, prospect=IN_HOUSE)
    peer = result.criteria[1]
    assert not peer.passed and peer.detail is not None and peer.detail.startswith("negated:")
    refused = next(g for g in result.guards if g.id == "refuses-move")
    assert refused.penalty == 15 and refused.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Makes sense. I won't suggest a meeting with both of you on Tuesday, just let me know.",
        "Sure. No need to book a call for the first week of April, I'll wait for you.",
    ],
)
def test_refusing_a_next_step_in_its_own_words_is_not_one(text: str) -> None:
    assert not score(text, NEXT, prospect=BOSS).criteria[0].passed


def test_promising_brevity_is_not_asking_permission() -> None:
    text = "Hi Dana, Sam from Northwind, I won't take more than 30 seconds, we help fleets re-plan."
    assert not score(text, PERMISSION, prospect=HELLO).criteria[0].passed


@pytest.mark.parametrize(
    ("text", "criterion"),
    [
        # A new subject or a new question ends the negated clause, with or without a comma.
        ("i don't want to take up your time it's about your delivery routes", REASON),
        ("I won't keep you long, could we talk Thursday at 10?", NEXT),
        ("i won't keep you long could we talk thursday at ten", NEXT),
        ("I won't keep you long. How does your team handle it when someone's away?", PEER),
    ],
)
def test_the_negation_stops_where_a_new_clause_starts(text: str, criterion: dict[str, str]) -> None:
    result = score(text, criterion, prospect=IN_HOUSE if criterion is PEER else HELLO)
    assert result.criteria[0].passed, result.criteria[0].detail
    assert not any(g.id == "refuses-move" for g in result.guards)


# -- asked and answered at once; double negatives that still ask -------------------------------


def test_a_permission_question_answered_at_once_is_not_permission() -> None:
    text = "Hi Dana, it's about your routes. Is this a bad time? Doesn't matter, I'll be quick."
    permission = score(text, PERMISSION, prospect=HELLO).criteria[0]
    assert not permission.passed
    assert permission.detail == "\u201cIs this a bad time\u201d is asked and answered at once"


@pytest.mark.parametrize(
    "text",
    [
        "Hi Dana, it's about your delivery routes. Is this not a bad time?",
        "Hi Dana, it's about your delivery routes. I hope this isn't a bad time?",
        "Hi Dana, it's about your routes - I hope I haven't caught you at a bad time?",
        "Hi Dana, it's about your routes. Is now a terrible time, or can I have half a minute?",
    ],
)
def test_not_a_bad_time_still_asks_permission(text: str) -> None:
    assert score(text, PERMISSION, prospect=HELLO).criteria[0].passed


# -- denied first, stock non-reasons ------------------------------------------------------------


def test_a_reason_denied_first_earns_most_of_its_points() -> None:
    text = "Hi Dana, I'm not calling to sell anything, I'm calling because fleets lose hours."
    reason = score(text, REASON, prospect=HELLO).criteria[0]
    assert reason.passed and reason.credit == 0.85
    assert reason.detail == "denied first (\u201ccalling to\u201d): just make the move"


@pytest.mark.parametrize(
    "text",
    [
        "Hi Dana, I just wanted to introduce myself. Have you got a minute?",
        "Hi Dana, I'm not calling to sell, I just wanted to see how things are going.",
        "Hi Dana, I wanted to touch base about your routes.",
    ],
)
def test_a_stock_non_reason_is_not_a_reason_for_the_call(text: str) -> None:
    reason = score(text, REASON, prospect=HELLO).criteria[0]
    assert not reason.passed and reason.detail == "said what to avoid"


# -- the prospect's own name, speech interjections, "but" a few words on ------------------------


def test_the_name_a_prospect_gives_is_the_name_to_use() -> None:
    s = step({"use": "use-name"}, prospect="Hello, Riverside Dental, Priya speaking.")
    line = s.prospect[0]
    assert score_answer(s, Answer.typed("Hi Priya, it's Tom."), line).criteria[0].passed
    assert not score_answer(s, Answer.typed("Hello, it's Tom."), line).criteria[0].passed
    named = score_answer(s, Answer.typed("Hi Priya."), line, prospect_name="Dana Ruiz")
    assert not named.criteria[0].passed  # the persona's name wins when the caller passes it


def test_no_thats_fair_in_speech_acknowledges() -> None:
    text = "no that's fair enough um out of interest how do you normally find people"
    assert score(text, ACK, prospect="Not interested, thanks.").criteria[0].passed


def test_i_know_youre_busy_but_takes_respect_for_their_time_back() -> None:
    text = "I know you're busy, but this is important, so bear with me."
    respect = score(text, RESPECT, prospect="Sorry, it's lunch rush.").criteria[0]
    assert not respect.passed
    assert respect.detail == "taken back by the \u201cbut\u201d after \u201cyou're busy\u201d"


@pytest.mark.parametrize(
    ("text", "acknowledges"),
    [
        ("Sure, I'll send it over today.", True),
        ("I'll make sure it goes over today.", False),
        ("Surely you can decide that yourself?", False),
    ],
)
def test_sure_acknowledges_but_make_sure_and_surely_do_not(text: str, acknowledges: bool) -> None:
    assert score(text, ACK).criteria[0].passed is acknowledges


# -- questions: peer-level by substance, proposals, "when does..." ------------------------------


def test_an_open_pointed_question_about_them_is_peer_level_whatever_its_wording() -> None:
    text = "Good to hear. When crews move between sites, how does that get handled - in ADP?"
    peer = score(text, ACK, PEER, prospect="We use ADP for payroll and it works.").criteria[1]
    assert peer.passed and peer.detail == "an open question about their situation"


def test_a_peer_phrase_in_a_statement_asks_nothing() -> None:
    text = "That's great. We might be worth a look at your next review."
    assert not score(text, ACK, PEER, prospect=IN_HOUSE).criteria[1].passed


def test_a_question_that_puts_time_in_the_diary_proposes_it_does_not_ask() -> None:
    text = "Totally. Could we put fifteen minutes in the calendar for Tuesday the 13th at ten?"
    result = score(text, ACK, QUESTION, NEXT, prospect=LATER)
    assert result.criteria[2].passed and not result.criteria[1].passed


def test_when_does_your_year_start_asks_even_with_a_call_proposed() -> None:
    text = "right when does your new financial year kick off and could we have a quick call before"
    result = score(text, QUESTION, NEXT, prospect="There's no budget this year.")
    assert result.criteria[0].passed


def test_a_later_so_sentence_that_plays_their_words_back_confirms_understanding() -> None:
    text = "That sounds miserable. So nights are down to ninety-six per cent - what changed?"
    prospect = "Days are fine but nights are down to ninety-six per cent accuracy."
    confirm = score(text, {"use": "confirm-understanding"}, prospect=prospect).criteria[0]
    assert confirm.passed and confirm.detail == "played back their words"


# -- depth breaks ties at the top ---------------------------------------------------------------


def test_a_bare_answer_has_a_little_held_back_and_is_told_why() -> None:
    bare = score("Understood. What would finance need to see?", ACK, QUESTION)
    assert moves_total(bare) == 100 and 98 <= bare.score < 100
    assert any("held back" in n for n in bare.notes)


def test_a_specific_answer_keeps_every_point() -> None:
    text = (
        "I hear you, twelve percent is a real jump to explain. What does finance need to see - "
        "the total, or what you're getting for it?"
    )
    full = score(text, ACK, QUESTION, prospect="Your renewal went up twelve percent.")
    assert full.score == 100 and not any("held back" in n for n in full.notes)


def test_twenty_everyday_words_have_a_point_held_back() -> None:
    """Two moves in 19 everyday words, nothing of their situation: a coach's 4, not a 5."""
    plain = score(
        "Okay, that makes sense to me. So how is that going for you at the moment, would you say?",
        ACK,
        QUESTION,
        prospect="We already get our uniforms from a local supplier.",
    )
    assert moves_total(plain) == 100 and plain.score == 99
    assert any("1 point held back" in n for n in plain.notes)


def test_at_most_three_points_are_held_back() -> None:
    bare = score("Okay. Why?", ACK, QUESTION)
    assert moves_total(bare) - bare.score <= 3


def test_depth_never_outweighs_a_move() -> None:
    bare = score("I hear you. What were you hoping to spend?", ACK, QUESTION)
    longer = score(
        "Thanks for telling me all of that about the spend, the proposal and your team today.",
        ACK,
        QUESTION,
    )
    assert bare.score > longer.score  # the longer one asks nothing


# -- saying it won't ask; more ways to discount, argue and push ---------------------------------


def test_saying_you_wont_ask_is_a_refused_question() -> None:
    text = "Fair enough. I'm not going to ask what you're comparing it with - it's good value."
    result = score(text, ACK, QUESTION)
    question = result.criteria[1]
    assert not question.passed and question.detail == "negated: \u201cI'm not going to ask\u201d"
    assert any(g.id == "refuses-move" for g in result.guards)


def test_not_a_question_is_no_refusal() -> None:
    result = score("Fair enough, that's not a question I can answer today.", ACK, QUESTION)
    assert result.criteria[1].detail == "no question asked"
    assert not any(g.id == "refuses-move" for g in result.guards)


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        ("Fair enough, let me just knock the price down for you.", "discounting"),
        ("Everyone says the new year and then never picks up.", "arguing"),
        ("Does it matter? I'm calling because your bill is too high.", "arguing"),
        ("This is important, so can you just give me 10 minutes now?", "pushy"),
    ],
)
def test_more_wordings_of_discounting_arguing_and_pushing(text: str, guard: str) -> None:
    assert guard in {g.id for g in score(text, ACK).guards}


# -- respectful negatives are moves, not refusals ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I won't waste your time. It's about your delivery routes.",
        "I don't want to take up your time, it's about your routes.",
        "I won't take more than a minute: it's about your routes.",
    ],
)
def test_respect_said_with_a_negator_respects_their_time(text: str) -> None:
    result = score(text, RESPECT, REASON, prospect="I'm walking into a meeting, make it quick.")
    assert result.criteria[0].passed and not result.guards


@pytest.mark.parametrize(
    "text",
    [
        "It's about payroll. I'm not sure who handles that there - could you point me?",
        "It's about payroll, and I don't know who looks after it - could you help me?",
    ],
)
def test_not_sure_who_asks_it_does_not_deny(text: str) -> None:
    person = score(text, {"use": "ask-for-right-person"}, prospect="What's this regarding?")
    assert person.criteria[0].passed and person.criteria[0].credit == 1.0


def test_denying_one_thing_and_saying_another_is_no_denial_of_the_move() -> None:
    text = "I won't pretend it was a referral - it came from a list we bought."
    source = score(text, {"use": "honest-source"}, prospect="How did you get my number?")
    assert source.criteria[0].passed and source.criteria[0].credit == 1.0


def test_an_answer_as_long_as_the_model_answer_is_deep_enough() -> None:
    s = step(ACK, QUESTION, model_answer="Fair. Compared to what?")
    result = score_answer(s, Answer.typed("I hear you. Compared to what?"), s.prospect[0])
    assert result.score == 100 and not result.notes


@pytest.mark.parametrize(
    "text",
    [
        "Sorry to hear that. I'm not going to ask for a meeting, though - ring me if you want.",
        "Understood. No need to book anything now, I'll try you again at some point.",
    ],
)
def test_turning_down_the_next_step_in_its_own_words_is_a_refusal(text: str) -> None:
    result = score(text, ACK, NEXT, prospect=BOSS)
    step_result = result.criteria[1]
    assert not step_result.passed and (step_result.detail or "").startswith("negated:")
    assert any(g.id == "refuses-move" for g in result.guards)


def test_no_rush_then_a_time_is_a_next_step() -> None:
    result = score("No rush - would Thursday at 10 work?", NEXT, prospect=BOSS)
    assert result.criteria[0].passed and not result.guards


@pytest.mark.parametrize(
    ("text", "passed"),
    [
        (
            "No need to repeat any of that, it's all here with me: sixty vans, city routes, "
            "idle time. Which routes idle the most?",
            True,
        ),
        # the same long opener with no colon: no play-back introduced
        (
            "No need to repeat any of that, it's all here with me. We help fleets like yours. "
            "Which routes idle the most?",
            False,
        ),
    ],
)
def test_a_colon_introduces_the_play_back_after_a_long_opener(text: str, passed: bool) -> None:
    prospect = "I sent the form last week: sixty vans, city routes, and idle time is the worst."
    build = score(text, {"use": "build-on-inbound"}, prospect=prospect).criteria[0]
    assert build.passed == passed
    assert not passed or build.detail == "played back their words"


def test_a_question_that_lists_its_options_after_a_colon_still_asks() -> None:
    """The options after a colon end the question the colon opened."""
    line = "We've used Paybright for six years. They answer when I ring. I'm happy."
    happy = step(
        ACK,
        {"use": "peer-question", "weight": 2},
        prospect=line,
        model_answer="Six years with people who answer is worth a lot. What would you change?",
    )
    text = (
        "Sounds like they've looked after you. Out of interest, what do you rely on them for "
        "most: rotas, pensions, or something else?"
    )
    peer = score_answer(happy, Answer.typed(text), line).criteria[1]
    assert peer.passed
