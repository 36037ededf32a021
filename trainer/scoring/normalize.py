"""Normalisation of typed and transcribed text into tokens that keep their place in the answer.

Typed answers and speech transcripts must look alike to the detectors: lower case,
contractions expanded ("don't" -> "do not"), numbers as digits ("two" -> "2"), common
speech-recognition confusions ("here" also stands for "hear"), fillers flagged. Every token
keeps the character span of the words it came from, so evidence can quote the answer as
written.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import Stemmer  # PyStemmer: the Snowball stemmers in C

# A word: letters/digits with inner apostrophes, combining marks kept with their letter.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# A number with separators ("9:30", "2,400", "3.5") is one word, not two sentences.
_TOKEN_RE = re.compile(
    rf"\d+(?:[:.,]\d+)+|(?:[^\W_]|[{_MARKS}])+(?:['’](?:[^\W_]|[{_MARKS}])+)*|[.?!;:,%]|\s[-–—]\s"
)
_SENTENCE_END = frozenset(".?!;:")
# Titles whose full stop ends no sentence: "What will matter most to Dr. Okafor?" is one question.
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof"})

_CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "i'm": ("i", "am"),
    "let's": ("let", "us"),
    "y'all": ("you", "all"),
    "gonna": ("going", "to"),
    "wanna": ("want", "to"),
    "gotta": ("got", "to"),
    "lemme": ("let", "me"),
}
# Contractions as speech recognisers and hurried typists write them: no apostrophe.
_BARE = {
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "cant": "can't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "youve": "you've",
    "youll": "you'll",
    "youd": "you'd",
    "theyre": "they're",
    "theyve": "they've",
    "thats": "that's",
    "whats": "what's",
    "hows": "how's",
    "wheres": "where's",
    "whos": "who's",
    "theres": "there's",
    "itll": "it'll",
    "weve": "we've",
    "wont": "won't",
    "aint": "ain't",
    "mustnt": "mustn't",
    "neednt": "needn't",
    "shant": "shan't",
    "hes": "he's",
    "shes": "she's",
    "theyll": "they'll",
    "whens": "when's",
    # Speech drops the apostrophe of "I'll" ("ill take you off the list"); a rep on a call
    # says "ill" for "unwell" far less often than "I'll".
    "ill": "i'll",
}
_SUFFIXES = (
    ("n't", ("not",)),
    ("'re", ("are",)),
    ("'ve", ("have",)),
    ("'ll", ("will",)),
    ("'d", ("would",)),
    ("'m", ("am",)),
    ("'s", ("is",)),
)

_NUMBERS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "forty-five": "45",
    "fifty": "50",
    "sixty": "60",
    "ninety": "90",
    "hundred": "100",
}
# Words a recogniser (or a typist) confuses: each token also stands for its partners.
_CONFUSIONS: tuple[frozenset[str], ...] = (
    frozenset({"hear", "here"}),
    frozenset({"their", "there"}),
    frozenset({"to", "too", "2"}),
    frozenset({"for", "4"}),
    frozenset({"by", "buy", "bye"}),
    frozenset({"right", "write"}),
    frozenset({"week", "weak"}),
    frozenset({"new", "knew"}),
    frozenset({"whether", "weather"}),
    frozenset({"your", "you're"}),
    frozenset({"our", "hour"}),
    frozenset({"meet", "meat"}),
    frozenset({"sell", "cell"}),
    frozenset({"site", "sight"}),
    frozenset({"won", "1"}),
    frozenset({"8", "ate"}),
    frozenset({"sum", "some"}),
    frozenset({"through", "threw", "thru"}),
    frozenset({"okay", "ok"}),
)
_PARTNERS: dict[str, frozenset[str]] = {w: group for group in _CONFUSIONS for w in group}

FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm", "mhm"})
# Multi-word fillers: counted for delivery, removed from content.
_FILLER_PAIRS = frozenset({("you", "know"), ("i", "mean"), ("kind", "of"), ("sort", "of")})
_FILLER_PAIR_FIRSTS = frozenset(first for first, _ in _FILLER_PAIRS)
# "you know" is a clause, not a filler, after these ("as you know", "let you know", "do you
# know"), after "just so" or before these ("you know who handles it").
_KNOW_CLAUSE_BEFORE = frozenset(
    [
        "do",
        "did",
        "does",
        "not",
        "if",
        "would",
        "could",
        "can",
        "should",
        "will",
        "let",
        "as",
        "what",
        "whether",
        "to",
        "that",
        "because",
        "since",
        "when",
        "once",
    ]
)
_KNOW_CLAUSE_AFTER = frozenset(
    ["what", "who", "how", "that", "if", "whether", "where", "when", "about", "the", "your"]
)
# In punctuated text "you know" before its object in the same clause is a clause too ("you
# know it best"); a filler is set off by a comma ("you know, it works"). Transcripts have no
# commas to tell them apart.
_KNOW_OBJECTS = frozenset(["it", "them", "him", "her", "this", "these", "those", "best"])
# "kind of" / "sort of" name a kind after these ("what kind of system", "any sort of trial").
_KIND_OF_NOUN_BEFORE = frozenset(
    ["what", "which", "the", "a", "that", "this", "any", "some", "every", "each", "same", "one"]
)
_SOFT_FILLERS = frozenset({"basically", "literally"})
# "you guys" / "you folks" address the same person as "you": the second word is left out of
# the content, so "how are you guys using it" asks what "how are you using it" asks (it is
# not a filler: delivery does not count it).
_PLURAL_YOU = frozenset({"guys", "folks"})

NEGATORS = frozenset({"not", "never", "no", "nobody", "nothing", "neither", "nor", "none"})
# The calendar's words, defined once for every detector that reads days and months.
WORKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
WEEKDAYS = (*WORKDAYS, "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


class Token(NamedTuple):
    """One normalised word. `start`/`end` index the original answer text."""

    norm: str
    stem: str
    alts: frozenset[str]  # stems this token may stand for (itself and its confusion partners)
    start: int
    end: int
    sentence: int  # index of the sentence (by punctuation) the token is in
    filler: bool = False
    clause: int = 0  # index of the clause: sentences split further at commas and dashes


class Normalised(NamedTuple):
    text: str
    tokens: tuple[Token, ...]  # every word, fillers included
    content: tuple[Token, ...]  # words that carry content (fillers removed)
    punctuated: bool  # the text has sentence punctuation (typed) or not (raw transcript)
    question_marks: tuple[int, ...]  # character offsets of "?"


_per_thread = threading.local()  # a Stemmer must not be shared between threads


def _stemmer() -> Stemmer.Stemmer:
    stemmer: Stemmer.Stemmer | None = getattr(_per_thread, "stemmer", None)
    if stemmer is None:
        stemmer = _per_thread.stemmer = Stemmer.Stemmer("english")
    return stemmer


# Words whose Snowball stem collides with a different word: "business" is not "busy",
# "surely" (leading) is not "sure" (agreeing).
# "Respectfully, ..." opens a disagreement; "respect to Raj" and "I respect that" do not.
_STEM_EXCEPTIONS = {
    "business": "business",
    "businesses": "business",
    "surely": "surely",
    "respectfully": "respectfully",
}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    exception = _STEM_EXCEPTIONS.get(word)
    if exception:
        return exception
    if len(word) > 4 and word.endswith("men"):
        word = word[:-3] + "man"  # "foremen" is "foreman", "salesmen" "salesman"
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=8192)
def expand(word: str) -> tuple[str, ...]:
    """Lower-case, NFC, apostrophes unified; contractions expanded; numbers as digits."""
    w = unicodedata.normalize("NFC", word).lower().replace("’", "'")
    w = _BARE.get(w, w)
    if w in _CONTRACTIONS:
        return _CONTRACTIONS[w]
    for suffix, tail in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix):
            head = w[: -len(suffix)]
            if suffix == "n't":
                head = {"wo": "will", "ca": "can", "sha": "shall"}.get(head, head)
            return (_NUMBERS.get(head, head), *tail)
    if w.endswith("'") or w.startswith("'"):
        w = w.strip("'")
    return (_NUMBERS.get(w, w),)


@lru_cache(maxsize=8192)
def alternatives(norm: str) -> frozenset[str]:
    words = _PARTNERS.get(norm, frozenset({norm}))
    return frozenset(stem(w) for w in words)


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase from a rubric, normalised the same way as answers."""
    return tuple(_phrase_words(phrase))


@lru_cache(maxsize=8192)
def first_phrase_word(phrase: str) -> str | None:
    """`phrase_words(phrase)[0]` (None for no words), without normalising the rest."""
    return next(_phrase_words(phrase), None)


def _phrase_words(phrase: str) -> Iterator[str]:
    for m in _TOKEN_RE.finditer(phrase):
        if m.group() == "%":
            yield "percent"
        elif m.group() not in _SENTENCE_END | {","} and m.group().strip(" \t\n\r-–—"):
            yield from expand(m.group())


@lru_cache(maxsize=8192)
def _word_facts(norm: str) -> tuple[str, frozenset[str], bool]:
    """A normalised word's stem, alternative stems and whether it is a filler."""
    return stem(norm), alternatives(norm), norm in FILLERS or norm in _SOFT_FILLERS


def normalise(text: str) -> Normalised:
    tokens: list[Token] = []
    question_marks: list[int] = []
    sentence = 0
    clause = 0
    punctuated = False
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        if raw == "%":
            raw = "percent"
        elif raw == "." and tokens and tokens[-1].end == m.start() and tokens[-1].norm in _TITLES:
            continue  # "Dr. Okafor": the name goes on in the same sentence
        elif raw in _SENTENCE_END or raw == "," or not raw.strip(" \t\n\r-–—"):
            if tokens and tokens[-1].clause == clause:
                clause += 1
            if raw == "?":
                question_marks.append(m.start())
            if raw in _SENTENCE_END:
                punctuated = True
                if tokens and tokens[-1].sentence == sentence:
                    sentence += 1
            continue
        start, end = m.span()
        for norm in expand(raw):
            if norm:
                word_stem, alts, filler = _word_facts(norm)
                tokens.append(Token(norm, word_stem, alts, start, end, sentence, filler, clause))
    lowered = text.lower()
    if "its" in lowered:
        tokens = _its_is(tokens)
    tokens = _mark_filler_pairs(tokens, punctuated)
    if "guys" in lowered or "folks" in lowered:
        content = tuple(
            t
            for i, t in enumerate(tokens)
            if not t.filler and not (t.norm in _PLURAL_YOU and i and tokens[i - 1].norm == "you")
        )
    else:
        content = tuple(t for t in tokens if not t.filler)
    return Normalised(text, tuple(tokens), content, punctuated, tuple(question_marks))


# Words a possessive "its" never comes before: "its about the reminders", "its not urgent"
# (speech and hurried typing drop the apostrophe of "it's").
_AFTER_IT_IS = frozenset(
    {"about", "a", "an", "the", "not", "just", "really", "only", "been", "going", "that"}
    | {"for", "from", "me", "my", "our", "your", "very", "so", "quite", "pretty", "fine"}
)


def _its_is(tokens: list[Token]) -> list[Token]:
    """'its' before a word a possessive never precedes is 'it is'."""
    out: list[Token] = []
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.norm == "its" and nxt is not None and nxt.norm in _AFTER_IT_IS:
            for norm in ("it", "is"):
                word_stem, alts, filler = _word_facts(norm)
                out.append(t._replace(norm=norm, stem=word_stem, alts=alts, filler=filler))
        else:
            out.append(t)
    return out


def _mark_filler_pairs(tokens: list[Token], punctuated: bool) -> list[Token]:
    """'you know' / 'I mean' / 'kind of' used as fillers (not 'do you know', 'what I mean')."""
    out = list(tokens)
    for i in range(len(out) - 1):
        if out[i].norm not in _FILLER_PAIR_FIRSTS:
            continue
        pair = (out[i].norm, out[i + 1].norm)
        if pair not in _FILLER_PAIRS:
            continue
        prev = out[i - 1].norm if i > 0 else ""
        nxt = out[i + 2].norm if i + 2 < len(out) else ""
        just_so = prev == "so" and i > 1 and out[i - 2].norm == "just"  # "just so you know"
        if pair == ("you", "know") and (
            prev in _KNOW_CLAUSE_BEFORE or nxt in _KNOW_CLAUSE_AFTER or just_so
        ):
            continue
        if (
            pair == ("you", "know")
            and punctuated
            and nxt in _KNOW_OBJECTS
            and out[i + 2].clause == out[i + 1].clause
        ):
            continue
        if pair == ("i", "mean") and prev in {"what", "that", "which"}:
            continue
        if pair[1] == "of" and prev in _KIND_OF_NOUN_BEFORE:
            continue
        out[i] = _as_filler(out[i])
        out[i + 1] = _as_filler(out[i + 1])
    return out


def _as_filler(t: Token) -> Token:
    return t._replace(filler=True)


def has_words(text: str) -> bool:
    """The text holds a word (letters or digits, in any script): "😀😀 👍", "..." and "?!"
    do not. An answer without one is empty, refused like an empty one (trainer.drill.run)."""
    return bool(normalise(text).tokens)


def word_count(tokens: tuple[Token, ...]) -> int:
    """Words as spoken or written: "don't" is one word though it becomes two tokens."""
    return len({(t.start, t.end) for t in tokens})


# The words that make English sentences (pronouns, articles, auxiliaries, prepositions);
# detectors and guards extend them for their own purposes.
FUNCTION_WORDS_CORE = frozenset(
    {
        "a",
        "about",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "get",
        "go",
        "going",
        "had",
        "has",
        "have",
        "he",
        "here",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "its",
        "just",
        "let",
        "may",
        "me",
        "might",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "out",
        "she",
        "should",
        "so",
        "some",
        "sure",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    }
)
