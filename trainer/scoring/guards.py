"""Guards against the known ways to fool a scorer, and against bad conduct.

Each guard takes a fixed number of points off the step score when it triggers, names
its evidence and says what to do instead. Penalties are documented in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple

from trainer.scoring.detectors import WH, Span
from trainer.scoring.harms import (
    BLAME,
    DISMISSING,
    KEEPS_CALLING,
    OWN_TARGET,
    TARGET_WORDS,
    TOLD_TO,
    WRITTEN,
    always_there,
    asks_again,
    claims_expected,
    clause_hits,
    concealing,
    demands_time,
    echo_then_no,
    fetches_them,
    keeps_contacting,
    others_wont_mind,
    pressure,
    refuses_their_answer,
    their_thing_can_wait,
    throws_away_form,
    told,
)
from trainer.scoring.normalize import (
    FUNCTION_WORDS_CORE,
    MONTHS,
    NEGATORS,
    WEEKDAYS,
    WORKDAYS,
    Normalised,
    Token,
)
from trainer.scoring.overreach import (
    BOOKING_WORDS,
    DEADLINE_WORDS,
    HEARSAY_WORDS,
    books_unasked,
    hearsay,
    soft_deadline,
)
from trainer.scoring.phrases import Matcher
from trainer.scoring.withdrawn import later_offered, preferring_now

# Words that make English sentences. Real answers are ~35-55% function words;
# keyword salad ("acknowledge question tuesday meeting frustrated") has almost none.
FUNCTION_WORDS = FUNCTION_WORDS_CORE | frozenset(
    {
        "2",
        "into",
        "make",
        "over",
        "see",
    }
)

RUDE = (
    "shut up",
    # Flirting with the person on the line: "Also, you sound lovely, are you single?"
    "are you single",
    "you sound cute",
    "you sound hot",
    "stupid",
    "idiot",
    "dumb",
    "ridiculous",
    "pathetic",
    "calm down",
    "whatever",
    "get over it",
    "grow up",
    "your problem",
    "not my problem",
    "not our problem",
    "waste of my time",
    "you people",
    "clueless",
    "obviously you",
    "as i already said",
    "as i said before",
    "let me explain it slowly",
    "are you even listening",
    "listen to me",
    "damn",
    "hell",
    "crap",
    "shit",
    "fuck",
    "fucking",
    "bloody",
    "moron",
    "loser",
    "jerk",
    # "silly" of them or their view, not of a feeling ("nobody wants to look silly")
    "that's silly",
    "be silly",
    "is silly",
    "are silly",
    "silly choice",
    "silly idea",
    "silly worry",
    "nonsense",
    "lazy",
    "do your homework",
    "you should know",
    "wake up",
    "sweetheart",
    "honey",
    "buddy",
    "pal",
    "last chance",
    "you'll regret",
    "you will regret",
    "always regret",
    "only an idiot",
    "big mistake",
    "you are wrong",
    "you're wrong",
    "cheapskate",
    "your loss",
    "is a joke",
    "you should know better",
    "you should be used to",
    "you'd think you'd",
    "no need to get upset",
    "no need to be upset",
    "don't get upset",
    "no need to get worked up",
    "don't be so sensitive",
    # Impatience aimed at them: "I don't have all day", "I haven't got all day".
    "don't have all day",
    "do not have all day",
    "haven't got all day",
    "have not got all day",
)
ARGUING = (
    "you are wrong",
    "you're wrong",
    "that is not true",
    "that's not true",
    "that isn't true",
    "that is wrong",
    "that's wrong",
    "you're mistaken",
    "you are mistaken",
    "i disagree",
    "i have to disagree",
    "i'd have to disagree",
    "with all due respect",
    "with respect",
    "respectfully",
    "actually you",
    "but actually",
    "that is not the case",
    "you don't understand",
    "you do not understand",
    "you're missing",
    "you are missing",
    "you don't get",
    "you misunderstand",
    "you're not seeing",
    "that's simply not",
    "that's just not",
    "that is just not",
    "you clearly",
    "you need to understand",
    "you have to understand",
    "not really true",
    "i'd push back",
    "i would push back",
    "let me correct",
    "to be fair to us",
    "you're overthinking",
    "you are overthinking",
    "that's not how",
    "you'd be wrong",
    "you're not thinking",
    "that doesn't make sense",
    "makes no sense",
    "you can't be serious",
    "frankly you",
    "you would be foolish",
    "are you sure about that",
    "that's an excuse",
    "that is an excuse",
    "everyone says that",
    "everybody says that",
    "everyone says",
    "everybody says",
    "they all say",
    "does it matter",
    "every client says",
    "says that at first",
    "you get what you pay for",
    "is not expensive",
    "is not that expensive",
    "not that much",
    "would not say it is expensive",
    "come on",
    "if you can not afford",
    "that's what they all say",
    # Disagreement dressed as politeness or doubt ("no offence, but", "not saying you're
    # wrong, but", "are you sure it was us?"): the negator is the tell, not a softener.
    "no offence",
    "no offense",
    "not being funny",
    "not to be rude",
    "not saying you're wrong",
    "not saying it does not",
    "not saying it is not",
    "not that i don't believe you",
    "are you sure it was",
    "no way that",
    "that was not us",
    "that was not our",
    "i don't hear that from",
    "never heard that",
    "never had that",
    "how can you not",
    "never had a complaint",
    "never had any complaints",
    "never had that problem",
    "that never happens",
    "never say you're wrong",
    "i did not say we",
    "how could you not",
    # Calling their choice a mistake ("going without cover would be a huge mistake").
    "be a mistake",
    "is a mistake",
    "'s a mistake",
    "be making a mistake",
    "are making a mistake",
    "'re making a mistake",
    "make the same mistake",
    # Their doubt a failure to get it: "skeptical people just don't understand technology"
    # (their luck and "asking for trouble" are pressure: harms.PRESSURE_EVEN_NEGATED).
    "your competitors have already",
    # What they did waved away: "Forget the form, I never go by what people write."
    "forget the form",
    "forget what you wrote",
    "at this rate you'll",
    "don't think that way",
    "do not think that way",
    "at this rate you will",
    "people just don't understand",
    "people just do not understand",
    "you just don't understand",
    "you just do not understand",
    # Their reason waved away ("that's not a real objection") is harms.DISMISSING.
)
DISCOUNT = (
    "discount",
    "percent off",
    "% off",
    "knock off",
    "knock something off",
    "knock the price",
    "price down",
    "lower the price",
    "drop the price",
    "cut the price",
    "reduce the price",
    "bring the price down",
    "make it cheaper",
    "cheaper plan",
    "cheaper package",
    "cheaper price",
    "special deal",
    "special price",
    "special offer",
    "price match",
    "match their price",
    "beat their price",
    "waive",
    "free month",
    "months free",
    "first month free",
    "give you a deal",
    "sweeten the deal",
    "best price",
    "lower rate",
    "price break",
    "discounted",
    "cut you a deal",
    "can do better on price",
    "come down on price",
    "come down on the price",
    "lower our price",
    "i can match",
    "we can match",
    "if you sign",
    "sign this week",
    "sign today",
    "sign up this week",
    "for you only",
    # A gift thrown in or last year's price back, worded without "discount": "I'll throw in
    # the first service free", "the first year free", "drop it back to last year's price".
    "i'll throw in",
    "i will throw in",
    "i can throw in",
    "we'll throw in",
    "we will throw in",
    "we can throw in",
    "year free",
    "years free",
    "service free",
    "our lowest price",
    "last year's price",
    "last year's rate",
    "drop it back",
    "lowest price",
    "for you i can do",
)
ABOUT_US = (
    "my boss wants",
    "fast-growing",
    "fast growing",
    "raised funding",
    "just raised",
    "industry leader",
    "industry-leading",
    "market leader",
    "leading provider",
    "award-winning",
    "award winning",
    "best-in-class",
    "best in class",
    "world-class",
    "world class",
    "cutting-edge",
    "cutting edge",
    "state of the art",
    "introduce us",
    "introduce our company",
    "tell you about our features",
    "about our features",
    "our features",
    "i was hoping you might want to buy",
    "want to buy",
)
# Insisting on the prospect's time after they declined it.
PUSHY = (
    "hear me out",
    "it will only take",
    "it will just take",
    "this will only take",
    "will not take long i promise",
    "just give me 2 minutes",
    "just give me a minute",
    "give me 5 minutes",
    "give me 10 minutes",
    "give me 15 minutes",
    "this is important",
    "just give me 30 seconds",
    "let me finish",
    "do not hang up",
    "you need to hear this",
    "you have to hear this",
    "you need to hear",
    "do you really need to",
    "most people in your role",
    "surely you can decide",
    "surely you could",
    "not keep putting",
    "stop putting it off",
    "stop putting this off",
    "are you sure you don't",
    "are you sure you do not",
    "sure you don't want to hear",
    "this will take",
    "that can wait",
    "it can wait",
    # Turning down the time they asked for: "I'd rather not wait until next quarter" ("if
    # you'd rather not wait" offers). Vows to keep calling are harms.KEEPS_CALLING; "you can't
    # afford to hang up on me" is pressure.
    "i'd rather not wait",
    "i would rather not wait",
    "surely you can",
    "trust me",
    "not take that as a final no",
    "not taking that as a final no",
    "not going to stop emailing",
    "not going to stop calling",
    "are you sure that's what you want",
    "are you sure that is what you want",
    "not take no for an answer",
    "not taking no for an answer",
    "this won't take long",
    "this will not take long",
    "minutes or not",
    "don't want to wait",
    "do not want to wait",
)
# After saying it won't make a move, steering on to the rep's own agenda ("I won't ask what
# went wrong - let me show you our system", "... just put me through"): the move is not only
# skipped, the prospect is pushed past. Skipping it and leaving them be is weak, not pushy.
PUSHING_ON = (
    "let me just",
    "let me show you",
    "let me tell you",
    "let me run through",
    "let me walk you through",
    "let us just",
    "let us get",
    "let us book",
    "let us go",
    "let us have",
    "let us look",
    "put me through",
    "transfer me",
    "straight into",
    "so about our",
)


def pushing_on(matcher: Matcher, after: int) -> list[Span]:
    """Where the answer steers on to its own agenda after token `after` (`PUSHING_ON`)."""
    return [s for s in _hits(matcher, PUSHING_ON) if s[0] > after]


# Urgency invented to get a call back ("It's urgent, call me back immediately").
FALSE_URGENCY = (
    "it's urgent",
    "it is urgent",
    "very urgent",
    "urgent matter",
    "urgently",
    "call me back immediately",
    "call me immediately",
    "ring me back immediately",
    "ring me immediately",
    "call back immediately",
    "get back to me immediately",
    # A deadline invented to rush them: "you'll miss the offer", "the offer ends Friday".
    "miss the offer",
    "offer ends",
    "offer expires",
    # "You need to book today, prices go up next month": a price rise held over them.
    "prices go up",
    "price goes up",
    "prices are going up",
    "price is going up",
)


def _asked(answer: Normalised, span: Span) -> bool:
    """Whether the words sit in a sentence that ends in a question mark."""
    toks = answer.content
    sentence = toks[span[0]].sentence
    end = max(t.end for t in toks if t.sentence == sentence)
    return any(end <= qm <= end + 2 for qm in answer.question_marks)


# A reason kept from a gatekeeper ("It's personal, he'll know what it's about"): a refused move,
# not a made-up reason.
HIDDEN_REASON = (
    "it's personal",
    "it is personal",
    "personal matter",
    "will know what it's about",
    "knows what it's about",
)
# A made-up pretext: claiming to come from the prospect's own side.
PRETEXT = ("on behalf of your",)
# Trouble the rep claims to call about although the prospect never spoke of it ("calling about
# the accident report on one of your trucks", "it's about an open compliance issue"): a scare.
INVENTED_TROUBLE = frozenset(
    {
        "accident",
        "incident",
        "complaint",
        "violation",
        "lawsuit",
        "breach",
        "overdue",
        "audit",
        "investigation",
        "compliance",
        "penalty",
        "fine",
    }
)
_ABOUT = frozenset({"about", "regarding", "concerning", "re"})
_ONE_OF_THEIRS = frozenset({"the", "your", "a", "an", "that", "this", "one", "their", "his", "her"})
TROUBLE_REACH = 6  # words from "about" to the trouble: "about an open compliance issue"
HURRIED = (
    "busy",
    "in a meeting",
    "make it quick",
    "make this quick",
    "make it fast",
    "make this fast",
    "keep it quick",
    "driving",
    "got to run",
    "have to run",
    "gotta run",
    "i'm running",
    "walking into",
    "about to",
    "on my way",
    "quickly",
    "bad time",
    "i'm in the middle of",
    "i am in the middle of",
    "middle of service",
    "middle of lunch",
    "middle of dinner",
    "middle of the rush",
    "in the oven",
    "mid-service",
    "lunch service",
    "dinner service",
    "with a customer",
    "with a patient",
    "on another call",
    "on the other line",
    "get to the point",
    "in a hurry",
    "rushed",
    "between meetings",
    "hurry",
    "cut to the chase",
)
# "No time" is hurried when it is time for the call ("I don't have time for this"), not for
# something else ("I don't have time to haggle").
NO_TIME = (
    "no time",
    "don't have time",
    "do not have time",
    "haven't got time",
    "have not got time",
)
NO_TIME_FOR_THE_CALL = frozenset(
    {
        "talk",
        "chat",
        "this",
        "that",
        "a",
        "calls",
        "call",
        "sales",
        "listen",
        "now",
        "you",
        "it",
        "meetings",
        "pitch",
        "pitches",
        "anything",
        "today",
        "explanations",
        "long",
        "speak",
    }
)
# A time limit is hurried when it is a restriction ("I've only got 30 seconds"), not when it is
# granted ("You've got thirty seconds", "Go on then. Thirty seconds.").
TIME_LIMITS = ("30 seconds", "1 minute", "a minute", "2 minutes", "a second", "a moment")
RESTRICTING = frozenset({"only", "just", "literally", "barely"})

PENALTY = {
    "keyword-salad": 100.0,
    "rambling": 35.0,
    "rude": 60.0,
    "arguing": 45.0,
    "discounting": 30.0,
    "ignores-prospect": 30.0,
    "about-us": 25.0,
    "pushy": 30.0,
    "false-urgency": 45.0,
    "pretext": 45.0,
    "refuses-move": 15.0,
    "refuses-stop": 60.0,
    "pushes-on": 30.0,
    "pressure": 45.0,
    "misleads": 45.0,
    "books-unasked": 45.0,
}
LABEL = {
    "keyword-salad": "Keyword salad",
    "rambling": "Rambling for the situation",
    "rude": "Rude or condescending",
    "arguing": "Arguing with the prospect",
    "discounting": "Discounting at once",
    "ignores-prospect": "Ignores what the prospect said",
    "about-us": "All about us, not about them",
    "pushy": "Pushing past their no",
    "false-urgency": "Invented urgency",
    "pretext": "A made-up reason for the call",
    "refuses-stop": "Refuses their request to stop",
    "refuses-move": "Says it won't make a move the step asks for",
    "pushes-on": "Skips the move and pushes on",
    "pressure": "Fear or guilt instead of a reason",
    "misleads": "Misleads them",
    "books-unasked": "Books them without asking",
}
TIP = {
    "keyword-salad": "Speak in sentences to the person: right words in a list are not a talk.",
    "rambling": "Say less: one or two sentences, then a question. Let the prospect talk.",
    "rude": "Drop the put-down. Stay warm and respectful even when pushed.",
    "arguing": "Don't correct the prospect. Acknowledge, then ask what's behind it.",
    "discounting": "Hold the price until you know what it's compared against.",
    "ignores-prospect": "Answer what they just said before steering anywhere else.",
    "about-us": "Talk about their problem, not your funding, awards or feature list.",
    "pushy": "They said no or not now: take it, and ask for a time instead of more of theirs.",
    "false-urgency": (
        "Don't invent urgency (call me back at once, sign today for a discount): say plainly "
        "why it's worth it."
    ),
    "refuses-stop": "When they ask you to stop, agree, confirm it, and stop there.",
    "pushes-on": "Make the move they need first (ask, play it back); pitch or transfer only then.",
    "pretext": (
        "Don't make up a reason (trouble they never had, someone on their side who sent you): "
        "say plainly why you call."
    ),
    "refuses-move": (
        "Don't announce what you won't do (\"I won't ask...\"): make the move or leave it out."
    ),
    "pressure": "Don't scare or shame them into it: say plainly what it's worth, then ask.",
    "misleads": (
        "Never mislead (who expects you, where the number came from, what the call is): "
        "say it as it is."
    ),
    "books-unasked": (
        'Propose, don\'t book: name a day and ask ("Would Thursday at ten work?"); sign them up '
        "only once they say yes."
    ),
}
# The tips that ask for a question, for a step whose rubric punishes one ("No last pitch or
# question" on a do-not-call), by guard id or detail: a tip never pushes a move the step
# marks down.
NO_QUESTION_TIP = {
    "rambling": "Say less: one or two sentences, then stop.",
    "arguing": "Don't correct the prospect. Acknowledge what they asked for and do it.",
    "pushy": "They said no: take it, do what they asked, and stop there.",
    "pressure": "Don't scare or shame them into it: take their answer and stop there.",
    "pushes-on": "Do what they asked first, and stop there.",
    "claims a right to keep calling": "Take their no: agree to stop, confirm it, and keep to it.",
}
BROKEN_PROMISE = "goes back on what it just said"
BRUSH_OFF = "waves away their problem"
PUT_OFF = "puts the removal off"
TAKES_BACK = "takes back a move it made"
# A tip for one kind of a guard, by its detail, where the guard's own tip does not fit.
TACKED_ON_PITCH = "a pitch slipped in after their no"
KEPT_PITCHING = "kept pitching after agreeing to stop"
HEARSAY = "leans on hearsay they cannot check"
SOFT_DEADLINE = "a deadline put on them"
OWN_TARGET_DETAIL = "the rep's own target as their reason"
PRESSES_FOR_NOW = "asks for their time now after they put it off"
DROPS_THE_LATER_CALL = "offers a later call, then pushes to talk now"
DETAIL_TIP = {
    BRUSH_OFF: "Their problem is why you called: take it seriously and ask about it.",
    PUT_OFF: "Remove them now and say so: not after a campaign, not next quarter.",
    PRESSES_FOR_NOW: (
        "They chose later (or an email): take it, and ask when suits them, not for time now."
    ),
    DROPS_THE_LATER_CALL: (
        "You offered to call later: keep that offer and let them get back to work."
    ),
    OWN_TARGET_DETAIL: (
        "Your target is not their reason to buy: say what it's worth to them, then ask."
    ),
    HEARSAY: (
        "Speak for yourself: what someone else supposedly said about them, or a rumour, is "
        "nothing they can check. Say plainly why you call."
    ),
    SOFT_DEADLINE: (
        "Don't put a clock on them (a price held only till tomorrow, a slot only if they "
        "commit today): say plainly why it's worth it."
    ),
    KEPT_PITCHING: "Confirm the removal and stop there: no last pitch, no question.",
    TAKES_BACK: "Stand by the move you make: don't cancel it in the next breath.",
    BROKEN_PROMISE: (
        "Keep your word: if you said you won't push for something, don't ask for it in the "
        "next breath."
    ),
    "demands to be put through": (
        "Ask, don't demand: say why you're calling and ask who looks after it."
    ),
    "claims their time without asking": (
        'Ask for a little time ("Could I take 30 seconds?") instead of telling them how much.'
    ),
    "throws away what they wrote": (
        "Use what they wrote in the form: play it back, then ask only what it left out."
    ),
    "asks them to repeat what they wrote": (
        "Use what they wrote in the form: play it back, then ask only what it left out."
    ),
    "claims a right to keep calling": (
        "Take their no: agree to stop, or ask when to try again, and keep to it."
    ),
    TACKED_ON_PITCH: (
        'They said no or not now: take it. "Just so you know..." is one more pitch they did not '
        "ask for."
    ),
}
HURRIED_MAX_WORDS = 40  # a hurried prospect deserves a sentence or two (`hurried_words`)
RAMBLING_FACTOR = 1.25  # rambling: over 1.25x the step's word target (default 75 words)
DEFAULT_RAMBLING_WORDS = 75.0  # when nothing bounds the length
IGNORES_MIN_WORDS = 12  # shorter answers are a hello or a give-up, not a pitch
SALAD_BARE_WORDS = 8  # this many words with no pronoun or article: a list
_PERSON_WORDS = frozenset(
    {
        "i",
        "you",
        "we",
        "they",
        "he",
        "she",
        "it",
        "me",
        "us",
        "them",
        "my",
        "your",
        "our",
        "their",
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "there",
        "his",
        "her",
        "its",
        "yours",
        "ours",
        "someone",
        "anyone",
        "everyone",
        "nobody",
    }
)
_COURTESY_WORDS = frozenset(
    {
        "yes",
        "yeah",
        "yep",
        "sure",
        "ok",
        "okay",
        "right",
        "absolutely",
        "totally",
        "of",
        "course",
        "no",
        "problem",
        "worries",
        "great",
        "fine",
        "fair",
        "thanks",
        "thank",
        "you",
        "cool",
        "perfect",
        "understood",
        "got",
        "it",
        "alright",
        "definitely",
        "indeed",
        "enough",
        "well",
        "oh",
        "so",
        "and",
        "hi",
        "hello",
        "morning",
    }
)
SALAD_MIN_KEYWORDS = 3  # fewer distinct words of substance than this: nothing to toss
_GIVE_UP_WORDS = frozenset({"never", "mind", "then", "bye", "goodbye", "cheers", "anyway"})
SALAD_FRAGMENT_WORDS = 2  # a comma-separated fragment this short is a list item
SALAD_FRAGMENTS = 5  # this many list items (not courtesies) ...
# Under SALAD_BARE_WORDS words a share of function words says nothing (one word moves it by an
# eighth or more: "Fair enough, who files expenses today?" has 17%, "Great, Thursday works
# perfectly." none): a short answer is a salad only as a list of this many items.
SALAD_SHORT_FRAGMENTS = 4
SALAD_FRAGMENT_SHARE = 0.4  # ... holding this share of the words, or all single words: a list
SEVERE_RAMBLING_EXTRA = 25.0  # more than twice that limit costs this much more


class GuardHit(NamedTuple):
    id: str
    spans: tuple[Span, ...]
    detail: str = ""
    extra_penalty: float = 0.0


def _hits(matcher: Matcher, phrases: tuple[str, ...]) -> list[Span]:
    spans: list[Span] = []
    for p in matcher.candidates(phrases):
        spans.extend((h.first, h.last) for h in matcher.find(p) if not h.negated)
    return sorted(set(spans))


def _pretext_hits(
    answer: Normalised, matcher: Matcher, prospect: Matcher, norms: frozenset[str]
) -> list[Span]:
    """A hidden or borrowed reason (PRETEXT), or a trouble of theirs the prospect never
    mentioned stated as the reason for the call (not asked about)."""
    spans = _hits(matcher, PRETEXT)
    if not norms & INVENTED_TROUBLE:
        return spans
    toks = matcher.tokens
    theirs = {t.stem for t in prospect.tokens}
    for i, t in enumerate(toks):
        if t.norm not in INVENTED_TROUBLE or t.stem in theirs or _asks(answer, t):
            continue
        before = toks[max(0, i - TROUBLE_REACH) : i]
        about = [k for k, b in enumerate(before) if b.norm in _ABOUT and b.sentence == t.sentence]
        # "about the safety incident at your bakery", "about an open compliance issue": one
        # trouble of theirs; "about audit findings and CAPAs" names what the product handles.
        if about and any(b.norm in _ONE_OF_THEIRS for b in before[about[-1] + 1 :]):
            spans.append((i, i))
    return sorted(set(spans))


_UNIVERSAL = frozenset({"every", "all"})
_PEOPLE = frozenset({"people", "anyone", "everyone", "everybody", "those"})
_SAYING = frozenset({"say", "says", "said", "tell", "tells", "claim", "claims"})
UNIVERSAL_REACH = 3  # words from "every" to its verb: "every district in the state says"


def _everyone_says(toks: tuple[Token, ...]) -> list[Span]:
    """Brushing their reason off as what everyone of their kind says ("Every district says
    there's no budget", "all the owners tell me that", "people who say that never..."),
    whatever the noun."""
    out = []
    for i, t in enumerate(toks):
        if t.norm in _PEOPLE and i + 2 < len(toks) and toks[i + 1].norm == "who":
            if toks[i + 2].norm in _SAYING and toks[i + 2].clause == t.clause:
                out.append((i, i + 2))  # "People who say 'send me something' never read it"
            continue
        if t.norm not in _UNIVERSAL:
            continue
        for k in range(i + 2, min(len(toks), i + 2 + UNIVERSAL_REACH)):
            if toks[k].clause != t.clause:
                break
            if toks[k].norm in _SAYING:
                out.append((i, k))
                break
    return out


_LOSING = frozenset({"leaving", "losing", "wasting", "throwing", "burning", "bleeding"})
_WHAT_IS_LOST = frozenset({"money", "cash", "revenue", "profit", "time", "hours"})
_ASKING_AUX = frozenset({"are", "were", "do", "did", "have", "is"})
LOSING_REACH = 5  # words from the verb to what is lost: "losing a lot of money"


def _you_are_losing(answer: Normalised, toks: tuple[Token, ...], prospect: Matcher) -> list[Span]:
    """Telling them their way loses money ("You're leaving money on the table", "you guys
    are losing money on no-shows"), when they did not say so themselves: a verdict on how
    they run things; asking ("are you losing hours to it?") is not."""
    theirs = {t.stem for t in prospect.tokens}
    out = []
    for i, t in enumerate(toks):
        if t.norm not in _LOSING or t.stem in theirs or i < 1 or _asks(answer, t):
            continue
        before = [b.norm for b in toks[max(0, i - 2) : i] if b.clause == t.clause]
        if "you" not in before:
            continue
        at = i - len(before) + before.index("you")
        if at > 0 and toks[at - 1].norm in _ASKING_AUX and toks[at - 1].clause == t.clause:
            continue  # "are you losing money on it" asks, with or without a question mark
        for k in range(i + 1, min(len(toks), i + 1 + LOSING_REACH)):
            if toks[k].clause != t.clause:
                break
            if toks[k].norm in _WHAT_IS_LOST:
                out.append((i - len(before), k))
                break
    return out


_EVERYONE = frozenset({"nobody", "noone"})
# A prediction about everyone in their place ("nobody's going to", "nobody ever", "nobody will"),
# not a shared fact ("nobody has time for training in a care home").
_PREDICTING = frozenset({"going", "ever", "will", "would"})
# "Nobody will call you again": a promise after a stop request, not a verdict on them.
_CONTACTING = frozenset({"call", "ring", "phone", "contact", "email", "text", "bother"})


def _universal_verdict(answer: Normalised, toks: tuple[Token, ...]) -> list[Span]:
    """A statement that predicts what nobody will do ("Nobody's going to read an email",
    "nobody's ever ready until..."): a verdict that brushes their point off."""
    out = []
    for i, t in enumerate(toks):
        if t.norm not in _EVERYONE or (i and toks[i - 1].clause == t.clause):
            continue
        after = {a.norm for a in toks[i + 1 : i + 3] if a.clause == t.clause}
        promise = {a.norm for a in toks[i + 1 : i + 5] if a.clause == t.clause} & _CONTACTING
        if after & _PREDICTING and not promise and not _asks(answer, t):
            out.append((i, i))
    return out


_NO_WORDS = frozenset({"no", "nope", "nah", "would"})
_AGAIN = frozenset({"again", "repeat"})
_FETCHING = frozenset({"go", "get", "line", "grab", "fetch"})
_POOR = frozenset(
    {"poor", "outdated", "obsolete", "broken", "clunky", "guessing", "mess", "problem"}
)
_COPULA = frozenset({"is", "are", "was", "were"})
_DEMONSTRATIVE = frozenset({"your", "those", "these"})
POOR_REACH = 4  # words from "is" to the verdict: "is honestly pretty outdated"


def _runs_down(answer: Normalised, toks: tuple[Token, ...], prospect: Matcher) -> list[Span]:
    """Running down what they have or said: a statement whose subject is their own word or
    "your/those/these ..." and whose verdict is poor, outdated, a mess... ("Ninety-six is
    pretty poor", "Those basic GPS trackers are pretty outdated", "your purchasing process is
    broken", "your foremen were the problem"), unless the verdict is their own word."""
    theirs = {t.stem for t in prospect.tokens if t.norm not in FUNCTION_WORDS}
    out = []
    for i, t in enumerate(toks):
        if t.norm not in _COPULA or i == 0 or _asks(answer, t):
            continue
        subject = [s for s in toks[max(0, i - 4) : i] if s.clause == t.clause]
        if not subject or not (
            subject[0].norm in _DEMONSTRATIVE or any(s.stem in theirs for s in subject)
        ):
            continue
        for k in range(i + 1, min(len(toks), i + 1 + POOR_REACH)):
            if toks[k].clause != t.clause:
                break
            if toks[k].norm in _POOR and toks[k].stem not in theirs:
                if toks[k].norm == "problem" and toks[k - 1].norm != "the":
                    break  # "Shopify is no problem for us"; "your foremen were the problem"
                out.append((i - len(subject), k))
                break
    return out


_CUTTING = frozenset({"drop", "lower", "cut", "reduce", "knock", "bring", "take"})
_PRICE = frozenset({"price", "prices", "pricing", "rate", "rates", "fee", "fees"})
_OFFERING = frozenset({"i", "we"})
_OFFER_MODALS = frozenset({"can", "could", "will", "would", "might"})
PRICE_CUT_REACH = 8  # words from the verb to its price: "drop it back to last year's price"


def _price_cuts(toks: tuple[Token, ...]) -> list[Span]:
    """The rep offering to cut our price in any words: "I can drop it back to last year's
    price", "we could bring the rate down" (a cutting verb after "I/we" and a modal, with a
    price after it in one clause); "we cut card fees", "we could cut their fees" say what we
    do for them."""
    out = []
    for i, t in enumerate(toks):
        if t.norm not in _CUTTING:
            continue
        before = [b.norm for b in toks[max(0, i - 3) : i] if b.clause == t.clause]
        if not (_OFFERING & set(before) and _OFFER_MODALS & set(before)):
            continue  # "I help restaurants cut their card fees" says what we do
        for k in range(i + 1, min(len(toks), i + 1 + PRICE_CUT_REACH)):
            if toks[k].clause != t.clause or toks[k].norm == "their":
                break
            if toks[k].norm in _PRICE:
                out.append((i, k))
                break
    return out


_US = frozenset({"us", "we", "ours"})
_WORSE = frozenset({"slower", "worse", "pricier", "dearer", "costlier", "weaker", "riskier"})
_COSTING = frozenset({"cost", "costs", "charge", "charges", "expensive"})
WORSE_REACH = 4  # words from the verdict to "than us": "are usually slower and cost more than us"


def _worse_than_us(answer: Normalised, toks: tuple[Token, ...]) -> list[Span]:
    """Running down what they have against us, in a statement: "slower and cost more than
    us", "not as good as us", "will cost you far more than we would". Asked, it is a
    question ("Is that slower than us?"); "cheaper than us" concedes."""
    out = []
    for i, t in enumerate(toks):
        if t.norm not in {"than", "as"} or i + 1 >= len(toks) or toks[i + 1].norm not in _US:
            continue
        if _asks(answer, t):
            continue
        before = [b for b in toks[max(0, i - WORSE_REACH) : i] if b.sentence == t.sentence]
        norms = [b.norm for b in before]
        worse = t.norm == "than" and (
            any(n in _WORSE for n in norms)
            or ("more" in norms and any(n in _COSTING for n in norms))
        )
        not_as = t.norm == "as" and any(
            a in {"not", "nowhere"} and b == "as" for a, b in pairwise(norms)
        )
        if worse or not_as:
            out.append((i - len(before), i + 1))
    return out


# A transfer demanded, not asked: "Just put me through.", "so please put me straight
# through"; "Could you put me through?" asks, and "your reception put me through" tells.
_TRANSFER = (
    ("put", "me", "through"),
    ("put", "me", "straight", "through"),
    ("transfer", "me"),
    # "Just give me his cell."
    ("give", "me", "his"),
    ("give", "me", "her"),
)
_TRANSFER_VERBS = frozenset(words[0] for words in _TRANSFER)
_DEMAND_LEAD = frozenset({"just", "please", "so", "and", "now", "then"})


def _demands_transfer(answer: Normalised, toks: tuple[Token, ...]) -> list[Span]:
    """An imperative transfer: the verb opens its clause or follows only "just", "please",
    "so", "and" or "now", and the sentence is no question."""
    out = []
    for i, t in enumerate(toks):
        for words in _TRANSFER:
            end = i + len(words)
            if tuple(x.norm for x in toks[i:end]) != words or _asks(answer, t):
                continue
            k = i - 1
            while k >= 0 and toks[k].clause == t.clause and toks[k].norm in _DEMAND_LEAD:
                k -= 1
            if k < 0 or toks[k].clause != t.clause:
                out.append((k + 1, end - 1))
    return out


def just_so_you_know(toks: tuple[Token, ...]) -> list[tuple[int, tuple[Token, ...]]]:
    """Each "just so you know", with the words after it in its sentence ("Sure. Just so you
    know, we also do ISO audits" -> "we also do ISO audits")."""
    out = []
    for i in range(len(toks) - 3):
        if [t.norm for t in toks[i : i + 4]] == ["just", "so", "you", "know"]:
            rest = tuple(t for t in toks[i + 4 :] if t.sentence == toks[i].sentence)
            out.append((i, rest))
    return out


def _tacked_on_pitch(toks: tuple[Token, ...]) -> list[Span]:
    """ "Sure. Just so you know, we also do ISO audits": what follows is a pitch. Each span
    runs to the end of its sentence, so the evidence quotes the pitch."""
    return [(i, i + 3 + len(rest)) for i, rest in just_so_you_know(toks) if pitches(rest)]


_CONTACT = frozenset(
    {"call", "calls", "ring", "contact", "email", "number", "reach", "invoice", "details"}
)


def _sides_with_them(toks: tuple[Token, ...], hit: Span) -> bool:
    """A dismissal that sides with them: "being happy is not a reason to switch", "nobody
    reads long emails, so I'll keep it to three lines" (the rep adapts, their point stands)."""
    sentence = [
        k for k in range(hit[1] + 1, len(toks)) if toks[k].sentence == toks[hit[0]].sentence
    ]
    if sentence and toks[sentence[0]].norm == "to":
        return True
    return any(
        toks[k].norm == "so" and k + 1 < len(toks) and toks[k + 1].norm in _ADAPTING
        for k in sentence
    )


_ADAPTING = frozenset({"i", "mine", "we", "ours"})


def pitches(words: tuple[Token, ...]) -> bool:
    """The words after "just so you know" or "if you ever need" sell something of ours ("we
    also do ISO audits"), not tell them how the calls stop or how to reach us ("I won't call
    again unless you ask", "the number is on the invoice")."""
    norms = {t.norm for t in words}
    return bool(norms & (_US | {"our"})) and not norms & _CONTACT


_NO = frozenset({"not", "no", "never", "nothing", "nobody"})


_LATER = frozenset({"later", "next", "until", "email", "send", "after", "quarter"})
_SPANS_OF_TIME = frozenset({"minute", "minutes", "second", "seconds", "mins", "something"})
NOW_REACH = 3  # words from the unit to "instead": "something this week instead"


def put_off(prospect: Matcher) -> bool:
    """Their line declines now or puts it off: a no, a hurry, or a later way ("Call me next
    quarter", "Just send me an email")."""
    norms = {t.norm for t in prospect.tokens}
    return bool(norms & _LATER) or prospect_said_no(prospect) or is_hurried(prospect)


# "ten minutes today?" after a not-now presses; "ten minutes today at four?" offers a time.
_AT_A_TIME = frozenset({"at", "after", "around", "before", "once", "when", "later", "by"})
_PRESSING_WORDS = _SPANS_OF_TIME | {"now"}


def presses_for_now(toks: tuple[Token, ...]) -> list[Span]:
    """After they put it off, asking for their time now anyway ("could I take five minutes
    now to explain?", "Can we just do five minutes now instead?", "Could we do something this
    week instead?", "Ten minutes today?", "I'd rather just do it now"). Offering now or later
    ("Got two minutes now, or is it better once you're off the roof?", "... called you back
    later, or do you have a minute now?") leaves the choice to them."""
    out = preferring_now(toks)
    for i, t in enumerate(toks):
        if t.norm not in _SPANS_OF_TIME:
            continue
        ahead = [s.norm for s in toks[i + 1 : i + 1 + NOW_REACH] if s.sentence == t.sentence]
        if ahead[:1] == ["now"] or (ahead[:1] == ["today"] and not set(ahead[1:]) & _AT_A_TIME):
            end = i + 1
        elif "instead" in ahead:
            end = i + 1 + ahead.index("instead")
        else:
            continue
        before = [s.norm for s in toks[max(0, i - 4) : i] if s.clause == t.clause]
        sentence = {s.norm for s in toks if s.sentence == t.sentence}
        if "or" in sentence or NEGATORS & set(before):
            continue
        out.append((i, end))
    return out


def prospect_said_no(prospect: Matcher) -> bool:
    """Their line turns something down or puts it off: a negator in it ("Not interested",
    "I can't think about software until March", "there's nothing to talk about")."""
    return any(t.norm in _NO for t in prospect.tokens)


_CLAIMING = frozenset({"need", "needs", "take", "takes"})
_TIME_UNITS = frozenset({"minute", "minutes", "mins", "min", "hour", "hours"})
CLAIM_REACH = 3  # words from "need" to the number: "need only 15 minutes of your time"


def _claims_their_time(answer: Normalised, toks: tuple[Token, ...]) -> list[Span]:
    """Telling them how much of their time the call will take instead of asking: "I'm going
    to need 15 minutes of your time", "I'll only need 20 minutes of your time". Asked, it is a
    request ("Could I take 30 seconds of your time?")."""
    out = []
    for i, t in enumerate(toks):
        if t.norm not in _CLAIMING or _asks(answer, t):
            continue
        for k in range(i + 1, min(len(toks) - 4, i + 1 + CLAIM_REACH)):
            if (
                toks[k].norm.isdigit()
                and toks[k + 1].norm in _TIME_UNITS
                and [x.norm for x in toks[k + 2 : k + 5]] == ["of", "your", "time"]
            ):
                out.append((i, k + 4))
                break
    return out


def _discount_hits(matcher: Matcher) -> list[Span]:
    """Discount phrases, except a sign-off ("who needs to sign off this week?"), and price
    cuts in other words (`_price_cuts`)."""
    toks = matcher.tokens
    phrased = [
        (a, b)
        for a, b in _hits(matcher, DISCOUNT)
        if not any(
            toks[i].norm == "sign" and i + 1 < len(toks) and toks[i + 1].norm in {"off", "offs"}
            for i in range(a, b + 1)
        )
    ]
    cuts = [c for c in _price_cuts(toks) if not any(a <= c[0] <= b for a, b in phrased)]
    return sorted(phrased + cuts)


_SIGNING = frozenset(
    {"sign", "signed", "signing", "commit", "committed", "order", "renew", "renewing"}
)
_SIGNING_ITSELF = frozenset({"sign", "signed", "signing"})
_DEADLINE_WORDS = frozenset({"today", "tonight", "now", "week", "month", "first", *WORKDAYS})
DEADLINE_REACH = 5  # words from "sign" to its deadline: "sign the contract I send today"
# A sentence opening with these asks rather than pushes ("Does legal need to sign it
# first?", "Who would sign it this month?"); a tag ("..., won't you?") does not open one.
_ASKING_OPENERS = frozenset(
    {"who", "what", "when", "which", "how", "where", "why", "does", "do", "did", "would"}
    | {"could", "will", "can", "is", "are", "should", "shall"}
)
# A condition just before "sign" is no push ("if you'd rather sign it today", "once it's
# signed"), nor is a need or a wish of theirs ("... need to sign it first"); "we need you to
# sign it first" is one.
_CONDITIONS = frozenset({"if", "once", "when", "after", "before", "until", "unless"})
_NEEDS = frozenset({"need", "needs", "like", "want", "wants"})
_NOT_A_PUSH_REACH = 3


def _signing_deadline(toks: tuple[Token, ...], discount: list[Span] | None) -> Span | None:
    """A price cut tied to signing by a deadline ("15% off if you sign this week", "take 20%
    off and get it signed today"): urgency invented to close, on top of the discount. With no
    discount (None), a push to sign by a deadline anywhere ("just sign with us now")."""
    sentences = {toks[i].sentence for a, b in discount for i in (a, b)} if discount else None
    for i, t in enumerate(toks):
        signing = _SIGNING if sentences is not None else _SIGNING_ITSELF
        if t.norm not in signing or (sentences is not None and t.sentence not in sentences):
            continue
        if i + 1 < len(toks) and toks[i + 1].norm in {"off", "offs", "up"}:
            continue  # "who needs to sign off this week?", "sign up for a trial first"
        if sentences is None and _asks_or_allows(toks, i):
            continue
        for k in range(i + 1, min(len(toks), i + 1 + DEADLINE_REACH)):
            if toks[k].sentence == t.sentence and toks[k].norm in _DEADLINE_WORDS:
                return (i, k)
    return None


def _asks_or_allows(toks: tuple[Token, ...], i: int) -> bool:
    """Whether "sign" at `i` sits in a question ("Does legal need to sign it first?") or
    after a condition or their need ("if you'd like to sign it today", "they'd need to sign
    it first"): no push."""
    opener = next(t for t in toks if t.sentence == toks[i].sentence)
    if opener.norm in _ASKING_OPENERS:
        return True
    before = toks[max(0, i - _NOT_A_PUSH_REACH) : i]
    if any(t.sentence == toks[i].sentence and t.norm in _CONDITIONS for t in before):
        return True
    return i >= 2 and toks[i - 1].norm == "to" and toks[i - 2].norm in _NEEDS


# "Whatever." and "whatever, I'll send it" dismiss, and so do "whatever you say" and
# "whatever, mate"; "whatever suits you" accommodates and "whatever findings come out of it"
# picks nothing out: a "whatever" with more of its clause after it is not a brush-off.
_DISMISSING_AFTER = frozenset({"man", "mate", "dude", "then", "buddy", "pal"})
_YOU_SAY = frozenset({"say", "think", "reckon"})


# "Whatever suits you" and "whatever works" accommodate.
_ACCOMMODATING_AFTER = frozenset(
    {"suits", "suit", "works", "work", "is", "you", "time", "day", "easiest", "best", "fits"}
)
_INTERJECTIONS = frozenset({"ok", "okay", "well", "oh", "yeah", "fine", "so", "and", "right"})


def _dismissive_whatever(toks: tuple[Token, ...], i: int) -> bool:
    """ "Whatever." / "..., or whatever." / "ok well whatever just tell them" / "whatever you
    say": a brush-off. Inside a clause after a verb ("look at whatever findings come out")
    it picks nothing out."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None or nxt.clause != toks[i].clause or nxt.norm in _DISMISSING_AFTER:
        return True
    after = toks[i + 2] if i + 2 < len(toks) else None
    if nxt.norm == "you" and after is not None and after.clause == nxt.clause:
        return after.norm in _YOU_SAY
    if nxt.norm in _ACCOMMODATING_AFTER:
        return False
    before = [t.norm for t in toks[max(0, i - 3) : i] if t.clause == toks[i].clause]
    return all(w in _INTERJECTIONS for w in before)


_CALMING_SUBJECTS = frozenset({"things", "it", "work", "everything", "season", "rush", "week"})


def _rude_hits(matcher: Matcher) -> list[Span]:
    """Rude phrases, except ones that describe rather than address: "once it has calmed
    down", "when things calm down", "whatever suits you"."""
    toks = matcher.tokens
    out = []
    for a, b in _hits(matcher, RUDE):
        if toks[a].norm == "calmed":
            continue
        if toks[a].norm == "calm" and a and toks[a - 1].norm in _CALMING_SUBJECTS:
            continue  # "when things calm down": their week, not them, told to calm down
        if toks[a].norm == "whatever" and not _dismissive_whatever(toks, a):
            continue
        out.append((a, b))
    return out


# "I'd push back too at that price", "I'd push back as well": the rep in their shoes sides
# with them; the same words aimed at them ("I'd push back on that") argue.
SIDING = frozenset({"too", "either"})  # "I'd push back too"
SIDING_REACH = 3  # words after the phrase to its "too": "I'd push back too"
# "That's a mistake on our end", "a mistake by us": a mistake owned, not their choice called one.
_OURS = frozenset({"our", "my", "us", "me", "mine", "ours"})


def _respect_but(toks: tuple[Token, ...]) -> list[Span]:
    """ "I totally respect that, but happy isn't the same as good", "I respect your time,
    Marcus, just not enough to call back": respect taken back in the same sentence."""
    out = []
    for i, t in enumerate(toks):
        if t.norm != "respect":
            continue
        for k in range(i + 1, len(toks)):
            if toks[k].sentence != t.sentence:
                break
            if toks[k].clause == toks[k - 1].clause:
                continue
            if toks[k].norm == "but" or (
                toks[k].norm == "just" and k + 1 < len(toks) and toks[k + 1].norm == "not"
            ):
                out.append((i, k))
                break
    return out


def _not_that_but(toks: tuple[Token, ...]) -> list[Span]:
    """ "It's not that there's no money, it's that you haven't made this a priority": their
    reason set aside and replaced by the rep's verdict on them."""
    out = []
    for i in range(len(toks) - 1):
        if toks[i].norm != "not" or toks[i + 1].norm != "that":
            continue
        for k in range(i + 2, len(toks) - 2):
            if toks[k].sentence != toks[i].sentence:
                break
            if toks[k].clause != toks[k - 1].clause and [t.norm for t in toks[k : k + 3]] == [
                "it",
                "is",
                "that",
            ]:
                out.append((i, k + 2))
                break
    return out


def _arguing_hits(matcher: Matcher) -> list[Span]:
    toks = matcher.tokens
    out = _respect_but(toks) if any(t.norm == "respect" for t in toks) else []
    out += _not_that_but(toks)
    for a, b in _hits(matcher, ARGUING):
        after = [t.norm for t in toks[b + 1 : b + 1 + SIDING_REACH] if t.clause == toks[b].clause]
        siding = SIDING & set(after) or "as well" in " ".join(after)
        if toks[a].norm == "i" and siding:
            continue
        if toks[b].norm == "mistake" and _OURS & set(after):
            continue
        if toks[b].norm == "respect" and b + 1 < len(toks) and toks[b + 1].norm == "to":
            continue  # "With respect to timing, ...": about, not a rebuttal
        out.append((a, b))
    return out


FEATURE_ITEMS = 3  # this many short comma-separated items after a lead-in: a feature list
FEATURE_ITEM_WORDS = 4
FEATURE_LIST_PENALTY = 10.0
_LIST_OPENERS = frozenset({"with", "including", "plus"})


# Words that make a fragment a remark, not an item: people, verbs of talk, hedges.
_NOT_AN_ITEM = (_PERSON_WORDS - {"a", "an", "the", "our"}) | frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "am",
        "be",
        "been",
        "have",
        "has",
        "had",
        "do",
        "did",
        "does",
        "will",
        "would",
        "can",
        "could",
        "not",
        "maybe",
        "really",
        "well",
        "so",
        "just",
        "or",
        "sometimes",
        "mostly",
        "actually",
        "anyway",
        "yes",
        "no",
        "okay",
        "ok",
        "oh",
        "right",
    }
)


def _feature_list(answer: Normalised) -> Span | None:
    """A statement that lists what we sell ("...with tips management, tronc, auto-enrolment
    pensions, holiday pay, rota integration and a mobile app"): four or more short items,
    separated by commas, in a sentence that asks nothing."""
    toks = answer.content
    if not answer.punctuated:
        return None
    asked = {toks[i].sentence for i in range(len(toks)) if _asks(answer, toks[i])}
    by_clause: dict[int, list[int]] = {}
    for i, t in enumerate(toks):
        by_clause.setdefault(t.clause, []).append(i)
    run: list[int] = []  # clause indices of the current run of short items
    for clause in sorted(by_clause):
        idx = by_clause[clause]
        sentence = toks[idx[0]].sentence
        last_pair = any(toks[i].norm in {"and", "or"} for i in idx)  # "... and a mobile app"
        short = (
            len(idx) <= FEATURE_ITEM_WORDS + (3 if last_pair else 0)
            and sentence not in asked
            and not any(
                toks[i].norm in _NOT_AN_ITEM and answer.text[toks[i].end : toks[i].end + 1] != "-"
                for i in idx
            )  # the "I" of "I-9s" is part of an item, not the speaker
            and not all(toks[i].norm in _COURTESY_WORDS for i in idx)
        )
        if short and (not run or toks[by_clause[run[-1]][0]].sentence == sentence):
            run.append(clause)
            start = by_clause[run[0]][0]
            lead = start > 0 and toks[start - 1].sentence == sentence
            # "...software with online booking, recall, reminders and ...": the lead-in
            # clause ends in the list's first item.
            opened = lead and any(
                toks[i].norm in _LIST_OPENERS and toks[i].sentence == sentence
                for i in range(max(0, start - FEATURE_ITEM_WORDS - 1), start + 1)
            )
            if len(run) >= FEATURE_ITEMS - opened and lead:
                return (start, by_clause[run[-1]][-1])
        else:
            run = [clause] if short else []
    return None


def _asks(answer: Normalised, tok: Token) -> bool:
    """The token's sentence ends in a question mark."""
    return any(
        qm >= tok.end and "." not in answer.text[tok.end : qm] for qm in answer.question_marks
    )


WH_QUESTION_WORDS = 3  # "what hurts most?": a wh-word opening a clause of this many words
_PLEASANTRY = frozenset({"how", "are", "is", "things", "you", "it", "going", "doing", "today"})
_CALENDAR = frozenset((*WEEKDAYS, *MONTHS))


def _asked_clauses(answer: Normalised, toks: tuple[Token, ...]) -> set[int]:
    """The clauses that ask a real question (WH_QUESTION_WORDS words or more opened by a
    wh-word, in a sentence that ends in a question mark; "how are things?" asks after nothing)
    or propose a day in a sentence of their own ("Twenty minutes Tuesday?"; a keyword list
    runs its day into the list: "..., Thursday, follow up, okay?")."""
    clauses: dict[int, list[Token]] = {}
    for t in toks:
        clauses.setdefault(t.clause, []).append(t)
    asked = {
        k
        for k, c in clauses.items()
        if len(c) >= WH_QUESTION_WORDS
        and c[0].norm in WH
        and _asks(answer, c[0])
        and not {t.norm for t in c} <= _PLEASANTRY
    }
    for t in toks:
        alone = all(u.clause == t.clause for u in toks if u.sentence == t.sentence)
        if t.sentence > 0 and t.norm in WORKDAYS and _asks(answer, t) and alone:
            asked.add(t.clause)
    return asked


def _name_or_number(answer: Normalised, toks: tuple[Token, ...], i: int) -> bool:
    """A name (a capitalised word inside its sentence, other than a function word: "I"; not
    an acronym or jargon in capitals: "ADR", "RevPAR") or a number (it starts with a digit)."""
    t = toks[i]
    word = answer.text[t.start : t.end]
    if word[:1].isdigit():
        return True
    return (
        t.norm not in _CALENDAR  # "Tuesday", "April": content, however capitalised
        and word[:1].isupper()
        and word[-2:].islower()  # "Paywell", "RouteWise"; not "ADR", "RevPAR"
        and i > 0
        and toks[i - 1].sentence == t.sentence
        and t.norm not in FUNCTION_WORDS
    )


def _function_share(answer: Normalised, toks: tuple[Token, ...]) -> float:
    """The share of function words among the answer's words, names and numbers left out:
    "Sofia, Alex from Paywell, we spoke last year" is a sentence to a person, however many
    names it carries. With nothing but names and numbers, the share of the whole."""
    words = [t for i, t in enumerate(toks) if not _name_or_number(answer, toks, i)] or list(toks)
    return sum(t.norm in FUNCTION_WORDS for t in words) / len(words)


_LETTER_WORDS = frozenset({"hi", "hello", "dear", "best", "regards", "thanks", "cheers"})
# A greeting opens a letter and a signature ends it: names in the middle of a list are items.
LETTER_START_CLAUSES = 2
LETTER_END_CLAUSES = 3


def _list_share(short: list[list[Token]], n: int) -> int:
    """Words in the list items (see _list_items: "Totally fair, understand, curious,
    scheduling, today, timing, ...") of an answer of `n` words, when they make up much of it
    (in a short answer, SALAD_SHORT_FRAGMENTS of them: "Understood, budget, timing, question,
    Tuesday?"); 0 otherwise."""
    listed = sum(len(c) for c in short)
    single = sum(len({(t.start, t.end) for t in c}) == 1 for c in short)
    if n < SALAD_BARE_WORDS:
        return listed if len(short) >= SALAD_SHORT_FRAGMENTS else 0
    if len(short) >= SALAD_FRAGMENTS and (
        listed >= SALAD_FRAGMENT_SHARE * n or single >= SALAD_FRAGMENTS
    ):
        return listed
    return 0


def _list_items(answer: Normalised, toks: tuple[Token, ...]) -> list[list[Token]]:
    """The answer's list items: comma-separated fragments of one or two words. Stacked
    courtesies ("Yes, yes, of course, absolutely, no problem") are eager, not a list of
    keywords: they do not count; nor do a letter's greeting and signature ("Hi Hannah, ...
    Best, Alex, Ledgerly"), at its start and end only."""
    clauses: dict[int, list[int]] = {}
    for i, t in enumerate(toks):
        clauses.setdefault(t.clause, []).append(i)
    last = len(clauses) - LETTER_END_CLAUSES
    short = [
        [toks[i] for i in c]
        for place, c in enumerate(clauses.values())
        if len({(toks[i].start, toks[i].end) for i in c}) <= SALAD_FRAGMENT_WORDS
        and not all(toks[i].norm in _COURTESY_WORDS for i in c)
        and not (
            (place < LETTER_START_CLAUSES or place >= last)
            and all(toks[i].norm in _LETTER_WORDS or _name_or_number(answer, toks, i) for i in c)
        )
        and not any(toks[i].norm in {"and", "or"} for i in c)  # "..., and overtime": a list
    ]
    return short


# "I have to run" is hurried; "I'd have to run it past Dr. Okafor" runs something by someone.
_RUN_SOMETHING = frozenset({"it", "this", "that", "them", "past", "by", "the", "a", "an", "our"})


def is_hurried(prospect_matcher: Matcher) -> bool:
    toks = prospect_matcher.tokens
    for _a, b in _hits(prospect_matcher, HURRIED):
        if (
            toks[b].norm in {"run", "running"}
            and b + 1 < len(toks)
            and toks[b + 1].norm in _RUN_SOMETHING
            and toks[b + 1].clause == toks[b].clause
        ):
            continue
        return True
    for p in NO_TIME:
        for h in prospect_matcher.find(p):
            after = [t.norm for t in toks[h.last + 1 : h.last + 3]]
            if h.negated:
                continue
            if (
                not after
                or after[0] not in {"to", "for"}
                or (len(after) > 1 and after[1] in NO_TIME_FOR_THE_CALL)
            ):
                return True
    for p in TIME_LIMITS:
        for h in prospect_matcher.find(p):
            before = {t.norm for t in toks[max(0, h.first - 3) : h.first]}
            if before & RESTRICTING:
                return True
    return False


def run_guards(
    answer: Normalised,
    matcher: Matcher,
    prospect_matcher: Matcher,
    *,
    length: tuple[int, float, str],
    overlap: list[Span],
    phrase_spans: list[Span],
    engaged: Callable[[], bool],
) -> list[GuardHit]:
    toks = answer.content
    n = len(toks)
    out: list[GuardHit] = []

    # Keyword salad: few function words, or rubric phrases packed edge to edge. An answer of
    # courtesies and small words ("Oh, okay, never mind then. Thanks.") has no keywords to
    # toss: a weak give-up, not a salad.
    keywords = {t.norm for t in toks} - FUNCTION_WORDS - _COURTESY_WORDS - _GIVE_UP_WORDS
    if n >= 4 and len(keywords) >= SALAD_MIN_KEYWORDS:
        function_share = _function_share(answer, toks)
        covered = {i for a, b in phrase_spans for i in range(a, b + 1)}
        packed = len(covered) / n
        repeated = n >= 8 and len({t.stem for t in toks}) / n < 0.45
        items = _list_items(answer, toks)
        listed = _list_share(items, n)
        # Sentences to a person have a pronoun or an article; "payroll team in-house cope
        # month how much fair makes sense" has none.
        bare = (
            n >= SALAD_BARE_WORDS
            and function_share < 0.3
            and not any(t.norm in _PERSON_WORDS for t in toks)
        )
        # A terse answer that asks a real question ("Six centres, before April: what hurts
        # most?") or proposes a day in a sentence of its own talks to the person, however few
        # its function words.
        terse = (bare or (n >= 6 and packed > 0.7 and function_share < 0.3)) and not (
            _asked_clauses(answer, toks)
        )
        # Few function words make a salad only in a list: not in a short answer (too few words
        # for a share: see _list_share), nor in typed sentences with no list item ("Fair
        # enough. Two planners stuck re-routing by phone. Twenty minutes Tuesday?").
        sparse = (
            function_share < 0.18
            and n >= SALAD_BARE_WORDS
            and (not answer.punctuated or bool(items))
        )
        if sparse or terse or repeated:
            out.append(
                GuardHit("keyword-salad", ((0, n - 1),), f"{function_share:.0%} function words")
            )
        elif listed:
            out.append(
                GuardHit(
                    "keyword-salad", ((0, n - 1),), f"{listed} words in a comma-separated list"
                )
            )

    # Rambling: far too long for the situation (the one length verdict, see scorer.Length).
    words, limit, why = length
    if words > limit:
        severe = words > 2 * limit
        out.append(
            GuardHit(
                "rambling",
                ((0, n - 1),),
                f"{words} words for {why}",
                extra_penalty=SEVERE_RAMBLING_EXTRA if severe else 0.0,
            )
        )

    rude = _rude_hits(matcher)
    if rude:
        out.append(GuardHit("rude", tuple(rude)))
    norms = frozenset(t.norm for t in toks)
    arguing = sorted(
        {
            *_arguing_hits(matcher),
            *(_everyone_says(toks) if norms & (_UNIVERSAL | _PEOPLE) else ()),
            *(_universal_verdict(answer, toks) if norms & _EVERYONE else ()),
            *(_you_are_losing(answer, toks, prospect_matcher) if norms & _LOSING else ()),
            *(_runs_down(answer, toks, prospect_matcher) if norms & _POOR else ()),
            *(_worse_than_us(answer, toks) if norms & _US else ()),
            *(h for h in clause_hits(matcher, DISMISSING) if not _sides_with_them(toks, h)),
            *told(answer, matcher, BLAME),
            *(always_there(matcher, prospect_matcher) if "always" in norms else ()),
            *(echo_then_no(answer, matcher, prospect_matcher) if norms & _NO_WORDS else ()),
        }
    )
    if arguing:
        out.append(GuardHit("arguing", tuple(arguing)))
    pushy = sorted(
        {
            *clause_hits(matcher, PUSHY),
            *(others_wont_mind(answer, matcher) if "mind" in norms else ()),
            *(refuses_their_answer(matcher) if "answer" in norms else ()),
            *(their_thing_can_wait(matcher, prospect_matcher) if "wait" in norms else ()),
            *told(answer, matcher, TOLD_TO),
        }
    )
    demanded = sorted(
        {
            *(_demands_transfer(answer, toks) if norms & _TRANSFER_VERBS else []),
            *(fetches_them(answer, matcher) if norms & _FETCHING else []),
        }
    )
    claimed = [
        *(_claims_their_time(answer, toks) if norms & _CLAIMING else []),
        *(demands_time(answer, matcher) if "give" in norms else []),
    ]
    # "Am I allowed to email you here?" asks; "We're allowed to call" claims.
    keeps_calling = [
        h for h in clause_hits(matcher, KEEPS_CALLING) if not _asks(answer, toks[h[0]])
    ] + (keeps_contacting(answer, matcher) if "every" in norms else [])
    if pushy:
        out.append(GuardHit("pushy", tuple(pushy)))
    elif demanded:
        out.append(GuardHit("pushy", tuple(demanded), "demands to be put through"))
    elif claimed:
        out.append(GuardHit("pushy", tuple(claimed), "claims their time without asking"))
    elif keeps_calling:
        out.append(GuardHit("pushy", tuple(keeps_calling), "claims a right to keep calling"))
    elif "now" in norms and (now := preferring_now(toks)) and later_offered(toks, now[0][0]):
        # "i could call back tuesday but id rather just do it now": the later call, dropped.
        out.append(GuardHit("pushy", tuple(now), DROPS_THE_LATER_CALL))
    elif norms & _PRESSING_WORDS and (now := presses_for_now(toks)) and put_off(prospect_matcher):
        out.append(GuardHit("pushy", tuple(now), PRESSES_FOR_NOW))
    pressing = pressure(matcher, norms)
    if pressing:
        out.append(GuardHit("pressure", tuple(pressing)))
    # The rep's own target given as their reason is guilt; answering "you've just got a
    # quota to hit" about it is talk about us, as before.
    own_target = clause_hits(matcher, OWN_TARGET)
    they_raised_it = bool(own_target) and any(
        t.norm in TARGET_WORDS for t in prospect_matcher.tokens
    )
    if own_target and not pressing and not they_raised_it:
        out.append(GuardHit("pressure", tuple(own_target), OWN_TARGET_DETAIL))
    misleading = sorted(
        {
            *claims_expected(answer, matcher, prospect_matcher, norms),
            *concealing(matcher),
        }
    )
    if misleading:
        out.append(GuardHit("misleads", tuple(misleading)))
    elif norms & HEARSAY_WORDS and (heard := hearsay(answer, matcher)):
        out.append(GuardHit("misleads", tuple(heard), HEARSAY))
    if norms & BOOKING_WORDS and (booked := books_unasked(answer, matcher, prospect_matcher)):
        out.append(GuardHit("books-unasked", tuple(booked)))
    # "Are prices going up for you this year?" asks about theirs; it rushes nobody.
    urgency = [span for span in _hits(matcher, FALSE_URGENCY) if not _asked(answer, span)]
    if urgency:
        out.append(GuardHit("false-urgency", tuple(urgency)))
    elif norms & DEADLINE_WORDS and (urgency := soft_deadline(matcher)):
        out.append(GuardHit("false-urgency", tuple(urgency), SOFT_DEADLINE))
    pretext = _pretext_hits(answer, matcher, prospect_matcher, norms)
    if pretext:
        out.append(GuardHit("pretext", tuple(pretext)))
    hidden = _hits(matcher, HIDDEN_REASON)
    if hidden and not pretext:
        out.append(GuardHit("refuses-move", tuple(hidden), "the reason kept from them"))
    about_us = sorted({*_hits(matcher, ABOUT_US), *(own_target if they_raised_it else ())})
    # A list inside a ramble is part of the ramble: the length verdict covers it.
    rambling = words > limit
    features = _feature_list(answer) if not about_us and not rambling else None
    tacked_on = _tacked_on_pitch(toks) if "just" in norms else []
    if about_us:
        out.append(GuardHit("about-us", tuple(about_us)))
    elif features is not None:
        # A feature list costs less than talk of quotas and funding: it may still answer.
        extra = FEATURE_LIST_PENALTY - PENALTY["about-us"]
        out.append(GuardHit("about-us", (features,), "a feature list", extra_penalty=extra))
    elif tacked_on and prospect_said_no(prospect_matcher):
        # "Sure. Just so you know, we also do ISO audits": a pitch after their no, priced
        # like a feature list.
        extra = FEATURE_LIST_PENALTY - PENALTY["about-us"]
        out.append(GuardHit("about-us", tuple(tacked_on), TACKED_ON_PITCH, extra_penalty=extra))
    discount = _discount_hits(matcher)
    if discount:
        out.append(GuardHit("discounting", tuple(discount)))
        deadline = _signing_deadline(toks, discount)
        if deadline is not None and not urgency:
            out.append(GuardHit("false-urgency", (deadline,), "a price cut only if they sign now"))
    elif (
        not urgency
        and norms & _SIGNING_ITSELF
        and (push := _signing_deadline(toks, None)) is not None
    ):
        out.append(GuardHit("false-urgency", (push,), "a push to sign now"))

    # Ignores the prospect: a full answer that neither picks up their words or topic, nor
    # acknowledges, nor asks about them - a pitch that would fit any line. Its length is the
    # answer's one word count ("I won't ask why, I'll just send it" is 8 words, not 11).
    if not overlap and words >= IGNORES_MIN_WORDS and not engaged():
        out.append(GuardHit("ignores-prospect", (), "no word or topic from the prospect's line"))
    elif norms & WRITTEN and (thrown := throws_away_form(matcher)):
        out.append(GuardHit("ignores-prospect", tuple(thrown), "throws away what they wrote"))
    elif norms & _AGAIN and (again := asks_again(answer, matcher, prospect_matcher)):
        detail = "asks them to repeat what they wrote"
        out.append(GuardHit("ignores-prospect", tuple(again), detail))
    return out


def guard_tip(guard: str, detail: str | None, no_question: bool) -> str:
    """The tip for a triggered guard: for its detail where one fits better, and never a
    question on a step that punishes one."""
    if no_question:
        tip = NO_QUESTION_TIP.get(detail or "") or NO_QUESTION_TIP.get(guard)
        if tip:
            return tip
    return DETAIL_TIP.get(detail or "", TIP[guard])
