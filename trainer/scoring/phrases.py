"""Phrase matching over normalised tokens: stemmed, fuzzy, tolerant of one inserted word,
and aware of negation ("I don't understand" is not "I understand").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from trainer.scoring.normalize import (
    NEGATORS,
    WORKDAYS,
    Normalised,
    Token,
    first_phrase_word,
    phrase_words,
    stem,
)

FUZZY_CUTOFF = 86.0  # rapidfuzz ratio for a misspelt/misheard word of 5+ letters
MAX_GAP = 1  # words allowed between the words of a phrase ("sounds to me like")
NEGATION_WINDOW = 3  # words before a phrase searched for a negator
SPENT_WORDS = 2  # a negator this many words before its clause ends has spent itself there
# Fixed expressions that start with a negator but do not negate what follows.
_NOT_NEGATING = frozenset(
    {
        ("no", "problem"),
        ("no", "worries"),
        ("no", "doubt"),
        ("not", "only"),
        ("no", "pressure"),
        ("not", "at"),
        ("no", "matter"),
        ("never", "mind"),
        ("not", "if"),  # "Not if we invite them": it answers their worry, it refuses nothing
    }
)
_NEGATING_WORDS = NEGATORS | {"without", "hardly", "barely"}
# "No" before these is an interjection ("no that's fair", "no totally"), not "no <noun>".
_AFTER_INTERJECTION = frozenset(
    {"that", "it", "i", "you", "we", "they", "totally", "absolutely", "sure", "of", "fair"}
)
# "I don't think / believe / agree (that's fair)": the negation reaches through the clause.
OPINION_VERBS = frozenset(
    {"think", "believe", "feel", "agree", "say", "see", "find", "reckon", "imagine"}
)
OPINION_WINDOW = 6
# "I'm not going to pretend I understand", "I can't tell you where I got your number", "I
# don't care that you're busy": a negated verb of pretending, telling or caring reaches
# through its clause too, even with a few words ("going to") between negator and verb.
# "I haven't had a chance to read your form" did not read it: "chance" reaches like a verb.
REACHING_VERBS = frozenset(
    {"pretend", "claim", "act", "tell", "share", "disclose", "care", "chance"}
)
REACH_NEGATORS = frozenset({"not", "never"})
# Negative subjects negate their whole clause: "Nobody would call that fair". Not a feeling
# shared with everyone: "nobody wants to look silly in front of their boss" names theirs.
CLAUSE_NEGATORS = frozenset({"nobody", "noone"})
_SHARED_FEELING = frozenset({"wants", "likes", "enjoys", "want", "like", "enjoy"})
_PURPOSE_AUX = frozenset({"do", "does", "will", "am", "are"})
_PURPOSE_SUBJECTS = frozenset({"i", "you", "we", "they", "he", "she", "it"})


def purpose(toks: tuple[Token, ...], k: int) -> bool:
    """The negator at `k` states a purpose: "(just) so (that) I don't call at a bad moment",
    "so it doesn't auto-renew again" says why; it turns nothing down."""
    if k < 3 or toks[k].norm != "not":
        return False
    if toks[k - 1].norm not in _PURPOSE_AUX or toks[k - 2].norm not in _PURPOSE_SUBJECTS:
        return False
    lead = toks[k - 3].norm
    return lead == "so" or (lead == "that" and k > 3 and toks[k - 4].norm == "so")


# Refusing a move while using its words: "I'm not going to ask who looks after it", "I won't
# suggest a meeting with both of you on Tuesday", "no need to book anything", "I won't take
# more than 30 seconds". A negated verb of asking, proposing, wanting or needing reaches the
# rest of its clause, up to a new subject, a new question or a "but/so/because".
SCOPE_VERBS = frozenset(
    {
        "ask",
        "asking",
        "suggest",
        "suggesting",
        "propose",
        "proposing",
        "offer",
        "offering",
        "meet",
        "meeting",
        "talk",
        "talking",
        "speak",
        "speaking",
        "book",
        "booking",
        "schedule",
        "scheduling",
        "arrange",
        "push",
        "pushing",
        "pin",
        "fix",
        "put",
        "set",
        "need",
        "want",
        "going",
        "bother",
        "take",
        "taking",
        "try",
        "trying",
        "bore",
        "waste",
        "explain",
        "mention",
        "go",
        "get",
    }
)
SCOPE_NEGATORS = frozenset({"not", "never", "no"})
# The shapes of a dropped move (Matcher._cancelled_from): words between the negation and the
# verb ("I'm not *going to*", "I won't *even*", "I'm not *about to*", "wouldn't *dream of*"),
# the auxiliaries of an intent, and the words that drop the verb phrase after them.
_INTENT_FILL = frozenset(
    {"going", "to", "gonna", "wanna", "about", "really", "even", "ever", "just", "be", "bother"}
    | {"dream", "want", "need", "obviously", "honestly", "actually", "try", "trying", "tryna"}
)
ASIDE_CLAUSES = 2  # asides a hanging refusal reaches over: "I'm not, honestly, ..."
ASIDE_WORDS = 6  # words in each: "to be honest with you"
# ("is" for speech's "i aint" -> "i is not")
_INTENT_AUX = frozenset({"will", "would", "am", "shall", "are", "is"})
# "without asking", "forget booking", "skip setting up": these drop a verb, not a thing
# ("without cover", "forget the form").
_GERUND_ONLY = frozenset({"without", "forget", "skip"})
_FIRST_PERSON = frozenset({"i", "we"})
_GOING = frozenset({"going", "gonna", "about", "trying", "tryna"})
# "I'm not calling you Friday" refuses; "I'm not asking you to decide" and "I'm not selling"
# reassure (KIND_REFUSALS), and "nothing"/"willing" are no verbs of a move.
_BEING = frozenset({"asking", "saying", "nothing", "willing", "expecting", "something"})
# Verbs whose object is a clause of its own: "I won't say I found you on LinkedIn".
_SAYING = frozenset({"say", "saying", "tell", "telling", "mention", "mentioning", "admit"})
# Verbs of harm: turning one down is polite, and its object is no refused move ("I won't
# knock Northgate", "I'm not going to pressure you", "I'd never badmouth them").
KIND_REFUSALS = frozenset(
    {"knock", "knocking", "criticise", "criticize", "bash", "blame", "judge", "badmouth"}
    | {"slag", "trash", "rubbish", "pressure", "pressuring", "hassle", "pester", "rush"}
    | {"interrupt", "pitch", "pitching", "sell", "selling", "chase"}
    | {"hound", "nag", "lecture", "argue", "pretend", "assume", "promise", "guarantee"}
)
_CANCELLING = frozenset(
    {"than", "of", "without", "forget", "skip", "point", "worth", "refuse", "bothered"}
)
# A cancelling word that needs the word before it: "rather than", "instead of", "no point",
# "not worth"; "without", "forget" and "skip" stand alone.
_CANCEL_AFTER: dict[str, frozenset[str]] = {
    "than": frozenset({"rather"}),
    "of": frozenset({"instead"}),
    "point": frozenset({"no"}),
    "worth": frozenset({"not", "no"}),
    "bothered": frozenset({"be", "not"}),  # "I can't be bothered to", "not bothered to"
}
# "Don't expect me to call", "don't ask me to", "you don't want me to": the rep's verb,
# turned down by what the sentence says of them.
_ME_TO = frozenset({"expect", "want", "ask", "need", "tell"})
# "no point booking", "no reason to meet": "no" + these turns the verb after it down.
_NO_USE = frozenset({"need", "point", "reason", "sense", "use"})
# Words that open the object clause of a verb ("looked at what you wrote").
OBJECT_REACH = 4  # words from the phrase back to its wh-word, and from there to the negator
SCOPE_WINDOW = 12  # words from the negated verb to the phrase
_SCOPE_ENDS = frozenset({"but", "so", "because", "though", "although", "instead", "however"})
# Subject pronouns that are never an object: one opens a new clause (or says, not asks).
NOMINATIVE = frozenset({"i", "we", "they", "he", "she"})
_WH_WORDS = frozenset({"what", "how", "why", "when", "where", "who", "which"})
_EMBEDDING = _WH_WORDS | {"whether"}  # open an embedded question
_OBJECT_CLAUSE = frozenset({"if", "whether"})  # open the object of "ask", not a clause
_ASKING = frozenset({"ask", "asking", "tell"})
_OBJECTS = frozenset({"you", "me", "them", "her", "him"})
# "I don't need to know who handles it", "I won't bore you with why I'm calling": the wh-word
# starts the object of the negated verb, not a question of its own.
_BEFORE_EMBEDDED_WH = frozenset(
    {"or", "and", "know", "hear", "learn", "understand", "see", "out", "with", "about", "into"}
)
_INVERTING = frozenset(
    {"do", "does", "did", "is", "are", "can", "could", "would", "will", "shall", "should"}
)
_INVERTED_SUBJECTS = frozenset(
    {"you", "we", "i", "it", "there", "that", "this", "now", *WORKDAYS}
    | {"tomorrow", "the", "a", "your", "any", "next"}
)
_INVERTED_PRONOUNS = frozenset({"you", "we", "i", "they", "it", "that", "this"})
# "I don't want to have you waiting", "I won't have you...": "have" is the verb, not a question.
_KEEPS_HAVE = frozenset({"to", "not", "will", "would", "could", "should", "might", "must", "can"})
AUXILIARIES = frozenset(
    {
        "should",
        "must",
        "need",
        "have",
        "will",
        "would",
        "can",
        "could",
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "am",
        "shall",
        "may",
    }
)
# Subjects after "not that" that open a denied clause ("not that I looked", "not that it'd
# help"); "not that expensive" is a degree, not a clause.
_NOT_THAT_SUBJECTS = frozenset({"i", "you", "we", "they", "it", "he", "she", "there", "anyone"})
# Set phrases whose words mean nothing on their own: "no worries" names no worry, "as far as
# I'm concerned" no concern. A phrase hit inside one counts only if it spans the whole idiom.
IDIOMS = (
    "no worries",
    "not to worry",
    "as far as i am concerned",
    "as far as we are concerned",
    # "sure" acknowledges; "make sure", "are you sure", "to be sure" do not.
    "make sure",
    "are you sure",
    "be sure",
    # "I'm sure you don't decide everything" asserts; it agrees to nothing.
    "am sure",
    # "You must get a lot of these calls", "you must be busy" suppose; they order nothing.
    "you must get",
    "you must be",
    "you must hear",
)
_IDIOM_SET = frozenset(IDIOMS)


# "...isn't a problem / an issue": a denial of trouble, a yes.
_NO_BOTHER = frozenset({"problem", "issue", "bother", "worry"})


class Hit(NamedTuple):
    phrase: str
    first: int  # index of the first matched content token
    last: int  # index of the last matched content token
    negated: bool


class CompiledPhrase(NamedTuple):
    text: str
    stems: tuple[str, ...]
    words: tuple[str, ...]
    has_negator: bool


@lru_cache(maxsize=4096)
def compile_phrase(phrase: str) -> CompiledPhrase:
    words = phrase_words(phrase)
    return CompiledPhrase(
        text=phrase,
        stems=tuple(stem(w) for w in words),
        words=words,
        has_negator=any(w in _NEGATING_WORDS for w in words),
    )


class FirstWord(NamedTuple):
    word: str
    stem: str
    fuzzy: bool  # 5+ letters: a misspelt or misheard form counts too (FUZZY_CUTOFF)


@lru_cache(maxsize=8192)
def first_word(phrase: str) -> FirstWord | None:
    """The phrase's first normalised word and its stem (None for a phrase of no words)."""
    word = first_phrase_word(phrase)
    return None if word is None else FirstWord(word, stem(word), len(word) >= 5)


class FirstWordIndex(NamedTuple):
    """A phrase list by first word: positions in the list of the phrases whose first word has
    each stem, and of those whose first word has 5+ letters, by word (for fuzzy lookups)."""

    by_stem: dict[str, tuple[int, ...]]
    fuzzy: tuple[tuple[FirstWord, tuple[int, ...]], ...]


@lru_cache(maxsize=1024)
def index_by_first_word(phrases: tuple[str, ...]) -> FirstWordIndex:
    """Built once per phrase list, so a Matcher tests each first word once, not each phrase."""
    by_stem: dict[str, list[int]] = {}
    fuzzy: dict[FirstWord, list[int]] = {}
    for i, phrase in enumerate(phrases):
        first = first_word(phrase)
        if first is not None:
            by_stem.setdefault(first.stem, []).append(i)
            if first.fuzzy:
                fuzzy.setdefault(first, []).append(i)
    return FirstWordIndex(
        {s: tuple(where) for s, where in by_stem.items()},
        tuple((first, tuple(where)) for first, where in fuzzy.items()),
    )


def _memo(table: dict[int, bool], index: int, compute: Callable[[int], bool]) -> bool:
    """`compute(index)`, once per token of a matcher's answer."""
    found = table.get(index)
    if found is None:
        found = table[index] = compute(index)
    return found


class Matcher:
    """Finds phrases in one answer. Word lookups are cached for the life of the answer."""

    def __init__(self, norm: Normalised) -> None:
        self.tokens: tuple[Token, ...] = norm.content
        self._by_stem: dict[str, list[int]] = {}
        for i, t in enumerate(self.tokens):
            for s in t.alts:
                self._by_stem.setdefault(s, []).append(i)
        # Words of 5+ letters by first letter: a misspelt or misheard word keeps its first
        # letter ("acknowlege"), so "closer" is never read as "loser".
        self._unique: dict[str, list[str]] = {}
        for w in sorted({t.norm for t in self.tokens if len(t.norm) >= 5}):
            self._unique.setdefault(w[0], []).append(w)
        self._word_cache: dict[str, frozenset[int]] = {}
        self._phrase_cache: dict[str, list[Hit]] = {}
        self._idioms: list[tuple[int, int]] | None = None
        self._negated: dict[int, bool] = {}
        self._refused: dict[int, bool] = {}  # `refused` and `_cancelled_from`, by token
        self._cancelled: dict[int, bool] = {}
        self._first_present: dict[FirstWord, bool] = {}
        self._norm_index: dict[str, list[int]] | None = None
        self._not_thats: list[int] | None = None  # each "that" of "not that <subject>"

    def could_start(self, first: FirstWord) -> bool:
        """Whether a phrase starting with `first` can match: its word (or, for 5+ letters, a
        fuzzy neighbour) is in the answer. A phrase that cannot start has no hits."""
        present = self._first_present.get(first)
        if present is None:
            present = first.stem in self._by_stem or (
                first.fuzzy and bool(self.positions(first.word, first.stem))
            )
            self._first_present[first] = present
        return present

    def candidates(self, phrases: Sequence[str]) -> list[str]:
        """The phrases of a list that can match, in list order; `find` gives no hits for the
        others."""
        index = index_by_first_word(tuple(phrases))
        keep: list[int] = []
        for s in index.by_stem.keys() & self._by_stem.keys():
            keep.extend(index.by_stem[s])
        for first, where in index.fuzzy:
            if first.stem not in self._by_stem and self.could_start(first):
                keep.extend(where)
        keep.sort()
        return [phrases[i] for i in keep]

    def _by_norm(self) -> dict[str, list[int]]:
        """Where each word of the answer occurs (built on the first fuzzy match)."""
        if self._norm_index is None:
            self._norm_index = {}
            for i, t in enumerate(self.tokens):
                self._norm_index.setdefault(t.norm, []).append(i)
        return self._norm_index

    def positions(self, word: str, word_stem: str) -> frozenset[int]:
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        found = set(self._by_stem.get(word_stem, ()))
        same_initial = self._unique.get(word[:1]) if len(word) >= 5 else None
        if same_initial:
            for candidate, _score, _ in process.extract(
                word, same_initial, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                found.update(self._by_norm()[candidate])
        result = frozenset(found)
        self._word_cache[word] = result
        return result

    def find(self, phrase: str) -> list[Hit]:
        cached = self._phrase_cache.get(phrase)
        if cached is not None:
            return cached
        hits = self._match(phrase)
        if hits and phrase not in _IDIOM_SET:
            idioms = self._idiom_spans()
            if idioms:
                hits = [
                    h
                    for h in hits
                    if not any(
                        a <= h.first and h.last <= b and (a, b) != (h.first, h.last)
                        for a, b in idioms
                    )
                ]
        self._phrase_cache[phrase] = hits
        return hits

    def _idiom_spans(self) -> list[tuple[int, int]]:
        if self._idioms is None:
            self._idioms = [(h.first, h.last) for idiom in IDIOMS for h in self.find(idiom)]
        return self._idioms

    def _match(self, phrase: str) -> list[Hit]:
        hits: list[Hit] = []
        first = first_word(phrase)
        if first is None or not self.could_start(first):
            return hits  # fast path: the first word is not there (the rest never normalised)
        cp = compile_phrase(phrase)
        allowed: list[frozenset[int]] = []
        known = self._word_cache
        for w, s in zip(cp.words, cp.stems, strict=True):
            found = known.get(w)
            if found is None:
                found = self.positions(w, s)
            if not found:
                break
            allowed.append(found)
        else:
            for start in sorted(allowed[0]) if allowed else ():
                last = self._extend(allowed, start)
                if last is None:
                    continue
                negated = not cp.has_negator and (
                    self.negated_before(start) or self._negated_after(cp, last)
                )
                hits.append(Hit(phrase, start, last, negated))
        return hits

    def _extend(self, allowed: list[frozenset[int]], start: int) -> int | None:
        """Match the rest of the phrase within one clause. Phrases of 3+ words may skip one
        word ("sounds to me like"), never a negator ("I will not remove" is not "I will remove")."""
        toks = self.tokens
        clause = toks[start].clause
        gaps = MAX_GAP if len(allowed) >= 3 else 0
        pos = start
        for positions in allowed[1:]:
            if pos + 1 in positions:
                pos += 1
            elif gaps and pos + 2 in positions and toks[pos + 1].norm not in _NEGATING_WORDS:
                pos += 2
                gaps -= 1
            else:
                return None
            if toks[pos].clause != clause:
                return None
        return pos

    def _negated_after(self, cp: CompiledPhrase, last: int) -> bool:
        """'maybe you shouldn't', 'you don't have to': a phrase ending in an auxiliary is
        negated by a 'not' right after it. A phrase that is the subject of a negated verb is
        negated too: "Quick isn't my style", "Removing you isn't something I can do" (but
        "...isn't a problem" / "isn't just" say yes)."""
        toks = self.tokens
        nxt = last + 1
        if nxt >= len(toks) or toks[nxt].clause != toks[last].clause:
            return False
        if cp.words[-1] in AUXILIARIES:
            return toks[nxt].norm in {"not", "never"}
        if not (
            toks[nxt].norm in AUXILIARIES
            and nxt + 1 < len(toks)
            and toks[nxt + 1].norm in {"not", "never"}
            and toks[nxt + 1].clause == toks[last].clause
        ):
            return False
        after = [t.norm for t in toks[nxt + 2 : nxt + 4]]
        return not (
            after[:1] in (["just"], ["only"], ["merely"])
            or (len(after) == 2 and after[0] in {"a", "an"} and after[1] in _NO_BOTHER)
            or after[:1] in (["problem"], ["bad"])
        )

    def negated_before(self, index: int) -> bool:
        """A negator shortly before `index`, in the same sentence, negates it; "I don't think
        (that's fair)" negates the rest of its clause."""
        return _memo(self._negated, index, self._negated_before)

    def _negated_before(self, index: int) -> bool:
        toks = self.tokens
        sentence = toks[index].sentence
        for j in range(index - 1, max(-1, index - 1 - OPINION_WINDOW), -1):
            if toks[j].clause != toks[index].clause:
                break
            if (
                toks[j].norm in OPINION_VERBS
                and j > 0
                and toks[j - 1].norm == "not"
                and toks[j - 1].clause == toks[index].clause
                # "I can't imagine how hard that was" feels with them; it denies nothing
                and not (j + 1 < len(toks) and toks[j + 1].norm in _WH_WORDS)
            ):
                return True
            if toks[j].norm in OPINION_VERBS | REACHING_VERBS and any(
                toks[k].norm in REACH_NEGATORS and toks[k].clause == toks[index].clause
                for k in range(max(0, j - NEGATION_WINDOW), j)
            ):
                return True
            if toks[j].norm in CLAUSE_NEGATORS and not (
                j + 1 < len(toks) and toks[j + 1].norm in _SHARED_FEELING
            ):
                return True  # "Nobody would call that fair"
        if self.refused(index) or self._negated_object(index) or self._not_that(index):
            return True
        for j in range(index - 1, max(-1, index - 1 - NEGATION_WINDOW), -1):
            t = toks[j]
            if t.sentence != sentence:
                break
            if t.clause != toks[index].clause and self._opens_clause(index):
                break  # "That's not unusual - what made you pick them?" asks afresh
            if t.norm in _NEGATING_WORDS:
                nxt = toks[j + 1].norm if j + 1 < len(toks) else ""
                if self._spent(j, index):
                    break
                if purpose(toks, j):
                    continue  # "so it doesn't roll over again": why, not a refusal
                # "No, totally." / "yeah no that's fair" / "no that's fair enough" (speech):
                # an interjection, not a negator.
                if t.norm == "no" and (
                    toks[j + 1].clause != t.clause
                    or (j > 0 and toks[j - 1].norm in {"yeah", "yes", "oh", "right"})
                    or nxt in _AFTER_INTERJECTION
                ):
                    continue
                if (t.norm, nxt) in _NOT_NEGATING:
                    continue
                # "not just/only X" does not negate X.
                if nxt in {"just", "only", "merely"}:
                    continue
                # "Why wouldn't you just give me five minutes?", "Don't you want to save
                # money?": a negated question insists on what it seems to deny.
                if self._inverted_negative(j):
                    continue
                # "I'm not sure who handles that", "I don't know who looks after it": an
                # embedded question, not a negated one.
                if nxt in {"sure", "know", "certain"} and any(
                    toks[m].norm in _WH_WORDS for m in range(j + 2, min(j + 4, index + 1))
                ):
                    continue
                return True
            if t.norm in {"but", "and", "so", "because"}:
                break
        return False

    def _spent(self, j: int, index: int) -> bool:
        """The negator at `j` ended with its own clause, before the phrase at `index` opened
        the next one: "I didn't know that, thanks for telling me" thanks them. It negated a verb
        and its object (SPENT_WORDS words or more after it in its clause)."""
        toks = self.tokens
        clause = toks[j].clause
        opens = index > 0 and toks[index - 1].clause != toks[index].clause != clause
        # Unpunctuated speech has no commas: a new subject opens the clause ("no she's not
        # expecting me um it's about instrument tracking").
        opens = opens or (toks[index].clause == clause and self._opens_clause(index))
        return opens and sum(toks[k].clause == clause for k in range(j + 1, index)) >= SPENT_WORDS

    def _inverted_negative(self, j: int) -> bool:
        """The "not" at `j` belongs to a negated question opening its sentence: "Don't you
        want...", "Why wouldn't you just...", "Why would you not...". A past one asks what
        happened ("Why didn't it work out?") and keeps its negation."""
        toks = self.tokens
        if toks[j].norm != "not" or j == 0:
            return False
        sentence = toks[j].sentence
        start = j
        while start > 0 and toks[start - 1].sentence == sentence:
            start -= 1
        words = [t.norm for t in toks[start : j + 1]]
        if words[0] in _WH_WORDS:
            words = words[1:]
        if not words or words[0] not in _INVERTING or words[0] == "did":
            return False
        if len(words) == 2:  # "wouldn't you"
            return j + 1 < len(toks) and toks[j + 1].norm in _INVERTED_PRONOUNS
        return len(words) == 3 and words[1] in _INVERTED_PRONOUNS  # "would you not"

    def _not_that(self, index: int) -> bool:
        """ "Not that it'd save you any time, but...", "not that I looked at your form": a
        clause opened by "not that" and a subject says the opposite, up to its "but"."""
        toks = self.tokens
        if self._not_thats is None:
            self._not_thats = [
                j
                for j in range(1, len(toks) - 1)
                if toks[j].norm == "that"
                and toks[j - 1].norm == "not"
                and toks[j + 1].norm in _NOT_THAT_SUBJECTS
            ]
        for j in self._not_thats:
            if j < index <= j + SCOPE_WINDOW and not any(
                toks[k].sentence != toks[index].sentence or toks[k].norm in _SCOPE_ENDS
                for k in range(j, index)
            ):
                return True
        return False

    def _negated_object(self, index: int) -> bool:
        """A phrase inside the object of a negated verb: "I didn't look at *what you wrote*",
        "I haven't read *how you set it up*". Not "I'm not sure what..." / "I don't know
        who...", which ask."""
        toks = self.tokens
        clause = toks[index].clause
        for w in range(index, max(-1, index - 1 - OBJECT_REACH), -1):
            if toks[w].clause != clause:
                return False
            if toks[w].norm not in _EMBEDDING:
                continue
            k, stop = w - 1, w - 1 - OBJECT_REACH
            while k > max(-1, stop):
                t = toks[k]
                if t.clause != clause or t.norm in _SCOPE_ENDS:
                    return False
                if t.norm in REACH_NEGATORS:
                    nxt = toks[k + 1].norm
                    if any(toks[m].norm in KIND_REFUSALS for m in range(k + 1, w)):
                        return False  # "i wont knock northgate what did you like": a kindness
                    return nxt not in {"sure", "know", "certain", "just", "only"}
                if t.norm in {"or", "nor"}:
                    # "I'd rather not leave a message or tell you what it's about": the
                    # negation reaches every verb of an "or" list.
                    stop = k - 1 - OBJECT_REACH
                k -= 1
            return False
        return False

    def refused(self, index: int) -> bool:
        """A negated verb of asking, proposing, wanting or needing earlier in the clause:
        "I'm not going to ask who looks after it", "no need to book a call"."""
        return _memo(self._refused, index, self._refused_at)

    def _refused_at(self, index: int) -> bool:
        toks = self.tokens
        clause = toks[index].clause
        if self._opens_clause(index):
            return False
        if self._cancelled_from(index):
            return True  # "Instead of *sending* you...", "Why would I *call* you..."
        for j in range(index - 1, max(-1, index - 1 - SCOPE_WINDOW), -1):
            t = toks[j]
            if t.clause != clause or t.norm in _SCOPE_ENDS:
                return False
            if self._cancelled_from(j):
                return True
            if t.norm in SCOPE_VERBS and (
                t.norm != "going" or (j + 1 < len(toks) and toks[j + 1].norm == "to")
            ):
                if any(
                    toks[k].norm in SCOPE_NEGATORS
                    and toks[k].clause == clause
                    and (toks[k].norm != "no" or t.norm == "need" or toks[k + 1].norm in _NO_USE)
                    for k in range(max(0, j - NEGATION_WINDOW), j)
                ):
                    return True
                continue
            if self._opens_clause(j):
                return False
        return False

    def _cancelled_from(self, j: int) -> bool:
        """The verb phrase starting at `j` is one the rep says they won't do or drops: "I
        won't / I'm not going to / I'll never / I'm not about to *call you Friday*", "no way
        I'm gonna", "why would I *ask*", "rather than / instead of / without / forget / skip /
        no point / not worth / wouldn't dream of *booking a time*". Any verb, not a list: the
        shape says it is cancelled."""
        return _memo(self._cancelled, j, self._cancelled_at)

    def _cancelled_at(self, j: int) -> bool:
        toks = self.tokens
        clause = toks[j].clause
        k = j - 1
        while (
            k >= 0
            and toks[k].clause == clause
            and (
                toks[k].norm in _INTENT_FILL
                or (toks[k].norm == "of" and toks[k - 1].norm == "dream")
            )
        ):
            k -= 1
        if k < 0 or toks[k].clause != clause:
            return k >= 0 and self._dangling_refusal(k, j)
        w = toks[k].norm
        prev = toks[k - 1].norm if k > 0 and toks[k - 1].clause == clause else ""
        before = toks[k - 2].norm if k > 1 and toks[k - 2].clause == clause else ""
        if w in _GERUND_ONLY and not toks[j].norm.endswith("ing"):
            return False
        if toks[j].norm in KIND_REFUSALS:
            return False  # "I won't knock Northgate": refusing to do harm is a kindness
        if w in _CANCELLING and (w not in _CANCEL_AFTER or prev in _CANCEL_AFTER[w]):
            # "forget booking" drops it; "don't forget" keeps it
            return not (prev in _NEGATING_WORDS and w in {"forget", "skip"})
        if w in {"not", "never"} and prev in _INTENT_AUX and before in _FIRST_PERSON:
            # "I won't call", "I'm not going to call", "we'd never book"; "I'm not sure" is
            # no intent: "am/are not" needs its "going to", "about to", "gonna"
            skipped = {t.norm for t in toks[k + 1 : j]}
            return (
                prev not in {"am", "are", "is"}
                or bool(skipped & _GOING)
                or (not skipped and toks[j].norm.endswith("ing") and toks[j].norm not in _BEING)
            )  # "i aint calling you": a refusal in the progressive
        if w in {"not", "never"} and prev == "us" and before == "let":
            return True  # "let's not book"
        if w == "never" and prev in _FIRST_PERSON:
            return True  # "I never ask"
        if w in _FIRST_PERSON and prev in {"would", "should"} and before == "why":
            return True  # "Why would I ask?"
        if w in {"me", "us"} and prev in _ME_TO:
            return any(
                toks[m].norm in {"not", "never"} and toks[m].clause == clause
                for m in range(max(0, k - 4), k - 1)
            )  # "Don't expect me to call"
        if w in _INTENT_AUX and prev in _FIRST_PERSON and before in {"way", "chance"}:
            return k > 2 and toks[k - 3].norm == "no"  # "no way I'm gonna ask", "no chance"
        if w in {"not", "never"} and prev in {"decided", "chose", "chosen"}:
            return True  # "I've decided not to call"
        return w == "on" and prev == "off" and before in {"hold", "holding"}  # "hold off on"

    def _dangling_refusal(self, k: int, j: int) -> bool:
        """ "I'm not, to be honest with you, really going to *call*": a refusal left hanging
        at the end of its clause ("I'm not,") reaches over an aside of a few words to the
        verb it refuses at `j`, in the same sentence."""
        toks = self.tokens
        for _ in range(ASIDE_CLAUSES + 1):
            if k < 2 or toks[k].sentence != toks[j].sentence:
                return False
            if (
                toks[k].norm in {"not", "never"}
                and toks[k - 1].norm in _INTENT_AUX
                and toks[k - 2].norm in _FIRST_PERSON
            ):
                return True
            start = k
            while start > 0 and toks[start - 1].clause == toks[k].clause:
                start -= 1
            if k - start + 1 > ASIDE_WORDS:
                return False
            k = start - 1
        return False

    def _opens_clause(self, j: int) -> bool:
        """A new subject or a new question starts a clause of its own: "I won't keep you
        long, could we talk Thursday?" (also without the comma, as speech)."""
        toks = self.tokens
        t = toks[j]
        prev = toks[j - 1].norm if j > 0 else ""
        nxt = toks[j + 1].norm if j + 1 < len(toks) else ""
        if prev in _OBJECT_CLAUSE:  # "I won't ask if it's a bad time": the ask's object
            return False
        if (
            t.norm in NOMINATIVE
            and prev not in SCOPE_VERBS
            and prev not in _WH_WORDS
            and prev not in _SAYING
        ):
            return True
        if t.norm == "it" and nxt in AUXILIARIES and prev not in SCOPE_VERBS:
            return True
        if (
            t.norm in {"have", "has"}
            and nxt in {"you", "we", "they"}
            and prev not in _INVERTED_PRONOUNS | _KEEPS_HAVE
        ):
            return True  # "...his plans are yours have you got a minute" asks afresh
        if (
            t.norm in _INVERTING
            and nxt in _INVERTED_SUBJECTS
            and prev not in _WH_WORDS
            and prev not in _INVERTED_PRONOUNS  # "it is a bad time" states, it does not ask
        ):
            return True
        return t.norm in _WH_WORDS and not (
            prev in SCOPE_VERBS
            or prev in _BEFORE_EMBEDDED_WH
            or (prev in _OBJECTS and j > 1 and toks[j - 2].norm in _ASKING)
        )

    def first_unnegated(self, phrases: Sequence[str]) -> tuple[Hit | None, Hit | None]:
        """The first un-negated hit of any phrase, and the first negated one (for the tip)."""
        best: Hit | None = None
        negated: Hit | None = None
        for phrase in self.candidates(phrases):
            for hit in self.find(phrase):
                if hit.negated:
                    if negated is None or hit.first < negated.first:
                        negated = hit
                elif best is None or hit.first < best.first:
                    best = hit
        return best, negated
