"""Feedback a new hire found disagreeing with itself or with the answer (QA session 11)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.scoring.helpers import score
from trainer.scoring.detectors import find_questions
from trainer.scoring.format import score_points
from trainer.scoring.normalize import normalise
from trainer.scoring.phrases import Matcher
from trainer.scoring.points import whole
from trainer.scoring.scorer import attempt_score

STOP = "Take me off your list. Don't call me again."
STOP_RUBRIC = (
    {"use": "comply-do-not-call", "weight": 3},
    {"use": "stay-respectful"},
    {"use": "brief-answer", "words": {"max": 35}},
    {"id": "no-last-pitch", "question": False, "avoid": ["before i do", "quick question"]},
)


def _held_back(notes: tuple[str, ...] | list[str]) -> list[str]:
    return [n for n in notes if "held back" in n]


def test_a_removal_said_to_be_for_good_holds_nothing_back_however_short() -> None:
    for text in (
        "Of course, you're off our list and won't hear from us again. Sorry.",
        "Done, you're off our list as of now. Sorry for the calls.",
        "sorry about that ill take you off right now you wont get any more calls from us",
        "Understood. I've removed you, and nobody here will call again.",
    ):
        result = score(text, *STOP_RUBRIC, prospect=STOP)
        assert result.score == 100, text
        assert not _held_back(result.notes), text


def test_a_removal_is_never_told_to_play_back_their_words() -> None:
    """A do-not-call step's answer complies and stops: the held-back note says what would
    make it whole (that it is for good), not to play back their words."""
    result = score(
        "Understood, I've removed you. Sorry to bother you.", *STOP_RUBRIC, prospect=STOP
    )
    (note,) = _held_back(result.notes)
    assert "Play back their words" not in note and "short on specifics" not in note
    assert "won't hear from us again" in note
    assert result.score < 100


def test_other_steps_are_still_told_to_play_back_their_words() -> None:
    result = score(
        "Fair. Compared to what?", {"use": "acknowledge"}, {"use": "clarifying-question"}
    )
    (note,) = _held_back(result.notes)
    assert "Play back their words" in note


# A pasted 2,000-word salad of the words a new hire pasted (no punctuation, no "?").
SALAD_WORDS = [
    "and",
    "it",
    "yours",
    "features",
    "we",
    "so",
    "platform",
    "integrations",
    "love",
    "great",
    "you",
    "really",
    "our",
    "have",
    "is",
    "customers",
    "fleets",
    "helps",
    "of",
    "like",
    "lots",
    "honestly",
    "know",
    "basically",
]
PRICE = "Honestly, that's more than we were hoping to spend."


def _salad(words: int = 2000, seed: int = 11) -> str:
    pick = random.Random(seed).choice
    return " ".join(pick(SALAD_WORDS) for _ in range(words))


@pytest.mark.parametrize("seed", [1, 11, 2026])
def test_a_pasted_salad_makes_no_move_and_asks_nothing(seed: int) -> None:
    """Words that are no sentences: no move is read in them ("✓ Acknowledge 'lots of'") and
    nothing is asked without a "?" ("Questions about them 11")."""
    text = _salad(seed=seed)
    assert "?" not in text
    result = score(text, {"use": "acknowledge"}, {"use": "clarifying-question"}, prospect=PRICE)
    assert "keyword-salad" in {g.id for g in result.guards if g.triggered}
    assert not any(c.passed for c in result.criteria)
    questions = next(m for m in result.delivery if m.id == "questions")
    assert questions.actual == 0
    assert result.score <= 5


@pytest.mark.parametrize(
    "text",
    [
        "so is we have and honestly honestly so it lots",
        "our platform is they great and we know",
        "fleets have you and and and customers yours",
        "we love it does you like fleets",
    ],
)
def test_an_inversion_english_never_says_asks_nothing(text: str) -> None:
    """Without a "?", an auxiliary asks only when it agrees with its subject and the clause
    goes on after it."""
    assert find_questions(normalise(text), Matcher(normalise(text))) == []


@pytest.mark.parametrize(
    "text",
    [
        "we help fleets plan routes have you tried anything like that",
        "fair enough is it the price or the timing",
        "sure i can do that um whats the main thing youd want to see in it",
        "we cut re-routing calls does he still plan them by phone",
    ],
)
def test_speech_without_punctuation_still_asks(text: str) -> None:
    assert find_questions(normalise(text), Matcher(normalise(text)))


def test_an_ended_early_calls_total_follows_from_its_turn_scores_shown() -> None:
    """Turn scores shown 100 and 3 (a hidden 2.5) make a total of 52, not 51."""
    total = attempt_score([100.0, 2.5])
    assert [score_points(s) for s in (100.0, 2.5)] == ["100", "3"]
    assert (total, score_points(total)) == (51.5, "52")


@given(st.lists(st.integers(0, 1000).map(lambda t: t / 10), min_size=1, max_size=60))
@example([0.0, 0.0, 7.5, 13.5, 13.5, 24.5, 26.5, 49.5, 49.5, 56.5, 56.5])  # mean 27.4545…
def test_the_total_shown_is_the_mean_of_the_turn_scores_shown_rounded(
    scores: list[float],
) -> None:
    shown = [whole(s) for s in scores]
    mean = Fraction(sum(shown), len(shown))
    assert whole(attempt_score(scores)) == math.floor(mean + Fraction(1, 2))
    assert abs(attempt_score(scores) - float(mean)) <= 0.05 + 1e-9  # what the server checks
