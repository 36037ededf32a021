"""Values picked out of a rep's answer for the prospect's reply templates.

`pick_values` finds what a reply can repeat back: the day/time proposed, the rep's own
name, a person the rep wants to involve, and a competitor named (from the scenario's list).
Each finder is conservative: a value it is unsure of is left out, so the template's
fallback is used instead of a wrong echo.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from trainer.scoring.normalize import WEEKDAYS

DAYS = WEEKDAYS
_RELATIVE = ("tomorrow", "today", "this afternoon", "this evening", "next week")
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midday"
_TIME = (
    r"(?:\d{1,2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?|(?:" + _NUMBER_WORDS + r")"
    r"(?:\s+(?:thirty|fifteen|forty[- ]five|o'clock))?(?:\s*(?:am|pm))?)"
)
_DAY = r"(?:" + "|".join(DAYS) + "|" + "|".join(_RELATIVE) + r")"
_PART = r"(?:morning|afternoon|evening|lunchtime)"
_DAY_TIME = re.compile(
    r"\b(?P<day>" + _DAY + r")(?:\s+(?P<part>" + _PART + r"))?"
    r"(?:\s*,?\s*(?:at|around|about|say)\s+(?P<time>" + _TIME + r")\b)?",
    re.IGNORECASE,
)
_TIME_DAY = re.compile(
    r"\b(?:at|around)\s+(?P<time>" + _TIME + r")\s+(?:on\s+)?(?P<day>" + _DAY + r")\b",
    re.IGNORECASE,
)
_NAME = r"(?P<name>(?:Dr\.?|Mr\.?|Mrs\.?|Ms\.?)\s+[A-Z][a-z]+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
_REP_NAME = re.compile(r"\b(?:I'm|I am|my name is|[Tt]his is|[Ii]t's)\s+" + _NAME)
_PERSON = re.compile(
    r"\b(?:with|and|ask|involve|include|invite|loop in|bring in|speak to|talk to|"
    r"speak with|talk with|meet|call)\s+" + _NAME
)
_NOT_NAMES = frozenset(
    {d.capitalize() for d in DAYS}
    | {
        "I",
        "We",
        "You",
        "The",
        "It",
        "That",
        "This",
        "Your",
        "Our",
        "My",
        "Just",
        "Thanks",
        "Sure",
        "Great",
        "Okay",
        "Happy",
        "Calling",
        "Glad",
        "Sorry",
        "Not",
        "Quick",
        "Honestly",
        "Absolutely",
        "Of",
        "So",
        "And",
        "But",
        "Yes",
        "No",
        "Hi",
        "Hello",
        "Good",
        "Well",
        "Totally",
        "Fair",
        "Really",
        "Perhaps",
        "Maybe",
        "Could",
        "Would",
        "Can",
        "What",
        "How",
        "Who",
        "When",
        "Why",
        "Where",
        "Let",
        "Tomorrow",
        "Today",
        "Next",
        "One",
        "Two",
    }
)


# The same cues in a lower-case transcript ("its sam from route loop", "loop in sarah"):
# the words after a cue, checked against first-name lists by `names.is_first_name`.
_AFTER = r"(?=\s+(?P<first>[a-z]+)(?:\s+(?P<second>[a-z]+))?)"  # read, not consumed
_LOWER_REP = re.compile(
    r"\b(?:i'm|im|i am|my name is|my name's|name's|this is|it's|its|it is)" + _AFTER
)
_LOWER_PERSON = re.compile(
    r"\b(?:with|and|ask|involve|include|invite|loop in|bring in|speak to|talk to|"
    r"speak with|talk with|meet|call|copy in|cc)" + _AFTER
)


def pick_values(
    text: str,
    *,
    competitors: Iterable[str] = (),
    prospect_name: str = "",
    known_names: Collection[str] = (),
) -> dict[str, str]:
    """What this answer gives a reply template: day_time, rep_name, person, competitor.
    Names are found as written ("Sam", "Dr. Shaw") or, in a lower-case transcript, after a
    cue when they are first names (`known_names`: lower-case names the scenario uses)."""
    found: dict[str, str] = {}
    if (day_time := proposed_day_time(text)) is not None:
        found["day_time"] = day_time
    rep = _name(_REP_NAME, text, exclude=prospect_name) or _lower_name(
        _LOWER_REP, text, prospect_name, known_names
    )
    if rep is not None:
        found["rep_name"] = rep.split()[0]  # a prospect says "Alex", not "Alex Morgan"
    also = found.get("rep_name")
    person = _name(_PERSON, text, exclude=prospect_name, also=also) or _lower_name(
        _LOWER_PERSON, text, prospect_name, known_names, also=also
    )
    if person:
        found["person"] = person
    if (competitor := named_competitor(text, competitors)) is not None:
        found["competitor"] = competitor
    return found


def proposed_day_time(text: str) -> str | None:
    """The day (and time) proposed, as the rep said it: 'Thursday at 10'."""
    best: str | None = None
    for match in _DAY_TIME.finditer(text):
        day, part, time = match["day"], match["part"], match["time"]
        if day.lower() == "today" and not (part or time):
            continue  # "how do you ship today" proposes nothing
        said = _day(day) + (f" {part.lower()}" if part else "") + (f" at {time}" if time else "")
        if time or best is None:
            best = said
        if time:
            break
    if best is None or " at " not in best:
        swapped = _TIME_DAY.search(text)
        if swapped is not None:
            return f"{_day(swapped['day'])} at {swapped['time']}"
    return best


def named_competitor(text: str, competitors: Iterable[str]) -> str | None:
    """The first of the scenario's competitor names the answer mentions, as listed."""
    for name in competitors:
        if re.search(r"\b" + re.escape(name) + r"\b", text, re.IGNORECASE):
            return name
    return None


def _day(day: str) -> str:
    lowered = day.lower()
    return lowered.capitalize() if lowered in DAYS else lowered


def _lower_name(
    pattern: re.Pattern[str],
    text: str,
    exclude: str,
    known: Collection[str],
    also: str | None = None,
) -> str | None:
    """A first name after a cue in lower-case words, capitalised: 'sarah' -> 'Sarah'
    ('sarah jones' -> 'Sarah Jones' when the second word is a surname)."""
    from trainer.scoring.names import is_first_name, is_last_name

    lowered = text.lower().replace("\u2019", "'")
    skip = {w.lower() for w in exclude.split()} | {w.lower() for w in (also or "").split()}
    for match in pattern.finditer(lowered):
        first, second = match["first"], match["second"]
        if first in skip or not is_first_name(first, known=known, next_word=second):
            continue
        words = [first.capitalize()]
        if second and second not in skip and is_last_name(second):
            words.append(second.capitalize())
        return " ".join(words)
    return None


def _name(pattern: re.Pattern[str], text: str, exclude: str, also: str | None = None) -> str | None:
    skip = {w.lower() for w in (exclude.split() if exclude else [])}
    for match in pattern.finditer(text):
        name = match["name"]
        words = name.split()
        while words and words[-1] in _NOT_NAMES:
            words.pop()
        if not words or words[0] in _NOT_NAMES:
            continue
        if words[-1].lower() in skip or (also and words[0] in also.split()):
            continue
        return " ".join(words)
    return None
