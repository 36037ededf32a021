"""What a thin answer is told when points are held back for depth (scorer._thin), and the
one answer to a request to stop that is never thin: a stop said to be for good."""

from __future__ import annotations

from itertools import pairwise

from trainer.scoring.normalize import Normalised
from trainer.words import plural

# A stop said to be for good: "you won't hear from us again", "no more calls", "nobody here
# will call", "off our list as of now". Coaches rate such a removal above a bare "I'll take
# you off the list", however short. The words are read as said, negators included: "won't
# ... again" is the promise itself.
_FOR_GOOD_WORDS = frozenset({"again", "anymore", "nobody", "never"})
_FOR_GOOD_PAIRS = frozenset(
    {
        ("no", "more"),
        ("any", "more"),
        ("another", "call"),
        ("no", "one"),
        ("as", "of"),
        ("for", "good"),
    }
)


def said_for_good(norm: Normalised) -> bool:
    """The answer says the stop is for good."""
    words = [t.norm for t in norm.tokens]
    return any(w in _FOR_GOOD_WORDS for w in words) or any(
        pair in _FOR_GOOD_PAIRS for pair in pairwise(words)
    )


def depth_note(thin: int, words: int, specific: int, *, stop: bool) -> str:
    """Why points were held back and what to add. On a step whose move is to stop (`stop`),
    that the stop is for good: never to play back their words, which keeps the call going."""
    held = f"{plural(thin, 'point')} held back"
    if stop:
        return (
            f"{held}: the removal is not said to be for good. Say so: "
            "\u201cyou won't hear from us again\u201d."
        )
    return (
        f"{held}: short on specifics ({plural(words, 'word')}, {specific} specific to this "
        "call). Play back their words or name their situation."
    )
