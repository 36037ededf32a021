"""The closest name to a mistyped one, for "did you mean ...?" hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped word, if any is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    best = suggest(word, choices)
    return f" — did you mean {best!r}?" if best else ""
