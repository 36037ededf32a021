"""Rubric phrases that cannot mean anything: no words at all, a single letter no answer says
as a word ("e"), or one word nearly every answer holds ("the", "you", "a"), which would pass
(in `avoid`: fail) almost any answer. Checked in scenario and technique files alike."""

from __future__ import annotations

import re

PHRASE_FIELDS = ("phrases", "more_phrases", "avoid", "more_avoid")

# Words nearly every answer holds: articles, pronouns, the commonest little words.
UBIQUITOUS = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "you",
        "we",
        "it",
        "he",
        "she",
        "they",
        "me",
        "us",
        "him",
        "her",
        "them",
        "my",
        "your",
        "our",
        "their",
        "its",
        "this",
        "that",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "is",
        "are",
        "was",
        "be",
        "am",
        "do",
    ]
)
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def phrase_problem(phrase: str, field: str) -> str | None:
    """Why a phrase of a criterion's `field` can mean nothing, or None when it can."""
    if not any(ch.isalnum() or ch == "%" for ch in phrase):
        return (
            f"phrase {phrase!r} has no words (only punctuation), so it can never match;"
            " write the words to look for"
        )
    words = _WORDS.findall(phrase.lower())
    if len(words) != 1:
        return None
    word = words[0]
    if len(word) == 1 and word.isalpha() and word not in UBIQUITOUS:
        return (
            f"phrase {phrase!r} is a single letter, which no answer says as a word, so it can"
            " never match; write the words to look for"
        )
    if word not in UBIQUITOUS:
        return None
    effect = "fail" if "avoid" in field else "pass"
    return (
        f"phrase {phrase!r} is a word nearly every answer holds, so this criterion would"
        f' {effect} nearly every answer; write the words that show the move (e.g. "fair point")'
    )
