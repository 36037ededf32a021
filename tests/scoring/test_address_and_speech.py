"""Structures a coach hears the same way however the rep words them: who is addressed
("you guys" is "you"), ..."""

from __future__ import annotations

from tests.scoring.helpers import passed
from trainer.scoring.normalize import normalise

PEER = {"use": "peer-question"}
INCUMBENT = "We already have a booking system, thanks."


def test_you_guys_asks_what_you_asks_in_speech_and_typing() -> None:
    for text in (
        "ok fair um how are you guys actually using it for the weekend shifts",
        "Fair enough. How are you folks using it for the weekend shifts?",
    ):
        assert passed(text, PEER, prospect=INCUMBENT), text


def test_you_guys_is_no_filler_in_delivery() -> None:
    norm = normalise("how are you guys using it")
    assert not any(t.filler for t in norm.tokens)
    assert [t.norm for t in norm.content] == ["how", "are", "you", "using", "it"]
