"""Acknowledgements that count only as a sentence of their own.

"That helps." thanks the prospect for what they told you; "I can knock 10% off if that
helps" and "Hope that helps" end an offer or a close with the same words, so "that helps" is
no acknowledge phrase. Said alone, as the answer's opening sentence (perhaps after "Okay," or
before "thanks"), it is one.
"""

from __future__ import annotations

from trainer.scoring.normalize import Normalised, Token

Span = tuple[int, int]

# Words that may come before it ("Okay, that helps.", "Thanks, that really helps.") ...
_LEAD_INS = frozenset(
    {"okay", "ok", "right", "alright", "great", "perfect", "brilliant", "good", "oh", "ah"}
    | {"yes", "yeah", "well", "so", "thanks", "cheers"}
)
# ... its subject, the words between subject and verb ("that really does help", "that'll
# help"), the verb, and the words after it ("That helps a lot, thank you.").
_SUBJECTS = frozenset({"that", "this"})
_BEFORE_VERB = frozenset(
    {"really", "does", "definitely", "actually", "genuinely", "certainly", "already", "will"}
    | {"all", "both"}
)
_HELPS = frozenset({"help", "helps", "helped"})
_AFTER = frozenset({"thanks", "cheers", "a", "lot", "loads", "massively", "hugely", "already"})
_THANK_YOU = ("thank", "you")
# Speech has no sentence ends: after the opening "that helps", one of these starts the next
# sentence ("that helps i'll send..."); in "that helps you compare" the verb goes on.
_SPOKEN_NEXT = frozenset({"i", "we", "they", "he", "she", "so", "and", "thank", "thanks"})
_SPOKEN_REACH = 8  # words of lead-ins and intensifiers before a spoken "that helps"
_TAKING_BACK = frozenset({"but", "though", "however", "yet"})


def helps_alone(answer: Normalised) -> Span | None:
    """The answer's opening sentence (after any of courtesies only, such as "Okay.") when it
    is "that helps" and nothing more but courtesies: "That helps.", "That helps, thanks.",
    "Okay, that really helps." In speech, the opening words when the next word starts a new
    sentence ("that helps i'll send it today"). Its span in `answer.content`."""
    toks = answer.content
    if not toks:
        return None
    if not answer.punctuated:
        return _spoken(toks)
    first = 0
    while first < len(toks):
        last = first
        while last + 1 < len(toks) and toks[last + 1].sentence == toks[first].sentence:
            last += 1
        lo, hi = _skip_lead_ins(toks, first, last), _skip_after(toks, first, last)
        if lo <= hi:
            if _is_helps(toks, lo, hi) and not _taken_back(toks, last):
                return (first, last)
            return None
        first = last + 1  # "Okay." / "Thanks.": the next sentence may carry it
    return None


def _spoken(toks: tuple[Token, ...]) -> Span | None:
    for end in range(1, min(len(toks), _SPOKEN_REACH)):
        if toks[end].norm not in _HELPS:
            continue
        last = end
        while last + 1 < len(toks) and toks[last + 1].norm in _AFTER - {"thanks", "cheers"}:
            last += 1
        if last + 1 < len(toks) and toks[last + 1].norm not in _SPOKEN_NEXT:
            return None
        return (0, last) if _is_helps(toks, _skip_lead_ins(toks, 0, last), end) else None
    return None


def _is_helps(toks: tuple[Token, ...], lo: int, hi: int) -> bool:
    """toks[lo..hi] is "that (really) helps"."""
    return (
        hi > lo
        and toks[lo].norm in _SUBJECTS
        and toks[hi].norm in _HELPS
        and all(t.norm in _BEFORE_VERB for t in toks[lo + 1 : hi])
    )


def _skip_lead_ins(toks: tuple[Token, ...], lo: int, hi: int) -> int:
    while lo <= hi:
        if toks[lo].norm in _LEAD_INS:
            lo += 1
        elif lo < hi and (toks[lo].norm, toks[lo + 1].norm) == _THANK_YOU:
            lo += 2
        else:
            break
    return lo


def _skip_after(toks: tuple[Token, ...], lo: int, hi: int) -> int:
    while hi >= lo:
        if toks[hi].norm in _AFTER:
            hi -= 1
        elif hi > lo and (toks[hi - 1].norm, toks[hi].norm) == _THANK_YOU:
            hi -= 2
        else:
            break
    return hi


def _taken_back(toks: tuple[Token, ...], last: int) -> bool:
    """ "That helps. But we only quote after a demo.": granted, then taken back."""
    return last + 1 < len(toks) and toks[last + 1].norm in _TAKING_BACK
