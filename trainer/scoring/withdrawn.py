"""Moves made and then withdrawn in the same answer, found by the shape of the take-back.

A rep can name a move and cancel it a breath later: "Can I call you at four? Actually, no,
let's do it now", "What would you change? Don't bother answering", "Can I have two minutes?
Doesn't matter what you say", "i can call you back after three actually no i wont". The
words before the take-back are not a move: the answer itself says so.

A take-back is a short self-correction that opens its clause (or follows the move in
unpunctuated speech): "actually, no", "no wait", "never mind" (not "never mind the price"),
"scratch that", "forget it", "on second thought", "(it) doesn't matter", "not that it
matters", "not that I care", "don't bother answering", "well, not really", "actually I
won't.", "actually, I can't promise that." It withdraws what comes before it in its
sentence, or the sentence before when it opens its own, up to `REACH` words back
(`SPEECH_REACH` in unpunctuated speech).
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

from trainer.scoring.normalize import FUNCTION_WORDS_CORE, NEGATORS, Normalised, Token

Span = tuple[int, int]

REACH = 14  # words before a take-back that it can withdraw
SPEECH_REACH = 8  # the same in unpunctuated speech, where no sentence bounds the move
# "Never mind, ...", "never mind I don't need to know": the whole thought; "never mind the
# price" is "let alone", and withdraws nothing.
_AFTER_NEVER_MIND = frozenset({"i", "we", "no", "forget", "just", "that", "it", "scratch"})
# "Actually, no rush", "actually no need": reassurance, not a take-back.
_NO_REASSURES = frozenset(
    {"need", "problem", "worries", "worry", "rush", "hurry", "pressure", "doubt", "matter"}
    | {"obligation", "harm", "point", "reason", "one", "way", "big", "deal"}
)
_SUBJECTS = frozenset({"i", "we"})
_LEAD_INS = frozenset(
    {"actually", "well", "oh", "so", "no", "ok", "okay", "hmm", "wait", "but", "nah", "and"}
    | {"anyway"}
)
_AUXILIARIES = frozenset({"will", "can", "do", "would", "could", "shall"})
_THEN_LEAD_INS = frozenset({"so", "but", "well", "actually"})  # "..., so not then."
# Before "rather" / "let's" / "might as well" in a wish to talk now.
_NOW_LEAD_INS = frozenset({"honestly", "i", "would", "we", "might", "as", "though", "or", "just"})
_ANSWERING = frozenset({"answering", "replying", "responding", "telling", "answer", "reply"})
_REASSURING = frozenset({"if", "whether", "when", "how"})
_CARE = frozenset({"matters", "matter", "care", "mind"})
_PROMISING = frozenset({"promise", "guarantee", "commit"})


# The words a take-back can start with (a fast path: most words start none).
_FIRST_WORDS = frozenset(
    {"actually", "no", "never", "scratch", "forget", "on", "well", "do", "not", "it", "that"}
    | {"does", "nah", "nope", "just", "only", "kidding", "joking", "jk", "or", "which"}
    | {"this", "i", "we", "yeah", "ha", "haha", "so", "hold", "strike", "ignore", "disregard"}
)
# "Scratch that", "strike that", "ignore that", "forget it", "disregard that": unsaid.
_UNSAYING = frozenset({"scratch", "forget", "strike", "ignore", "disregard"})
# A sentence of nothing but a "no" and interjections turns down what came before: "Yeah,
# no.", "Ha, no.", "So, no."
_INTERJECTIONS = frozenset({"yeah", "ha", "haha", "so", "well", "oh", "um", "hmm", "actually"})
_NOS = frozenset({"no", "nope", "nah"})
# "Forget I said that", "forget I asked": the move, unsaid.
_SAID = frozenset({"asked", "said", "mentioned", "offered", "suggested"})
# "Not doing that", "not happening": the move, dropped in a clause of its own.
_DROPPING = frozenset({"doing", "happening"})
# "X? Nah.", "nah forget it", "nope, scratch that": a bare "nah" turns down what came before;
# "nah that's fine" / "nah no worries" reassure.
_AFTER_NAH = frozenset({"forget", "scratch", "never", "actually", "just", "kidding", "i", "not"})
# "Just kidding", "only joking", "I'm kidding": the move was a joke.
_JOKING = frozenset({"kidding", "joking"})
# "That's not happening", "which obviously isn't happening", "but that won't happen": the
# thing just said, cancelled by the pronoun that refers back to it.
_REFERRING = frozenset({"that", "which", "it", "this"})
_HAPPEN = frozenset({"happen", "happening", "happens"})
HAPPEN_REACH = 5  # words from the pronoun to "happen(ing)": "which obviously is not happening"
# "I could ask, but I won't.", "Some reps would; I won't.", "I'd rather not.": a refusal with
# its verb left out refers back to the move before it.
_ELLIPSIS_AUX = frozenset({"will", "would", "shall", "am", "do", "can"})
_ELLIPSIS_FILL = frozenset({"rather", "going", "to", "gonna", "really"})
_ELLIPSIS_LEAD = frozenset({"but", "though", "yet"})


# "I'd rather just do it now", "let's just do it now", "might as well do this now": the call
# wanted now, instead of the later time just offered.
_PREFERRING_NOW = frozenset({"rather", "let", "lets", "well"})  # "lets": speech
PREFER_REACH = 4  # words from "rather" / "let's" to "do it now"
_LATER_CALL = frozenset({"back", "later", "tomorrow", "monday", "tuesday", "wednesday"})
_LATER_CALL |= frozenset({"thursday", "friday", "saturday", "sunday", "week", "month"})


class Withdrawal(NamedTuple):
    span: Span  # the words withdrawn
    marker: Span  # the take-back itself
    # The clause after the take-back when it is negative, its reason ("Thursday's no good",
    # "four won't work for me"): a day or time named there is turned down, not proposed.
    reason: Span | None = None


def withdrawals(norm: Normalised) -> list[Withdrawal]:
    """Every take-back in the answer with something before it to withdraw."""
    toks = norm.content
    out: list[Withdrawal] = []
    for i in range(1, len(toks)):
        end = _take_back(toks, i)
        if end is None:
            continue
        reach = REACH if norm.punctuated else SPEECH_REACH
        start = _withdrawn_from(toks, i, reach)
        if toks[i].norm in _SUBJECTS | {"not"} and _no_subject_of_ours(toks, start, i):
            # "I'll call you in March. Or, thinking about it, you'll still be happy then, so
            # maybe I won't.": "I won't" refers back to the last thing we said we'd do.
            start = _sentence_start(toks, start - 1) if start > 0 else start
            if toks[i].norm == "not":
                start = max(start, i - REACH)  # "so not then": the time, not the whole sentence
        if start < i:
            out.append(Withdrawal((start, i - 1), (i, end), _negative_clause(toks, end + 1)))
    for first, last in unsaid_echoes(toks):
        # "I'll be brief. Well, not that brief, ...": the move's own word, said again negated.
        start = _withdrawn_from(toks, first, REACH if norm.punctuated else SPEECH_REACH)
        if start < first:
            out.append(Withdrawal((start, first - 1), (first, last)))
    for first, last in preferring_now(toks):
        # "I could call back Tuesday, but I'd rather just do it now": the later call, dropped.
        start = _withdrawn_from(toks, first, REACH if norm.punctuated else SPEECH_REACH, now=True)
        if start < first and later_offered(toks[start:first], first - start):
            out.append(Withdrawal((start, first - 1), (first, last)))
    return out


# Before the negator of an echo: "Well, not that brief", "actually there's nothing new".
_ECHO_LEAD_INS = _LEAD_INS | {"honestly", "there", "is", "really"}
_DEGREES = frozenset({"that", "so", "too", "really", "very", "all"})
# Words after the echo that still end it: "nothing new really", "not that quick either".
_ECHO_ENDS = frozenset({"really", "either", "though", "then", "at", "anyway"})
_NOT_ECHOES = FUNCTION_WORDS_CORE  # words too common to echo
# In speech, with no comma to open a clause: "um actually theres nothing new".
_TURNING_BACK = frozenset({"actually", "well", "wait"})
ECHO_REACH = REACH  # words back to the word echoed


def unsaid_echoes(toks: tuple[Token, ...]) -> list[Span]:
    """A word of what the rep just said, said again behind "not" or "nothing" at the start
    of a clause: "I'll be brief. Well, not that brief, this takes ten minutes", "ill bring
    something new next time actually theres nothing new really". The negated echo (the
    earlier word must not be negated itself: "I won't take long. Not long at all." agrees)."""
    out = []
    for i, t in enumerate(toks):
        if t.norm not in {"not", "nothing"} or i == 0:
            continue
        k = i - 1
        while k >= 0 and toks[k].clause == t.clause and toks[k].norm in _ECHO_LEAD_INS:
            k -= 1
        turning = {u.norm for u in toks[k + 1 : i]} & _TURNING_BACK
        if k >= 0 and toks[k].clause == t.clause and not turning:
            continue  # inside a clause: "it's not that brief a call" is no take-back
        j = i + 1
        while j < len(toks) and toks[j].norm in _DEGREES and toks[j].clause == t.clause:
            j += 1
        if j >= len(toks) or toks[j].clause != t.clause or toks[j].norm in _NOT_ECHOES:
            continue
        if not (_boundary_after(toks, j) or _word(toks, j + 1) in _ECHO_ENDS):
            continue  # "Nothing changes unless you want it to": a clause of its own
        said = [m for m in range(max(0, k + 1 - ECHO_REACH), k + 1) if toks[m].stem == toks[j].stem]
        if said and not any(
            toks[n].norm in NEGATORS
            for n in range(said[-1])
            if toks[n].clause == toks[said[-1]].clause
        ):
            out.append((k + 1, j))
    return out


def preferring_now(toks: tuple[Token, ...]) -> list[Span]:
    """ "I'd rather just do it now", "let's just do it now", "might as well do this now": "do
    it/this now" after a word that prefers it, in its clause."""
    out = []
    for i in range(len(toks) - 2):
        if toks[i].norm != "do" or toks[i + 1].norm not in {"it", "this"}:
            continue
        if toks[i + 2].norm != "now" or toks[i + 2].clause != toks[i].clause:
            continue
        for k in range(i - 1, max(-1, i - 1 - PREFER_REACH), -1):
            if toks[k].clause != toks[i].clause:
                break
            if toks[k].norm in _PREFERRING_NOW:
                out.append((k, i + 2))
                break
    return out


def later_offered(toks: tuple[Token, ...], before: int) -> bool:
    """A later call or day named before `before`: "I could call back Tuesday, but..."."""
    return any(t.norm in _LATER_CALL for t in toks[:before])


def _no_subject_of_ours(toks: tuple[Token, ...], start: int, i: int) -> bool:
    """No "I" or "we" from `start` (a sentence's start) up to `i`."""
    return toks[start].sentence == toks[i].sentence and not any(
        t.norm in _SUBJECTS for t in toks[start:i]
    )


def _sentence_start(toks: tuple[Token, ...], j: int) -> int:
    while j > 0 and toks[j - 1].sentence == toks[j].sentence:
        j -= 1
    return j


def _boundary_after(toks: tuple[Token, ...], j: int) -> bool:
    """Nothing follows `j` in its clause."""
    return j + 1 >= len(toks) or toks[j + 1].clause != toks[j].clause


def _word(toks: tuple[Token, ...], j: int) -> str:
    return toks[j].norm if 0 <= j < len(toks) else ""


def _take_back(toks: tuple[Token, ...], i: int) -> int | None:
    """The last token of a take-back starting at `i`, or None."""
    w = toks[i].norm
    if w not in _FIRST_WORDS:
        return None
    nxt, third = _word(toks, i + 1), _word(toks, i + 2)
    opens = toks[i - 1].clause != toks[i].clause or _word(toks, i - 1) in {"well", "oh", "so"}
    if w == "actually":
        if nxt == "no" and toks[i + 1].sentence == toks[i].sentence:
            # "Actually, no, ...", "actually no lets just do it now"; not "actually, no rush"
            if _boundary_after(toks, i + 1) or third not in _NO_REASSURES:
                return i + 1
        elif nxt in _SUBJECTS and third in _AUXILIARIES and _word(toks, i + 3) == "not":
            # "Actually I won't, my Thursday's full"; not "actually I won't keep you"
            if _boundary_after(toks, i + 3):
                return i + 3
            # "Actually, I can't promise that, my manager decides": the commitment, undone
            if _word(toks, i + 4) in _PROMISING and _word(toks, i + 5) in _REFERRING:
                return i + 5
        return None
    if w == "no":
        return i + 1 if nxt in {"wait", "actually"} and opens else None
    if w in {"nah", "nope"}:
        return i if _boundary_after(toks, i) or nxt in _AFTER_NAH else None
    if w in _INTERJECTIONS | _NOS and toks[i - 1].sentence != toks[i].sentence:
        end = _bare_no(toks, i)
        if end is not None:
            return end
    if w == "hold" and nxt == "your" and third == "breath":
        return i + 2  # "Don't hold your breath."
    if w == "do" and nxt == "not" and third == "hold" and _word(toks, i + 4) == "breath":
        return i + 4
    if w in {"just", "only"} and nxt in _JOKING:
        return i + 1
    if (w in _JOKING and (_word(toks, i - 1) in {"am", "i"} or opens)) or w == "jk":
        return i  # "I'm kidding", "Kidding, obviously."
    if w == "or" and nxt == "not" and toks[i - 1].sentence != toks[i].sentence:
        return i + 1 if _boundary_after(toks, i + 1) else None  # "Thursday at ten? Or not."
    if w in _REFERRING and (opens or _word(toks, i - 1) in _ELLIPSIS_LEAD | {"and"}):
        end = _not_happening(toks, i)
        if end is not None:
            return end
    if w in {"i", "we"} and nxt == "take" and third in {"that", "it"}:
        return i + 3 if _word(toks, i + 3) == "back" else None  # "I take that back."
    if w in {"i", "we"} and nxt in {"will", "would"} and third == "leave":
        return _leaving_it(toks, i)  # "..., but I'll leave it."
    if w in {"i", "we"}:
        return _elliptic_refusal(toks, i) if _opens_past_hedges(toks, i) else None
    if w == "never":
        ends = nxt == "mind" and (_boundary_after(toks, i + 1) or third in _AFTER_NEVER_MIND)
        return i + 1 if ends else None
    if w in _UNSAYING and nxt in {"that", "it", "this", "me"}:
        return i + 1 if _boundary_after(toks, i + 1) else None
    if w == "forget" and nxt == "i" and third in _SAID:
        return i + 3 if _word(toks, i + 3) in {"that", "it"} else i + 2
    if w == "on" and nxt == "second" and third in {"thought", "thoughts"}:
        return i + 2
    if w == "well" and nxt == "not" and third == "really":
        return i + 2
    if w == "do" and nxt == "not" and third == "bother":
        return i + 3 if _word(toks, i + 3) in _ANSWERING else None
    if w == "do" and nxt == "not" and third in {"answer", "reply"}:
        # "Don't answer that", "actually dont answer that"; not "don't answer now if..."
        end = i + 3 if _word(toks, i + 3) == "that" else i + 2
        return (
            end
            if _boundary_after(toks, end) or _word(toks, end + 1) in _SUBJECTS | {"it"}
            else None
        )
    # "I'll call at four. Well, four's service, so not then.": the time, turned down
    if (w, nxt) == ("not", "then") and _boundary_after(toks, i + 1):
        return i + 1 if opens or _word(toks, i - 1) in _THEN_LEAD_INS else None
    if not opens:
        return None
    if w == "not" and nxt == "really" and _boundary_after(toks, i + 1):
        return i + 1  # "From the directory. Not really, I bought a list."
    if w == "not" and nxt in _DROPPING:
        # "Not doing that, though.", "not happening"
        end = i + 1
        while end + 1 < len(toks) and toks[end + 1].clause == toks[i].clause and end < i + 3:
            end += 1
        return end if _boundary_after(toks, end) else None
    return _it_does_not_matter(toks, i)


def _bare_no(toks: tuple[Token, ...], i: int) -> int | None:
    """A sentence of interjections and a "no" ("Yeah, no.", "Ha, no."): its last token."""
    end = i
    while end + 1 < len(toks) and toks[end + 1].sentence == toks[i].sentence:
        end += 1
    words = [t.norm for t in toks[i : end + 1]]
    if len(words) > 1 and all(w in _INTERJECTIONS | _NOS for w in words) and set(words) & _NOS:
        return end
    return None


_OFF_THE_TABLE = ("off", "the", "table")


def _not_happening(toks: tuple[Token, ...], i: int) -> int | None:
    """ "That's not happening", "which obviously isn't happening", "that won't happen": the
    last token of the clause, when it ends on "happen(ing)" after a negator."""
    negated = False
    for j in range(i + 1, min(len(toks), i + 1 + HAPPEN_REACH)):
        if toks[j].clause != toks[i].clause:
            return None
        if tuple(_word(toks, k) for k in range(j, j + 3)) == _OFF_THE_TABLE:
            return j + 2 if _boundary_after(toks, j + 2) else None  # "That's off the table."
        if toks[j].norm in {"not", "never"}:
            negated = True
        elif toks[j].norm in _HAPPEN:
            return j if negated and _boundary_after(toks, j) else None
    return None


# "..., so maybe I won't.", "but probably I won't": a hedge before the refusal's subject.
_HEDGES = frozenset({"maybe", "probably", "perhaps", "actually", "honestly"})


def _opens_past_hedges(toks: tuple[Token, ...], i: int) -> bool:
    """The subject at `i` opens its clause, after only a "but", "so" or a hedge: "I won't",
    "but I won't", "so maybe I won't"."""
    j = i - 1
    while j >= 0 and toks[j].clause == toks[i].clause and toks[j].norm in _HEDGES:
        j -= 1
    if j < 0 or toks[j].clause != toks[i].clause:
        return True
    return toks[j].norm in _ELLIPSIS_LEAD | {"so"} and (
        j == 0 or toks[j - 1].clause != toks[j].clause
    )


def _leaving_it(toks: tuple[Token, ...], i: int) -> int | None:
    """ "I'd normally ask what you'd change, but I'll leave it.": after a "but", leaving it
    (there / at that) with nothing after, the move before is dropped. The last token."""
    if _word(toks, i - 1) not in _ELLIPSIS_LEAD or _word(toks, i + 3) != "it":
        return None
    end = i + 3
    if _word(toks, end + 1) == "there":
        end += 1
    elif _word(toks, end + 1) == "at" and _word(toks, end + 2) == "that":
        end += 2
    return end if _boundary_after(toks, end) else None


def _elliptic_refusal(toks: tuple[Token, ...], i: int) -> int | None:
    """ "I won't", "I'd rather not", "I'm not going to", with nothing after them in the
    clause: the last token, or None."""
    if _word(toks, i + 1) not in _ELLIPSIS_AUX:
        return None
    j = i + 2
    while _word(toks, j) in _ELLIPSIS_FILL and toks[j].clause == toks[i].clause:
        j += 1
    if _word(toks, j) not in {"not", "never"} or toks[j].clause != toks[i].clause:
        return None
    while j + 1 < len(toks) and toks[j + 1].clause == toks[i].clause:
        if _word(toks, j + 1) not in _ELLIPSIS_FILL:
            return None
        j += 1
    return j


def _it_does_not_matter(toks: tuple[Token, ...], i: int) -> int | None:
    """A clause that opens with "(it) doesn't (really) matter" or "not that it matters / I
    care": the last token of it, or None."""
    words = [_word(toks, j) for j in range(i, i + 5)]
    if words[0] in {"it", "that"} and words[1] in {"does", "do"} and words[2] == "not":
        end = i + (4 if words[3] == "really" else 3)
        if _word(toks, end) == "count":
            return end  # "so that don't really count"
        return end if _word(toks, end) == "matter" and _boundary_after(toks, end) else None
    if words[0] in {"does", "do"} and words[1] == "not":
        end = i + (3 if words[2] == "really" else 2)
        if _word(toks, end + 1) in _REASSURING:
            return None  # "Doesn't matter if it's a spreadsheet": whatever it is, it's fine
        return end if _word(toks, end) == "matter" else None  # "Doesn't matter what you say"
    if words[:2] == ["not", "that"] and words[2] in {"it", "i"}:
        end = i + (4 if words[3] in {"really", "do"} else 3)
        return end if _word(toks, end) in _CARE else None  # "Not that it matters"
    return None


def _negative_clause(toks: tuple[Token, ...], j: int) -> Span | None:
    """The clause starting at `j`, if it has a negator in it."""
    if j >= len(toks):
        return None
    end = j
    while end + 1 < len(toks) and toks[end + 1].clause == toks[j].clause:
        end += 1
    if any(t.norm in NEGATORS for t in toks[j : end + 1]):
        return (j, end)
    return None


def _withdrawn_from(toks: tuple[Token, ...], i: int, reach: int, *, now: bool = False) -> int:
    """The first token a take-back at `i` withdraws: its sentence's start, or the previous
    sentence's when it opens its own; never more than `reach` words back. `now`: a wish to
    talk now ("Honestly, I'd rather just do it now.") opens its sentence after its subject."""
    sentence = toks[i].sentence
    start = i
    while start > 0 and toks[start - 1].sentence == sentence:
        start -= 1
    lead_ins = _LEAD_INS | _NOW_LEAD_INS if now else _LEAD_INS
    if start > 0 and all(t.norm in lead_ins for t in toks[start:i]):
        # The take-back opens its sentence ("Never mind.", "Actually, never mind."): it
        # withdraws the whole sentence before, however long.
        before = toks[start - 1].sentence
        while start > 0 and toks[start - 1].sentence == before:
            start -= 1
        return start
    return max(start, i - reach)


# Words before the reversal's first word: "Well, unless you want to...", "But I do need..."
_REVERSAL_LEAD_INS = frozenset({"well", "oh", "but", "and", "so", "actually", "though"})
_REVERSING = frozenset({"unless", "except"})
# "Well, I do need...", "But we do have to...": turning back; "And I do hope..." is warmth.
_TURNING = frozenset({"well", "but", "actually"})
_FEELING = frozenset(
    {"hope", "appreciate", "understand", "respect", "get", "see", "know", "like", "love"}
    | {"wish", "apologise", "apologize", "value", "agree"}
)
_NOT_A_PROMISE = frozenset({"sure", "know", "certain", "think", "mean"})
PROMISE_REACH = 4  # words from "I"/"we" to its "not": "I'm not going to", "we would never"


def reversed_promises(norm: Normalised) -> list[Span]:
    """A promise not to do something, gone back on in the next sentence: "I'm not going to
    suggest breaking the contract. Well, unless you want to, we could buy you out", "I won't
    ask for a demo. Well, I do need the full forty-five minutes". The reversing sentence."""
    if not norm.punctuated:
        return []
    toks = norm.content
    out: list[Span] = []
    sentences: dict[int, list[int]] = {}
    for i, t in enumerate(toks):
        sentences.setdefault(t.sentence, []).append(i)
    order = sorted(sentences)
    for before, after in pairwise(order):
        if not _promises_not_to(toks, sentences[before]):
            continue
        where = sentences[after]
        words = [toks[j].norm for j in where]
        k = 0
        while k < len(words) and words[k] in _REVERSAL_LEAD_INS:
            k += 1
        rest = words[k:]
        emphatic = (
            rest[:2] in (["i", "do"], ["we", "do"])
            and bool(set(words[:k]) & _TURNING)
            and rest[2:3] != []
            and rest[2] not in _FEELING
        )
        # "Well, unless you have a minute now?" offers; it does not go back on anything.
        offers = norm.text[toks[where[-1]].end :].lstrip().startswith("?")
        if emphatic or (rest[:1] and rest[0] in _REVERSING and not offers):
            out.append((where[0], where[-1]))
    return out


def _promises_not_to(toks: tuple[Token, ...], where: list[int]) -> bool:
    """The sentence has "I"/"we" with a "not"/"never" shortly after: "I won't ask", "I'm not
    going to suggest", "we'd never" (not "I'm not sure", "I don't know")."""
    for n, j in enumerate(where):
        if toks[j].norm not in _SUBJECTS:
            continue
        for m in where[n + 1 : n + 1 + PROMISE_REACH]:
            if toks[m].norm in {"not", "never"}:
                nxt = toks[m + 1].norm if m + 1 < len(toks) else ""
                return nxt not in _NOT_A_PROMISE
    return False


# After "not that" / "not like", a verb within two words makes it a clause ("not that you'll
# want to", "not that loyalty's ever saved"); "not that much", "not that far" are degrees.
_CLAUSE_VERBS = frozenset(
    {"is", "are", "was", "were", "will", "would", "can", "could", "has", "have", "had"}
    | {"do", "does", "did", "ever", "never", "should", "might", "must", "am", "got"}
)
_CONCEDING = frozenset({"but", "though", "although", "however"})


_TROUBLE = frozenset({"trouble", "problem", "wrong", "bother", "issue", "rush", "hurry"})


def _no_trouble(words: list[str]) -> bool:
    """ "Not that it's any trouble", "not that there's anything wrong with it": reassuring."""
    return any(
        w in {"any", "anything"} and words[k + 1 : k + 2] and words[k + 1] in _TROUBLE
        for k, w in enumerate(words)
    )


def snide_asides(norm: Normalised) -> list[Span]:
    """A clause that opens with "not that" or "not like" and a clause of its own, left
    hanging with no "but": a put-down aside ("I know you've got a group arriving, not that
    that's my problem.", "Not that you can't make any decisions yourself, right?"). "Not that
    I'd expect you to switch, but what would you change?" concedes, "not that I'd hold you
    up" is about ourselves and "not that it's any trouble" reassures: none is one; "not that
    it matters" takes back what came before (see `withdrawals`)."""
    toks = norm.content
    out: list[Span] = []
    for i in range(len(toks) - 2):
        if toks[i].norm != "not" or toks[i + 1].norm not in {"that", "like"}:
            continue
        if i > 0 and toks[i - 1].clause == toks[i].clause:
            continue  # "it's not that much": inside a clause, a degree
        if _it_does_not_matter(toks, i) is not None:
            continue
        gerund = toks[i + 2].norm.endswith("ing") and i + 3 < len(toks)
        # "not that comparing us to an internet bill makes sense": a gerund subject is kept
        if not gerund and not any(t.norm in _CLAUSE_VERBS for t in toks[i + 2 : i + 5]):
            continue  # no verb of its own: not a clause
        end = i
        while end + 1 < len(toks) and toks[end + 1].sentence == toks[i].sentence:
            end += 1
        words = [t.norm for t in toks[i : end + 1]]
        if set(words) & _CONCEDING:
            continue  # "Not that I'd expect you to switch, but...": conceding
        if words[2] in _SUBJECTS:
            # About ourselves: "not that I'd hold you up" reassures; "Not that I won't" goes
            # back on what we said and "not that we did anything wrong" defends us.
            if not (words[3:5] in (["will", "not"], ["can", "not"]) or "wrong" in words):
                continue
        elif _no_trouble(words):
            continue  # "not that it's any trouble", "not that there's anything wrong with it"
        out.append((i, end))
    return out
