"""Detectors that need more than a phrase list: questions, concrete next steps, overlap with
what the prospect said. Each returns evidence as (first, last) content-token ranges.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from trainer.scoring.normalize import (
    FILLERS,
    FUNCTION_WORDS_CORE,
    MONTHS,
    NEGATORS,
    WEEKDAYS,
    WORKDAYS,
    Normalised,
    Token,
    stem,
)
from trainer.scoring.phrases import NOMINATIVE, Matcher, purpose

Span = tuple[int, int]  # first and last content-token index, inclusive

WH = frozenset({"what", "how", "why", "when", "where", "who", "which", "whom", "whose"})
AUX = frozenset(
    {
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "can",
        "could",
        "would",
        "will",
        "should",
        "have",
        "has",
        "had",
        "may",
        "might",
        "shall",
        "am",
    }
)
MODALS = frozenset({"will", "would", "can", "could", "should", "shall", "may", "might"})
SUBJECTS = frozenset(
    {
        "you",
        "we",
        "they",
        "it",
        "he",
        "she",
        "i",
        "there",
        "that",
        "this",
        "anyone",
        "someone",
        "anybody",
        "somebody",
        "your",
        "the",
        "any",
        "everyone",
        "now",
        *WORKDAYS,
        "these",
        "those",
    }
)
PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it"})
_SUBORDINATORS = frozenset(
    {
        "if",
        "that",
        "as",
        "than",
        "whether",
        "because",
        "so",
        "though",
        "although",
        "unless",
        "until",
        "while",
        "once",
    }
)
_STRONG_AUX = frozenset({"do", "did", "are", "would", "could", "can", "have", "will", "is"})
_STRONG_SUBJECTS = frozenset({"you", "it", "there", "that", "this", "anyone", "anything"})
_ASKING_MODALS = frozenset({"could", "can", "may"})
_BEFORE_A_MONTH = frozenset({"in", "of", "by", "since", "until", "till", "before", "after", "from"})
# Words after which a transcript (no punctuation) often starts a new clause.
_CLAUSE_OPENERS = frozenset(
    {
        "so",
        "and",
        "but",
        "okay",
        "ok",
        "yeah",
        "yes",
        "right",
        "sure",
        "great",
        "well",
        "now",
        "fair",
        "sense",
        "totally",
        "absolutely",
        "understood",
        "gotcha",
        "curious",
        "also",
        "then",
        "honestly",
        "perfect",
        "alright",
        "thanks",
        "enough",
        "hear",
        "here",
        "you",
    }
)
# Wh-words preceded by these are relative or embedded statements ("I know what you mean").
_NOT_QUESTION_BEFORE_WH = frozenset(
    {
        "know",
        "is",
        "see",
        "understand",
        "mean",
        "exactly",
        "just",
        "that",
        "like",
        "get",
        "do",
        "matter",
        "no",
        "remember",
        "forget",
        "said",
        "heard",
        "was",
        "are",
        "be",
        "of",
        "about",
        "from",
        "in",
        "on",
        "with",
        "for",
        "to",
        "at",
        "by",
        "somewhat",
    }
)
_WH_FOLLOWERS_OK = AUX | {
    "about",
    "if",
    "else",
    "much",
    "many",
    "long",
    "soon",
    "often",
    "kind",
    "made",
    "prompted",
    "led",
    "brought",
    "drove",
    "makes",
    "happens",
    "happened",
    "changed",
    "matters",
    "would",
    "handles",
    "decides",
    "owns",
    "looks",
    "sort",
    "type",
    "part",
    "come",
    "comes",
    "exactly",
    "specifically",
    "the",
    "your",
    "other",
    "options",
}
# Embedded questions and invitations to talk: "I'm curious...", "tell me...".
EMBEDDED_QUESTIONS = (
    "i am curious",
    "i'm curious",
    "curious what",
    "curious how",
    "curious why",
    "curious whether",
    "i wonder",
    "i was wondering",
    "wondering if",
    "wondering whether",
    # a request put as a hope: "I'm hoping you can point me to whoever runs the depots"
    "hoping you can point me",
    "hoping you could point me",
    "hoping you can help me",
    "hoping you could help me",
    "tell me",
    "walk me through",
    "help me understand",
    "i would love to hear",
    "i would love to know",
    "i'd love to hear",
    "i'd love to understand",
    "i would like to understand",
    "i would like to know",
    "can i ask",
    "may i ask",
    "let me ask",
    "could i ask",
    "mind if i ask",
    "i'd like to ask",
    "fill me in",
    "talk me through",
    "say more",
    "share more",
    "what about",
    "compared to what",
    "compared with what",
    "versus what",
    "like what",
    "such as what",
    "how so",
    "meaning what",
    "in what way",
)
_TAG_ENDINGS = frozenset({"right", "correct", "yeah", "no", "ok", "okay", "fair"})

_DAYS = frozenset(
    {
        *WEEKDAYS,
        "tomorrow",
        "tonight",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
    }
)
# A day or time that is precise enough for a promise ("I'll call you tomorrow at 10")...
_DAY_PHRASES = ("later today", "this afternoon", "this morning", "end of day", "first thing")
# ... and periods that are a next step only when proposed ("Shall we talk next week?", "Let's
# talk again at the end of the month"), not in a one-sided promise ("I'll call you next week").
# "Next quarter" is never one: three months is not a time.
_PERIOD_NOUNS = frozenset({"week", "fortnight", "month"})
_PERIOD_MODIFIERS = frozenset({"next", "following"})
_PERIOD_PHRASES = (
    "next week",
    "this week",
    "end of the week",
    "next month",
    "early next",
    "later this week",
    "later in the week",
    "in 2 weeks",
    "in a couple of days",
    "in a few days",
    "end of the month",
    "this weekend",
    "next weekend",
    "over the weekend",
    "first week of",
    "second week of",
)
# Words before a day that make it a past or habitual day, not a proposal ("your last three
# Mondays", "every Friday").
_NOT_A_DATE_BEFORE = frozenset(
    {
        "last",
        "past",
        "previous",
        "every",
        "each",
        "most",
        "those",
        "these",
        "on",
        "some",
        "other",
        "a",
        "any",
    }
)
# A day after these is in the past ("I sent it on Monday", "since we spoke on Tuesday").
_PAST_BEFORE = frozenset(
    {
        "sent",
        "spoke",
        "spoken",
        "was",
        "were",
        "had",
        "did",
        "met",
        "called",
        "emailed",
        "saw",
        "showed",
        "went",
        "said",
        "since",
        "ago",
        "happened",
        "mentioned",
        "told",
    }
)
# Single-word proposal verbs: only as verbs ("book a call"), not the product's noun
# ("your scheduling", "the booking screen").
_VERB_ONLY = frozenset({"book", "schedule", "grab"})
_MEETING_ARTICLES = frozenset(
    {"a", "an", "short", "quick", "brief", "proper", "follow", "another", "first", "small"}
)
_TIME_WORDS = frozenset(
    {
        "am",
        "pm",
        "noon",
        "o'clock",
        "oclock",
        "morning",
        "afternoon",
        "evening",
        "lunchtime",
        "half",
        "quarter",
    }
)
_ORDINAL = re.compile(r"^(?:[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)$")
_MONTHS = frozenset(MONTHS)
_DURATION_UNITS = frozenset({"minute", "minutes", "min", "mins", "hour", "hours"})
_MEETING_WORDS = frozenset(
    {
        "meeting",
        "call",
        "demo",
        "walkthrough",
        "invite",
        "invitation",
        "calendar",
        "chat",
        "session",
        "appointment",
        "slot",
        "coffee",
        "zoom",
        "teams",
        "visit",
        "trial",
        "pilot",
    }
)
# Asking for a meeting makes it concrete even without a time ("would you be open to a demo?");
# promising to call or write ("I'll call you later", "I'll be in touch") needs a day or time.
_PROPOSAL_PHRASES = (
    "how about",
    "would you be open",
    "are you open",
    "would it make sense",
    "does that work",
    "would that work",
    "works for you",
    "work for you",
    "can we",
    "could we",
    "shall we",
    "let us",
    "let's",
    "book",
    "schedule",
    "set up",
    "pencil in",
    "put something",
    "lock in",
    "grab",
    "find a time",
    "set a time",
    "pick a time",
    "fix a time",
    "are you free",
    "is there a time",
    "when would",
    "when is a good time",
    "what does your calendar",
    "would you like",
    "could i come",
    "can i come",
)
# A date after these is a deadline, not a next step ("the offer expires at the end of the month").
_DEADLINE_PHRASES = (
    "expires",
    "expire",
    "expiring",
    "expiry",
    "deadline",
    "offer ends",
    "offer is valid",
    "valid until",
    "goes up",
    "go up",
    "price rises",
    "prices rise",
    "until",
    "runs out",
    "ends",
)
_PERSON_PHRASES = (
    "introduce me",
    "connect me with",
    "connect me to",
    "put me through",
    "transfer me",
    "loop in",
    "bring in",
    "speak with",
    "speak to",
    "talk to",
    "talk with",
    "meet with",
    "pass me to",
    "point me to",
    "forward me",
    "include",
)


class Question(NamedTuple):
    span: Span
    kind: str  # "open" | "closed" | "tag" | "embedded" | "marked"


def _starts_clause(tokens: tuple[Token, ...], i: int, punctuated: bool) -> bool:
    if i == 0 or tokens[i - 1].sentence != tokens[i].sentence:
        return True
    prev = tokens[i - 1].norm
    return not punctuated and prev in _CLAUSE_OPENERS


def find_questions(norm: Normalised, matcher: Matcher) -> list[Question]:
    """Questions asked, with or without a question mark; negated asks are not questions."""
    toks = norm.content
    found: list[Question] = []
    taken: set[int] = set()  # sentences (or clause starts) already counted
    paused = _after_pause(norm)

    def add(first: int, last: int, kind: str) -> None:
        key = toks[first].sentence if norm.punctuated else first
        if kind == "marked" or key not in taken:
            taken.add(key)
            if norm.punctuated:
                taken.add(toks[last].sentence)  # a question run on through a colon
            found.append(Question((first, last), kind))

    # 1. Sentences ending in "?" (typed answers).
    marks = list(norm.question_marks)
    for qm in marks:
        idx = [i for i, t in enumerate(toks) if t.end <= qm]
        if not idx:
            continue
        last = idx[-1]
        sentence = toks[last].sentence
        first = min(i for i in idx if toks[i].sentence == sentence)
        if first > 0 and ":" in norm.text[toks[first - 1].end : toks[first].start]:
            # "What do you lean on them for most: claims, stock, or something else?": the
            # options after a colon (no wh-word of their own) end the question it opened.
            opened = [i for i in idx if toks[i].sentence == toks[first - 1].sentence]
            if any(toks[i].norm in WH for i in opened) and not any(
                toks[i].norm in WH for i in range(first, last + 1)
            ):
                first = opened[0]
        if not _negated_request(toks, first, last):
            add(first, last, "marked")
            continue
        # "I won't ask for long - could I have thirty seconds?": the refusal is a clause of
        # its own; the last clause still asks.
        tail = min(i for i in idx if toks[i].clause == toks[last].clause)
        if tail > first and not _negated_request(toks, tail, last):
            add(tail, last, "marked")

    # 2. Interrogative openers and inverted auxiliaries, anywhere a clause may start.
    for i, t in enumerate(toks):
        nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
        nxt2 = toks[i + 2].norm if i + 2 < len(toks) else ""
        if t.norm in WH and nxt:
            prev = toks[i - 1].norm if i > 0 and toks[i - 1].sentence == t.sentence else ""
            if (
                prev in _NOT_QUESTION_BEFORE_WH
                and not _starts_clause(toks, i, norm.punctuated)
                and not _ends_unpunctuated_clause(toks, i, norm)
                # "good to know what does their quote include", "i understand how has the
                # depot changed": an embedded question never inverts, so this one asks
                and not (_inverts(nxt, nxt2) and not norm.punctuated)
            ):
                continue
            if _wh_question(t.norm, nxt) and not matcher.refused(i):
                # "i wont ask how your team copes": the object of a refused ask, not a question
                if (
                    norm.punctuated
                    and not _starts_clause(toks, i, True)
                    and prev not in {"so", "and", "but", "curious", "wondering", "wonder"}
                ):
                    continue
                add(i, _clause_end(toks, i), "open")
        elif t.norm in AUX and (
            (nxt in SUBJECTS and (_starts_clause_loose(toks, i, norm) or i in paused))
            or _inverted_perfect(toks, i, norm)
        ):
            if nxt2 in MODALS or (nxt in {"that", "this", "the", "there"} and nxt2 in AUX):
                continue
            if _inside_wh_head(toks, i, found):
                continue  # "what else have you looked at": the wh-question's own inversion
            if t.norm == "am" and nxt != "i":
                continue
            if i > 0 and toks[i - 1].norm in NOMINATIVE and toks[i - 1].clause == t.clause:
                continue  # "...our features we have the best software": said, not asked
            if _negated_request(toks, i, i + 1):
                continue
            if not norm.punctuated and not _inverts_as_said(t.norm, nxt, nxt2):
                continue  # word salad's "so is we have and": no question in any order
            add(i, _clause_end(toks, i), "closed")

    # 3. Embedded questions: "I'm curious...", "tell me...", "can I ask".
    for phrase in matcher.candidates(EMBEDDED_QUESTIONS):
        for hit in matcher.find(phrase):
            if toks[hit.first].norm.endswith("ing") and not phrase.split()[0].endswith("ing"):
                continue  # "thanks for telling me" tells; "tell me" asks
            if not hit.negated:
                add(hit.first, _clause_end(toks, hit.first), "embedded")

    # 4. Tag questions: "..., isn't it", "don't you think", "..., right?".
    for i in range(len(toks) - 1):
        a, b = toks[i].norm, toks[i + 1].norm
        c = toks[i + 2].norm if i + 2 < len(toks) else ""
        end_of_clause = i + 2 >= len(toks) or toks[i + 2].sentence != toks[i].sentence
        if (
            a in AUX
            and b == "not"
            and c in PRONOUNS
            and i > 1
            and (
                i + 3 >= len(toks)
                or toks[i + 3].sentence != toks[i].sentence
                or toks[i + 3].norm in {"think", "agree", "feel"}
            )
        ):
            add(i, i + 2, "tag")
        elif b in _TAG_ENDINGS and end_of_clause and i > 1 and _tag_marked(norm, toks[i + 1]):
            add(i + 1, i + 1, "tag")
    return _lead_ins_joined(norm, sorted(found, key=lambda q: q.span))


# An unmarked inversion asks only as English says it: the auxiliary agrees with its subject
# in person ("is it", "are you", "does he"; not "is we", "have it", "does you") and the clause
# goes on after the subject ("have you tried", not "have you and"). "do that" and "is i" are
# left alone: in speech they end one clause and start the next ("i can do that what is...").
_DISAGREE = {
    "is": frozenset({"you", "we", "they"}),
    "has": frozenset({"you", "we", "they"}),
    "does": frozenset({"you", "we", "they"}),
    "was": frozenset({"you", "we", "they"}),
    "are": frozenset({"he", "she", "it"}),
    "have": frozenset({"he", "she", "it"}),
    "do": frozenset({"he", "she", "it"}),
}
_NO_PREDICATE = frozenset({"and", "or", "of", "but", ""})


def _inverts_as_said(aux: str, subject: str, after: str) -> bool:
    """An auxiliary and its subject, without a question mark, that can open a question."""
    return subject not in _DISAGREE.get(aux, frozenset()) and after not in _NO_PREDICATE


def _lead_ins_joined(norm: Normalised, found: list[Question]) -> list[Question]:
    """ "I wonder if you can help me: who looks after the vans?" asks one question: a question
    that ends in a colon leads into the one after it."""
    toks = norm.content
    out: list[Question] = []
    for q in found:
        if out:
            prev = out[-1]
            between = norm.text[toks[prev.span[1]].end : toks[q.span[0]].start]
            if prev.span[1] + 1 == q.span[0] and between.strip() == ":":
                out[-1] = Question((prev.span[0], q.span[1]), q.kind)
                continue
        out.append(q)
    return out


# "...sorry about that what happened": in speech, "that" after these ends a clause.
_THAT_ENDS_AFTER = frozenset({"about", "for", "with", "like"})


def _ends_unpunctuated_clause(toks: tuple[Token, ...], i: int, norm: Normalised) -> bool:
    """A transcript's "sorry about that what happened when..." asks: "that" is the object
    of the clause before, not a relative "that what"."""
    return (
        not norm.punctuated
        and i > 1
        and toks[i - 1].norm == "that"
        and toks[i - 2].norm in _THAT_ENDS_AFTER
    )


def _wh_question(wh: str, nxt: str) -> bool:
    """'what went wrong', 'how often', 'which role' ask; 'what we do', 'when it comes' tell."""
    if nxt in PRONOUNS or (nxt in {"a", "an", "i'm", "if"} and wh != "what"):
        return False
    if wh in {"what", "who", "why", "which", "whose"}:
        return nxt not in PRONOUNS and nxt not in {"a", "an"}
    return nxt in _WH_FOLLOWERS_OK or nxt.endswith("ly")


def _tag_marked(norm: Normalised, tok: Token) -> bool:
    return any(
        qm >= tok.end and norm.text[tok.end : qm].strip() == "" for qm in norm.question_marks
    )


def _after_pause(norm: Normalised) -> frozenset[int]:
    """In speech, a word right after an "um" or "uh" starts a clause: "a broker gets you a
    good rate um has your broker ever looked at the roof" asks."""
    if norm.punctuated:
        return frozenset()
    out: set[int] = set()
    k = 0  # index into norm.content
    pause = False
    for t in norm.tokens:
        if t.filler:
            pause = pause or t.norm in FILLERS
            continue
        if pause:
            out.add(k)
        pause = False
        k += 1
    return frozenset(out)


def _starts_clause_loose(toks: tuple[Token, ...], i: int, norm: Normalised) -> bool:
    if _starts_clause(toks, i, norm.punctuated):
        return True
    if norm.punctuated:
        return False
    prev = toks[i - 1].norm
    before = toks[i - 2].norm if i > 1 else ""
    nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
    nxt2 = toks[i + 2].norm if i + 2 < len(toks) else ""
    # "...we help them avoid that is that a pain for you", "...reminders is now a bad time":
    # "is that a...", "is now a..." asks.
    if (
        toks[i].norm in {"is", "was"}
        and nxt in {"that", "this", "it", "now"}
        and nxt2 in {"a", "an", "something", "really", "still", "good", "bad", "ok", "okay"}
        and prev not in WH
    ):
        return True
    # "...is now a bad time or could I grab thirty seconds": "or" + a modal + I/we asks again.
    if prev == "or" and toks[i].norm in MODALS and nxt in {"i", "we", "you"}:
        return True
    if prev in WH | _SUBORDINATORS and not _object_that(toks, i - 1):
        return False
    # Speech has no punctuation: "...before I let you go is it that you've..." still asks.
    if toks[i].norm in _STRONG_AUX and nxt in _STRONG_SUBJECTS:
        return True
    # "...it's alex from routewise did i catch you": an auxiliary, a subject and a verb after a
    # finished clause ask ("the things we did we..." and "what i did i..." tell).
    if (
        toks[i].norm in _STRONG_AUX | {"does", "has"}
        and nxt in {"i", "we", "they", "he", "she"}
        and prev not in _CLAUSE_GOES_ON
        and nxt2
        and nxt2 not in _NOT_A_VERB
        and _after_a_clause(toks, i)
    ):
        return True
    # "its alex from sitesafe could i have thirty seconds": a modal before "I"/"we" that is not
    # the verb of a subject just said ("as soon as we can we will") asks ("in may i..." tells).
    if (
        toks[i].norm in _ASKING_MODALS
        and nxt in {"i", "we"}
        and prev not in SUBJECTS | PRONOUNS | _BEFORE_A_MONTH
    ):
        return True
    # "what we do we help" is a statement; "I hear you do you have a minute" is a question.
    return prev in PRONOUNS and before not in WH | {"that", "if", "as", "when", "what"}


# A clause that ends in one of these is not finished: the next word continues it.
_CLAUSE_GOES_ON = (
    AUX
    | PRONOUNS
    | WH
    | _SUBORDINATORS
    | NEGATORS
    | {"to", "of", "the", "a", "an", "in", "on", "at", "for", "with", "by", "from", "about"}
    | {"my", "your", "our", "their", "his", "her", "its", "and", "or", "but", "nor", "than"}
)
# Words that cannot follow an inverted subject in a question: "do you a favour" tells.
_NOT_A_VERB = _CLAUSE_GOES_ON - {"have", "do", "did", "does", "not"} | {
    "this",
    "these",
    "those",
    "me",
    "him",
    "them",
    "us",
}
_INVERTING = frozenset(
    {"do", "does", "did", "has", "have", "had", "can", "could", "would", "will", "should"}
)
_PARTICIPLES = frozenset(
    {"been", "got", "gone", "done", "seen", "made", "heard", "taken", "given", "found"}
    | {"grown", "become", "come", "left", "kept", "brought", "bought", "sent", "spent", "lost"}
)


def _inverts(aux: str, subject: str) -> bool:
    """'does their quote', 'has the depot': an auxiliary before its subject (a question)."""
    return aux in {"do", "does", "did"} or (
        aux in _INVERTING and subject in SUBJECTS | {"their", "our", "his", "her", "my"}
    )


def _object_that(toks: tuple[Token, ...], k: int) -> bool:
    """ "we help them stop doing that", "sorry about that": "that" is the clause's object, the
    clause is finished, and what follows starts a new one."""
    return (
        k > 0
        and toks[k].norm == "that"
        and (toks[k - 1].norm.endswith("ing") or toks[k - 1].norm in _THAT_ENDS_AFTER)
    )


CLAUSE_REACH = 8  # words before an inversion searched for the clause it follows


def _after_a_clause(toks: tuple[Token, ...], i: int) -> bool:
    """The words before `i` hold a clause (a subject pronoun or an auxiliary): "it's alex from
    routewise" does; "the things companies (do we automate)" is a noun phrase, not a clause."""
    return any(
        toks[k].norm in PRONOUNS | AUX and toks[k].sentence == toks[i].sentence
        for k in range(max(0, i - CLAUSE_REACH), i - 1)
    )


def _inverted_perfect(toks: tuple[Token, ...], i: int, norm: Normalised) -> bool:
    """Speech: "...eats everything has leeds changed what you need": "has", a one-word subject
    and a past participle ask, after a finished clause ("nothing has really changed" tells)."""
    if norm.punctuated or toks[i].norm not in {"has", "have"} or i == 0 or i + 2 >= len(toks):
        return False
    subject, verb = toks[i + 1].norm, toks[i + 2].norm
    return (
        toks[i - 1].norm not in _CLAUSE_GOES_ON
        and _after_a_clause(toks, i)
        and subject not in FUNCTION_WORDS_CORE | _CLAUSE_GOES_ON | _PARTICIPLES
        and not subject.endswith(("ly", "ed"))
        and (verb.endswith("ed") or verb in _PARTICIPLES)
    )


def _inside_wh_head(toks: tuple[Token, ...], i: int, found: list[Question]) -> bool:
    """The auxiliary at `i` inverts a wh-question just asked: "what else have you", "how many
    trucks do you run", "which tools has your team tried"."""
    for q in found:
        j = q.span[0]
        if q.kind == "open" and j < i <= j + 3 and toks[j].norm in WH:
            between = {t.norm for t in toks[j + 1 : i]}
            if not between & (AUX | PRONOUNS):
                return True
    return False


# Words that open a phrase leading into a question: "besides us, what else...", "out of
# curiosity, how...", "between sites, who feels it".
_LEAD_INS = frozenset(
    {"besides", "beyond", "apart", "aside", "compared", "between", "across", "outside"}
    | {"unlike", "except"}
)
_LEAD_IN_IDIOMS = (("out", "of", "curiosity"), ("out", "of", "interest"), ("other", "than"))
LEAD_IN_REACH = 4  # words from a lead-in's first word to the question


def lead_in(norm: Normalised, first: int) -> int:
    """Where the question starting at `first` really starts: a typed question's sentence
    holds its lead-in ("Besides us, what else...?"); a transcript's question is found at its
    wh-word or auxiliary, so the lead-in just before it is its own."""
    toks = norm.content
    if norm.punctuated:
        return first
    for k in range(first - 1, max(-1, first - 1 - LEAD_IN_REACH), -1):
        words = tuple(t.norm for t in toks[k:first])
        if toks[k].norm in _LEAD_INS or any(words[: len(i)] == i for i in _LEAD_IN_IDIOMS):
            return k
        if toks[k].norm in AUX | PRONOUNS | WH:
            break
    return first


def _clause_end(toks: tuple[Token, ...], i: int) -> int:
    sentence = toks[i].sentence
    j = i
    while j + 1 < len(toks) and toks[j + 1].sentence == sentence and j - i < 14:
        j += 1
    return j


# "Don't you want to save money?", "Wouldn't you agree...?", "Surely you can...?": the
# answer is built into the question; it tells them what to think and asks nothing.
_LEADING_OPENERS = frozenset({"surely"})
# A question the speaker answers at once ("Fair enough? Not really, ...") is rhetorical.
_SELF_ANSWERS = (
    ("not", "really"),
    ("of", "course"),
    ("no",),
    ("nope",),
    ("not",),
    # "Is this a bad time? Doesn't matter, I'll be quick." asks and does not wait.
    ("does", "not", "matter"),
    ("it", "does", "not", "matter"),
    ("never", "mind"),
    ("anyway",),
    ("either", "way"),
    ("hardly",),  # "Frustrating? Hardly - what happened?"
    # "How does it handle rush orders? Probably it doesn't.": answered for them.
    ("probably",),
    # "Who handles this? Don't worry about it.": waved away before they answer (see
    # `_WAVED_AWAY` for "Don't worry, I'll find out myself").
    ("do", "not", "worry", "about"),
)
# Sounds before a self-answer: "Eh, don't worry about it", "Oh, probably not".
_SELF_ANSWER_LEAD_INS = frozenset({"eh", "oh", "ah", "um", "uh", "well", "meh"})


# "No rush / no need / no pressure (to answer)" after a question gives them time.
_NO_RUSH = frozenset(
    {"rush", "need", "pressure", "hurry", "worries", "obligation", "problem", "catch", "harm"}
    | {"commitment", "stress", "strings"}
)
_WHATEVER_IT_IS = frozenset({("if",), ("whether",), ("when",), ("how",)})


def leading_question(toks: tuple[Token, ...], span: Span) -> bool:
    """A question that argues: it opens with a negated auxiliary and a subject ("don't you",
    "isn't it", "wouldn't you", "do you not think") or with "surely"; or a wh-word puts a
    modal in the negative ("Why wouldn't you just go with them?", "What wouldn't I want to
    know?", "Why would you not give us a shot?", "Why don't you just decide?"). A past or
    perfect one asks what happened ("What didn't you like about them?")."""
    first, last = span
    words = [t.norm for t in toks[first : min(last + 1, first + 4)]]
    if words[:1] and words[0] in _LEADING_OPENERS:
        return True
    if len(words) >= 3 and words[0] in AUX:
        if words[1] == "not" and words[2] in SUBJECTS:
            return True
        # "Do you not think...?" argues; "Is it not a priority, or...?" offers a choice.
        offers_choice = any(t.norm == "or" for t in toks[first : last + 1])
        return words[1] in SUBJECTS and words[2] == "not" and not offers_choice
    return arguing_question(words)


def arguing_question(words: list[str]) -> bool:
    """A wh-word with a negated modal put to "you" (or the rep): "Why wouldn't you...", "What
    wouldn't I want to know?", "Why would you not...", "Why don't you just...", "Who wouldn't
    want...?": it argues. About something else it asks ("Why can't the system handle
    nights?", "What wouldn't work for you?"). So does a yes/no question that opens with a
    negated auxiliary put to "you" ("Didn't you read our website?", "Can't you just decide
    yourself?"): a reproach, not a question. "Why don't we/I..." proposes."""
    if len(words) >= 3 and words[0] in _REPROACHING_AUX and words[1:3] == ["not", "you"]:
        return True
    if len(words) < 4 or words[0] not in WH or not _arguing_modal(words[0], words[1]):
        return False
    if words[1] == "do" and words[2] == "not" and words[3] in _PROPOSERS:
        return False  # "Why don't we bring her in on Thursday?", "Why don't I book...": a proposal
    if words[2] == "not":
        return words[3] in _ARGUED_WITH or words[0] == "who"
    return words[2] in _ARGUED_WITH and words[3] == "not"


_ARGUED_WITH = frozenset({"you", "i", "we"})
_PROPOSERS = frozenset({"i", "we"})
_REPROACHING_AUX = frozenset({"did", "have", "has", "can", "could"})


def negative_tag_question(toks: tuple[Token, ...], span: Span) -> bool:
    """A negative statement with a positive tag of its own clause ("That's not a real answer,
    is it?", "You don't mind, do you?"): it tells them what to agree to and asks nothing. A
    positive one with a negative tag ("That's the real issue, isn't it?") still checks in."""
    first, last = span
    tag = last - 1
    if tag - first < 2 or toks[last].norm not in PRONOUNS or toks[tag].norm not in AUX:
        return False
    return toks[tag].clause != toks[tag - 1].clause and any(
        t.norm in NEGATORS for t in toks[first:tag]
    )


def _arguing_modal(wh: str, aux: str) -> bool:
    """'would/could/should/can/will' after any wh-word, 'do/does' after "why": negated, they
    argue rather than ask."""
    return aux in MODALS or (wh == "why" and aux in {"do", "does"})


def rhetorical(norm: Normalised, span: Span) -> bool:
    """A typed question the answer itself replies to in the next sentence."""
    toks = norm.content
    last = span[1]
    if not norm.punctuated or last + 1 >= len(toks):
        return False
    if toks[last + 1].sentence == toks[last].sentence:
        return False
    start = last + 1
    while start < len(toks) and toks[start].norm in _SELF_ANSWER_LEAD_INS:
        start += 1
    after = tuple(t.norm for t in toks[start : start + 5])
    if after[:1] == ("no",) and after[1:2] and after[1] in _NO_RUSH:
        return False  # "What would you change? No rush to answer." leaves them time
    if after[:1] == ("probably",) and _refines(norm, start):
        return False  # "Could we meet Thursday? Probably easiest at ten." narrows the offer
    for a in _SELF_ANSWERS:
        if after[: len(a)] == a:
            # "Doesn't matter if it's something small." reassures about the answer to come
            return not (a[-1] == "matter" and after[len(a) : len(a) + 1] in _WHATEVER_IT_IS)
    return after[:3] == ("do", "not", "worry") and _finds_out_ourselves(toks, start)


_DAY_PARTS = frozenset({"morning", "mornings", "afternoon", "afternoons", "evening", "am", "pm"})


def _refines(norm: Normalised, start: int) -> bool:
    """The sentence at `start` asks again or names a day or a time: it narrows the question
    before it ("Probably easiest at ten?", "probably Thursday works best"), it does not
    answer it."""
    toks = norm.content
    sentence = [t for t in toks[start:] if t.sentence == toks[start].sentence]
    asks = norm.text[sentence[-1].end :].lstrip().startswith("?")
    return asks or any(
        t.norm in _DAYS or t.norm in _DAY_PARTS or t.norm[:1].isdigit() for t in sentence
    )


def _finds_out_ourselves(toks: tuple[Token, ...], start: int) -> bool:
    """The sentence at `start` has the rep getting the answer on their own ("Don't worry,
    I'll find out myself", "don't worry, we'll look it up ourselves"): the question before
    it is not for them to answer. "Don't worry, I'll send it." reassures."""
    sentence = toks[start].sentence
    return any(t.norm in {"myself", "ourselves"} for t in toks[start:] if t.sentence == sentence)


_ASK_WORDS = frozenset({"ask", "asking", "question", "questions", "pitch"})


def refused_asks(norm: Normalised) -> list[Span]:
    """'I won't ask...', 'I'm not going to ask...', 'I won't take your time with questions':
    the answer says it will not ask; 'no need to tell me...', 'I don't need to know...', 'I
    don't want to hear...': it says it will not listen."""
    toks = norm.content
    out: list[Span] = []
    for k, t in enumerate(toks):
        # "Why bother asking how it works?": a question that waves the ask away.
        why_bother = t.norm == "bother" and k > 0 and toks[k - 1].norm == "why"
        # "Why would I ask what went wrong?": asking why we'd ask refuses the ask.
        why_would_we = (
            t.norm in {"would", "should"}
            and k > 0
            and toks[k - 1].norm == "why"
            and k + 1 < len(toks)
            and toks[k + 1].norm in {"i", "we"}
        )
        if t.norm not in {"not", "never", "no"} and not why_bother and not why_would_we:
            continue
        for j in range(k + 1, min(len(toks), k + 6)):
            if toks[j].sentence != t.sentence:
                break
            if t.norm == "no" and j == k + 1 and toks[j].norm not in {"need", "point"}:
                break  # "no problem, ...": only "no need / no point asking" refuses
            if toks[j].norm == "mind":
                break  # "if you don't mind me asking" asks politely
            if _asks_them_to(toks, j):
                break  # "I wouldn't ask you to switch on a phone call": no request, no refusal
            if (
                toks[j].norm in _ASK_WORDS
                and (
                    not toks[j].norm.startswith("question")
                    or toks[j - 1].norm in {"with", "any", "more", "your", "many"}
                )  # "not a question I can answer" refuses nothing
            ) or _refused_listening(toks, j):
                out.append((max(0, k - 2), j))
                break
    return out


_REQUESTED = frozenset({"you", "anyone", "anybody", "him", "her", "them", "your"})


def _asks_them_to(toks: tuple[Token, ...], j: int) -> bool:
    """'ask you to switch', 'ask anyone to sign': asking someone to do something is a request,
    not a question."""
    return (
        toks[j].norm == "ask"
        and j + 2 < len(toks)
        and toks[j + 1].norm in _REQUESTED
        and toks[j + 2].norm == "to"
    )


_TELLING = frozenset({"say", "tell", "share", "disclose", "explain", "reveal"})


def refused_answer(norm: Normalised) -> Span | None:
    """'I'd rather not say where I got it', 'I'm not going to tell you why I'm calling', 'I
    can't say where it came from': a negated verb of telling with a wh-clause withholds it."""
    toks = norm.content
    for j, t in enumerate(toks):
        if t.norm not in _TELLING:
            continue
        negator = next(
            (
                k
                for k in range(max(0, j - 4), j)
                if toks[k].norm in {"not", "never"} and toks[k].sentence == t.sentence
            ),
            None,
        )
        told = [
            m
            for m in range(j + 1, min(len(toks), j + 4))
            if toks[m].norm in WH and toks[m].sentence == t.sentence
        ]
        if negator is not None and told:
            return (negator, told[0])
    return None


# "No need to tell me", "I don't need to know", "don't bother telling me", "I don't want to
# hear": a negated need or wish to hear what they would say.
_WANTING = frozenset({"need", "want", "bother", "point"})
# "I don't need a name": the contact they offered to find, turned down like an answer.
_HEARING = frozenset({"tell", "telling", "know", "hear", "hearing", "explain", "replying", "name"})


def _refused_listening(toks: tuple[Token, ...], j: int) -> bool:
    if toks[j].norm not in _HEARING:
        return False
    if toks[j].norm in {"tell", "telling", "explain"} and (
        j + 1 >= len(toks) or toks[j + 1].norm not in {"me", "us"}
    ):
        return False  # "I won't tell you" is another matter
    return any(toks[m].norm in _WANTING for m in range(max(0, j - 2), j))


def _negated_request(toks: tuple[Token, ...], first: int, last: int) -> bool:
    """'I won't ask you to...' / 'I'm not going to ask' are statements, not questions."""
    sentence = toks[first].sentence
    window = [
        t.norm
        for t in toks[max(0, first - 1) : min(len(toks), last + 6)]
        if t.sentence == sentence  # "...firms don't. Can I ask...": the "not" is another's
    ]
    for k in range(len(window) - 1):
        if window[k] in {"not", "never"} and any(
            w in {"ask", "asking", "question", "pitch"} for w in window[k + 1 : k + 4]
        ):
            return True
    return False


def find_next_step(
    norm: Normalised, matcher: Matcher, questions: list[Question] | None = None
) -> list[Span]:
    """A concrete next step: a day or time, a short meeting, or a named person to involve.
    `questions`: the answer's questions, if already found."""
    toks = norm.content
    spans: list[Span] = []
    when: list[int] = []
    durations: list[int] = []  # "20 minutes": a short meeting if asked for, not a time
    for i, t in enumerate(toks):
        digit = t.norm[:1].isdigit()
        if digit and i + 1 < len(toks) and toks[i + 1].norm in _DURATION_UNITS:
            if not matcher.negated_before(i):  # "Why would I call you for ten minutes?"
                durations.append(i)
        elif t.norm.endswith("s") and t.norm[:-1] in _DAYS:
            continue  # "on Mondays": a habit, not a date
        elif t.norm in _DAYS and _past_or_habit(toks, i):
            continue
        elif (
            t.norm in _DAYS
            or (
                t.norm in _TIME_WORDS
                and i > 0
                and (
                    toks[i - 1].norm[:1].isdigit()
                    or t.norm in {"noon", "morning", "afternoon", "evening"}
                )
            )
            or (
                digit
                and (
                    (i + 1 < len(toks) and toks[i + 1].norm in _TIME_WORDS)
                    or (i > 0 and toks[i - 1].norm in {"at", "around", "by"})
                    or t.norm.endswith(("am", "pm"))
                    or ":" in t.norm  # "10:30 on Friday"
                    or (  # "at about 10"
                        i > 1
                        and toks[i - 1].norm in _ABOUT
                        and toks[i - 2].norm in {"at", "around"}
                    )
                    or (
                        i > 1
                        and toks[i - 1].norm in _CLOCK_LINKS
                        and toks[i - 2].norm in _CLOCK_PARTS
                    )
                    or _spoken_time(toks, i)
                )
            )
        ):
            when.append(i)
    for phrase in matcher.candidates(_DAY_PHRASES):
        when.extend(i for h in matcher.find(phrase) if not h.negated for i in (h.first, h.last))
    deadlines = [
        h.last
        for p in matcher.candidates(_DEADLINE_PHRASES)
        for h in matcher.find(p)
        if not h.negated
    ]
    meeting = [
        i for i, t in enumerate(toks) if t.norm in _MEETING_WORDS and not matcher.negated_before(i)
    ] + durations
    # "Could we set up a time to talk?": a time asked for after a proposal is a meeting.
    a_time = [i for i, t in enumerate(toks) if t.norm == "time" and i and toks[i - 1].norm == "a"]
    proposals = [
        h
        for p in matcher.candidates(_PROPOSAL_PHRASES)
        for h in matcher.find(p)
        if not h.negated and not (p in _VERB_ONLY and toks[h.first].norm.endswith(("ing", "er")))
    ]
    if questions is None:
        questions = find_questions(norm, matcher)
    asked = frozenset(toks[q.span[0]].sentence for q in questions)
    proposed = {toks[h.first].sentence for h in proposals} | asked
    # "I'll give you a call in April", "I'll reach out in July then": a promise to call in a
    # month they can expect, after they asked for later.
    promised = {
        t.sentence
        for i, t in enumerate(toks[:-1])
        if t.norm == "i" and toks[i + 1].norm == "will" and _calls_later(toks, i)
    }
    for i, t in enumerate(toks):  # "the 14th", "March 3rd", "in September": a proposed date
        month = t.norm in _MONTHS and not _past_or_habit(toks, i)
        if (t.sentence in proposed and (_ORDINAL.match(t.norm) or month)) or (
            t.sentence in promised and month
        ):
            when.append(i)
    for i, t in enumerate(toks):  # "the week after", "the following week", "in a fortnight"
        if t.norm in _PERIOD_NOUNS and toks[i].sentence in proposed:
            prev = toks[i - 1].norm if i > 0 else ""
            nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
            if (prev in _PERIOD_MODIFIERS or nxt == "after") and not matcher.negated_before(i):
                when.append(i)
    for phrase in matcher.candidates(_PERIOD_PHRASES):
        when.extend(
            i
            for h in matcher.find(phrase)
            if not h.negated and toks[h.first].sentence in proposed
            for i in (h.first, h.last)
        )
    people = [
        h for p in matcher.candidates(_PERSON_PHRASES) for h in matcher.find(p) if not h.negated
    ]

    for i in sorted(set(when)):
        if not matcher.negated_before(i) and not _after_deadline(toks, i, deadlines):
            spans.append((_time_start(toks, i), i))
    if not spans:
        for h in proposals:  # "can we book a call", "would you be open to a demo"
            after = [
                m
                for m in sorted(meeting + a_time)
                if h.first <= m <= h.last + 8 and toks[m].sentence == toks[h.first].sentence
            ]
            if after:
                spans.append((h.first, max(h.last, after[0])))
                break
    if not spans:  # "When is she usually in, so I can call back?"
        reach = _asks_when_to_reach(toks, matcher, asked)
        if reach is not None:
            spans.append(reach)
    if not spans:  # "Would a short call now be worth it?": a meeting asked for
        for m in meeting:
            before = toks[m - 1].norm if m > 0 else ""
            if toks[m].sentence in asked and (before in _MEETING_ARTICLES or m in durations):
                spans.append((max(0, m - 2), m))
                break
    for h in people:
        if _names_someone(norm, toks, h.last):
            spans.append((h.first, min(h.last + 2, len(toks) - 1)))
    return _merged(toks, sorted(set(spans)))


# Spoken clock times: "half three", "half past three", "quarter to four", "three thirty",
# "at like three", "around about three".
_CLOCK_BEFORE = frozenset({"half", "past", "quarter"})
_HEDGES = frozenset({"like", "about", "roughly", "say", "maybe"})
_MINUTES = frozenset({"15", "30", "45", "05", "10", "20", "40", "50"})
_CLOCK_HOURS = frozenset(str(h) for h in range(1, 13))


_PROMISED_CALLS = frozenset({"call", "ring", "phone", "reach", "try", "contact", "email"})


def _calls_later(toks: tuple[Token, ...], i: int) -> bool:
    """ "I'll call", "I'll give you a call", "I'll reach out": a call verb within a few words
    of "I will" in its clause."""
    return any(
        t.norm in _PROMISED_CALLS and t.clause == toks[i].clause for t in toks[i + 2 : i + 6]
    )


def _spoken_time(toks: tuple[Token, ...], i: int) -> bool:
    """A number that is a time of day as people say it ("half three", "three thirty", "at
    like three"), not a count ("three trucks")."""
    if toks[i].norm not in _CLOCK_HOURS:
        return False
    same = [t.norm for t in toks[max(0, i - 2) : i] if t.sentence == toks[i].sentence]
    if same and same[-1] in _CLOCK_BEFORE:
        return True
    if same[-2:] in (["quarter", "to"], ["half", "to"]) or (
        len(same) == 2 and same[0] in {"at", "around", "by"} and same[1] in _HEDGES
    ):
        return True
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return (
        nxt is not None
        and nxt.sentence == toks[i].sentence
        and nxt.norm in _MINUTES
        and (i + 2 >= len(toks) or toks[i + 2].norm not in _DURATION_UNITS)
        and bool(same)
        and same[-1] in {"at", "around", "by", "about", "like", "for", "until", "after"}
    )


# Asking when they (or the person they work for) can be reached is a next step: "When's he
# usually at his desk, so I can ring back then?", "What's a good time to catch him?"
_WHEN_CUES = ("when", "good time", "better time", "best time", "what time")
_REACH_WORDS = frozenset(
    {
        "call",
        "ring",
        "catch",
        "reach",
        "back",
        "around",
        "free",
        "available",
        "desk",
        "in",
        "try",
        "speak",
        "talk",
    }
)
_PAST_ASK = frozenset({"did", "was", "were", "had", "have", "has"})  # "when did you start...?"


_PLACE_WORDS = frozenset({"in", "back", "around"})  # "when is he usually in?": clause-final only
# Words from "when" to the reach word: "when he's usually off the dock, so I can try him".
REACH_WINDOW = 11


def _asks_when_to_reach(
    toks: tuple[Token, ...], matcher: Matcher, asked: frozenset[int]
) -> Span | None:
    for cue in _WHEN_CUES:
        for h in matcher.find(cue):
            if h.negated or toks[h.first].sentence not in asked:
                continue
            if h.last + 1 < len(toks) and toks[h.last + 1].norm in _PAST_ASK:
                continue
            if any(t.norm in {"now", "this"} for t in toks[max(0, h.first - 3) : h.first]):
                continue  # "Is now a good time to talk?" asks for this call, not a next one
            sentence = toks[h.first].sentence
            for j in range(h.last + 1, min(len(toks), h.last + 1 + REACH_WINDOW)):
                if toks[j].sentence != sentence:
                    break
                if toks[j].norm in _REACH_WORDS and not _past_or_habit(toks, j):
                    after = toks[j + 1] if j + 1 < len(toks) else None
                    if toks[j].norm in _PLACE_WORDS and not (
                        after is None
                        or after.clause != toks[j].clause
                        or after.norm in {"so", "today", "tomorrow", "then", "usually", "next"}
                    ):
                        continue  # "when did you start using it in the office?" asks a date
                    return (h.first, j)
    return None


# "We replace the paper logs", "we pull rota hours into payroll", "we get fee earners back to
# work": what the caller's company does, said as a statement, is a reason for the call.
_NOT_WHAT_WE_DO = (
    AUX
    | MODALS
    | frozenset(
        {
            "think",
            "know",
            "feel",
            "believe",
            "hope",
            "love",
            "like",
            "want",
            "wanted",
            "just",
            "really",
            "also",
            "all",
            "both",
            "never",
            "not",
            "still",
            "only",
            "thought",
            "wondered",
            "noticed",
            "saw",
            "spoke",
            "met",
            "talked",
            "am",
            "need",
            "needed",
            "get",
            "got",
            "go",
            "went",
            "understand",
            "hear",
            "see",
            "appreciate",
            "agree",
            "apologise",
            "apologize",
            "usually",
            "actually",
            "always",
            # irregular past tenses: "we sent you a brochure" is no reason
            "sent",
            "said",
            "told",
            "left",
            "found",
            "made",
            "took",
            "gave",
            "came",
            "ran",
            "rang",
            "had",
            "did",
            "bought",
            "brought",
            "built",
        }
    )
)


FEATURE_LIST = 3  # "we offer X, Y, Z and W": this many comma-separated parts is a brochure


def what_we_do(norm: Normalised, questions: list[Question]) -> Span | None:
    """A statement of what the caller's company does ("We replace the paper temperature
    logs"): "we" and a present-tense verb of doing, outside a question, with something after
    it. Not "we think", "we were", "we'd love", "we don't", nor a list of features."""
    toks = norm.content
    asked = frozenset(toks[q.span[0]].sentence for q in questions)
    for i, t in enumerate(toks[:-2]):
        if t.norm != "we" or t.sentence in asked:
            continue
        verb, nxt = toks[i + 1], toks[i + 2]
        if (
            verb.sentence == t.sentence
            and nxt.sentence == t.sentence
            and verb.norm.isalpha()
            and verb.norm not in _NOT_WHAT_WE_DO
            and not verb.norm.endswith(("ed", "ing"))
            and nxt.norm not in {"not", "never"}
            and len({u.clause for u in toks[i:] if u.sentence == t.sentence}) < FEATURE_LIST
        ):
            return (i, min(i + 3, len(toks) - 1))
    return None


_ABOUT_WORDS = frozenset({"about", "regarding"})
_INTRODUCING = frozenset({"from", "at", "with"})
ABOUT_MIN_WORDS = 2  # "about lead follow-up", not "about it"


_WHAT_WE_ARE = frozenset(
    {"company", "platform", "software", "app", "firm", "provider", "service", "tool", "system"}
)


def introduced_about(norm: Normalised) -> Span | None:
    """ "It's Lee from LotLogic, about lead follow-up for your floor team", "It's Jordan with
    PawTrack, a veterinary software company": an introduction whose next clause, in the same
    sentence, opens with "about" and names a subject, or says what the company is."""
    toks = norm.content
    for i in range(1, len(toks)):
        t, before = toks[i], toks[i - 1]
        if before.clause == t.clause or before.sentence != t.sentence:
            continue
        intro = [u.norm for u in toks[:i] if u.clause == before.clause]
        if not _INTRODUCING & set(intro):
            continue
        rest = [u for u in toks[i + 1 :] if u.clause == t.clause]
        subject = [u for u in rest if u.norm not in STOPWORDS]
        about = t.norm in _ABOUT_WORDS and len(subject) >= ABOUT_MIN_WORDS
        # "..., a veterinary software company." (not "..., a fleet company offering X, Y, Z")
        what = t.norm in {"a", "an"} and bool(rest) and rest[-1].norm in _WHAT_WE_ARE
        if about or what:
            return (i, i + len(rest))
    return None


def refused_next_step(norm: Normalised, matcher: Matcher) -> Span | None:
    """'I'm not going to ask for a meeting', 'no need to book anything', 'I won't suggest a
    call': the answer turns down the next step in its own words."""
    toks = norm.content
    for i, t in enumerate(toks):
        if t.norm in _MEETING_WORDS and matcher.negated_before(i) and not _purpose(toks, i):
            return _whole_refusal(toks, (max(0, i - 3), i))
    for p in _PROPOSAL_PHRASES:
        for h in matcher.find(p):
            if h.negated and not _purpose(toks, h.first):
                return _whole_refusal(toks, (h.first, h.last))
    for i, t in enumerate(toks):  # "I won't call you Friday at nine", "Why would I ring Monday?"
        if t.norm in _DAYS and matcher.refused(i) and not _purpose(toks, i):
            return _whole_refusal(toks, (i, i))
    return None


_DROPPING = NEGATORS | {"without", "instead", "rather", "forget", "skip", "why", "refuse"}
REFUSAL_LEAD = 5  # words back from the refused step to the words that refuse it
REFUSAL_TAIL = 10  # and on to the last day or time it names


def _whole_refusal(toks: tuple[Token, ...], span: Span) -> Span:
    """The refused step quoted whole, from the words that refuse it to the last day or time
    it names: "won't book thirty minutes on Thursday at eleven", not "book"."""
    first, last = span
    clause = toks[first].clause
    for k in range(first - 1, max(-1, first - 1 - REFUSAL_LEAD), -1):
        if toks[k].clause != clause:
            break
        if toks[k].norm in _DROPPING:
            first = k
            break
    for k in range(last + 1, min(len(toks), last + 1 + REFUSAL_TAIL)):
        if toks[k].clause != clause:
            break
        if toks[k].norm in _DAYS or toks[k].norm in _TIME_WORDS or toks[k].norm[:1].isdigit():
            last = k
    return (first, last)


PURPOSE_REACH = 4  # words from the negator to the move: "so I don't call you at a bad time"


def _purpose(toks: tuple[Token, ...], i: int) -> bool:
    """The negation before the move at `i` is a purpose (phrases.purpose)."""
    for k in range(i - 1, max(2, i - 1 - PURPOSE_REACH), -1):
        if toks[k].norm == "not" and toks[k].sentence == toks[i].sentence:
            return purpose(toks, k)
    return False


def dated_next_step(norm: Normalised, matcher: Matcher, spans: list[Span]) -> bool:
    """The next step names a day or time ("Thursday at 10", "tomorrow morning", "the 14th")
    or a person; "next week", "a short call" or "a demo" alone leave the day open."""
    toks = norm.content
    for first, last in spans:
        for t in toks[first : last + 1]:
            if (
                t.norm in _DAYS
                or t.norm in _MONTHS
                or t.norm in {"today", "noon"}
                or t.norm[:1].isdigit()
                or _ORDINAL.match(t.norm)
            ):
                return True
    people = [
        h for p in matcher.candidates(_PERSON_PHRASES) for h in matcher.find(p) if not h.negated
    ]
    return any(a <= h.first <= b or h.first <= a <= h.last for h in people for a, b in spans)


def _past_or_habit(toks: tuple[Token, ...], i: int) -> bool:
    """'your last three Mondays', 'every Friday', 'on Tuesday we lost a driver' (past); not
    a proposal in the past tense after "if" ("would it help if we spoke on Wednesday?")."""
    window = [t for t in toks[max(0, i - 12) : i] if t.clause == toks[i].clause]
    for k, t in enumerate(window):
        if (
            t.norm in _PAST_BEFORE
            and k >= len(window) - 5
            and not any(w.norm == "if" for w in window[max(0, k - 7) : k])
        ):
            return True
    before = [t.norm for t in toks[max(0, i - 3) : i] if t.sentence == toks[i].sentence]
    return bool(set(before[-2:]) & (_NOT_A_DATE_BEFORE - {"on"})) or (
        bool(before)
        and before[-1] == "on"
        and i + 1 < len(toks)
        and toks[i + 1].norm in {"we", "they", "you", "i", "it"}
        and i + 2 < len(toks)
        and toks[i + 2].norm in {"had", "lost", "were", "was", "did", "got"}
    )


# A proposed time is quoted whole: "*next* Monday morning", "*half past* 10".
_DAY_MODIFIERS = frozenset({"next", "this", "coming"})
_CLOCK_PARTS = frozenset({"half", "quarter"})
_CLOCK_LINKS = frozenset({"past", "to"})


def _time_start(toks: tuple[Token, ...], i: int) -> int:
    """Where the time or day at `i` starts, with the words that belong to it."""
    t = toks[i]
    if i > 0 and t.norm in _DAYS and toks[i - 1].norm in _DAY_MODIFIERS:
        return i - 1
    if (
        t.norm[:1].isdigit()
        and i > 1
        and toks[i - 1].norm in _CLOCK_LINKS
        and toks[i - 2].norm in _CLOCK_PARTS
    ):
        return i - 2
    return i


_ABOUT = frozenset({"about", "roughly", "say", "like", "around"})
_TIME_LINKS = _ABOUT | {"at", "on", "the", "in", "by"}


def _merged(toks: tuple[Token, ...], spans: list[Span]) -> list[Span]:
    """'Thursday', 'at', '10' as one proposal: 'Thursday at 10' ('Thursday at about 10')."""
    out: list[Span] = []
    for first, last in spans:
        between = toks[out[-1][1] + 1 : first] if out else ()
        if (
            out
            and (first - out[-1][1] <= 2 or all(t.norm in _TIME_LINKS for t in between))
            and toks[first].sentence == toks[out[-1][1]].sentence
        ):
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def _after_deadline(toks: tuple[Token, ...], i: int, deadlines: list[int]) -> bool:
    """'expires at the end of the month', 'prices go up next month': a deadline, not a plan."""
    return any(d < i and i - d <= 5 and toks[d].sentence == toks[i].sentence for d in deadlines)


def _names_someone(norm: Normalised, toks: tuple[Token, ...], last: int) -> bool:
    """After 'connect me with' comes a person: a capitalised name or a role word."""
    for j in range(last + 1, min(last + 4, len(toks))):
        raw = norm.text[toks[j].start : toks[j].end]
        if raw[:1].isupper() and raw.lower() not in {"i", "i'm"}:
            return True
        if toks[j].norm in {
            "whoever",
            "who",
            "person",
            "manager",
            "director",
            "head",
            "owner",
            "lead",
            "colleague",
            "team",
            "engineer",
            "boss",
            "cfo",
            "cto",
            "ceo",
            "specialist",
            "founder",
            "partner",
            "someone",
            "somebody",
        }:
            return True
    return False


# Topics: different words for the same thing the prospect raised.
_TOPICS: tuple[frozenset[str], ...] = tuple(
    frozenset(stem(w) for w in group)
    for group in (
        {
            "price",
            "cost",
            "costs",
            "expensive",
            "spend",
            "budget",
            "money",
            "afford",
            "pricing",
            "cheap",
            "cheaper",
            "dollars",
            "invest",
            "investment",
            "fee",
            "fees",
            "quote",
            "compare",
            "comparing",
            "pay",
            "paying",
            "roi",
        },
        {
            "busy",
            "time",
            "minute",
            "meeting",
            "rushed",
            "quick",
            "quickly",
            "later",
            "brief",
            "moment",
            "now",
            "second",
            "seconds",
            "run",
            "running",
            "driving",
            "bad",
        },
        {
            "vendor",
            "provider",
            "competitor",
            "already",
            "using",
            "use",
            "current",
            "currently",
            "happy",
            "contract",
            "existing",
            "switch",
            "switching",
            "incumbent",
            "have",
        },
        {"interested", "interest", "need", "fit", "priority", "relevant"},
        {"email", "send", "information", "info", "brochure", "material", "deck", "details"},
        {
            "boss",
            "manager",
            "decide",
            "decision",
            "approve",
            "approval",
            "team",
            "committee",
            "handles",
            "charge",
            "responsible",
            "person",
            "director",
            "owner",
        },
        {"number", "list", "name", "called", "calling", "contact", "reach", "found", "get"},
        {"quarter", "year", "month", "timing", "next", "q1", "q2", "q3", "q4", "season", "wait"},
        {"remove", "stop", "list", "call", "calling", "unsubscribe", "again"},
        {
            "frustrated",
            "annoyed",
            "tired",
            "fed",
            "upset",
            "angry",
            "burned",
            "worried",
            "concern",
            "concerned",
            "risk",
            "nervous",
            "sceptical",
            "skeptical",
        },
    )
)
STOPWORDS = FUNCTION_WORDS_CORE | frozenset(
    {
        "1",
        "also",
        "got",
        "hello",
        "hey",
        "hi",
        "know",
        "like",
        "look",
        "more",
        "mr",
        "ms",
        "much",
        "must",
        "oh",
        "ok",
        "okay",
        "one",
        "please",
        "really",
        "right",
        "s",
        "shall",
        "thank",
        "thanks",
        "thing",
        "things",
        "think",
        "too",
        "uh",
        "um",
        "very",
        "want",
        "well",
        "yeah",
        "yes",
    }
)


_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)


def content_stems(tokens: tuple[Token, ...]) -> dict[str, int]:
    """Stems of meaningful words, each with the index of its first occurrence."""
    out: dict[str, int] = {}
    for i, t in enumerate(tokens):
        if t.norm not in STOPWORDS and t.stem not in _STOP_STEMS and len(t.norm) > 1:
            out.setdefault(t.stem, i)
    return out


def overlap_with_prospect(answer: Normalised, prospect: Normalised) -> list[Span]:
    """Answer words that pick up what the prospect said: the same word or the same topic."""
    theirs = content_stems(prospect.content)
    if not theirs:
        return []
    their_topics = {k for k, topic in enumerate(_TOPICS) if topic & theirs.keys()}
    spans: list[Span] = []
    for stem_, i in content_stems(answer.content).items():
        if stem_ in theirs or any(stem_ in _TOPICS[k] for k in their_topics):
            spans.append((i, i))
    return spans


# Logistics, not discovery: asking for an address to send a brochure is not a clarifying question.
LOGISTICS_QUESTIONS = (
    "what is your email",
    "your email address",
    "what's your email",
    "best email",
    "email address",
    "which email",
    "what email",
    "what is your number",
    "what's your number",
    "best number",
    "where should i send",
    "where can i send",
    "where shall i send",
    "where do i send",
    "company name",
    "your full name",
    "how do you spell",
    "your postcode",
    "your address",
    "where would you like it",
    "who should i address",
    "spell your name",
    # Offers to call back or send something are logistics too, not questions about them.
    "can i call you back",
    "could i call you back",
    "shall i call you back",
    "call you back",
    "should i call back",
    "if i sent",
    "shall i send",
    "should i send",
    "can i send",
    "could i send",
    "anything i can send",
)
# Asking for their time asks permission, not about them ("Do you have a minute?"); it still
# responds to the person.
TIME_ASKS = (
    "do you have a minute",
    "do you have a moment",
    "do you have a second",
    "do you have 30 seconds",
    "do you have 2 minutes",
    "have you got a minute",
    "have you got a second",
    "got a minute",
    "got a second",
    "is this a bad time",
    "is now a bad time",
    "is this a good time",
    "is now a good time",
    "did i catch you",
    "can i have a minute",
    "could i have a minute",
    "can i have 30 seconds",
    "could i have 30 seconds",
    "if you have a minute",
    "if you have a moment",
    "if you have got a minute",
    "if you have 2 minutes",
)
# Asking whether they like the pitch asks about our offer, not about them ("Is that something
# you'd be interested in?"): a close with nothing learnt, rated 2 by a coach where the 4s ask
# about their stocktake.
INTEREST_ASKS = (
    "something you would be interested in",
    "something you might be interested in",
    "would you be interested",
    "are you interested",
    "would that interest you",
    "does that interest you",
)
# Pleasantries, not questions about their situation.
SMALL_TALK_QUESTIONS = (
    "how are you",
    "how is your day",
    "how has your day",
    "how is it going",
    "how have you been",
    "are you well",
    "having a good day",
    "how was your weekend",
)
# A question that holds a day or time proposes it ("Would Tuesday at 2 work?") when it is short
# or uses one of these words; "Is a Monday-morning slowdown something you see?" still asks.
PROPOSAL_WORDS = frozenset(
    {
        "work",
        "works",
        "suit",
        "suits",
        "free",
        "ok",
        "okay",
        "good",
        "better",
        "available",
        "call",
        "meet",
        "meeting",
        "chat",
        "demo",
        "talk",
        "speak",
        "come",
        "book",
        "visit",
        "catch",
        "ring",
        "try",
        "pencil",
        "grab",
        "take",
        "look",
        "go",
        "show",
        "walk",
        "join",
        "send",
        # "Could we put fifteen minutes in the calendar for Tuesday the 13th?"
        "put",
        "calendar",
        "diary",
        "minutes",
        "slot",
        "arrange",
        "say",
    }
)
SHORT_PROPOSAL = 6  # "Thursday at 10?" / "How about tomorrow morning?"
# A played-back summary ("So March, with a review in October...") shows you listened.
RESTATEMENT_OPENERS = frozenset({"so", "sounds", "ok", "okay", "right", "got", "just"})


THANKS_OPENER = 8  # "Thanks for getting in touch." before the play-back: the same
SHORT_OPENER = 4  # "Got it." / "Thanks." before the play-back: the next sentence may carry it


def restatement(answer: Normalised, prospect: Normalised) -> Span | None:
    """The answer's first sentence (or the one after a short opener such as "Got it.") plays
    back 2+ of the prospect's own words."""
    toks = answer.content
    if not toks:
        return None
    theirs = content_stems(prospect.content)
    start = 0
    for _ in range(2):
        sentence = [
            i
            for i in range(start, min(len(toks), start + 25))
            if toks[i].sentence == toks[start].sentence
        ]
        hits = {
            toks[i].stem: i
            for i in sentence
            if toks[i].stem in theirs and toks[i].norm not in STOPWORDS and len(toks[i].norm) > 1
        }
        if (
            len(hits) >= 2
            and (toks[start].norm in RESTATEMENT_OPENERS or len(hits) >= 3)
            and not _own_refusal(toks, sentence)
        ):
            return (sentence[0], max(hits.values()))
        start = sentence[-1] + 1
        thanks = toks[sentence[0]].norm in {"thanks", "thank"} and len(sentence) <= THANKS_OPENER
        # "No need to go over the form again, I've got it: forty trucks, regional": a colon
        # introduces the play-back, whatever the opener's length.
        colon = answer.text[toks[sentence[-1]].end :].lstrip().startswith(":")
        if (len(sentence) > SHORT_OPENER and not thanks and not colon) or start >= len(toks):
            break
    # A later sentence that opens with "so" and plays back 2+ of their words: "That sounds
    # miserable. So nights are down to ninety-six per cent - what changed?"
    for i in range(1, len(toks)):
        if toks[i].sentence == toks[i - 1].sentence or toks[i].norm != "so":
            continue
        sentence = [
            j for j in range(i, min(len(toks), i + 25)) if toks[j].sentence == toks[i].sentence
        ]
        hits = {
            toks[j].stem: j
            for j in sentence
            if toks[j].stem in theirs and toks[j].norm not in STOPWORDS and len(toks[j].norm) > 1
        }
        if len(hits) >= 2:
            return (i, max(hits.values()))
    return None


def _own_refusal(toks: tuple[Token, ...], sentence: list[int]) -> bool:
    """ "I'd rather not wait until next quarter", "I won't wait till March", "I'm not going
    to wait": their words in the rep's refusal play nothing back."""
    words = [toks[i].norm for i in sentence]
    for k, w in enumerate(words):
        if w != "i":
            continue
        after = words[k + 1 : k + 4]
        if after[:2] in (["will", "not"], ["rather", "not"]) or after[:3] in (
            ["would", "rather", "not"],
            ["am", "not", "going"],
        ):
            return True
    return False


ECHO_MAX_WORDS = 6  # "Not ready to buy?", "Three sites and monthly billing?"


def echo_question(toks: tuple[Token, ...], q: Question, prospect: Normalised) -> bool:
    """A short typed question made only of the prospect's own words, with no wh-word and no
    inverted auxiliary ("Next quarter?", "Twenty percent less?"): it hands their words back
    and asks nothing about them."""
    first, last = q.span
    if q.kind != "marked" or last - first + 1 > ECHO_MAX_WORDS:
        return False
    words = toks[first : last + 1]
    if words[0].norm in AUX or any(t.norm in WH for t in words):
        return False
    theirs = content_stems(prospect.content).keys() | {t.norm for t in prospect.content}
    meaningful = [t for t in words if t.norm not in STOPWORDS]
    return bool(meaningful) and all(t.stem in theirs or t.norm in theirs for t in meaningful)


_ECHO_SUBJECTS = frozenset({"you", "they", "it", "that", "we"})


def echo_reply(answer: Normalised, prospect: Normalised | None = None) -> Span | None:
    """An answer that opens by granting their point in two or three words ("You did, and I'll
    keep it short", "Yes, you are.", "It is, fair."): a subject and an auxiliary, alone in
    their clause; or with the word of theirs it grants ("It does work." to "It works, mostly")."""
    toks = answer.content
    start = 1 if toks and toks[0].norm in {"yes", "yeah", "yep", "oh", "well"} else 0
    if len(toks) < start + 2:
        return None
    a, b = toks[start], toks[start + 1]
    if a.norm not in _ECHO_SUBJECTS or b.norm not in AUX or a.clause != b.clause:
        return None
    end = start + 1
    if prospect is not None and b.norm in _GRANTING_AUX and end + 1 < len(toks):
        theirs = {t.stem for t in prospect.content} - {t.stem for t in toks[start : end + 1]}
        if toks[end + 1].stem in theirs and toks[end + 1].clause == b.clause:
            end += 1
    # Speech has no commas: "it does work and you know it best" grants, then goes on.
    goes_on = not answer.punctuated and end + 1 < len(toks) and toks[end + 1].norm in {"and", "but"}
    if end + 1 < len(toks) and toks[end + 1].clause == b.clause and not goes_on:
        return None
    return (start, end)


_GRANTING_AUX = frozenset({"do", "does", "did", "is", "are"})


PHONE_DIGITS = 7  # a run of number tokens with this many digits is a phone number


def phone_number(norm: Normalised) -> Span | None:
    """A phone number said or typed in groups ("0161 496 0123", "five five five 0 1 4 2")."""
    toks = norm.content
    run_start, digits = 0, 0
    for i, t in enumerate(toks):
        if t.norm.isdigit():
            if digits == 0 or t.sentence != toks[i - 1].sentence:
                run_start, digits = i, 0
            digits += len(t.norm)
            if digits >= PHONE_DIGITS:
                return (run_start, i)
        else:
            digits = 0
    return None
