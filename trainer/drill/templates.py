"""Prospect lines that pick up the rep's words: `{day_time}`, `{person}`, `{competitor}`,
`{rep_name}`, each with an optional fallback after a bar: `{day_time|then}`.

A line whose placeholder has no value and no fallback is not used when another variant
can be; `fill` of such a line as a last resort drops the placeholder's sentence part.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

PLACEHOLDERS = ("day_time", "person", "competitor", "rep_name")
_SLOT = re.compile(r"\{(?P<name>[a-z_]+)(?:\|(?P<fallback>[^{}]*))?\}")


def slots(line: str) -> list[tuple[str, str | None]]:
    """The placeholders a line uses, with their fallbacks."""
    return [(m["name"], m["fallback"]) for m in _SLOT.finditer(line)]


def can_fill(line: str, values: Mapping[str, str]) -> bool:
    return all(name in values or fallback is not None for name, fallback in slots(line))


def fill(line: str, values: Mapping[str, str]) -> str:
    """The line with its placeholders replaced by the rep's words or their fallbacks."""

    def one(m: re.Match[str]) -> str:
        value = values.get(m["name"])
        if value is not None:
            return value
        return m["fallback"] if m["fallback"] is not None else "that"

    filled = _SLOT.sub(one, line)
    if line.startswith("{") and filled:  # a line opening on the rep's words: "Tuesday at 2..."
        filled = filled[0].upper() + filled[1:]
    return filled


def choose(lines: Sequence[str], values: Mapping[str, str], rng: random.Random) -> str:
    """One variant, filled in. Lines that use a value the rep gave are preferred; then lines
    that can be filled (with fallbacks); the rng always draws once, so seeds replay."""
    draw = rng.randrange(len(lines))
    using = [ln for ln in lines if slots(ln) and all(n in values for n, _ in slots(ln))]
    fillable = [ln for ln in lines if can_fill(ln, values)]
    pool = using or fillable or list(lines)
    return fill(pool[draw % len(pool)], values)


def standalone_line(lines: Sequence[str]) -> int:
    """Which line (1-based) a prospect says with nothing from the rep yet: the first that can
    be filled without their words (the first line if none can)."""
    return next((n for n, line in enumerate(lines, 1) if can_fill(line, {})), 1)
