"""Answers a new hire tried in the app (session 8) that scored as good answers although a
coach rates them 1: a removal taken back, a flirt with the receptionist, the herd as a
reason to buy."""

from __future__ import annotations

from tests.scoring.helpers import score

STOP = "Take me off your list. Don't call me again."
STOP_RUBRIC = ({"use": "comply-do-not-call", "weight": 2}, {"use": "stay-respectful"})


def test_a_removal_taken_back_is_a_refused_request_to_stop() -> None:
    undone = score(
        "Of course, I'll take you off the list. Actually, I can't promise that, my manager "
        "decides who we call.",
        *STOP_RUBRIC,
        prospect=STOP,
    )
    assert not undone.criteria[0].passed
    assert [g.id for g in undone.guards if g.triggered] == ["refuses-stop"]
    assert undone.score < 5
    kept = score("Of course, I'll take you off the list now. Sorry.", *STOP_RUBRIC, prospect=STOP)
    assert kept.criteria[0].passed and kept.score > 70


def test_a_caveat_that_is_no_take_back_keeps_the_move() -> None:
    kept = score(
        "Of course, I'll take you off the list today. I can promise that.",
        *STOP_RUBRIC,
        prospect=STOP,
    )
    assert kept.criteria[0].passed


RECEPTION = "Good morning, Harbour Dental, this is Jo."


def test_flirting_with_the_receptionist_is_not_respectful() -> None:
    result = score(
        "Thanks so much, who looks after the vans? Also, you sound lovely, are you single?",
        {"use": "ask-for-right-person"},
        {"use": "stay-respectful"},
        prospect=RECEPTION,
    )
    assert "rude" in {g.id for g in result.guards if g.triggered}
    assert result.score < 5


NO_TIME = "I don't have time for this."


def test_everyone_else_already_has_is_pressure_not_a_reason() -> None:
    result = score(
        "Totally fair, I'll be quick: I'm calling because stocktakes eat weekends. You really "
        "should look at it, honestly everyone else already has.",
        {"use": "reason-for-call"},
        {"use": "respect-time"},
        prospect=NO_TIME,
    )
    assert "pressure" in {g.id for g in result.guards if g.triggered}
    assert result.score < 5
