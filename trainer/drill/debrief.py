"""Hidden facts in the debrief: what the rep uncovered and what they missed, in words."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.drill.session import FactStatus
from trainer.drill.wording import how_uncovered


def fact_lines(statuses: Sequence[FactStatus]) -> list[tuple[bool, str]]:
    """(good, text) per fact that an answer can uncover: uncovered first, then the ones only
    a mistake uncovers and that mistake was made, then missed ones, each saying what would
    have uncovered it in the rep's words (`how_uncovered`). A fact only a mistake uncovers is
    never missed (not making the mistake is the point). Background facts (no unlock) are left
    out."""
    shown = [s for s in statuses if s.fact.unlock is not None]
    earned = [s for s in shown if not s.fact.mistake]
    lines = [(True, f"Uncovered: {s.fact.text}") for s in earned if s.uncovered]
    lines += [
        (False, f"Learned the hard way: {s.fact.text}")
        for s in shown
        if s.fact.mistake and s.uncovered
    ]
    lines += [
        (False, f"Missed: {s.fact.text} (uncovered when {how_uncovered(s.fact, s.scenario)})")
        for s in earned
        if not s.uncovered
    ]
    return lines


def facts_tally(statuses: Sequence[FactStatus]) -> str | None:
    """'Hidden facts: 2 of 3 uncovered' (facts only a mistake uncovers are not counted), or
    None when the scenario has none to uncover and no mistake uncovered one."""
    shown = [s for s in statuses if s.fact.unlock is not None]
    earned = [s for s in shown if not s.fact.mistake]
    if not earned:
        return "Hidden facts" if any(s.uncovered for s in shown) else None
    return f"Hidden facts: {sum(s.uncovered for s in earned)} of {len(earned)} uncovered"
