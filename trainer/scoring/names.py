"""First names in lower-case speech: a transcript says "its sam from route loop", not
"It's Sam". A word after a cue counts as a name when it is a known first name (faker's
English person lists, kept in names.txt by scripts/name_lists.py) and not an everyday word
("sunny", "later"); a first name that is also an everyday word ("mark", "grant") counts
only where the scenario itself uses it as a name or "from" follows it ("mark from
finance").

The lists are read once, when a lower-case answer first needs them (about 2 ms).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache
from importlib import resources

# Words that follow "it's", "with", "speak to"... and are never taken for a name, whatever
# a name list holds.
_NEVER_NAMES_TEXT = """
    a an the you me us him her them it this that there here who what when where why how
    sunny great fine good busy free ready sure happy calling just well done late early later
    soon today tomorrow now then again back right ok okay yes no not all some any one two
    your our my his their its monday tuesday wednesday thursday friday saturday sunday
    morning afternoon evening night week month year finance sales legal procurement
    """
NEVER_NAMES = frozenset(_NEVER_NAMES_TEXT.split())


@lru_cache(maxsize=1)
def name_lists() -> dict[str, frozenset[str]]:
    """The sections of names.txt: first, last and common-word (lower-case)."""
    text = resources.files("trainer.scoring").joinpath("names.txt").read_text("utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), set())
        else:
            current.add(line.strip())
    return {name: frozenset(names) for name, names in sections.items()}


def is_first_name(word: str, *, known: Collection[str] = (), next_word: str | None = None) -> bool:
    """Whether a lower-case word after a cue is a first name (see the module doc)."""
    word = word.lower()
    lists = name_lists()
    if word in NEVER_NAMES or len(word) < 2 or word not in lists["first"]:
        return False
    return word not in lists["common-word"] or word in known or next_word == "from"


def names_in(texts: Iterable[str]) -> frozenset[str]:
    """Capitalised words inside sentences of these texts, lower-cased: the names a scenario
    uses ("Greg runs our WMS" gives nothing, "ask Grant in finance" gives "grant")."""
    found: set[str] = set()
    for text in texts:
        for match in _INSIDE_CAPITALISED.finditer(text):
            found.add(match[1].lower())
    return frozenset(found)


_INSIDE_CAPITALISED = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+)\b")


def is_last_name(word: str) -> bool:
    word = word.lower()
    lists = name_lists()
    return word not in NEVER_NAMES and word not in lists["common-word"] and word in lists["last"]
