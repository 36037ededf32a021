"""A user's scenario whose hidden facts have an `unlock` and no `how`: the debrief says
what would have uncovered them in the rep's words (tests/cli/test_drill_debrief.py,
tests/tui/test_hidden_facts.py)."""

from __future__ import annotations

from pathlib import Path

NO_HOW_ID = "mine/who-signs-off"
NO_HOW = """\
id: mine/who-signs-off
version: 1
title: Who signs off
kind: objection
difficulty: 1
persona: {name: Dana Ruiz}
brief: Dana says the price is high.
hidden:
  - id: budget-owner
    text: The finance director signs off anything over 5k.
    unlock: {passed: [clarifying-question]}
  - id: renewal
    text: Their contract renews in March.
    unlock:
      at: [pushback]
      any: [{asked_about: [contract, renew]}, {said: ["when does it renew"]}]
      not: {guards: [pushy]}
steps:
  - id: pushback
    prospect: "It's more than we wanted to spend."
    rubric: [{use: clarifying-question}]
    model_answer: "What are you comparing it to?"
    next: [{goto: done}]
endings:
  done: {outcome: neutral, prospect: "Fine."}
"""
# What the debrief says of each fact when an answer asked nothing.
MISSED_OWNER = (
    "Missed: The finance director signs off anything over 5k. "
    "(uncovered when you make the move “Ask a clarifying question”)"
)
MISSED_RENEWAL = (
    "Missed: Their contract renews in March. (uncovered when you answer at the pushback "
    "step and either you ask about “contract” or “renew” or you say “when does it renew” "
    "and you are not pushy)"
)


def write_no_how(isolated_dirs: Path) -> None:
    """Put the scenario in the user's scenario folder (of the `isolated_dirs` fixture)."""
    mine = isolated_dirs / "data" / "scenarios"
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "who-signs-off.yaml").write_text(NO_HOW, encoding="utf-8")
