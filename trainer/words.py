"""The words a rep reads for results, kinds and practice time: defined once, used by the app,
the command line and the reports. Stored values (`abandoned`, `cold_call`) stay as they are
in the log and in exports; only what people read goes through here.
A refused setting is explained by `trainer.settings.refused_value` (it lives there, below
this layer, as loading the settings file uses it too).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from datetime import date

# Keyed by `AttemptResult` values (a test checks every one has its word); plain strings, so
# that the first frame of the app does not import the store's records to show a word.
RESULT_WORDS: dict[str, str] = {
    "win": "won",
    "callback": "call back",
    "loss": "lost",
    "neutral": "neutral",
    "abandoned": "ended early",
    "no_answer": "no answer",
    "unfinished": "unfinished",
    "in_progress": "in progress",
}


# How an answer given in a retry after the call was played to its end is marked in the
# attempt view and `trainer show` (trainer.practice.rules.retry_practice_seqs).
RETRY_PRACTICE_WORD = "retry after the call, practice"


def retry_mark(retried: bool, practice: bool) -> str | None:
    """How a logged answer is marked where its call is read back: given in a retry after the
    call's end (practice), or answered again (retried); None for an answer that counts."""
    if practice:
        return RETRY_PRACTICE_WORD
    return "retried" if retried else None


def result_word(result: str) -> str:
    """`abandoned` -> "ended early", `callback` -> "call back"; an unknown value as it is."""
    return RESULT_WORDS.get(str(result), str(result).replace("_", " "))


def tag_word(kind: str) -> str:
    """A pair call's moment tag: "missed-a-move" -> "missed a move" (also a kind a newer
    trainer logged)."""
    return kind_word(kind)


# What every view of a pair call says of one ended before any answer (no drill: it counts
# for nobody, trainer.practice.rules): no debrief, no comment.
UNANSWERED_CALL = "The call ended before any answer, so it counts for nobody: it is not a drill."


def ticked_words(moves: Sequence[str]) -> str:
    """What a pair call's partner or observer ticked on an answer, one wording for every
    view: "ticked Acknowledge, Ask why" or "ticked nothing"."""
    return f"ticked {', '.join(moves) or 'nothing'}"


def kind_word(kind: str) -> str:
    """`cold_call` -> "cold call"."""
    return kind.replace("_", " ").replace("-", " ")


def kind_id(typed: str) -> str:
    """What a person types for a kind ("cold-call", "Cold call", "cold_call") -> its id
    (`cold_call`)."""
    return typed.strip().lower().replace("-", "_").replace(" ", "_")


def kind_typed(kind: str) -> str:
    """How a kind is typed on the command line: `cold_call` -> "cold-call"."""
    return kind.replace("_", "-")


def practice_minutes(minutes: float) -> str:
    """Minutes practised, always in minutes, by one rule on every screen, command and
    report: "0", "0.4" (a first short drill never reads as 0), "7.5", "8", "23"."""
    if minutes <= 0:
        return "0"
    if minutes < 10:
        return f"{max(minutes, 0.1):.1f}".removesuffix(".0")
    return f"{minutes:.0f}"


def of_goal(minutes: float, goal: int) -> str:
    """ "0.4 of 20 min"."""
    return f"{practice_minutes(minutes)} of {goal} min"


def when_due(due: date, today: date) -> str:
    """When a card or a drill is due, as every screen and command says it: "overdue 3
    days", "due today", "next 28 Nov"."""
    if due < today:
        return f"overdue {plural((today - due).days, 'day')}"
    return "due today" if due == today else f"next {due:%d %b}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 drill', '2 drills', '0 drills', '2 mismatches'."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {nouns or noun + ('es' if noun.endswith(('s', 'sh', 'ch', 'x')) else 's')}"


def clock_time(seconds: float) -> str:
    """A moment or a span on a call's clock, as its running timer reads it: 0:05 from 5.0 to
    5.99 s, 1:42, 1:02:05. The one duration rule: every screen, command and report that
    shows a call's time practised, a pair call's tags or times, or a drill's timer says it
    this way, so that they agree to the second."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def whose(rep: str, viewer: str) -> str:
    """ "your" when the viewer is the rep, else "Alex Kim's" (a manager reading a rep's
    attempts): "This is your best attempt", "Alex Kim's best"."""
    return "your" if rep == viewer else f"{rep}'s"


def answerer(rep: str, viewer: str) -> str:
    """Who heads the rep's lines in a transcript: "You" when the viewer is the rep, else
    the rep's name (a manager reading a rep's attempt)."""
    return "You" if rep == viewer else rep


REPORT_WIDTH = 80  # the command line's tables and reports fit a terminal's 80 columns
_NBSP = "\u00a0"
# Kept on one line when wrapped: a weak spot's figures ("69%, 5 lapses") and a short quote
# (a step's line, “Honestly, that's more than we…”).
_UNBROKEN = re.compile(r"\d+%, \d+ lapses?\b|“[^“”]{1,40}”")


def wrap_at_spaces(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`text` in lines of at most `width` columns (a longer word stays whole), cut at spaces
    but never inside a weak spot's figures or a short quote: `first` before the first line,
    `rest` before the others."""
    kept = _UNBROKEN.sub(lambda m: m[0].replace(" ", _NBSP), text)
    lines = textwrap.wrap(
        kept,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_NBSP, " ") for line in lines] or [first.rstrip()]


STEP_LINE_LENGTH = 34  # the most characters of a prospect's line naming a step
_PLACEHOLDER = re.compile(r"\{[a-z_]+(?:\|(?P<fallback>[^{}]*))?\}")
_STAGE = re.compile(r"\([^()]*\)")  # "(You're put through to Neil's successor.)"
_SENTENCE_END = re.compile(r"(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<=[.?!])\s+")


def step_words(prospect_lines: Sequence[str]) -> str:
    """What a rep recognises a step of a scenario by (steps have no title): the prospect's
    line, quoted, at its last question of a few words (what the rep answers), else its
    longest sentence, cut at a word to fit: “Why should I give you my time?”, “Honestly,
    your proposal has…”.
    A line without placeholders is preferred; one picking up the rep's words reads with the
    fallback (`{day_time|then}` -> "then"); stage directions in brackets are left out."""
    plain = [line for line in prospect_lines if "{" not in line]
    line = (plain or list(prospect_lines) or [""])[0]
    line = _PLACEHOLDER.sub(lambda m: m["fallback"] or "…", line)
    spoken = " ".join(_STAGE.sub(" ", line).split()) or " ".join(line.strip("() ").split())
    sentences = _SENTENCE_END.split(spoken)
    questions = [s for s in sentences if s.endswith("?") and len(s.split()) > 2]
    said = questions[-1] if questions else max(sentences, key=len)
    if len(said) <= STEP_LINE_LENGTH:
        return f"“{said}”"
    cut = said[: STEP_LINE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return f"“{cut}…”"
