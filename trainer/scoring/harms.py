"""Harm a coach hears in an answer that uses none of the stock phrases the guards list:
misleading them, fear or guilt, brushing off what they said, vowing to keep calling,
sending someone to fetch the person who is busy, and gifts thrown in to close.

Each detector reads the shape of the harm (who does what to whom, asked or told), not one
answer's words; `guards.run_guards` turns its spans into guard hits.
"""

from __future__ import annotations

from itertools import pairwise

from trainer.scoring.detectors import Span
from trainer.scoring.normalize import FUNCTION_WORDS_CORE, NEGATORS, Normalised, Token
from trainer.scoring.phrases import Matcher

# Fear or guilt instead of a reason: shaming their choice ("if you cared about your
# building"), a threat ("don't say I didn't warn you"), a scare
# ("you're lucky nothing's happened yet"), regret foretold ("brewers who wait always regret
# it"), or their survival at stake ("you can't afford to hang up on me").
PRESSURE = (
    "regret it",
    "regrets it",
    "regret not",
    "regrets not",
    "regret sticking",
    "lack of ambition",
    "afford not to",
    "afford to hang up",
    "afford to ignore",
    "afford to wait",
    "be calling me when",
    # Fear of falling behind the others: "I'd hate for you to get left behind", "I'd really
    # hate for that to be you".
    "left behind",
    "hate for that to be you",
    # The herd as a reason: "You really should look at it, honestly everyone else already has."
    "everyone else already",
    "everybody else already",
)
# The same, whatever negator stands before them: "you can't afford to hang up on me", "don't
# say I didn't warn you". ("Your team deserves better than spreadsheets" is a sales line, not
# guilt: not here.)
PRESSURE_EVEN_NEGATED = (
    "if you cared",
    "if you really cared",
    "did not warn you",
    "lucky nothing",
    "asking to get hacked",
    "asking for trouble",
    "can not afford to hang up",
    "can not afford to ignore",
    "can not afford to wait",
)
# Guilt over the rep's own sales target, given as their reason to buy ("can you sign it
# before five so I can hit my target?", "my quarter ends on the 30th and I'm a couple of deals
# short", "I was counting on this one to hit my number"); "it's about your stocktake, not my
# month" is negated and says the opposite.
OWN_TARGET = (
    "my target",
    "my quota",
    "quota to hit",
    "a quota",
    "hit my number",
    "hit my numbers",
    "make my number",
    "make my numbers",
    "hit my target",
    "my commission",
    "need a sale",
    "need to close",
    "make my month",
    "deals short",
    "my quarter ends",
    "my quarter closes",
)
TARGET_WORDS = frozenset({"quota", "quotas", "target", "targets", "commission", "numbers"})
# Brushing off what they said as no answer at all ("that's not a real objection", "six
# people isn't a reason", "can't or won't?", "who I am hardly matters"), or their route for
# it as pointless ("nobody reads that", "emails just get deleted").
DISMISSING = (
    "not a real answer",
    "not a real objection",
    "not a real reason",
    "not a real problem",
    "is not a reason",
    "hardly a reason",
    "can not or will not",
    "hardly matters",
    "nobody reads that",
    "nobody reads them",
    "nobody reads it",
    "nobody reads those",
    "nobody reads emails",
    "nobody reads email",
    "just get deleted",
    "just gets deleted",
    "just deletes",
    "same mistake twice",
    "did not do you any favours",
    "did not do you any favors",
    "get rid of me",
    "i do not have time for",
)
# Telling them what they must do, in a statement ("you really need to decide this week");
# asked ("When do you need to decide?") it is a question.
TOLD_TO = ("you really need to decide", "you really need to sign", "you really need to act")
# Blaming them for what went wrong ("your foremen were the problem, not the software"); asked
# ("Was the app the problem?") it is a question.
BLAME = (
    "were the problem",
    "was the problem",
    "rarely the problem",
    "are the one who put",
    # Their past choice judged: "you picked the wrong vendor", "more due diligence would have
    # caught that".
    "picked the wrong",
    "chose the wrong",
    "would have caught",
)
# Claiming a right to keep calling, or vowing to, after a no or a request to stop ("It's not
# illegal to call a business", "I'll just keep calling until you find a chance").
KEEPS_CALLING = (
    "not illegal",
    "allowed to call",
    "allowed to ring",
    "allowed to phone",
    "allowed to contact",
    "allowed to email",
    "entitled to call",
    "call when we like",
    "call whenever we like",
    "keep calling until",
    "keep calling you until",
    "keep ringing until",
    "keep emailing until",
    "keep emailing you until",
    "not going to stop calling",
    "not going to stop emailing",
    "not going to stop until",
    "not hanging up until",
    "not before you hear",
)
# Hiding the truth from someone ("Then don't tell him", "Nobody needs to know") or denying
# what the call is ("not a sales call").
CONCEALING = ("needs to know", "not a sales call")
_HIDDEN_FROM = frozenset({"nobody", "noone"})
_TOLD = frozenset({"him", "her", "them", "your", "anyone", "anybody", "the", "finance"})
_IMPERATIVE_LEAD = frozenset({"just", "then", "so", "and", "but", "please", "simply"})

_THIRD = frozenset({"he", "she", "they", "you"})
_ME = frozenset({"me", "my", "us", "our"})
_YES = frozenset({"yes", "yeah", "yep", "yup"})
_EXPECT = frozenset({"expecting", "expects", "expect"})
_ASKING = frozenset({"is", "are", "was", "were", "does", "did", "do", "will", "would"})
BARE_YES_WORDS = 3  # "Yes, she is." is a bare claim; a longer clause after "Yes" says more
SUBJECT_REACH = 3  # words from the subject to "expecting": "he would be expecting"


def clause_hits(matcher: Matcher, phrases: tuple[str, ...]) -> list[Span]:
    """Where the phrases occur, unless a negator in their own clause denies them: "An email
    won't help, you need to hear this" still says "you need to hear this"."""
    toks = matcher.tokens
    spans: list[Span] = []
    for p in matcher.candidates(phrases):
        for h in matcher.find(p):
            if h.negated and any(
                toks[j].norm in NEGATORS and toks[j].clause == toks[h.first].clause
                for j in range(max(0, h.first - 4), h.first)
            ):
                continue
            spans.append((h.first, h.last))
    return sorted(set(spans))


def asks(answer: Normalised, tok: Token) -> bool:
    """The token's sentence ends in a question mark."""
    return any(
        qm >= tok.end and "." not in answer.text[tok.end : qm] for qm in answer.question_marks
    )


def told(answer: Normalised, matcher: Matcher, phrases: tuple[str, ...]) -> list[Span]:
    """The phrases, told rather than asked (BLAME, TOLD_TO)."""
    toks = matcher.tokens
    return [(a, b) for a, b in clause_hits(matcher, phrases) if not asks(answer, toks[a])]


def pressure(matcher: Matcher, norms: frozenset[str]) -> list[Span]:
    """PRESSURE, PRESSURE_EVEN_NEGATED, "forever" said of them (`stuck_forever`) and guilt
    put as a condition (`guilt_if_not`)."""
    return sorted(
        {
            *clause_hits(matcher, PRESSURE),
            *raw_hits(matcher, PRESSURE_EVEN_NEGATED),
            *(stuck_forever(matcher) if "forever" in norms else ()),
            *(guilt_if_not(matcher.tokens) if "worth" in norms and "if" in norms else ()),
        }
    )


_VALUING = frozenset({"think", "believe", "feel", "care", "value", "reckon"})
GUILT_REACH = 8  # words from "if" to "worth": "if you don't think forty desks are worth"


def guilt_if_not(toks: tuple[Token, ...]) -> list[Span]:
    """ "If you don't think forty desks are worth protecting, ...", "if you don't feel your
    staff are worth it": their care put in doubt as a condition, in one clause. "If you
    don't think it's worth a look, just say so" leaves them free: the thing judged is ours
    ("it", "this", "that", "we", "us")."""
    out: list[Span] = []
    for i in range(len(toks) - 4):
        words = [t.norm for t in toks[i : i + 5]]
        if words[:4] != ["if", "you", "do", "not"] or words[4] not in _VALUING:
            continue
        for j in range(i + 5, min(len(toks), i + GUILT_REACH + 1)):
            if toks[j].clause != toks[i].clause:
                break
            if toks[j].norm == "worth":
                judged = toks[i + 5].norm if i + 5 < len(toks) else ""
                if judged not in {"it", "this", "that", "we", "us", "there"}:
                    out.append((i, j))
                break
    return out


def concealing(matcher: Matcher) -> list[Span]:
    """CONCEALING, where "needs to know" is said of nobody ("Nobody needs to know")."""
    toks = matcher.tokens
    out = []
    for a, b in raw_hits(matcher, CONCEALING):
        if toks[a].norm.startswith("need") and not (a > 0 and toks[a - 1].norm in _HIDDEN_FROM):
            continue
        if toks[a].norm == "not" and matcher.negated_before(a):
            continue  # "I won't pretend it's not a sales call" owns up
        out.append((a, b))
    for i, t in enumerate(toks[:-2] if any(t.norm == "tell" for t in toks) else ()):
        # "Then don't tell him", "just don't tell your boss": an order to hide it.
        if t.norm != "do" or toks[i + 1].norm != "not" or toks[i + 2].norm != "tell":
            continue
        if _opens_order(toks, i) and i + 3 < len(toks) and toks[i + 3].norm in _TOLD:
            out.append((i, i + 3))
    return sorted(set(out))


def raw_hits(matcher: Matcher, phrases: tuple[str, ...]) -> list[Span]:
    """Where the phrases occur, negated or not."""
    return sorted({(h.first, h.last) for p in matcher.candidates(phrases) for h in matcher.find(p)})


def claims_expected(
    answer: Normalised, matcher: Matcher, prospect: Matcher, norms: frozenset[str]
) -> list[Span]:
    """Telling a gatekeeper the person expects the call ("Yes, he's expecting me", "he said
    you'd be expecting my call"), or a bare "Yes" when asked whether they do: a lie the
    gatekeeper finds out at once. "No, she isn't expecting me" is the honest answer."""
    toks = matcher.tokens
    out: list[Span] = []
    if not toks or not (norms & _EXPECT or toks[0].norm in _YES):
        return out
    for i, t in enumerate(toks):
        if t.norm not in _EXPECT or asks(answer, t) or matcher.negated_before(i):
            continue
        before = [s for s in toks[max(0, i - SUBJECT_REACH) : i] if s.clause == t.clause]
        after = toks[i + 1] if i + 1 < len(toks) else None
        if (
            any(s.norm in _THIRD for s in before)
            and after is not None
            and after.norm in _ME
            and not any(s.norm in NEGATORS for s in before)
        ):
            out.append((i - len(before), i + 1))
    ptoks = prospect.tokens
    asked = any(
        t.norm in _EXPECT and next(s for s in ptoks if s.sentence == t.sentence).norm in _ASKING
        for t in ptoks
    )
    if asked and toks and toks[0].norm in _YES:
        # A bare "Yes, she is." claims it; "Yes, she booked this call with me on Tuesday"
        # says what was arranged, which the gatekeeper can check.
        rest = toks[1:]
        claim = [t for t in rest if (t.sentence, t.clause) == (rest[0].sentence, rest[0].clause)]
        if claim and len(claim) <= BARE_YES_WORDS and not any(t.norm in NEGATORS for t in claim):
            out.append((0, len(claim)))
        elif not rest:
            out.append((0, 0))
    return out


_FETCH = frozenset({"get", "grab", "fetch"})
_PERSON = frozenset({"him", "her", "them"})
_ON_THE = frozenset({"line", "phone"})


def _opens_order(toks: tuple[Token, ...], i: int) -> bool:
    """The verb at `i` gives an order: it opens its clause, after at most "just", "then",
    "please"... ("Get her on the line", "then just get him on the phone"); "a better time to
    get her on the phone" is no order."""
    k = i - 1
    while k >= 0 and toks[k].clause == toks[i].clause and toks[k].norm in _IMPERATIVE_LEAD:
        k -= 1
    return k < 0 or toks[k].clause != toks[i].clause


def fetches_them(answer: Normalised, matcher: Matcher) -> list[Span]:
    """Sending the gatekeeper to fetch the person who is busy ("Can you just go and get
    him?", "please go and grab him", "Get her on the line", "Just grab her for a second") or
    demanding their direct line: asked or told, it pushes past the gatekeeper's no ("Could
    you grab him?" without the "go" asks)."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm == "go" and not matcher.negated_before(i):
            k = i + 1 + (i + 1 < len(toks) and toks[i + 1].norm == "and")
            if k + 1 < len(toks) and toks[k].norm in _FETCH and toks[k + 1].norm in _PERSON:
                out.append((i, k + 1))
        elif (
            t.norm in {"grab", "fetch"}
            and i + 1 < len(toks)
            and toks[i + 1].norm in _PERSON
            and _opens_order(toks, i)
            and not matcher.negated_before(i)
            and not asks(answer, t)
        ):
            out.append((i, i + 1))  # "Just grab her for a second"
        elif (
            t.norm == "get"
            and i + 3 < len(toks)
            and toks[i + 1].norm in _PERSON
            and toks[i + 2].norm == "on"
            and _opens_order(toks, i)
            and not matcher.negated_before(i)
        ):
            end = i + 3 + (toks[i + 3].norm == "the" and i + 4 < len(toks))
            if toks[end].norm in _ON_THE:
                out.append((i, end))
        elif t.norm == "line" and i > 0 and toks[i - 1].norm == "direct":
            lead = [s.norm for s in toks[max(0, i - 6) : i - 1] if s.clause == t.clause]
            if lead[:3] in (["just", "give", "me"], ["give", "me", "the"]) or lead[:2] == [
                "give",
                "me",
            ]:
                out.append((i - 1 - len(lead), i))
    return out


_THEIR_THING = frozenset({"the", "your", "those", "these"})
WAIT_REACH = 3  # words from "the" to "can wait": "the summer lineup can wait"


def their_thing_can_wait(matcher: Matcher, prospect: Matcher) -> list[Span]:
    """Telling them the work they named can wait ("the dog can wait a minute", "the orders
    can wait"): their reason for no time, overruled. "No rush, the paperwork can wait" gives
    way on something of ours."""
    toks = matcher.tokens
    theirs = {t.stem for t in prospect.tokens if t.norm not in FUNCTION_WORDS_CORE}
    out = []
    for i, t in enumerate(toks):
        if t.norm != "wait" or i < 2 or toks[i - 1].norm != "can":
            continue
        before = [s for s in toks[max(0, i - 1 - WAIT_REACH) : i - 1] if s.clause == t.clause]
        if before and before[0].norm in _THEIR_THING and any(s.stem in theirs for s in before):
            out.append((i - 1 - len(before), i))
    return out


_GIVE_UNITS = frozenset({"minute", "minutes", "second", "seconds", "mins", "min"})


def demands_time(answer: Normalised, matcher: Matcher) -> list[Span]:
    """Telling them to hand over time ("give me two minutes now", "Give me thirty seconds"),
    not asking for it ("Could you give me two minutes?")."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if (
            t.norm == "give"
            and i + 3 < len(toks)
            and toks[i + 1].norm == "me"
            and (toks[i + 2].norm.isdigit() or toks[i + 2].norm == "a")
            and toks[i + 3].norm in _GIVE_UNITS
            and not (i + 4 < len(toks) and toks[i + 4].norm in {"to", "while"})
            and not asks(answer, t)
        ):
            out.append((i, i + 3))
    return out


_YOUR = frozenset({"your"})


def others_wont_mind(answer: Normalised, matcher: Matcher) -> list[Span]:
    """Speaking for someone else to override their reason ("she won't mind", "your members
    won't mind"): consent presumed, not asked. "You won't mind if I..." and "I don't mind"
    are not about a third party."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm != "mind" or i < 3 or asks(answer, t):
            continue
        if toks[i - 1].norm != "not" or toks[i - 2].norm not in {"will", "would"}:
            continue
        subject = toks[i - 3]
        if subject.clause != t.clause:
            continue
        theirs = subject.norm in {"he", "she", "they"} or (
            i >= 4 and toks[i - 4].norm in _YOUR and toks[i - 4].clause == t.clause
        )
        if theirs:
            out.append((i - 3 - (subject.norm not in {"he", "she", "they"}), i))
    return out


_CONTACT = frozenset({"call", "ring", "try", "email", "check", "follow", "text", "phone"})
_PERIODS = frozenset({"week", "month", "day", "quarter", "fortnight", "couple", "few"})
CONTACT_REACH = 4  # words from the verb to "every": "call you back every month"


def keeps_contacting(answer: Normalised, matcher: Matcher) -> list[Span]:
    """A vow of contact at intervals ("I'll just check in every month until then", "I'll
    call you every month anyway", "I'll keep trying you every week"): after a not-now, it
    claims their time again and again. Asked ("Shall I check in every quarter?") it is an
    offer."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm != "every" or i + 1 >= len(toks) or toks[i + 1].norm not in _PERIODS:
            continue
        before = [s for s in toks[max(0, i - CONTACT_REACH) : i] if s.clause == t.clause]
        verb = next((k for k, s in enumerate(before) if s.norm in _CONTACT), None)
        if verb is None or asks(answer, t):
            continue
        start = i - len(before) + verb
        lead = [s.norm for s in toks[max(0, start - 3) : start] if s.clause == t.clause]
        if "i" in lead and not matcher.negated_before(start):
            out.append((start, i + 1))
    return out


def refuses_their_answer(matcher: Matcher) -> list[Span]:
    """Refusing to take their answer ("I don't take not interested as an answer", "I never
    take 'send me an email' for an answer")."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm != "answer" or i < 3 or toks[i - 1].norm not in {"an"}:
            continue
        if toks[i - 2].norm not in {"as", "for"}:
            continue
        take = next(
            (k for k in range(i - 3, max(-1, i - 9), -1) if toks[k].norm in {"take", "accept"}),
            None,
        )
        if take is not None and toks[take].clause == t.clause and matcher.negated_before(take):
            subject = [s.norm for s in toks[max(0, take - 3) : take]]
            if "i" in subject or "we" in subject:
                out.append((take, i))
    return out


_NO_START = frozenset({"no", "nope", "nah"})


def echo_then_no(answer: Normalised, matcher: Matcher, prospect: Matcher) -> list[Span]:
    """Throwing their words back as a question and answering it "No" ("Too small? No, that's
    not a real objection", "Does what you need? No, it doesn't"): a contradiction, not a
    question to them."""
    toks = matcher.tokens
    theirs = {t.stem for t in prospect.tokens if t.norm not in FUNCTION_WORDS_CORE}
    out = []
    for i, t in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        then = [x.norm for x in toks[i + 1 : i + 4]]
        if (
            (nxt.norm not in _NO_START and then != ["i", "would", "not"])
            or nxt.sentence == t.sentence
            or not asks(answer, t)
        ):
            continue
        answer_to_it = [x.norm for x in toks[i + 1 :] if x.sentence == nxt.sentence]
        if nxt.norm in _NO_START and (
            "not" not in answer_to_it[1:] or answer_to_it[1:2] == ["not"]
        ):
            continue  # "No problem.", "No judgement, lots of firms do", "No, not at all"
        echo = [s for s in toks[: i + 1] if s.sentence == t.sentence]
        if (
            len(echo) <= 4
            and echo[0].sentence == toks[0].sentence
            and any(s.stem in theirs for s in echo)
            and not any(s.norm in _ME for s in echo)  # "Expecting me? No, he isn't."
        ):
            out.append((i + 1 - len(echo), i + 1))
    return out


_YOU = frozenset({"you", "your"})


def stuck_forever(matcher: Matcher) -> list[Span]:
    """Mocking where their choice leaves them ("you'll be on spreadsheets forever", "if you
    want to stay a six-person agency forever"): "forever" said of them."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm != "forever":
            continue
        before = [s for s in toks[max(0, i - 8) : i] if s.sentence == t.sentence]
        you = next((k for k, s in enumerate(before) if s.norm in _YOU), None)
        if you is not None:
            out.append((i - len(before) + you, i))
    return out


_ALWAYS_THERE = ("there is always",)
_SOME_OF_NOTHING = {"something": "nothing", "money": "no", "time": "no"}


def always_there(matcher: Matcher, prospect: Matcher) -> list[Span]:
    """Answering their "no budget" or "nothing to talk about" with "there's always budget",
    "there's always something to talk about": their reason denied outright."""
    toks = matcher.tokens
    theirs = {t.stem for t in prospect.tokens if t.norm not in FUNCTION_WORDS_CORE}
    said = {t.norm for t in prospect.tokens}
    out = []
    for a, b in raw_hits(matcher, _ALWAYS_THERE):
        if b + 1 >= len(toks):
            continue
        what = toks[b + 1]
        if what.stem in theirs or _SOME_OF_NOTHING.get(what.norm, "") in said:
            out.append((a, b + 1))
    return out


WRITTEN = frozenset({"form", "forms", "wrote", "write", "written"})
_USING = frozenset({"read", "build", "use", "using", "looked"})
_GOING = frozenset({"by", "off"})
WRITTEN_REACH = 7  # words from the negator to the form: "not going to build on what you wrote"


def throws_away_form(matcher: Matcher) -> list[Span]:
    """Saying they won't read or use what the prospect wrote in the form ("I haven't read
    what you wrote", "I never go by what people write in those", "forget the form")."""
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm not in WRITTEN:
            continue
        before = [s for s in toks[max(0, i - WRITTEN_REACH) : i] if s.sentence == t.sentence]
        norms = [s.norm for s in before]
        negated = any(n in NEGATORS for n in norms)
        using = any(n in _USING for n in norms) or any(
            (a == "go" and b in _GOING) or (a == "going" and b == "off") for a, b in pairwise(norms)
        )
        if (negated and using) or "forget" in norms[-3:]:
            out.append((i - len(before), i))
    return out


_WH = frozenset({"what", "how", "which", "who"})
# Words of a request to repeat that name nothing of theirs.
_GENERIC = frozenset(
    {"again", "repeat", "looking", "need", "needed", "want", "wanted", "tell", "confirm"}
    | {"details", "detail", "said", "say", "remind", "were", "have", "that", "what", "this"}
    | {"yeah", "okay", "right", "well", "hello", "thanks", "sure", "great", "just", "really"}
)
_THEY_WROTE = frozenset({"form", "wrote", "written", "filled"})


def asks_again(answer: Normalised, matcher: Matcher, prospect: Matcher) -> list[Span]:
    """After they say what they wrote in the form, a question that has them say it again
    ("so what was it you were looking for again", "can you repeat what you need?")."""
    if not {t.norm for t in prospect.tokens} & _THEY_WROTE:
        return []
    toks = matcher.tokens
    out = []
    for i, t in enumerate(toks):
        if t.norm not in {"again", "repeat"} or matcher.negated_before(i):
            continue
        sentence = [s for s in toks if s.sentence == t.sentence]
        if not (
            asks(answer, t)  # unpunctuated speech asks with a wh-word: "what was it ... again"
            or any(s.norm in _WH for s in sentence)
        ):
            continue
        # "Could you walk me through the receipts part again?" names what it builds on.
        named = [
            s
            for s in sentence
            if s.norm not in FUNCTION_WORDS_CORE and s.norm not in _GENERIC and len(s.norm) > 3
        ]
        if not named:
            out.append((i, i))
    return out
