"""Negation that fools a keyword scorer, and good answers told from merely OK ones: each
case pinned as the rep sees it (the move's ✓/✗, its detail, the guard that fires, the points).
"""

from __future__ import annotations

import pytest

from tests.scoring.helpers import guards, moves_total, score, step
from trainer.scoring.answer import Answer
from trainer.scoring.scorer import score_answer

ACK = {"use": "acknowledge"}
EMOTION = {"use": "label-emotion"}
QUESTION = {"use": "clarifying-question"}
PEER = {"use": "peer-question"}
RENEWAL = "Your renewal went up twelve percent. I can't justify that to finance."
SPREADSHEETS = "We just do the rota in spreadsheets. It works okay."
BILLING = "Last time we used you, we were double-billed and nobody fixed it for months."


# -- negation at a distance and negative subjects ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to pretend I understand how your rota works, but ours is automatic.",
        "I won't claim I understand your setup.",
        "I can't say I understand, it's the market rate.",
        "Nobody would call that fair, it's a good price.",
    ],
)
def test_an_acknowledgement_negated_at_a_distance_is_not_one(text: str) -> None:
    ack = score(text, ACK, prospect=SPREADSHEETS).criteria[0]
    assert not ack.passed
    assert ack.detail is not None and ack.detail.startswith("negated:")


def test_a_negated_verb_of_telling_or_caring_reaches_its_clause() -> None:
    source = {"use": "honest-source"}
    told = score(
        "I can't tell you where I got your number, but it's a good offer.",
        source,
        prospect="Sorry, how did you get my number?",
    ).criteria[0]
    assert not told.passed and told.detail is not None and told.detail.startswith("negated:")
    busy = score(
        "I don't care that you're busy, this is important.",
        {"use": "respect-time"},
        prospect="I'm walking into a meeting, make it quick.",
    ).criteria[0]
    assert not busy.passed


def test_a_harmless_negator_before_the_move_still_leaves_it() -> None:
    ack = score("No worries at all. What do you do when someone calls in sick?", ACK).criteria[0]
    assert ack.passed


# -- "I understand, but ...": the but takes it back --------------------------------------------


def test_but_takes_the_acknowledgement_back() -> None:
    ack = score(
        "I understand, but in-house teams are usually slower and cost more than us.",
        ACK,
        prospect="We handle all of that in-house.",
    ).criteria[0]
    assert not ack.passed
    assert ack.detail == "taken back by the \u201cbut\u201d after \u201cI understand\u201d"


def test_but_followed_by_a_question_about_them_keeps_it() -> None:
    result = score("Fair enough, but can I ask what you use today?", ACK, QUESTION)
    assert result.criteria[0].passed


def test_but_takes_a_labelled_emotion_back_too() -> None:
    label = score(
        "That sounds frustrating, but that was before my time.", EMOTION, prospect=BILLING
    ).criteria[0]
    assert not label.passed


# -- polite arguing behind a negator -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No offence, but spreadsheets are a bit amateur for a team your size.",
        "Not saying you're wrong, but honestly twelve percent is still cheap.",
        "I'm not saying it doesn't work, but spreadsheets always break eventually.",
        "I don't hear complaints like that often, are you sure it was us?",
        "No way that was us, our billing is automated.",
        "How can you not afford it?",
        "We've never had a complaint like that. What happened?",
        "That never happens with us, we're different.",
        "I didn't say we were like them. What happened?",
        "I'd never say you're wrong, but we're better.",
    ],
)
def test_polite_arguing_behind_a_negator_is_arguing(text: str) -> None:
    assert "arguing" in guards(text)


def test_not_our_problem_is_rude() -> None:
    assert "rude" in guards("That's not our problem, but what happened?")


@pytest.mark.parametrize(
    "text",
    ["I don't blame you.", "I don't doubt it.", "You're not wrong.", "Can't argue with that."],
)
def test_a_double_negative_that_agrees_acknowledges(text: str) -> None:
    assert score(text, ACK, prospect=BILLING).criteria[0].passed


def test_you_are_not_wrong_but_is_taken_back() -> None:
    ack = score("You're not wrong, but we're nothing like them.", ACK, prospect=BILLING).criteria[0]
    assert not ack.passed and ack.detail is not None and ack.detail.startswith("taken back")


def test_putting_it_off_pressure_is_pushy() -> None:
    assert "pushy" in guards("No decision yet? You can't keep putting this off.")
    assert "pushy" in guards("You really should stop putting it off.")


# -- leading and rhetorical questions ask nothing ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Don't you think it's time you moved off spreadsheets?",
        "Wouldn't you agree the rota deserves better?",
        "Isn't it worth paying a bit more for the rota?",
        "Surely the budget can stretch a little?",
    ],
)
def test_a_leading_question_is_not_a_question_about_them(text: str) -> None:
    ask = score(text, QUESTION, prospect=SPREADSHEETS).criteria[0]
    assert not ask.passed
    assert ask.detail is not None and "no question about them" in ask.detail


def test_a_tag_question_still_checks_in() -> None:
    assert score("That's the real issue with the rota, isn't it?", QUESTION).criteria[0].passed


def test_a_question_answered_at_once_is_rhetorical() -> None:
    result = score("Fair enough? Not really, the price is fine.", ACK, QUESTION)
    assert [c.passed for c in result.criteria] == [False, False]


# -- speech and apologies ----------------------------------------------------------------------


def test_sorry_about_that_then_a_question_in_a_transcript() -> None:
    result = score(
        "oh that sounds frustrating um sorry about that what happened when you raised it",
        EMOTION,
        ACK,
        QUESTION,
        prospect=BILLING,
    )
    assert all(c.passed for c in result.criteria)


# -- a pointed question earns full points, a general one 0.85 ----------------------------------


def test_a_general_question_earns_most_but_not_all_of_its_points() -> None:
    result = score("Understood. What would be most useful to you?", ACK, QUESTION, prospect=RENEWAL)
    ask = result.criteria[1]
    assert ask.passed and ask.credit == 0.85
    assert ask.detail is not None and "a general question" in ask.detail
    assert result.score < 100


@pytest.mark.parametrize(
    "text",
    [
        "I hear you. What does finance need to see?",  # their word
        "I hear you. Is it the total, or what you get for it?",  # a choice
        "I hear you. Compared to what?",  # a probe of what they said
        "I hear you. What makes you say that?",
    ],
)
def test_a_pointed_question_earns_all_its_points(text: str) -> None:
    result = score(text, ACK, QUESTION, prospect=RENEWAL)
    assert result.criteria[1].credit == 1.0 and moves_total(result) == 100


def test_nothing_of_theirs_to_tie_to_leaves_full_points() -> None:
    # "That's more than we wanted to spend." names nothing beyond everyday sales talk.
    assert moves_total(score("I hear you. What were you hoping for?", ACK, QUESTION)) == 100


def test_the_step_subject_makes_a_question_pointed() -> None:
    s = step(
        ACK,
        QUESTION,
        prospect="We handle all of that in-house.",
        model_answer="Fair enough. How do you cope when the one who knows it is on holiday?",
    )
    answer = Answer.typed("Fair enough. What happens during holidays?")
    assert score_answer(s, answer, s.prospect[0]).criteria[1].credit == 1.0


# -- a next step with a day or time earns full points, a period or a meeting alone 0.85 -------

NEXT = {"use": "advance-next-step"}
QUIET = "Sorry, it's been hectic here. We haven't made any decision yet."


@pytest.mark.parametrize(
    "text",
    [
        "Understood. Could we go through it together on Thursday at 10?",
        "Would tomorrow morning suit for fifteen minutes?",
        "Could you connect me with whoever runs dispatch?",
    ],
)
def test_a_dated_next_step_earns_all_its_points(text: str) -> None:
    step_result = score(text, NEXT, prospect=QUIET).criteria[0]
    assert step_result.passed and step_result.credit == 1.0


@pytest.mark.parametrize(
    "text",
    ["No worries. Shall we talk again next week?", "Would you be open to a short demo?"],
)
def test_an_undated_next_step_earns_most_of_its_points(text: str) -> None:
    result = score(text, NEXT, prospect=QUIET)
    step_result = result.criteria[0]
    assert step_result.passed and step_result.credit == 0.85
    assert step_result.detail == "no day or time yet: name one for full points"
    assert moves_total(result) == 85


# -- a peer-level question: pointed or general --------------------------------------------------


def test_a_general_peer_question_earns_most_of_its_points() -> None:
    peer = score("Fair enough. How do you handle last-minute changes?", PEER, prospect=SPREADSHEETS)
    assert peer.criteria[0].passed and peer.criteria[0].credit == 0.85


def test_a_peer_question_about_their_rota_earns_all_its_points() -> None:
    peer = score(
        "Makes sense. When someone calls in sick, what happens to the rota?",
        PEER,
        prospect=SPREADSHEETS,
    )
    assert peer.criteria[0].passed and peer.criteria[0].credit == 1.0


# -- ignores-prospect counts the one word count, as written -----------------------------------


def test_a_short_give_up_with_contractions_is_not_a_pitch_that_ignores_them() -> None:
    # 9 words as written ("won't", "I'll" are one word each), 12 once expanded.
    assert "ignores-prospect" not in guards(
        "I won't ask why, I'll just send you the breakdown.", prospect=RENEWAL
    )


def test_a_pitch_of_twelve_words_still_ignores_them() -> None:
    assert "ignores-prospect" in guards(
        "Our platform has dashboards, analytics and two hundred integrations for every team.",
        prospect=RENEWAL,
    )
