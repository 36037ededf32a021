"""Feedback a new hire found disagreeing with itself or with the answer (QA session 11)."""

from __future__ import annotations

from tests.scoring.helpers import score

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
