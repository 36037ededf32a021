"""Negation in many forms, written fresh (not taken from the labelled sets): a move the answer
says it will not make earns nothing, however the refusal is worded or typed; a double
negation that still makes the move keeps it; contradicting the prospect is caught by its
structure; and a proposed time is quoted whole.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import score, step
from trainer.scoring.answer import Answer
from trainer.scoring.scorer import score_answer

NOT_INTERESTED = "Not interested, thanks."
Rubric = tuple[dict[str, Any], ...]
NOT_INTERESTED_RUBRIC: Rubric = (
    {"use": "acknowledge"},
    {"use": "clarifying-question", "weight": 2},
    {"use": "stay-respectful"},
)
GOOD_NOT_INTERESTED = "Fair enough. Before I let you go, what are you using for this today?"
LATER = "Look, call me back next quarter."
LATER_RUBRIC: Rubric = ({"use": "acknowledge"}, {"use": "advance-next-step", "weight": 2})
GOOD_LATER = (
    "Sure, happy to. So I catch you at the right moment, could we say Tuesday the 6th at 10?"
)
OPENER = "Hello, Riverside Dental, Priya speaking."
OPENER_RUBRIC: Rubric = (
    {"use": "permission-opener", "weight": 2},
    {"use": "reason-for-call"},
    {"use": "use-name"},
)
GOOD_OPENER = (
    "Hi Priya, it's Tom from Brightchair. I'm calling because we help practices cut no-shows "
    "with text reminders. Have I caught you at a bad moment?"
)
GAP = 30.0  # a refused move costs at least this much against the good answer


def _points(text: str, rubric: Rubric, prospect: str) -> float:
    return score(text, *rubric, prospect=prospect).score


# -- a refused question -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Understood. I'm not going to ask you what you use today.",
        "No problem, I won't waste your time with questions. Take care.",
        "That's fine, I'd rather not ask what you use today.",
        "Fair enough, I never ask people what they use, it's none of my business.",
        "Far be it from me to ask what you use today. Take care.",
        "OK. Without asking what you use today, I'll send you a brochure.",
        # spoken: no punctuation, no apostrophes
        "ok i wont ask what youre using today thats fine",
        "i dont want to push you so im not gonna ask what you use",
        "right im not going to ask you anything then have a good day",
        "fair enough i wont ask how your team copes when someones on holiday",
        "totally understand i wont ask when the budget opens up or who decides",
    ],
)
def test_a_refused_question_is_no_question(text: str) -> None:
    result = score(text, *NOT_INTERESTED_RUBRIC, prospect=NOT_INTERESTED)
    question = result.criteria[1]
    assert not question.passed
    good = _points(GOOD_NOT_INTERESTED, NOT_INTERESTED_RUBRIC, NOT_INTERESTED)
    assert result.score <= good - GAP


# -- a refused next step ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sure. No need to book anything, I'll try you again some time.",
        "Of course. I won't suggest a time, just ring me when you're ready.",
        "No problem, I'm not going to put anything in the diary.",
        "i dont want to pin you down to a date so ill leave it there",
        "Fine. I'd rather not fix a day now, I'll call whenever.",
    ],
)
def test_a_refused_next_step_is_no_next_step(text: str) -> None:
    result = score(text, *LATER_RUBRIC, prospect=LATER)
    assert not result.criteria[1].passed
    assert result.score <= _points(GOOD_LATER, LATER_RUBRIC, LATER) - GAP


# -- a refused permission ask -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hi Priya, it's Tom from Brightchair. I won't ask if now's a bad time, we help "
        "practices cut no-shows, so here goes.",
        "Priya, Tom at Brightchair. I'm not going to ask whether this is a good moment - we "
        "cut no-shows with reminders.",
        "Hi Priya, Tom from Brightchair. Not asking if it's a good time, we cut no-shows with "
        "reminders, let me walk you through it.",
        "hi priya tom from brightchair im not gonna ask if youve got thirty seconds we do "
        "reminders",
    ],
)
def test_permission_not_asked_is_not_permission(text: str) -> None:
    result = score(text, *OPENER_RUBRIC, prospect=OPENER)
    assert not result.criteria[0].passed
    assert result.score <= _points(GOOD_OPENER, OPENER_RUBRIC, OPENER) - GAP


def test_a_spoken_permission_question_without_punctuation_counts() -> None:
    """A transcript has no question mark: "...reminders is now a bad time or could i grab
    thirty seconds" still asks."""
    spoken = (
        "hi priya um it's tom from brightchair so the reason i'm calling is we help dental "
        "practices cut no shows with automatic reminders is now a bad time or could i grab "
        "like thirty seconds"
    )
    s = step(*OPENER_RUBRIC, prospect=OPENER)
    result = score_answer(s, Answer.typed(spoken), OPENER)
    assert all(c.passed for c in result.criteria)


# -- double negation that still makes the move -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to assume, so how do you handle it today?",
        "I wouldn't want to guess - how are you handling it at the moment?",
        "Not to put you on the spot, but what are you using today?",
        "i dont want to assume so how do you handle it today",
        "I won't keep you long - what made you say no so quickly?",
        # a negator of an earlier verb does not reach the spoken question after it
        "ok so the emails arent converting what does your sequence look like today",
    ],
)
def test_a_negation_before_a_real_question_leaves_the_question(text: str) -> None:
    result = score(text, *NOT_INTERESTED_RUBRIC, prospect=NOT_INTERESTED)
    assert result.criteria[1].passed
    assert not any(g.id == "refuses-move" for g in result.guards)


# -- contradicting the prospect, whatever the words ------------------------------------------


@pytest.mark.parametrize(
    ("prospect", "text"),
    [
        (
            "We just do the rota in spreadsheets. It works okay.",
            "Spreadsheets don't work okay for anyone. How do you handle sick calls?",
        ),
        (
            "It sounds good, but I'd need to ask my boss.",
            "You don't need to ask your boss. What would they want to see anyway?",
        ),
        (
            "We tried route-planning software two years ago. It was a disaster.",
            "That wasn't a disaster, that was a bad rollout. What went wrong?",
        ),
        (
            "That's more than we wanted to spend.",
            "I can't see why that would be too much. What are you comparing it to?",
        ),
        ("That's more than we wanted to spend.", "I don't get it. Compared to what?"),
    ],
)
def test_contradicting_the_prospect_is_arguing(prospect: str, text: str) -> None:
    result = score(text, {"use": "acknowledge"}, {"use": "clarifying-question"}, prospect=prospect)
    arguing = [g for g in result.guards if g.id == "arguing"]
    assert arguing, text
    assert arguing[0].evidence


@pytest.mark.parametrize(
    ("prospect", "text"),
    [
        (
            "That's more than we wanted to spend.",
            "That's fair, it's not a small spend. Compared to what?",
        ),
        (
            "That's more than we wanted to spend.",
            "I get it, nobody wants to spend more than they planned. What were you hoping for?",
        ),
        (
            "It kept sending drivers to the wrong gate. Nobody trained them, the vendor vanished "
            "after go-live, and the lads stopped trusting it.",
            "So wrong gates, no training and no support after go-live. What would a fair trial "
            "look like?",
        ),
        (
            "Right. So this is about replacing us, then.",
            "I can see why it sounds like that, and it's not about replacing you. What would help "
            "your week most?",
        ),
        (
            "Is she expecting your call?",
            "No, she isn't expecting me - it's a cold call about staffing. Who handles rotas?",
        ),
        (
            "We handle all of that in-house.",
            "Makes sense, and no need to change that. How do you cover holidays?",
        ),
        (
            "Support has been terrible since your migration.",
            "That's not the support you signed up for, and I'm sorry. Which reports broke?",
        ),
        (
            "Last time we used you, we were double-billed and nobody fixed it for months.",
            "You shouldn't have been double-billed, and I'm sorry. What happened?",
        ),
    ],
)
def test_agreeing_or_playing_back_with_a_negator_is_not_arguing(prospect: str, text: str) -> None:
    result = score(text, {"use": "acknowledge"}, {"use": "clarifying-question"}, prospect=prospect)
    assert not any(g.id == "arguing" for g in result.guards), text


# -- the proposed time is quoted whole --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Of course. Could I call you back Thursday at 10?", "Thursday at 10"),
        ("Sure - does Tuesday at 2pm work?", "Tuesday at 2pm"),
        ("No problem, shall we say next Monday morning?", "next Monday morning"),
        ("Understood. How about 10:30 on Friday?", "10:30 on Friday"),
        ("Could we talk Thursday at about 10?", "Thursday at about 10"),
        ("Would Thursday at half past ten suit you?", "Thursday at half past ten"),
        ("could we do thursday at like 10", "thursday at like 10"),
    ],
)
def test_the_next_step_evidence_quotes_the_whole_time(text: str, quoted: str) -> None:
    result = score(text, {"use": "advance-next-step"}, prospect=LATER)
    move = result.criteria[0]
    assert move.passed
    assert [e.text for e in move.evidence] == [quoted]


# -- negation after the phrase, and inside a negated verb's object -----------------------------


@pytest.mark.parametrize(
    ("text", "criterion", "prospect"),
    [
        (
            "Quick isn't really my style. We help fleets with routing.",
            {"use": "respect-time"},
            "I'm walking into a meeting, make it quick.",
        ),
        (
            "Removing you isn't something I can do today, sorry.",
            {"use": "comply-do-not-call"},
            "Take me off your list and don't call me again.",
        ),
        (
            "I didn't look at what you wrote, so what are you after?",
            {"use": "build-on-inbound"},
            "I put all of that in the form. Did anyone actually read it?",
        ),
        (
            "i never read what you wrote so what do you need",
            {"use": "build-on-inbound"},
            "I put all of that in the form. Did anyone actually read it?",
        ),
    ],
)
def test_a_move_negated_after_it_or_in_a_negated_object_is_not_made(
    text: str, criterion: dict[str, Any], prospect: str
) -> None:
    move = score(text, criterion, prospect=prospect).criteria[0]
    assert not move.passed, move


@pytest.mark.parametrize(
    ("text", "criterion", "prospect"),
    [
        (
            "Taking you off the list isn't a problem - done, and sorry for the calls.",
            {"use": "comply-do-not-call"},
            "Take me off your list and don't call me again.",
        ),
        (
            "I'm not sure who handles the fleet - could you point me to them?",
            {"use": "ask-for-right-person"},
            "What's this regarding?",
        ),
        (
            "Thanks for the form - I read what you wrote about Shopify. What happens today?",
            {"use": "build-on-inbound"},
            "I put all of that in the form. Did anyone actually read it?",
        ),
    ],
)
def test_a_harmless_negator_near_the_move_leaves_it(
    text: str, criterion: dict[str, Any], prospect: str
) -> None:
    move = score(text, criterion, prospect=prospect).criteria[0]
    assert move.passed, move


def test_asking_for_ten_minutes_now_does_not_respect_their_time() -> None:
    move = score(
        "This needs ten minutes. We help fleets with routing.",
        {"use": "respect-time"},
        prospect="I'm walking into a meeting, make it quick.",
    ).criteria[0]
    assert not move.passed


@pytest.mark.parametrize(
    "text",
    [
        "Makes sense. When is go-live? Could I call you the week after?",
        "Understood - would the following week suit you better for a call?",
    ],
)
def test_a_relative_period_proposed_is_a_next_step(text: str) -> None:
    move = score(text, {"use": "advance-next-step"}, prospect=LATER).criteria[0]
    assert move.passed


def test_a_rate_per_month_is_no_period() -> None:
    move = score(
        "We save firms like yours about 500 pounds a month. Does that sound useful?",
        {"use": "advance-next-step"},
        prospect=LATER,
    ).criteria[0]
    assert not move.passed


def test_a_refusal_in_its_own_clause_leaves_the_question_after_it() -> None:
    """ "I won't ask for long - could I have thirty seconds?" asks permission."""
    result = score(
        "Hi Priya, it's Tom from Brightchair. I won't ask for long - could I have thirty "
        "seconds to explain why I'm calling?",
        *OPENER_RUBRIC,
        prospect=OPENER,
    )
    assert result.criteria[0].passed
    assert not any(g.id == "refuses-move" for g in result.guards)


def test_a_negator_in_the_sentence_before_does_not_cancel_a_question() -> None:
    result = score(
        "Fair enough, lots of firms don't. Can I ask - when you do need a hard-to-find "
        "engineer, how do you usually go about finding them?",
        *NOT_INTERESTED_RUBRIC,
        prospect="Not interested, thanks. We don't use agencies.",
    )
    question = result.criteria[1]
    assert question.passed
    assert question.evidence[0].text.startswith("Can I ask")
