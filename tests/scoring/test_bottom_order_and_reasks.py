"""Issue 11, structural faults: the bottom of the scale keeps order (a harmless weak answer
above a harmful one, more harm lower, two harms apart), and a question the prospect just
answered earns no credit. Sentences written for these tests, not taken from the labelled sets."""

from __future__ import annotations

from tests.scoring.helpers import score
from trainer.scoring.format import format_breakdown
from trainer.scoring.scorer import FLOOR_POINTS

HAPPY = "Honestly we're fine with the firm we've got, they do a decent job."
MOVES = ({"use": "acknowledge"}, {"use": "clarifying-question"}, {"use": "advance-next-step"})
REPEAT = {"use": "no-repeat-ask"}
QUESTION = {"use": "clarifying-question"}


def _score(text: str, prospect: str = HAPPY) -> float:
    return score(text, *MOVES, prospect=prospect).score


def test_a_harmless_give_up_keeps_a_few_points_and_says_why() -> None:
    result = score("Right, I will leave it there then.", *MOVES, prospect=HAPPY)
    assert result.score == FLOOR_POINTS
    assert any("does no harm keeps at least 5" in n for n in result.notes)


def test_a_harmless_weak_answer_scores_above_a_harmful_one() -> None:
    weak = _score("Right, I will leave it there then.")
    harmful = _score("Decent? That's nonsense, they overcharge everyone they work with.")
    assert 0 <= harmful < weak


def test_more_harm_scores_lower() -> None:
    rude = _score("Whatever, I'll try the office manager instead then.")
    rude_and_arguing = _score(
        "Whatever, you're wrong about them, I'll try the office manager instead then."
    )
    assert rude_and_arguing < rude < FLOOR_POINTS


def test_two_different_harms_do_not_tie() -> None:
    arguing = _score("With all due respect, the firm you've got is behind the times.")
    rude = _score("That's a silly choice, the firm you've got is behind the times.")
    assert rude < arguing < FLOOR_POINTS


def test_the_floor_note_shows_the_arithmetic() -> None:
    result = score(
        "Whatever, fair enough. When could we talk on Thursday at 4?", *MOVES, prospect=HAPPY
    )
    assert any(g.id == "rude" for g in result.guards)
    text = format_breakdown(result)
    assert "Scored its floor" in text and "1 for every 30 points of penalties" in text
    assert result.score == FLOOR_POINTS - 60 / 30


def test_nothing_said_still_scores_zero() -> None:
    assert _score("") == 0
    assert _score("   ") == 0


def test_a_harmful_answer_stays_far_below_a_good_one() -> None:
    good = _score(
        "Fair enough, a decent firm is worth keeping. What would they have to get wrong before "
        "you'd look around? Could we compare notes on Thursday at 10?"
    )
    harmful = _score("Shut up and listen, they're useless and you know it.")
    assert good >= 70 and harmful < FLOOR_POINTS


# Re-asking what the prospect just said.

SHOP = "We sell candles online, the store runs on WooCommerce and checkout drop-off is awful."
FLEET = "We've got 30 technicians out every day and the job sheets are still on paper."


def test_asking_the_platform_they_just_named_earns_no_question_credit() -> None:
    result = score("Got it. Which platform is the store built on?", QUESTION, REPEAT, prospect=SHOP)
    question, repeat = result.criteria
    assert not question.passed
    assert not repeat.passed and repeat.detail == "asks what they already said: WooCommerce"
    assert [e.text for e in repeat.evidence] == ["Which platform is the store built on"]


def test_asking_a_count_they_just_gave_earns_no_question_credit() -> None:
    result = score(
        "Paper, ouch. How many technicians do you have out each day?",
        QUESTION,
        REPEAT,
        prospect=FLEET,
    )
    question, repeat = result.criteria
    assert not question.passed
    assert repeat.detail == "asks what they already said: 30 technicians"


def test_a_question_that_builds_on_what_they_named_is_credited() -> None:
    result = score(
        "Awful drop-off is costly. Where in the WooCommerce checkout do people give up?",
        QUESTION,
        REPEAT,
        prospect=SHOP,
    )
    assert all(c.passed for c in result.criteria)


def test_the_same_question_is_fine_when_they_have_not_said_it() -> None:
    prospect = "Our checkout drop-off is awful and I can't see why."
    result = score("Which platform is the store built on?", QUESTION, REPEAT, prospect=prospect)
    assert all(c.passed for c in result.criteria)
    count = score(
        "How many vans do you send out?", QUESTION, REPEAT, prospect=FLEET
    ).criteria  # they gave technicians, not vans
    assert all(c.passed for c in count)
