"""A made-up reason for the call (a pretext) is harm, like arguing: trouble of theirs the
prospect never mentioned given as the reason for the call, or claiming to call for their own
side. Such an answer scores below any harmless one. A reason kept from a gatekeeper is a
refused move. Real trouble the prospect raised, or a question about trouble, is no pretext."""

from __future__ import annotations

from trainer.scenario.format import checked
from trainer.scenario.models import Step
from trainer.scoring.answer import Answer
from trainer.scoring.scorer import score_answer

VOICEMAIL = "Hi, this is Dana Ruiz at Hillcrest Bakeries. Leave a message after the tone."


def _step(prospect: str, rubric: list[dict[str, object]]) -> Step:
    return checked(Step, {"id": "s", "prospect": [prospect], "rubric": rubric, "model_answer": "-"})


def _voicemail(text: str) -> tuple[float, list[str]]:
    step = _step(
        VOICEMAIL,
        [{"use": "leave-callback-details", "weight": 2}, {"use": "reason-for-call"}],
    )
    result = score_answer(step, Answer.typed(text), VOICEMAIL)
    return result.score, [g.id for g in result.guards]


def test_an_invented_incident_as_the_reason_for_a_callback_is_a_pretext() -> None:
    honest, honest_guards = _voicemail(
        "Hi Dana, Priya from OvenSense, 555-0199. I'm calling about energy use on your "
        "proving ovens. I'll try you again Tuesday morning."
    )
    scare, scare_guards = _voicemail(
        "Hi Dana, it's Priya, I'm calling about the safety incident at your north bakery, "
        "call me back on 555-0199."
    )
    assert "pretext" not in honest_guards
    assert "pretext" in scare_guards
    assert scare < 5 < honest


def test_trouble_the_prospect_raised_is_no_pretext() -> None:
    line = "We had a food safety audit last month and it went badly."
    step = _step(line, [{"use": "empathy-label"}, {"use": "open-question"}])
    result = score_answer(
        step,
        Answer.typed("Sorry to hear that. What did the audit flag, was it about the cold room?"),
        line,
    )
    assert "pretext" not in [g.id for g in result.guards]


def test_asking_about_trouble_is_no_pretext() -> None:
    _, guards = _voicemail(
        "Hi Dana, Priya from OvenSense, 555-0199. Curious whether you've had any "
        "downtime about a breach of the oven temperature logs? I'll try you Tuesday."
    )
    assert "pretext" not in guards


def test_claiming_to_call_for_their_own_side_is_a_pretext() -> None:
    line = "Finance, this is Omar."
    step = _step(line, [{"use": "reason-for-call"}, {"use": "permission-opener"}])
    result = score_answer(
        step, Answer.typed("Hi Omar, I'm calling on behalf of your managing director."), line
    )
    assert "pretext" in [g.id for g in result.guards]


def test_a_reason_kept_from_a_gatekeeper_is_a_refused_move() -> None:
    line = "Reception, how can I help?"
    step = _step(line, [{"use": "reason-for-call"}, {"use": "ask-for-right-person"}])
    kept = score_answer(step, Answer.typed("It's a personal matter for Mr. Hale."), line)
    ids = [g.id for g in kept.guards if g.triggered]
    assert ids.count("refuses-move") == 1 and "pretext" not in ids
