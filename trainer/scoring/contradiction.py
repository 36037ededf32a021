"""Contradicting the prospect, found by structure rather than by a list of arguing phrases.

Two shapes, whatever the words:

- a clause that takes up the prospect's own words with the opposite polarity ("It works
  okay." -> "Spreadsheets don't work okay"; "Call me back next quarter." -> "Next quarter
  doesn't work for me"; "I'd need to ask my boss." -> "You don't need to ask your boss");
- the rep saying they do not see, get or accept what was said ("I can't see why that would
  be too much", "I don't get it", "I don't buy that").

The rep's own refusals ("I won't ask...", "I'm not going to...") are not contradictions: a
clause whose subject is "I" only counts in the second shape. Questions are left to the
question checks ("So it's not the price, it's the timing?" checks, it does not correct).
"""

from __future__ import annotations

from collections.abc import Iterable

from trainer.scoring.normalize import NEGATORS, Normalised, Token

Span = tuple[int, int]

_NEGATORS = (NEGATORS - {"nor", "neither"}) | {"barely", "hardly", "rarely", "seldom"}
# Negators that do not negate the clause: "no problem", "not just", "no wonder".
_NOT_NEGATING_NEXT = frozenset(
    {"problem", "worries", "worry", "doubt", "pressure", "matter", "wonder", "just", "only"}
    | {"merely", "rush", "mind", "surprise"}
)
# "No need to...", "no harm in...": reassurance, not a denial (but "you don't need to").
_NOT_NEGATING_AFTER_NO = frozenset({"need", "obligation", "harm"})
# "No, that's fair", "yeah no totally": "no" as an interjection.
_INTERJECTION_NEXT = frozenset(
    {"that", "it", "i", "you", "we", "totally", "absolutely", "sure", "of", "fair", "she", "he"}
)
# Verbs are denied by "not" and "never"; "no training and no support" names what was
# missing (a playback), "nobody wants to..." generalises: neither denies what they said.
_DENYING = frozenset({"not", "never", "barely", "hardly", "rarely", "seldom"})
# "Nobody is really that happy with their IT" after "I'm happy with them": a sweeping subject
# with "is" denies their word like a "not" does ("nobody wants to overspend" agrees).
_NOBODY = frozenset({"nobody", "noone"})
_IS = frozenset({"is", "was", "are", "were"})
# Verbs that deny their complement in the prospect's line: "the foremen refused to use it"
# says it was not used, so "something that never got used" plays it back.
_DENYING_VERBS = frozenset({"refused", "refuse", "refuses", "failed", "fails", "stopped"})
# "You won't be called again", "we won't call anymore": a promise about what stops, not a
# denial of what they said.
_FROM_NOW_ON = frozenset({"again", "anymore"})
# "So this is about replacing us, then.": an inference put to the rep, answered like a question.
_INFERENCE_OPENERS = frozenset({"so"})
_INFERENCE_TAGS = frozenset({"then", "right", "yeah", "eh"})
# Disbelief verbs: "I don't see why...", "I can't accept that".
_DISBELIEF_VERBS = frozenset({"see", "get", "understand", "accept", "buy", "agree", "believe"})
_DISBELIEF_OBJECTS = frozenset({"that", "it", "this", "why", "how"})
_SOFTENERS = frozenset({"really", "quite", "fully", "even", "totally", "just"})
_VERB_MARKS = frozenset(
    {"is", "are", "was", "were", "am", "be", "been", "has", "have", "had", "do", "does", "did"}
    | {"will", "would", "can", "could", "should", "shall", "may", "might", "must", "not"}
)
_PRONOUN_SUBJECTS = frozenset({"i", "we", "you", "they", "it", "he", "she", "this", "that"})
# Words too common to show that a clause takes up the prospect's words.
_GENERIC = frozenset(
    {"be", "is", "are", "was", "were", "do", "does", "did", "have", "has", "had", "get", "got"}
    | {"go", "going", "make", "thing", "things", "really", "just", "that", "this", "it"}
    | {"time", "good", "right", "one", "way", "lot", "bit", "now", "today", "sure", "thank"}
    | {"thanks", "yes", "yeah", "okay", "ok", "well"}
)


def contradictions(
    answer: Normalised, prospect: Normalised, questions: Iterable[Span], stopwords: frozenset[str]
) -> list[Span]:
    """Spans of the answer's clauses that contradict what the prospect said."""
    toks = answer.content
    if not toks:
        return []
    asked = {i for a, b in questions for i in range(a, b + 1)}
    theirs = _polarity_by_stem(prospect, stopwords)
    out: list[Span] = []
    for clause in _clauses(toks):
        negators = [i for i in clause if _negates(toks, i)]
        if not negators:
            continue
        first = negators[0]
        subject_i = any(toks[i].norm == "i" for i in clause if i < first)
        if subject_i:
            if _disbelief(toks, first, clause):
                out.append((clause[0], clause[-1]))
            continue
        if any(i in asked for i in clause):
            continue
        if _what_we_should_do(toks, first, clause):
            continue  # "That's not a line I should be on, sorry": owning our mistake
        if any(toks[i].norm in _FROM_NOW_ON for i in clause) and any(
            toks[i].norm == "will" for i in clause
        ):
            continue
        mine = len(negators) % 2
        # The word a negator denies is the first word of substance after it: the prospect's
        # own word there ("don't *work* okay", "wasn't a *disaster*"), with the opposite
        # polarity, contradicts them; "it's not a *small* spend" or "the numbers aren't the
        # hard part" say something new.
        if _playback(toks, clause[0]):
            continue
        for k in negators:
            if toks[k].norm not in _DENYING and not _nobody_is(toks, k, clause):
                continue
            denied = next(
                (
                    i
                    for i in clause
                    if i > k and toks[i].norm not in stopwords and toks[i].norm not in _GENERIC
                ),
                None,
            )
            if denied is not None and theirs.get(toks[denied].stem, mine) != mine:
                out.append((clause[0], clause[-1]))
                break
    return out


_OUGHT = frozenset({"should", "ought"})


def _what_we_should_do(toks: tuple[Token, ...], negator: int, clause: list[int]) -> bool:
    """After the negator, "I"/"we" and "should" / "ought": the clause says what the rep
    ought (not) to do ("That's not a line I should be on", "not a number we ought to have
    called"), owning a mistake of ours; it does not deny what they said."""
    return any(
        toks[j].norm in {"i", "we"} and j + 1 <= clause[-1] and toks[j + 1].norm in _OUGHT
        for j in clause
        if j > negator
    )


def _nobody_is(toks: tuple[Token, ...], k: int, clause: list[int]) -> bool:
    return (
        toks[k].norm in _NOBODY
        and k == clause[0]
        and k + 1 <= clause[-1]
        and toks[k + 1].norm in _IS
    )


def _playback(toks: tuple[Token, ...], i: int) -> bool:
    """The clause is in a sentence that opens with "so": "So no training and no support after
    go-live" plays their words back, whatever its negators."""
    sentence = toks[i].sentence
    while i > 0 and toks[i - 1].sentence == sentence:
        i -= 1
    return toks[i].norm == "so"


def _clauses(toks: tuple[Token, ...]) -> list[list[int]]:
    clauses: dict[int, list[int]] = {}
    for i, t in enumerate(toks):
        clauses.setdefault(t.clause, []).append(i)
    return list(clauses.values())


def _negates(toks: tuple[Token, ...], i: int) -> bool:
    t = toks[i]
    if t.norm not in _NEGATORS:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None or nxt.clause != t.clause:
        return t.norm != "no"  # "..., no." / "No, ..." is an interjection
    if nxt.norm in _NOT_NEGATING_NEXT or (t.norm == "no" and nxt.norm in _NOT_NEGATING_AFTER_NO):
        return False
    if t.norm == "not" and i > 0 and toks[i - 1].norm in {"if", "or", "whether"}:
        return False  # "if not", "or not"
    interjection = t.norm == "no" and (
        nxt.norm in _INTERJECTION_NEXT
        or (i > 0 and toks[i - 1].norm in {"yeah", "yes", "oh", "right", "so"})
    )
    return not interjection


def _disbelief(toks: tuple[Token, ...], negator: int, clause: list[int]) -> bool:
    """'I don't see why', 'I can't accept that', 'I don't get it'."""
    j = negator + 1
    while j <= clause[-1] and toks[j].norm in _SOFTENERS:
        j += 1
    if j > clause[-1] or toks[j].norm not in _DISBELIEF_VERBS:
        return False
    nxt = toks[j + 1].norm if j + 1 <= clause[-1] else ""
    after = toks[j + 2].norm if j + 2 <= clause[-1] else ""
    return nxt in _DISBELIEF_OBJECTS and not (nxt == "why" and after == "not")


def _polarity_by_stem(prospect: Normalised, stopwords: frozenset[str]) -> dict[str, int]:
    """For each content word of the prospect's statements (not their questions), whether its
    clause is negated (1) or not (0)."""
    toks = prospect.content
    questions = set()
    for qm in prospect.question_marks:
        before = [t.sentence for t in toks if t.end <= qm]
        if before:
            questions.add(before[-1])
    for i, t in enumerate(toks):
        first = i == 0 or toks[i - 1].sentence != t.sentence
        last = i + 1 == len(toks) or toks[i + 1].sentence != t.sentence
        if (first and t.norm in _INFERENCE_OPENERS) or (last and t.norm in _INFERENCE_TAGS):
            questions.add(t.sentence)
    out: dict[str, int] = {}
    for clause in _clauses(toks):
        if toks[clause[0]].sentence in questions:
            continue
        polarity = sum(_negates(toks, i) or toks[i].norm in _DENYING_VERBS for i in clause) % 2
        for i in _predicate(toks, clause):
            if toks[i].norm not in stopwords and toks[i].norm not in _GENERIC:
                out.setdefault(toks[i].stem, polarity)
    return out


def _predicate(toks: tuple[Token, ...], clause: list[int]) -> list[int]:
    """The words of a clause after its subject: what they claim, not what it is about.
    "Support has been *terrible*": denying "support" ("that's not the support you signed up
    for") agrees with them; denying "terrible" would not."""
    for n, i in enumerate(clause):
        if toks[i].norm in _VERB_MARKS:
            return clause[n:]
    if toks[clause[0]].norm in _PRONOUN_SUBJECTS:
        return clause[1:]
    return clause


# Sarcasm: an agreeing word answered by its own "because" and a sweeping claim ("Sure,
# because nobody's ever said that before", "Yeah, because everyone's vendor is perfect").
# The agreement mocks what they said; it agrees to nothing.
_AGREEING = frozenset({"sure", "yeah", "right", "yes", "oh", "totally", "great"})
_SWEEPING_SUBJECTS = frozenset({"nobody", "noone", "everyone", "everybody"})
_PERFECT = frozenset({"have", "has", "had"})


def sarcasm(answer: Normalised) -> list[Span]:
    """Each sarcastic agreement: from the agreeing word to the end of its sentence (a "like
    I haven't heard that before" mocks its whole sentence). The
    claim sweeps: a universal subject ("nobody", "everyone") or a "never/ever" of
    experience ("I've never heard that one", "that's never been said before"); "Yeah,
    because you never know when a driver calls in sick" is a reason, not sarcasm."""
    toks = answer.content
    out: list[Span] = []
    for i in range(len(toks) - 1):
        t, nxt = toks[i], toks[i + 1]
        if t.norm not in _AGREEING or nxt.norm != "because" or nxt.sentence != t.sentence:
            continue
        end = i + 1
        while end + 1 < len(toks) and toks[end + 1].sentence == t.sentence:
            end += 1
        if any(_sweeping(toks, k) for k in range(i + 2, end + 1)):
            out.append((i, end))
    # "Oh, absolutely, I'll call back next quarter, just like you'll definitely pick up": an
    # agreement whose sentence ends on a "just like" clause mocks them.
    for i in range(len(toks) - 2):
        if (
            toks[i].norm == "just"
            and toks[i + 1].norm == "like"
            and i > 0
            and toks[i - 1].clause != toks[i].clause
            and toks[i - 1].sentence == toks[i].sentence
            and toks[i + 1].clause == toks[i].clause
        ):
            start = i
            while start > 0 and toks[start - 1].sentence == toks[i].sentence:
                start -= 1
            if toks[start].norm in _AGREEING | {"absolutely", "of"}:
                end = i + 1
                while end + 1 < len(toks) and toks[end + 1].sentence == toks[i].sentence:
                    end += 1
                out.append((start, end))
    # "Oh sure, fair enough, like I haven't heard that before": the whole sentence mocks.
    for i in range(len(toks) - 3):
        if (
            toks[i].norm == "like"
            and toks[i + 1].norm in _PRONOUN_SUBJECTS
            and toks[i + 2].norm in _PERFECT
            and toks[i + 3].norm in {"not", "never"}
            and len({toks[k].sentence for k in range(i, i + 4)}) == 1
        ):
            sentence = toks[i].sentence
            start = i
            while start > 0 and toks[start - 1].sentence == sentence:
                start -= 1
            end = i + 3
            while end + 1 < len(toks) and toks[end + 1].sentence == sentence:
                end += 1
            out.append((start, end))
    return out


# "Sure, compare us to your coffee budget?": an agreeing word, then an order put back to
# them as a question, setting us against something of theirs. No negator, still a sneer.
_NOT_IMPERATIVE = frozenset(
    {"i", "we", "you", "they", "he", "she", "it", "that", "this", "there", "the", "a", "an"}
    | {"what", "how", "why", "when", "where", "who", "which", "is", "are", "do", "does"}
    | {"did", "can", "could", "would", "will", "shall", "should", "may", "if", "so", "and"}
    | {"but", "or", "your", "our", "my", "any", "some", "another", "just", "happy", "glad"}
    | {"no", "not", "thanks", "thank", "fair", "enough", "of", "course", "absolutely"}
)


def mocking_orders(answer: Normalised) -> list[Span]:
    """Sentences that open with an agreeing word and go on with an order that pits us ("us",
    "me") against something of theirs ("your ..."), ending in "?": "Sure, compare us to
    your coffee budget?", "Right, blame me for your renewal?". A real question asks ("Sure,
    what did they quote?"), a real offer names a time or a thing ("Sure, Thursday at ten?")."""
    toks = answer.content
    if not answer.question_marks:
        return []
    out: list[Span] = []
    sentences: dict[int, list[int]] = {}
    for i, t in enumerate(toks):
        sentences.setdefault(t.sentence, []).append(i)
    for where in sentences.values():
        first, last = where[0], where[-1]
        if toks[first].norm not in _AGREEING | {"okay", "ok", "fine"} or len(where) < 4:
            continue
        if not any(toks[last].end <= q < toks[last].end + 3 for q in answer.question_marks):
            continue
        verb = next((i for i in where if toks[i].clause != toks[first].clause), None)
        if verb is None:
            continue
        word = toks[verb].norm
        if word in _NOT_IMPERATIVE or word[:1].isdigit() or word.endswith(("ed", "ing", "s")):
            continue
        rest = [toks[i].norm for i in where if i > verb]
        if rest[:1] in (["us"], ["me"]) and rest[1:2] in _PITTING and "your" in rest:
            out.append((first, last))
    return out


_PITTING = (["to"], ["against"], ["with"], ["for"], ["over"])
_TROUBLES = frozenset({"problem", "concern", "issue", "worry", "business", "headache"})


def brush_offs(answer: Normalised) -> list[Span]:
    """A negative statement with a positive tag that denies their trouble is theirs: "Not
    really your problem though, is it?", "That's not your concern, is it?". It waves away
    what they raised; "that's not ideal, is it?" feels with them."""
    toks = answer.content
    out: list[Span] = []
    for i in range(len(toks) - 3):
        if toks[i].norm not in {"not", "never"}:
            continue
        j = i + 1
        while j < len(toks) and toks[j].norm in {"really", "exactly", "even", "actually"}:
            j += 1
        if j + 1 >= len(toks) or toks[j].norm not in {"your", "their"}:
            continue
        if toks[j + 1].norm not in _TROUBLES:
            continue
        # the positive tag that closes its sentence: ", is it?", ", do you?"
        end = j + 1
        while end + 1 < len(toks) and toks[end + 1].sentence == toks[i].sentence:
            end += 1
        tag = [t.norm for t in toks[end - 1 : end + 1]]
        if (
            len(tag) == 2
            and tag[0] in {"is", "are", "do", "does", "was", "will", "would"}
            and tag[1] in _PRONOUN_SUBJECTS
            and toks[end - 1].clause != toks[i].clause
            and any(toks[end].end <= q < toks[end].end + 3 for q in answer.question_marks)
        ):
            out.append((i, end))
    return out


def _sweeping(toks: tuple[Token, ...], k: int) -> bool:
    word = toks[k].norm
    if word in _SWEEPING_SUBJECTS:
        return True
    if word not in {"never", "ever"}:
        return False
    before = toks[k - 1].norm if k > 0 else ""
    after = toks[k + 1].norm if k + 1 < len(toks) else ""
    return before in _PERFECT or after == "been"
