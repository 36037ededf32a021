"""Friendly-sounding harm: an answer that stays warm in tone while it takes what was never
given. A coach names each by its shape, whatever the words:

- books them without asking: the rep commits the prospect's calendar or money on their own
  ("I've already got you down for Friday at nine", "I'll set you up on the trial today",
  "I've gone ahead and put you on our annual plan"); asked ("Shall I book you in?", "I'll
  put you down for Tuesday, is that ok?") or agreed by them first, it is a proposal;
- hearsay they cannot check: what someone on their side supposedly thinks they want or
  suffer ("your operations manager said you'd want to hear from us", "one of your engineers
  told me they're sick of maintaining it"), or a rumour passed on ("just between us, I heard
  they're being bought out"); a referral that says who they are ("Kevin said you run the
  phones") is no hearsay;
- a deadline put on them in soft words: a price held only until a day ("my manager can only
  hold that price until tomorrow", "I can't hold this pricing past Friday"), or a perk only
  if they commit now ("if you commit today I can squeeze you in this week").

Each detector returns token spans of `Matcher.tokens`; `guards.run_guards` turns them into
guard hits.
"""

from __future__ import annotations

from itertools import pairwise

from trainer.scoring.detectors import Span
from trainer.scoring.harms import asks
from trainer.scoring.normalize import WEEKDAYS, Normalised, Token
from trainer.scoring.phrases import Matcher

# --- books them without asking -------------------------------------------------------------

# "put / got / booked / signed / set / pencilled / added you down / up / in / on / for".
_BOOKING_VERBS = frozenset(
    {"put", "got", "get", "book", "booked", "sign", "signed", "set", "pencil", "pencilled"}
    | {"penciled", "add", "added", "register", "registered", "enrol", "enrolled", "enroll"}
    | {"enrolled", "slot", "slotted", "lock", "locked"}
)
_BOOKED_INTO = frozenset({"down", "up", "in", "on", "into", "for"})
# "set up / open / create an account / a trial / a plan": their money committed.
_SETTING_UP = frozenset({"set", "open", "opened", "create", "created", "start", "started"})
_COMMITMENTS = frozenset(
    {"account", "trial", "plan", "subscription", "order", "contract", "licence", "license"}
)
# The rep as the one acting, stated ("I'll", "I've", "I've already", "I went ahead and"),
# or "let's get you started".
_DONE_OR_DOING = frozenset({"will", "have", "had", "already", "just", "gone", "went", "go"})
_AHEAD = frozenset({"ahead", "and", "then", "now", "also"})
# A check after the booking turns it into a proposal: "..., is that ok", "if that works".
_CHECKS = frozenset(
    {("that", "ok"), ("that", "okay"), ("that", "alright"), ("that", "fine")}
    | {("that", "work"), ("that", "works"), ("sound", "good"), ("sounds", "ok")}
    | {("you", "mind"), ("that", "suit"), ("that", "suits")}
)
# The prospect asked for it or agreed: "put me down for Tuesday", "send me the contract",
# "go ahead", "let's do it".
_THEY_ASKED = (
    ("put", "me"),
    ("book", "me"),
    ("sign", "me"),
    ("set", "me"),
    ("send", "me"),
    ("pencil", "me"),
    ("go", "ahead"),
    ("let", "us", "do"),
    ("sounds", "good"),
)
ACTOR_REACH = 4  # words from "I" to the booking verb: "I have already gone ahead and put"


def books_unasked(answer: Normalised, matcher: Matcher, prospect: Matcher) -> list[Span]:
    """The rep booking them, signing them up or opening an account for them, told as done or
    about to be done, with no question after it and nothing from them that asked for it."""
    toks = matcher.tokens
    if _asked_for(prospect.tokens):
        return []
    out = []
    for i, t in enumerate(toks):
        end = _booking_at(toks, i)
        if end is None or matcher.negated_before(i) or asks(answer, t):
            continue
        if not _told_by_the_rep(toks, i) or _checked_after(answer, toks, i):
            continue
        out.append((i, end))
    return out


def _booking_at(toks: tuple[Token, ...], i: int) -> int | None:
    """The end of a booking that starts at `i`: "put you down", "set you up on the trial",
    "set up a free account", "get you started"."""
    t = toks[i]
    nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
    after = toks[i + 2].norm if i + 2 < len(toks) else ""
    if t.norm in _BOOKING_VERBS and nxt == "you" and after in _BOOKED_INTO | {"started"}:
        return i + 2
    if t.norm in _SETTING_UP:
        k = i + 1 + (nxt == "up")
        words = [s for s in toks[k : k + 4] if s.clause == t.clause]
        hit = next((n for n, s in enumerate(words) if s.norm in _COMMITMENTS), None)
        if hit is not None and all(s.norm not in {"your", "their"} for s in words[:hit]):
            return k + hit  # "set up a free account", not "set up your own trial run"
    return None


def _told_by_the_rep(toks: tuple[Token, ...], i: int) -> bool:
    """Said by the rep as done or about to be done: "I'll put", "I've already got", "I went
    ahead and put", "so I've gone ahead and put"; or "let's get you started"."""
    k = i - 1
    while k >= 0 and toks[k].clause == toks[i].clause and toks[k].norm in _AHEAD | _DONE_OR_DOING:
        k -= 1
    if k < 0 or toks[k].clause != toks[i].clause or i - k > ACTOR_REACH + 1:
        return False
    if toks[k].norm == "i":
        return k + 1 < i and toks[k + 1].norm in _DONE_OR_DOING
    return toks[k].norm == "us" and k > 0 and toks[k - 1].norm == "let"


def _checked_after(answer: Normalised, toks: tuple[Token, ...], i: int) -> bool:
    """A question or a check follows ("Is morning or afternoon better?", "is that ok")."""
    if any(qm > toks[i].end for qm in answer.question_marks):
        return True
    norms = [t.norm for t in toks[i:]]
    return any(pair in _CHECKS for pair in pairwise(norms)) or "if" in norms


def _asked_for(ptoks: tuple[Token, ...]) -> bool:
    norms = [t.norm for t in ptoks]
    return any(tuple(norms[k : k + len(p)]) == p for p in _THEY_ASKED for k in range(len(norms)))


# --- hearsay they cannot check -------------------------------------------------------------

_SAYING = frozenset(
    {"said", "says", "told", "tells", "thought", "thinks", "mentioned", "mentions", "reckons"}
)
_THEIR_SIDE = frozenset({"your", "yours"})
_STAND_INS = frozenset({"they", "he", "she"})
# What the third party supposedly knows of them: a want or a complaint, not who they are.
_WANTS_OR_WOES = frozenset(
    {"want", "wants", "wanted", "need", "needs", "interested", "sick", "tired", "unhappy"}
    | {"frustrated", "fed", "struggling", "overspending", "wasting", "losing", "hate"}
    | {"hates", "complaining", "desperate", "expecting"}
)
SAYING_REACH = 6  # words from "your" to the verb: "one of your partners at the firm said"
WANT_REACH = 8  # words from the verb to the want: "told me at a meetup that they're sick"
_RUMOUR = (("just", "between", "us"), ("between", "you", "and", "me"), ("rumour", "has"))
_RUMOUR_WORDS = frozenset({"rumour", "rumor", "between"})
_HEARD_ABOUT_YOU = frozenset({"you", "your", "right", "correctly", "back", "from", "that"})


def hearsay(answer: Normalised, matcher: Matcher) -> list[Span]:
    """Someone on their side quoted on what they want or suffer, or a rumour passed on."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm in _SAYING and not asks(answer, t):
            said_by = _their_person_before(toks, i)
            if said_by is not None and _want_after(toks, i):
                out.append((said_by, i))
        elif t.norm == "heard" and i and toks[i - 1].norm == "i" and not asks(answer, t):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if (
                nxt is not None
                and nxt.sentence == t.sentence
                and nxt.norm not in _HEARD_ABOUT_YOU
                and not matcher.negated_before(i)
            ):
                out.append((i - 1, i + 1))
    if {t.norm for t in toks} & _RUMOUR_WORDS:
        norms = [t.norm for t in toks]
        for k in range(len(norms)):
            for p in _RUMOUR:
                if tuple(norms[k : k + len(p)]) == p:
                    out.append((k, k + len(p) - 1))
    return sorted(set(out))


def _their_person_before(toks: tuple[Token, ...], i: int) -> int | None:
    """Where "your X" / "one of your X" / "a friend of yours" starts before the verb at `i`,
    in its clause, or the "they" / "he" / "she" that stands for them right before it when
    the answer named them earlier ("One of your partners gave it to me. They thought...").
    A referral by name ("Kevin said you'd want a call") is not flagged: it may be true."""
    if i and toks[i - 1].norm in _STAND_INS and any(t.norm in _THEIR_SIDE for t in toks[: i - 1]):
        return i - 1
    for k in range(i - 1, max(-1, i - 1 - SAYING_REACH), -1):
        if toks[k].clause != toks[i].clause:
            return None
        if toks[k].norm in _THEIR_SIDE:
            return k
    return None


def _want_after(toks: tuple[Token, ...], i: int) -> bool:
    """A want or a complaint in the words the verb reports ("said you'd want", "told me
    you're overspending", "told me at a meetup that they're sick of it")."""
    reported = [s for s in toks[i + 1 : i + 1 + WANT_REACH] if s.sentence == toks[i].sentence]
    return any(s.norm in _WANTS_OR_WOES for s in reported) and any(
        s.norm in {"you", "they", "he", "she", "everyone"} for s in reported
    )


# --- a deadline put on them in soft words --------------------------------------------------

_HOLDING = frozenset({"hold", "keep", "honour", "honor", "guarantee", "save", "offer"})
_HELD = frozenset(
    {"price", "pricing", "rate", "offer", "discount", "deal", "spot", "slot", "quote"}
)
_UNTIL = frozenset({"until", "till", "past", "through", "beyond", "after"})
_SOON = frozenset({"today", "tomorrow", "tonight", "now", "end", "week", *WEEKDAYS})
_COMMITTING = frozenset({"commit", "commits", "decide", "agree", "buy", "order", "book"})
_NOW = frozenset({"today", "now", "tonight"})


def soft_deadline(matcher: Matcher) -> list[Span]:
    """A price or slot held only until a near day, or a perk only if they commit now."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm in _HOLDING:
            held = [s for s in toks[i + 1 : i + 4] if s.clause == t.clause]
            k = next((n for n, s in enumerate(held) if s.norm in _HELD), None)
            if k is None:
                continue
            rest = [s for s in toks[i + 2 + k : i + 5 + k] if s.clause == t.clause]
            if rest and rest[0].norm in _UNTIL and any(s.norm in _SOON for s in rest[1:]):
                out.append((i, i + 1 + k + len(rest)))
        elif (
            t.norm in _COMMITTING
            and i >= 2
            and [s.norm for s in toks[i - 2 : i]]
            == [
                "if",
                "you",
            ]
        ):
            now = [k for k in range(i + 1, min(len(toks), i + 3)) if toks[k].norm in _NOW]
            if now and toks[now[0]].clause == t.clause:
                out.append((i - 2, now[0]))
    return out


# Words without which a detector cannot fire: `guards.run_guards` skips it for speed.
BOOKING_WORDS = _BOOKING_VERBS | _SETTING_UP
HEARSAY_WORDS = _SAYING | _RUMOUR_WORDS | {"heard"}
DEADLINE_WORDS = _HOLDING | _COMMITTING
