"""Hidden facts in the debrief: what the rep uncovered and what they missed, in words."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.drill.session import FactStatus


def fact_lines(statuses: Sequence[FactStatus]) -> list[tuple[bool, str]]:
    """(uncovered, text) per fact that an answer can uncover, uncovered first; a missed
    fact says what would have uncovered it. Background facts (no unlock) are left out."""
    shown = [s for s in statuses if s.fact.unlock is not None]
    lines = [(True, f"Uncovered: {s.fact.text}") for s in shown if s.uncovered]
    lines += [
        (False, f"Missed: {s.fact.text} (uncovered when {s.fact.unlock_text})")
        for s in shown
        if not s.uncovered
    ]
    return lines


def facts_tally(statuses: Sequence[FactStatus]) -> str | None:
    """'Hidden facts: 2 of 3 uncovered', or None when the scenario has none to uncover."""
    shown = [s for s in statuses if s.fact.unlock is not None]
    if not shown:
        return None
    return f"Hidden facts: {sum(s.uncovered for s in shown)} of {len(shown)} uncovered"
