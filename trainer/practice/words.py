"""The words a rep reads for results, kinds and practice time: defined once, used by the app,
the command line and the reports. Stored values (`abandoned`, `cold_call`) stay as they are
in the log and in exports; only what people read goes through here.
A refused setting is explained by `trainer.settings.refused_value` (it lives there, below
this layer, as loading the settings file uses it too).
"""

from __future__ import annotations

# Keyed by `AttemptResult` values (a test checks every one has its word); plain strings, so
# that the first frame of the app does not import the store's records to show a word.
RESULT_WORDS: dict[str, str] = {
    "win": "won",
    "callback": "call back",
    "loss": "lost",
    "neutral": "neutral",
    "abandoned": "ended early",
    "unfinished": "unfinished",
    "in_progress": "in progress",
}


def result_word(result: str) -> str:
    """`abandoned` -> "ended early", `callback` -> "call back"; an unknown value as it is."""
    return RESULT_WORDS.get(str(result), str(result).replace("_", " "))


def tag_word(kind: str) -> str:
    """A pair call's moment tag: "missed-a-move" -> "missed a move" (also a kind a newer
    trainer logged)."""
    return kind.replace("-", " ")


def kind_word(kind: str) -> str:
    """`cold_call` -> "cold call"."""
    return kind.replace("_", " ").replace("-", " ")


def practice_minutes(minutes: float) -> str:
    """Minutes practised, always in minutes: "0", "0.4" (a first short drill never reads as
    0), "7.5", "23"."""
    if minutes <= 0:
        return "0"
    if minutes < 10:
        return f"{max(minutes, 0.1):.1f}"
    return f"{minutes:.0f}"


def of_goal(minutes: float, goal: int) -> str:
    """ "0.4 of 20 min"."""
    return f"{practice_minutes(minutes)} of {goal} min"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 drill', '2 drills', '0 drills'."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
