"""First names in lower-case speech: a transcript says "its sam from route loop", not
"It's Sam". A word counts as a name when it is a known first name (faker's English person
lists) and not an everyday word ("sunny", "later"); a first name that is also an
everyday word ("mark", "grant") counts only where the scenario itself uses it as a name
or "from" follows it ("mark from finance").

faker is imported only when a lower-case answer needs it (about half a second, once).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection, Iterable
from functools import lru_cache

from trainer.scoring.name_words import COMMON_WORD_NAMES

LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "en_NZ")
_FIRST_NAME_LISTS = ("first_names", "first_names_male", "first_names_female")
# Words that follow "it's", "with", "speak to"... and are never taken for a name, whatever
# a name list holds.
NEVER_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "you",
        "me",
        "us",
        "him",
        "her",
        "them",
        "it",
        "this",
        "that",
        "there",
        "here",
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "sunny",
        "great",
        "fine",
        "good",
        "busy",
        "free",
        "ready",
        "sure",
        "happy",
        "calling",
        "just",
        "well",
        "done",
        "late",
        "early",
        "later",
        "soon",
        "today",
        "tomorrow",
        "now",
        "then",
        "again",
        "back",
        "right",
        "ok",
        "okay",
        "yes",
        "no",
        "not",
        "all",
        "some",
        "any",
        "one",
        "two",
        "your",
        "our",
        "my",
        "his",
        "their",
        "its",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "month",
        "year",
        "finance",
        "sales",
        "legal",
        "procurement",
        "it",
    ]
)


@lru_cache(maxsize=1)
def faker_first_names() -> frozenset[str]:
    """Lower-cased first names from faker's English person providers (empty without faker)."""
    names: set[str] = set()
    for locale in LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr in _FIRST_NAME_LISTS:
            names.update(n.lower() for n in getattr(provider, attr, None) or ())
    return frozenset(names)


@lru_cache(maxsize=1)
def faker_last_names() -> frozenset[str]:
    names: set[str] = set()
    for locale in ("en_US", "en_GB"):
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        names.update(n.lower() for n in getattr(provider, "last_names", None) or ())
    return frozenset(names)


def is_first_name(word: str, *, known: Collection[str] = (), next_word: str | None = None) -> bool:
    """Whether a lower-case word after a cue is a first name (see the module doc)."""
    word = word.lower()
    if word in NEVER_NAMES or len(word) < 2 or word not in faker_first_names():
        return False
    return word not in COMMON_WORD_NAMES or word in known or next_word == "from"


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
    return (
        word not in NEVER_NAMES
        and word not in COMMON_WORD_NAMES
        and word not in faker_first_names()
        and word in faker_last_names()
    )
