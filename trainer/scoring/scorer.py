"""THE scorer: one answer to one step -> TurnScore, with evidence for every point.

step score = 100 x (weight of criteria met / weight of all criteria) - guard penalties -
depth hold-back, never below the floor (5 less 1 per 30 points of penalties, for an answer
that said something), at most 100, rounded to 0.1. Delivery metrics are reported beside it,
never in it. Deterministic: no randomness, no clock, no state other than caches of pure
functions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from trainer.scenario.models import Criterion, DeliveryTargets, FactsCheck, Step
from trainer.scoring import delivery as delivery_metrics
from trainer.scoring.alone import helps_alone
from trainer.scoring.answer import Answer
from trainer.scoring.contradiction import brush_offs, contradictions, mocking_orders, sarcasm
from trainer.scoring.depth import depth_note, said_for_good
from trainer.scoring.detectors import (
    AUX,
    INTEREST_ASKS,
    LOGISTICS_QUESTIONS,
    PROPOSAL_WORDS,
    SHORT_PROPOSAL,
    SMALL_TALK_QUESTIONS,
    STOPWORDS,
    TIME_ASKS,
    Question,
    Span,
    arguing_question,
    dated_next_step,
    echo_question,
    echo_reply,
    find_next_step,
    find_questions,
    introduced_about,
    lead_in,
    leading_question,
    negative_tag_question,
    overlap_with_prospect,
    phone_number,
    refused_answer,
    refused_asks,
    refused_next_step,
    restatement,
    rhetorical,
    what_we_do,
)
from trainer.scoring.facts import FactsSoFar, facts_tip, judge_facts
from trainer.scoring.guards import (
    BROKEN_PROMISE,
    BRUSH_OFF,
    DEFAULT_RAMBLING_WORDS,
    HIDDEN_REASON,
    HURRIED_MAX_WORDS,
    KEPT_PITCHING,
    LABEL,
    PENALTY,
    PUT_OFF,
    RAMBLING_FACTOR,
    SIDING,
    TACKED_ON_PITCH,
    TAKES_BACK,
    GuardHit,
    guard_tip,
    is_hurried,
    just_so_you_know,
    pitches,
    pushing_on,
    run_guards,
)
from trainer.scoring.names import is_first_name
from trainer.scoring.normalize import (
    FUNCTION_WORDS_CORE,
    NEGATORS,
    Normalised,
    Token,
    normalise,
    phrase_words,
    stem,
    word_count,
)
from trainer.scoring.phrases import Hit, Matcher
from trainer.scoring.points import whole
from trainer.scoring.reasks import Reask, reasks
from trainer.scoring.result import CriterionResult, Evidence, GuardResult, TurnScore
from trainer.scoring.substance import (
    GENERAL_QUESTION_CREDIT,
    Topic,
    facts_vocabulary,
    off_topic,
    paraphrase,
    pointed_question,
    step_vocabulary,
    substance_words,
)
from trainer.scoring.techniques import core_techniques, resolve
from trainer.scoring.vetoes import vetoed
from trainer.scoring.withdrawn import (
    Withdrawal,
    reversed_promises,
    snide_asides,
    withdrawals,
)
from trainer.words import plural

# Depth: coaches rate the answer that makes the moves *and* says something of substance above
# the bare one that ticks the same boxes ("Understood. What would finance need to see?"). An
# answer of THIN_WORDS words, or with THIN_SPECIFIC words of substance (distinct words that
# everyday sales talk does not use), is deep enough; a thinner one has up to THIN_MAX_POINTS
# held back, in proportion to the better of the two shares, in whole points (a rep reads
# whole points, trainer.scoring.points: a share under half a point takes nothing).
# Independent of the moves, so one more move met never lowers the score.
THIN_WORDS = 30
THIN_SPECIFIC = 10
THIN_MAX_POINTS = 3.0
# Rambling is also an answer over the step's length bound (under RAMBLING_FACTOR times it)
# whose longest sentence runs past RUN_ON_WORDS words: a monologue in one breath ("Right,
# yes, budgets, everyone's the same, and I understand, it's hard, ..."). Coaches rated every
# such answer of the tuning sets 2; answers over the bound in sentences are not touched.
RUN_ON_WORDS = 40
QUOTE_WORDS = 20  # a question longer than this is quoted from its last clause
NEGATED_QUOTE_WORDS = 6  # a negation after a phrase is quoted with this many words at most
RUN_ON_COMMAS = 4
# Faults that are no harm to the prospect: they cost points, but do not lower the floor (a long
# but harmless answer keeps FLOOR_POINTS like a short weak one).
NOT_HARM = frozenset({"rambling"})
# Words that are no sentences (a keyword salad with no sentence punctuation, where only word
# order could find a move or a question): no move is read in them, and nothing in them is
# asked but what a "?" marks. Its penalty leaves the score at its floor either way: this is
# what the rep reads ("✓ Acknowledge 'lots of'" in a 2,000-word salad told two stories).
NOT_SENTENCES = frozenset({"keyword-salad"})
# Conduct that harms the prospect outweighs every move the answer made: arguing, rudeness, a
# made-up reason, refusing to stop, pushing past their no, invented urgency and a price cut
# thrown at them. Such an answer scores at most HARM_CAP, below the floor of any answer that
# does no harm (FLOOR_POINTS). Every coach rated every such answer of the five tuning sets 1
# or 2.
HARM_CAPPED = frozenset(
    {
        "arguing",
        "rude",
        "pretext",
        "refuses-stop",
        "pushy",
        "pushes-on",
        "false-urgency",
        "discounting",
        "pressure",
        "misleads",
        "books-unasked",
    }
)
HARM_CAP = 4.0  # a whole point below the floor, so a rep reads 4 against 5
# The bottom of the scale keeps order: an answer that said something scores at least
# FLOOR_POINTS less 1 point per FLOOR_PENALTY_PER_POINT points of guard penalties, so a weak
# but harmless answer (5) stays above a harmful one (rude: 3, keyword salad: 1.7) and two
# harms rank by how much harm, where clamping to 0 tied them all.
FLOOR_POINTS = 5.0
FLOOR_PENALTY_PER_POINT = 30.0
COURTESIES = frozenset({"acknowledge", "use-name"})  # not enough on their own for hygiene
UNDATED_STEP_CREDIT = 0.85  # a next step with no day, time or person ("a call next week?")
# Callback details with a number but no day to try again, or a day but no number.
HALF_CALLBACK_CREDIT = 0.85
WITHHELD_NUMBER_CREDIT = 0.5  # a voicemail that says it won't leave a number
DENIED_CREDIT = 0.85  # a move the answer first denies ("I'm not calling to sell, I...")
HYGIENE_ALONE_CREDIT = 0.5  # a passed avoid/length check when no real move was made
MIN_WORDS_TO_JUDGE = 3  # an `avoid` check passes only when something was actually said
MAX_ANSWER_CHARS = 20_000  # longer input is scored on its first 20,000 characters
NAME_PLACEHOLDER = "{name}"
# Techniques for which playing back the prospect's own words counts as the move.
PLAYBACK_COUNTS = frozenset({"acknowledge", "confirm-understanding", "build-on-inbound"})
# ... and for which the play-back must be said, not asked ("Twelve vans and chasing receipts
# sounds painful" builds on their form; "How many vans?" does not).
STATED_PLAYBACK = frozenset({"build-on-inbound"})
# Techniques that a question or a pitch after the move undoes ("I'll remove you. Before I go
# though, are you sure you don't want to hear about our offer?"): stop means stop.
STOP_COUNTS = frozenset({"comply-do-not-call"})
# A removal handed to someone else ("I'll let the team know to remove you") earns most of the
# move: they asked for it done, not passed on.
HANDED_ON_CREDIT = 0.85
_HANDING_ON = frozenset({"let", "ask", "tell", "get"})
HANDED_ON_REACH = 5  # words from "let" to the removal: "let my manager know to take you off"
STILL_PITCHING = (
    "before i go",
    "before you go",
    "one last thing",
    "while i have you",
    # "I'll take you off, but not before you hear one thing", "Just so you know, we also...",
    # "if you ever want updates": the removal made the price of a last pitch.
    "not before",
    "if you ever want",
    "if you ever need",
)
# Questions that only check the request was met ("Is that okay?", "Anything else?").
_CONFIRMING_WORDS = frozenset(
    {"is", "that", "ok", "okay", "alright", "all", "right", "fine", "anything", "else", "ok?"}
)
# Techniques that a question they already answered fails ("What platform are you on?" right
# after "we're on Shopify"), whatever its `avoid` list says.
REPEAT_COUNTS = frozenset({"no-repeat-ask"})
# Techniques for which saying what the company does ("We replace the paper logs") counts.
WHAT_WE_DO_COUNTS = frozenset({"reason-for-call"})
# Techniques that offering a call at a later, named time makes ("Can I call Monday around
# three, after lunch?"): the move is "offer to be quick or call back at a better time".
CALLBACK_COUNTS = frozenset({"respect-time"})
_CALL_VERBS = frozenset({"call", "ring", "phone", "try", "catch", "reach"})
CALL_REACH = 7  # words from the call verb to the time: "call you after close, around six"
_LATER_OFFERED = frozenset({"better", "instead"})  # "is end of day better?"
# Techniques for which a phone number said in full counts as the move.
PHONE_NUMBER_COUNTS = frozenset({"leave-callback-details"})
GENERAL_QUESTION_DETAIL = (
    "a general question: tie it to what they said, or offer a choice, for full points"
)
# Phrase moves that are questions: a general one earns GENERAL_QUESTION_CREDIT.
POINTED_COUNTS = frozenset({"peer-question"})
# Moves that are asks: their phrase counts only inside (or leading into) a question asked, so
# "I won't ask if now's a bad time" or "no need to tell me who handles it" earn nothing.
ASKING_COUNTS = POINTED_COUNTS | {"permission-opener", "ask-for-right-person"}
# Moves that answer what they asked or tell why you call: "I'd rather not say where I got it"
# or "I'm not going to say why I'm calling" withholds them.
ANSWERING_COUNTS = frozenset({"honest-source", "reason-for-call"})
# Moves that a hedge in their sentence weakens ("It's from a list we bought, I think"): an
# answer to "where did you get my number?" is a fact, said plainly.
HEDGED_COUNTS = frozenset({"honest-source"})
HEDGED_CREDIT = 0.85
_HEDGES = (("i", "think"), ("i", "believe"), ("i", "guess"), ("probably",), ("maybe",))
# Moves a short reaction to what they said makes ("That's impressive.", "That's really smart,")
REACTION_COUNTS = frozenset({"acknowledge"})
_INTENSIFIERS = frozenset({"really", "pretty", "so", "very", "quite", "actually", "genuinely"})
# Moves a question asking who someone is makes, whatever its verb ("Who in clinical operations
# would be the business owner for this?").
WHO_QUESTION_COUNTS = frozenset({"ask-for-right-person"})
# Moves a "but" right after takes back ("I understand, but you're wrong").
TAKEN_BACK_COUNTS = frozenset({"acknowledge", "label-emotion", "respect-time"})


# Words after a refused ask that are its object, not a question of their own ("I won't ask
# how you do it now").
REFUSED_ASK_OBJECT = 4


@dataclass(slots=True)
class _Context:
    """Everything about one answer that detectors share, computed once."""

    text: str
    norm: Normalised
    matcher: Matcher
    prospect: Normalised
    prospect_matcher: Matcher
    prospect_name: str | None
    _questions: list[Question] | None = None
    _echoes: list[Span] | None = None
    _next_step: list[Span] | None = None
    _proposed: list[Span] | None = None
    _overlap: list[Span] | None = None
    _discovery: list[Question] | None = None
    _proposals: int = 0  # questions that propose a next step (set with _discovery)
    _time_asks: int = 0  # questions that ask for their time (set with _discovery)
    _interest_asks: int = 0  # questions that ask if they like the pitch (with _discovery)
    forbidden: frozenset[int] = frozenset()  # tokens an `avoid` check of the rubric flagged
    length: Length | None = None
    topic: Topic | None = None
    step: Step | None = None
    facts: FactsSoFar | None = None
    refused: list[Span] = field(default_factory=list)  # moves the answer negates and skips
    sarcastic: list[Span] = field(default_factory=list)  # "Sure, because nobody's ever..."
    put_off: list[Span] = field(default_factory=list)  # "I'll remove you after the promo"
    kept_pitching: list[Span] = field(default_factory=list)  # a pitch after agreeing to stop
    reasks: list[Reask] = field(default_factory=list)  # questions they already answered
    _refused_asks: list[Span] | None = None
    _withdrawn: list[Withdrawal] | None = None
    _phone: tuple[Span | None] | None = None  # (the number or None), once looked for

    @property
    def refused_asks(self) -> list[Span]:
        """ "I won't ask...", "no need to tell me...": asks the answer says it skips."""
        if self._refused_asks is None:
            self._refused_asks = refused_asks(self.norm)
        return self._refused_asks

    @property
    def withdrawn(self) -> list[Withdrawal]:
        """ "Can I call you at four? Actually, no, ...": moves made, then taken back."""
        if self._withdrawn is None:
            self._withdrawn = withdrawals(self.norm)
        return self._withdrawn

    def withdrawn_at(self, span: Span, *, ends: bool = False) -> Withdrawal | None:
        """The take-back that withdraws the words of `span`: it starts in what the take-back
        withdraws, or (in speech, where a question runs on through "never mind") it runs
        through the take-back."""
        toks = self.norm.content
        speech = ends and not self.norm.punctuated
        for w in self.withdrawn:
            if (
                w.span[0] <= span[0] <= w.span[1]
                or span[0] < w.marker[0] <= span[1]
                # `ends`: in speech, a move inside a question that ends in what the take-back
                # withdraws ("do you have a moment or is now bad nah forget it")
                or (speech and self._asked_until(span, w.span))
            ):
                if any(t.norm in _OPEN_WORDS for t in toks[w.marker[1] + 1 : span[1] + 1]):
                    continue  # "what do you like actually no what would you change": re-asked
                return w
        return None

    def _asked_until(self, span: Span, withdrawn: Span) -> bool:
        """`span` lies in a question that reaches the `withdrawn` words."""
        return any(
            q.span[0] <= span[0]
            and span[1] <= q.span[1]
            and withdrawn[0] <= q.span[1]
            and q.span[0] <= withdrawn[1]
            for q in self.questions
        )

    def step_withdrawn_at(self, span: Span) -> Withdrawal | None:
        """The take-back that withdraws a next step, or turns down the day it names in its
        reason ("Can I ring Thursday? Actually, no, Thursday's no good")."""
        speech = not self.norm.punctuated
        for w in self.withdrawn:
            if (
                w.span[0] <= span[0] <= w.span[1]
                # in speech, a step whose words end in what the take-back withdraws
                or (speech and w.span[0] <= span[1] <= w.span[1])
                or (w.reason is not None and w.reason[0] <= span[0] <= w.reason[1])
            ):
                return w
        return None

    @property
    def phone_number(self) -> Span | None:
        """A phone number said or typed in groups (voicemail moves)."""
        if self._phone is None:
            self._phone = (phone_number(self.norm),)
        return self._phone[0]

    def refuse(self, span: Span, fallback: str) -> str:
        """A move the answer negates and skips: noted (`refused`), quoted for the failure."""
        self.refused.append(span)
        quoted = self.evidence([span])
        return f"negated: \u201c{quoted[0].text if quoted else fallback}\u201d"

    @property
    def questions(self) -> list[Question]:
        if self._questions is None:
            self._questions = find_questions(self.norm, self.matcher)
        return self._questions

    @property
    def echoes(self) -> list[Span]:
        """Questions that only hand back the prospect's words ("Next quarter?")."""
        if self._echoes is None:
            toks = self.norm.content
            self._echoes = [q.span for q in self.questions if echo_question(toks, q, self.prospect)]
        return self._echoes

    @property
    def proposed(self) -> list[Span]:
        """Every next step the answer proposes, including ones it takes back or answers."""
        if self._proposed is None:
            self._proposed = find_next_step(self.norm, self.matcher, self.questions)
        return self._proposed

    @property
    def next_step(self) -> list[Span]:
        if self._next_step is None:
            self._next_step = [
                s
                for s in self.proposed
                if self.step_withdrawn_at(s) is None and self.step_answered_at(s) is None
            ]
        return self._next_step

    def step_answered_at(self, span: Span) -> Span | None:
        """The question a next step is proposed in, when the answer replies to it itself
        ("Could we meet Thursday? Probably not, I'd guess."): not proposed."""
        for q in self.questions:
            if q.span[0] <= span[0] <= q.span[1] and rhetorical(self.norm, q.span):
                return q.span
        return None

    @property
    def overlap(self) -> list[Span]:
        if self._overlap is None:
            self._overlap = overlap_with_prospect(self.norm, self.prospect)
        return self._overlap

    def discovery_questions(self) -> list[Question]:
        """Questions that ask about them: not a proposed time ("does Tuesday at 2 work?")
        and not logistics ("what's your email?")."""
        if self._discovery is None:
            toks = self.norm.content
            steps = self.next_step
            logistics = [h.first for p in LOGISTICS_QUESTIONS for h in self.matcher.find(p)]
            time_asks = [h.first for p in TIME_ASKS for h in self.matcher.find(p)]
            interest = [h.first for p in INTEREST_ASKS for h in self.matcher.find(p)]
            logistics += [
                h.first
                for p in SMALL_TALK_QUESTIONS
                for h in self.matcher.find(p)
                if _pleasantry(toks, h.last)
            ]
            out = []
            for q in self.questions:
                first, last = q.span
                if any(i in self.forbidden for i in range(first, last + 1)):
                    continue  # "how many technicians do you have?" asked again: not discovery
                if (q.kind != "tag" and leading_question(toks, q.span)) or rhetorical(
                    self.norm, q.span
                ):
                    continue  # "Don't you want to save money?" argues; it asks nothing
                if q.kind == "marked" and negative_tag_question(toks, q.span):
                    continue  # "That's not a real answer, is it?" tells them the answer
                if q.span in self.echoes:
                    continue  # "Next quarter?" repeats their words; it asks nothing new
                if any(
                    first <= a <= last
                    or (
                        a <= first <= b + REFUSED_ASK_OBJECT
                        and toks[first].sentence == toks[b].sentence
                    )
                    for a, b in self.refused_asks
                ):
                    continue  # "Why bother asking how it works?", "i wont ask how you do it"
                if self.withdrawn_at(q.span) is not None:
                    continue  # "What went wrong? Never mind, ...": asked and taken back
                if any(a <= first and last <= b for a, b in self.sarcastic):
                    continue  # "Sure, compare us to your coffee budget?": a sneer
                if any(a <= first <= b for w in self.withdrawn for a, b in (w.marker,)):
                    continue  # "Which obviously isn't happening.": the take-back, not a question
                words = {t.norm for t in toks[first : last + 1]}
                # "when does your financial year start" asks about them; "when suits?" a time.
                about_them = words & {"what", "how", "why", "who", "which"} or any(
                    t.norm == "when" and toks[k + 1].norm in {"does", "do", "did"}
                    for k, t in enumerate(toks[first:last], start=first)
                )
                proposal = (
                    any(first <= a <= last for a, _ in steps)
                    and not about_them
                    and (last - first < SHORT_PROPOSAL or bool(words & PROPOSAL_WORDS))
                )
                if any(first <= i <= last for i in logistics):
                    continue
                tail = _last_clause(toks, first, last)
                if any(tail <= i <= last for i in interest) and not proposal:
                    self._interest_asks += 1  # "Is that something you'd be interested in?"
                    continue
                if any(tail <= i <= last for i in time_asks):
                    # "Do you have a minute?", "..., if you have a minute?" ask permission
                    self._time_asks += 1
                    continue
                self._proposals += proposal
                if not proposal:
                    out.append(q)
            self._discovery = out
        return self._discovery

    def evidence(self, spans: list[Span] | tuple[Span, ...]) -> tuple[Evidence, ...]:
        toks = self.norm.content
        out: list[Evidence] = []
        for first, last in spans:
            if not (0 <= first <= last < len(toks)):
                continue
            start, end = toks[first].start, toks[last].end
            out.append(Evidence(self.text[start:end], start, end))
        # Words quoted once: "how are you" inside "how are you today" is the same words.
        return tuple(
            e
            for e in dict.fromkeys(out)
            if not any(f != e and f.start <= e.start and e.end <= f.end for f in out)
        )


class Length(NamedTuple):
    """The answer's length and the one bound every part of the result judges it by."""

    words: int  # content words as written (fillers and "don't" counted once, fillers not)
    lo: float | None
    hi: float | None
    hurried: bool  # the prospect sounds short of time
    limit: float  # the rambling guard triggers above this many words
    why: str  # where `hi` comes from, for the evidence


def score_answer(
    step: Step,
    answer: Answer,
    prospect_line: str,
    scenario_delivery: DeliveryTargets | None = None,
    *,
    prospect_name: str | None = None,
    facts: FactsSoFar | None = None,
) -> TurnScore:
    """Score one answer against the step's rubric, guards and delivery targets.

    `prospect_name` (the persona's name) lets the `use-name` technique check for it; without
    it, a name the prospect gives in the line ("Priya speaking", "you've reached Dana Ruiz")
    is used; `facts` (the call's hidden facts uncovered so far) lets a `facts` criterion
    count them.
    """
    text = answer.text[:MAX_ANSWER_CHARS]
    norm = normalise(text)
    prospect, prospect_matcher = _prospect(prospect_line[:MAX_ANSWER_CHARS])
    name = prospect_name or introduced_name(prospect_line[:MAX_ANSWER_CHARS])
    ctx = _Context(text, norm, Matcher(norm), prospect, prospect_matcher, name)
    goals = delivery_metrics.targets(scenario_delivery, step.delivery)
    ctx.sarcastic = sarcasm(norm) + mocking_orders(norm)

    rubric = [resolve(c) for c in step.rubric]
    ctx.forbidden = _forbidden(rubric, ctx)
    ctx.reasks = reasks(norm, [q.span for q in ctx.questions], prospect)
    if ctx.reasks:  # asked again what they just said: no question credit for it
        ctx.forbidden = ctx.forbidden | {
            i for r in ctx.reasks for i in range(r.question[0], r.question[1] + 1)
        }
    ctx.length = _length(rubric, step, scenario_delivery, goals, ctx)
    ctx.step = step
    ctx.facts = facts
    if norm.content:
        engaged = bool(ctx.overlap) or restatement(norm, prospect) is not None
        ctx.topic = off_topic(norm, prospect, step_vocabulary(step), engaged)
    criteria = _hygiene(tuple(_judge(c, ctx) for c in rubric), rubric)
    notes: list[str] = []
    guard_hits: list[GuardHit] = []
    if not norm.content:
        notes.append("Nothing was said: every move is missing.")
    else:
        phrase_spans = _phrase_spans(rubric, ctx)
        guard_hits = run_guards(
            norm,
            ctx.matcher,
            ctx.prospect_matcher,
            length=(ctx.length.words, ctx.length.limit, ctx.length.why),
            overlap=ctx.overlap if not _greeting_or_prompt(ctx) else [(0, 0)],
            phrase_spans=phrase_spans,
            engaged=lambda: _engaged(ctx),
        )
        # Contradicting them, by structure (see contradiction.py); a clause already penalised
        # as a refused move is one fact, penalised once.
        against = [
            (a, b)
            for a, b in contradictions(norm, prospect, [q.span for q in ctx.questions], STOPWORDS)
            if not any(a <= y and x <= b for x, y in ctx.refused)
        ]
        if against and not any(g.id == "arguing" for g in guard_hits):
            guard_hits.append(GuardHit("arguing", tuple(against[:3]), "contradicts what they said"))
        if ctx.sarcastic and not any(g.id == "arguing" for g in guard_hits):
            guard_hits.append(GuardHit("arguing", tuple(ctx.sarcastic[:3]), "sarcasm"))
        waved = brush_offs(norm)
        if waved and not any(g.id == "rude" for g in guard_hits):
            # "Not really your problem though, is it?": their problem, waved away.
            guard_hits.append(GuardHit("rude", tuple(waved[:1]), BRUSH_OFF))
        # "Why wouldn't you just go with them?" argues with them as it asks.
        arguing_asks = [
            q.span
            for q in ctx.questions
            if arguing_question([t.norm for t in norm.content[q.span[0] : q.span[0] + 4]])
        ]
        if arguing_asks and not any(g.id in {"arguing", "pushy"} for g in guard_hits):
            detail = "a question that argues"
            guard_hits.append(GuardHit("arguing", tuple(arguing_asks[:3]), detail))
    if ctx.topic is not None:
        said = ", ".join(f"\u201c{e.text}\u201d" for e in ctx.evidence(ctx.topic.foreign[:3]))
        notes.append(
            f"Not about what they raised ({ctx.topic.raised}): {said}. Its moves earn "
            "nothing until it answers them."
        )
    # "I won't take you off the list just yet", or a removal taken back ("I'll take you off.
    # Actually, I can't promise that"): a request to stop, refused.
    undone = [
        r.detail or ""
        for c, r in zip(rubric, criteria, strict=True)
        if (c.use or c.key) in STOP_COUNTS
        and not r.passed
        and ((r.detail or "").startswith("neg") or TAKEN_BACK_DETAIL in (r.detail or ""))
    ]
    refused_stop = list(ctx.refused[:1]) if undone else []
    refused_stop += [span for span in ctx.put_off[:1] if span not in refused_stop]
    if refused_stop:
        detail = PUT_OFF if ctx.put_off and not ctx.refused else ""
        if any(TAKEN_BACK_DETAIL in d for d in undone):
            detail = TAKES_BACK
        guard_hits = [*guard_hits, GuardHit("refuses-stop", tuple(refused_stop), detail)]
    if ctx.kept_pitching:
        # The pitch after agreeing to stop is one fact: penalised once, as pushing on.
        guard_hits = [g for g in guard_hits if g.detail != TACKED_ON_PITCH]
    if ctx.kept_pitching and not any(g.id == "pushy" for g in guard_hits):
        # "I'll remove you. Before I go, have you heard about our new plan?": stop means stop.
        guard_hits = [
            *guard_hits,
            GuardHit("pushy", tuple(ctx.kept_pitching[:1]), KEPT_PITCHING),
        ]
    if (
        ctx.refused
        and ctx.topic is None
        and not any(g.id in {"refuses-move", "refuses-stop"} for g in guard_hits)
    ):
        markers = {w.marker for w in ctx.withdrawn}
        took_back = TAKES_BACK if all(span in markers for span in ctx.refused) else ""
        guard_hits = [*guard_hits, GuardHit("refuses-move", tuple(ctx.refused[:3]), took_back)]
    refusals = [s for g in guard_hits if g.id in {"refuses-move", "refuses-stop"} for s in g.spans]
    if refusals and not any(g.id == "pushy" for g in guard_hits):
        # "I won't ask what went wrong - let me show you our system": skipped, then pushed past.
        pushed = pushing_on(ctx.matcher, min(a for a, _ in refusals))
        if pushed:
            guard_hits = [*guard_hits, GuardHit("pushes-on", tuple(pushed[:1]))]
    asides = snide_asides(norm)
    if asides and not any(g.id == "rude" for g in guard_hits):
        # "I know you've got a group arriving, not that that's my problem.": a put-down.
        guard_hits = [*guard_hits, GuardHit("rude", tuple(asides[:1]), "a snide aside")]
    broken = reversed_promises(norm)
    if broken and not any(g.id == "pushy" for g in guard_hits):
        # "I won't ask for a demo. Well, I do need the full forty-five minutes": a promise
        # gone back on in the next breath.
        guard_hits = [*guard_hits, GuardHit("pushy", tuple(broken[:1]), BROKEN_PROMISE)]
    no_question = any(c.question is False for c in rubric)
    guards = tuple(
        GuardResult(
            id=g.id,
            label=LABEL[g.id] + (f" ({g.detail})" if g.detail else ""),
            triggered=True,
            penalty=PENALTY[g.id] + g.extra_penalty,
            evidence=ctx.evidence(
                ctx.topic.foreign if g.id == "ignores-prospect" and ctx.topic else g.spans
            ),
            tip=guard_tip(g.id, g.detail, no_question),
        )
        for g in guard_hits
    )
    # One fact, one verdict: a move the harm contradicts is not made (see vetoes.py).
    criteria = vetoed(
        criteria, rubric, guards, HARM_CAPPED if norm.punctuated else HARM_CAPPED | NOT_SENTENCES
    )
    goals["words"] = (ctx.length.lo, ctx.length.hi)
    # Questions: one count everywhere, the questions about them (what the rubric counts). The
    # target is the rubric's where it judges questions; else the step's or scenario's own;
    # else one to three, unless the step's model answer asks none ("take me off your list").
    asks = [c.question for c in rubric if c.question is not None]
    if asks:
        goals["questions"] = delivery_metrics.QUESTIONS if any(asks) else (None, 0)
    elif not _questions_targeted(scenario_delivery, step) and not _model_asks(
        step.model_answer, prospect_line[:MAX_ANSWER_CHARS]
    ):
        goals["questions"] = (None, None)
    questions = 0 if ctx.topic is not None else len(ctx.discovery_questions())
    if not norm.punctuated and any(g.id in NOT_SENTENCES for g in guards):
        questions = 0  # an unpunctuated salad asks only what a "?" marks: it has none
    metrics = delivery_metrics.measure(answer, norm, ctx.length.words, questions, goals)
    if len(answer.text) > MAX_ANSWER_CHARS:
        notes.append(f"Only the first {MAX_ANSWER_CHARS:,} characters were scored.")
    total = combine(criteria, guards)
    thin, specific = _thin(norm, ctx.length.words, step)
    floor = bottom_floor(guards) if norm.content else 0.0
    if norm.content and thin and total - thin >= floor and total > 0:
        total = round(total - thin, 1)
        notes.append(depth_note(thin, ctx.length.words, specific, stop=_stop_step(step)))
    elif norm.content and total - thin < floor:
        notes.append(_floor_note(criteria, guards, floor, thin))
        total = floor
    harm = [g.label for g in guards if g.triggered and g.id in HARM_CAPPED]
    if harm and total > HARM_CAP:
        total = HARM_CAP
        notes.append(
            f"Capped at {HARM_CAP:g}: {harm[0].lower()} outweighs any move (an answer that does "
            f"no harm scores at least {FLOOR_POINTS:g})."
        )
    return TurnScore(
        score=total,
        criteria=criteria,
        guards=guards,
        delivery=metrics,
        notes=tuple(notes),
        asked=len(ctx.questions),
    )


def _questions_targeted(scenario_delivery: DeliveryTargets | None, step: Step) -> bool:
    return any(
        d is not None and d.questions is not None for d in (scenario_delivery, step.delivery)
    )


@lru_cache(maxsize=256)
def _model_asks(model_answer: str | None, prospect_line: str) -> bool:
    """Whether the step's model answer asks a question about them (true without one)."""
    if not model_answer:
        return True
    model = normalise(model_answer)
    prospect, prospect_matcher = _prospect(prospect_line)
    probe = _Context(model_answer, model, Matcher(model), prospect, prospect_matcher, None)
    return bool(probe.discovery_questions())


# "Riverside Dental, Priya speaking.", "Hi, this is Dana.", "You've reached Dana Ruiz."
_INTRODUCED = (
    re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:speaking|here)\b"),
    re.compile(
        r"\b(?:[Tt]his is|[Yy]ou've reached|[Yy]ou have reached|[Mm]y name is|[Ii]t's) "
        r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"
    ),
)
_NAME_FIRST = re.compile(r"\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*[,.?!-]")
_NOT_NAMES = frozenset({"I", "It", "This", "That", "We", "You", "Hello", "Hi", "Reception", "The"})


@lru_cache(maxsize=256)
def introduced_name(line: str) -> str | None:
    """The name a prospect gives for themself in their line, if any."""
    for pattern in _INTRODUCED:
        for m in pattern.finditer(line):
            words = [w for w in m.group(1).split() if w not in _NOT_NAMES]
            if words:
                return " ".join(words)
    # Answering with their name first: "Janet Morales, legal operations.", "Dana?"
    opening = _NAME_FIRST.match(line)
    if opening and is_first_name(opening[1].split()[0]):
        return opening[1]
    return None


def _forbidden(rubric: list[Criterion], ctx: _Context) -> frozenset[int]:
    """Tokens that an `avoid` check of the rubric flags: no move may earn credit with them
    ("how many technicians do you have?" asked again is not a peer-level question)."""
    out: set[int] = set()
    toks = ctx.norm.content
    asked = [q.span for q in ctx.questions]
    if not asked:
        return frozenset()
    for c in rubric:
        for phrase in ctx.matcher.candidates(c.avoid or ()):
            for h in _avoided(ctx, phrase):
                for first, last in asked:
                    if first <= h.last and h.first <= last:  # an avoided ask: the whole question
                        # from its own clause: "Hi Kate, how are you today?" still names her
                        start = min(
                            (
                                i
                                for i in range(first, h.first + 1)
                                if toks[i].clause == toks[h.first].clause
                            ),
                            default=first,
                        )
                        out.update(range(start, last + 1))
    return frozenset(out)


def _avoided(ctx: _Context, phrase: str) -> list[Hit]:
    """Where the answer says an avoided phrase. An order to "you" after an auxiliary is
    inverted into a question: "What would you need to see?" asks what "You need to see
    this" tells."""
    toks = ctx.norm.content
    return [
        h
        for h in ctx.matcher.find(phrase)
        if not h.negated
        and not (
            toks[h.first].norm == "you"
            and h.first > 0
            and toks[h.first - 1].norm in AUX
            and toks[h.first - 1].clause == toks[h.first].clause
        )
    ]


def _length(
    rubric: list[Criterion],
    step: Step,
    scenario_delivery: DeliveryTargets | None,
    goals: dict[str, tuple[float | None, float | None]],
    ctx: _Context,
) -> Length:
    """One length verdict: the step's `words` bound (rubric, else delivery targets, else the
    defaults); a hurried prospect caps an unwritten bound at `hurried_words` (default 30)."""
    words = word_count(ctx.norm.content)
    hurried = is_hurried(ctx.prospect_matcher)
    bounds = [c.words for c in rubric if c.words is not None]
    written = [
        b
        for c, b in zip((c for c in rubric if c.words is not None), bounds, strict=True)
        if not _stock_words(c)
    ]
    lo = max((b.min for b in bounds if b.min is not None), default=None)
    if not bounds:
        lo = goals["words"][0]
    his = [b.max for b in written if b.max is not None]
    delivery_hi = next(
        (
            layer.words.max
            for layer in (step.delivery, scenario_delivery)
            if layer is not None and layer.words is not None and layer.words.max is not None
        ),
        None,
    )
    if his:
        hi: float | None = min(his)
        why = f"this step (at most {hi:g})"
    elif delivery_hi is not None:
        hi, why = delivery_hi, f"this step (at most {delivery_hi:g})"
    elif hurried:
        hi = next(
            (
                layer.hurried_words.max
                for layer in (step.delivery, scenario_delivery)
                if layer is not None
                and layer.hurried_words is not None
                and layer.hurried_words.max is not None
            ),
            HURRIED_MAX_WORDS,
        )
        why = f"a hurried prospect (at most {hi:g})"
    else:
        stock = [b.max for b in bounds if b.max is not None]
        hi = min(stock) if stock else goals["words"][1]
        why = f"a target of at most {hi:g}" if hi is not None else ""
    if hi is None:
        limit = DEFAULT_RAMBLING_WORDS
    elif hurried:
        limit = hi
    else:
        limit = max(hi * RAMBLING_FACTOR, HURRIED_MAX_WORDS)
    if hi is not None and words > RUN_ON_WORDS and not hurried:
        longest = longest_sentence(ctx.text)
        if longest > RUN_ON_WORDS:
            # A monologue in one breath: rambling, though under 1.25x the bound (or under the
            # bound itself: every such answer of the tuning sets was rated 2).
            if words <= hi:
                hi, why = RUN_ON_WORDS, f"at most {RUN_ON_WORDS:g} in one breath"
            limit = hi
            why = f"{why}, {min(longest, words)} of them in one run-on sentence"
    if lo is not None and hi is not None and lo > hi:
        lo = hi
    return Length(words, lo, hi, hurried, limit, why)


_SENTENCE_END = re.compile(r"[.!?;]+(?:\s|$)")


def longest_sentence(text: str) -> int:
    """The words of the answer's longest run-on sentence as written (split at . ! ? and ;):
    one whose clauses are spliced with at least RUN_ON_COMMAS commas. Unpunctuated speech
    has no sentences to judge: 0."""
    return max(
        (len(s.split()) for s in _SENTENCE_END.split(text) if s.count(",") >= RUN_ON_COMMAS),
        default=0,
    )


def _thin(norm: Normalised, words: int, step: Step) -> tuple[int, int]:
    """Points held back from an answer that says little of substance, and its words of
    substance (see THIN_*). The step's model answer caps the length target: an answer as long
    as the model answer is deep enough. On a step whose move is to stop (STOP_COUNTS) an
    answer that says the stop is for good holds nothing back, however short (depth.py)."""
    specific = substance_words(norm)
    if _stop_step(step) and said_for_good(norm):
        return 0, specific
    want_words, want_specific = _depth_targets(step.model_answer)
    depth = min(1.0, max(words / want_words, specific / want_specific))
    return whole(THIN_MAX_POINTS * (1 - depth)), specific  # whole points (scoring.points)


def _stop_step(step: Step) -> bool:
    """The step's move is to stop (a do-not-call): its answer complies and ends the call."""
    return any((c.use or c.key) in STOP_COUNTS for c in step.rubric)


@lru_cache(maxsize=256)
def _depth_targets(model_answer: str) -> tuple[float, float]:
    if model_answer.strip() in {"", "-"}:
        return float(THIN_WORDS), float(THIN_SPECIFIC)
    model = normalise(model_answer)
    return float(max(1, min(THIN_WORDS, word_count(model.content)))), float(THIN_SPECIFIC)


def _stock_words(c: Criterion) -> bool:
    """The criterion's word bound is its technique's, not one the step wrote."""
    technique = core_techniques().get(c.use or "")
    return technique is not None and technique.words == c.words


@lru_cache(maxsize=256)
def _prospect(line: str) -> tuple[Normalised, Matcher]:
    """Prospect lines repeat from answer to answer: normalise each once."""
    norm = normalise(line)
    return norm, Matcher(norm)


def combine(
    criteria: tuple[CriterionResult, ...] | list[CriterionResult],
    guards: tuple[GuardResult, ...] | list[GuardResult] = (),
) -> float:
    """Weighted share of criteria met, minus triggered guard penalties, clamped to 0-100."""
    return round(min(100.0, max(0.0, moves_earned(criteria) - penalties(guards))), 1)


def moves_earned(criteria: tuple[CriterionResult, ...] | list[CriterionResult]) -> float:
    """The points the moves earned: the weighted share of criteria met, out of 100."""
    total = sum(_safe(c.weight) for c in criteria)
    met = sum(_safe(c.weight) * min(1.0, _safe(c.credit)) for c in criteria if c.passed)
    return 100.0 * met / total if total > 0 else 0.0


def penalties(guards: tuple[GuardResult, ...] | list[GuardResult]) -> float:
    """The points the triggered guards take off."""
    return sum(_safe(g.penalty) for g in guards if g.triggered)


def bottom_floor(guards: tuple[GuardResult, ...] | list[GuardResult]) -> float:
    """The least an answer that said something scores: FLOOR_POINTS, less 1 point for every
    FLOOR_PENALTY_PER_POINT points of penalties (0 from 150 on). More or worse harm always
    scores lower, and an answer that does no harm keeps FLOOR_POINTS."""
    harm = penalties([g for g in guards if g.id not in NOT_HARM])
    return round(max(0.0, FLOOR_POINTS - harm / FLOOR_PENALTY_PER_POINT), 1)


def _floor_note(
    criteria: tuple[CriterionResult, ...],
    guards: tuple[GuardResult, ...],
    floor: float,
    thin: float,
) -> str:
    """Why the score is its floor, with the arithmetic a rep can check."""
    moves, penalty = moves_earned(criteria), penalties(guards)
    held = (
        f", {whole(thin)} held back for few specifics" if thin and moves - penalty >= floor else ""
    )
    if not penalty:
        return (
            f"Scored its floor, {whole(floor)}: the moves earned {whole(moves)} points{held}, "
            f"and an answer that does no harm keeps at least {FLOOR_POINTS:g}."
        )
    harmless = (
        " (rambling is no harm: it does not lower the floor)"
        if any(g.id in NOT_HARM for g in guards if g.triggered)
        else ""
    )
    if held:
        return (
            f"Scored its floor, {whole(floor)}: the moves earned {whole(moves)} points, less "
            f"{penalty:g} of penalties{held}. The floor is {FLOOR_POINTS:g} points less 1 for "
            f"every {FLOOR_PENALTY_PER_POINT:g} points of penalties{harmless}."
        )
    return (
        f"Scored its floor, {whole(floor)}: the penalties ({penalty:g} points) took all that the "
        f"moves earned ({whole(moves)} points). The floor is {FLOOR_POINTS:g} points less 1 for "
        f"every {FLOOR_PENALTY_PER_POINT:g} points of penalties, so more harm scores lower"
        f"{harmless}."
    )


def attempt_score(step_scores: list[float]) -> float:
    """An attempt's score: the mean of its counted step scores as the rep read them, in
    whole points (points.whole), kept to a hundredth (0 when none). The total shown follows
    from the turn scores shown: 100 and 3 make 51.5, read 52 (not 51 from a hidden 2.5)."""
    finite = [whole(min(100.0, max(0.0, s))) for s in step_scores if math.isfinite(s)]
    if not finite:
        return 0.0
    mean = sum(finite) / len(finite)
    kept = round(mean, 2)
    # Kept to a hundredth that reads as the mean does (27.4545… keeps 27.45, read 27; a tenth
    # would have to be 27.4, further from the mean than the team server's check allows).
    return kept if whole(kept) == whole(mean) else math.floor(mean * 100) / 100


def _safe(x: float) -> float:
    return x if math.isfinite(x) and x > 0 else 0.0


def _engaged(ctx: _Context) -> bool:
    """The answer acknowledges, labels, plays back or asks: it responds to the person (not
    when it is about a subject of its own, see substance.off_topic)."""
    if ctx.topic is not None:
        return False
    # Asking about them or proposing a time responds; "what's your email?" alone does not.
    if (
        ctx.discovery_questions()
        or ctx._proposals
        or ctx._time_asks
        or restatement(ctx.norm, ctx.prospect)
    ):
        return True
    if echo_reply(ctx.norm, ctx.prospect):  # "You did, and I'll keep it short."
        return True
    techniques = core_techniques()
    for name in ("acknowledge", "label-emotion"):
        technique = techniques.get(name)
        hit, _ = ctx.matcher.first_unnegated(list(technique.phrases or ()) if technique else [])
        if hit is not None:
            return True
    return False


_SMALL_TALK_ENDINGS = frozenset({"doing", "today", "keeping", "this", "there", "on", "at"})


def _pleasantry(toks: tuple[Token, ...], last: int) -> bool:
    """'How are you?' / 'how are you doing today' is small talk; 'how are you running the
    rotas today?' asks about them."""
    nxt = last + 1
    return (
        nxt >= len(toks)
        or toks[nxt].clause != toks[last].clause
        or toks[nxt].norm in _SMALL_TALK_ENDINGS
    )


def _greeting_or_prompt(ctx: _Context) -> bool:
    """A hello, a voicemail prompt or 'what's this about?' leaves nothing to pick up but the
    question itself: any relevant answer responds to it."""
    if any(ctx.prospect_matcher.find(c) for c in _ASKS_WHY_YOU_CALL):
        return True
    few = len(ctx.prospect.content) <= 14
    return few and any(ctx.prospect_matcher.find(c) for c in _GREETING_CUES)


# The prospect asks who you are or why you call: any relevant answer responds, however long
# their line. Greetings and prompts count only in a short line.
_ASKS_WHY_YOU_CALL = (
    "leave a message",
    "after the tone",
    "who is this",
    "who's calling",
    "who is calling",
    "what is this about",
    "what is it about",
    "what is this regarding",
    "what is it regarding",
    "what do you want",
    "what are you calling",
    "why are you calling",
    "what do you do",
    "what can i do for you",
)
_GREETING_CUES = (
    "speaking",
    "this is",
    "reached",
    "hello",
    "can i help",
    "go ahead",
    "go on",
    "what is it",
    "seconds",
    "yes?",
    "yeah?",
)


def is_hygiene(c: Criterion) -> bool:
    """Checks that pass by not doing something: avoid lists, length bounds, 'no question'."""
    return not (
        c.phrases is not None
        or c.question
        or c.next_step
        or c.refers_to_prospect
        or c.facts is not None
    )


def _judge_facts(
    c: Criterion, check: FactsCheck, label: str, weight: float, ctx: _Context
) -> CriterionResult:
    """'uncovered 2 of 3 facts: ...': each fact counted earns its share of the weight."""
    verdict = judge_facts(check, ctx.facts)
    passed = verdict.passed and bool(ctx.norm.content)
    detail = verdict.detail if ctx.norm.content else "nothing said"
    return CriterionResult(
        id=c.key,
        label=label,
        weight=weight,
        passed=passed,
        tip=None if passed else (c.tip or facts_tip(verdict, ctx.facts and ctx.facts.how)),
        detail=detail,
        credit=verdict.credit if passed else 1.0,
    )


def _hygiene(
    results: tuple[CriterionResult, ...], rubric: list[Criterion]
) -> tuple[CriterionResult, ...]:
    """Hygiene checks earn full points only alongside at least one real move. A courtesy
    ("No problem", "Thanks, Rosa") is not one: "No problem, bye." gives up politely."""
    # A facts criterion is neither: facts uncovered earlier say nothing of this answer.
    moves = [
        (r, c)
        for r, c in zip(results, rubric, strict=True)
        if not is_hygiene(c) and c.facts is None
    ]
    if not moves or any(r.passed and (c.use or c.key) not in COURTESIES for r, c in moves):
        return results
    return tuple(
        replace(
            r,
            credit=HYGIENE_ALONE_CREDIT,
            detail="; ".join(x for x in (r.detail, "half credit until a real move is made") if x),
        )
        if r.passed and is_hygiene(c)
        else r
        for r, c in zip(results, rubric, strict=True)
    )


def _phrase_spans(rubric: list[Criterion], ctx: _Context) -> list[Span]:
    spans: list[Span] = []
    for c in rubric:
        for phrase in ctx.matcher.candidates(c.phrases or ()):
            spans.extend((h.first, h.last) for h in ctx.matcher.find(phrase) if not h.negated)
    return spans


def _name_phrases(phrases: list[str], name: str | None) -> list[str]:
    out: list[str] = []
    for p in phrases:
        if NAME_PLACEHOLDER not in p:
            out.append(p)
        elif name:
            parts = name.split()
            for variant in dict.fromkeys([name, parts[0], parts[-1]]):
                out.append(p.replace(NAME_PLACEHOLDER, variant))
    return out


def _same_wording(a: str, b: str) -> bool:
    """Two phrases of a move share a meaningful word: "(not) calling to" and "I'm calling
    because" deny and then make the same move; "(won't pretend it was) a referral" and "a
    list" say two different things."""
    mine = {stem(w) for w in phrase_words(a) if w not in STOPWORDS}
    return bool(mine & {stem(w) for w in phrase_words(b) if w not in STOPWORDS})


QUESTION_LEAD_IN = 4  # "Out of curiosity, what..." leads into the question it belongs to


def _in_or_before_question(ctx: _Context, hit: Hit) -> bool:
    return any(q.span[0] - QUESTION_LEAD_IN <= hit.first <= q.span[1] for q in ctx.questions)


def _first_allowed(
    ctx: _Context,
    phrases: list[str],
    *,
    but_takes_back: bool = False,
    asks: bool = False,
    withheld: list[Span] | None = None,
) -> tuple[Hit | None, Hit | None]:
    """The first un-negated phrase hit outside an avoided ask and outside the `withheld`
    spans, and the first negated one (with `but_takes_back`, one taken back by a "but"
    counts as negated)."""
    best: Hit | None = None
    negated: Hit | None = None
    for phrase in ctx.matcher.candidates(phrases):
        for hit in ctx.matcher.find(phrase):
            if any(i in ctx.forbidden for i in range(hit.first, hit.last + 1)):
                continue
            if withheld and _inside(withheld, hit):
                continue  # "He'll know what it's about": the reason kept, not given
            if asks and not hit.negated and not _in_or_before_question(ctx, hit):
                continue  # "we might be worth a look at" says "looked at"; it asks nothing
            if asks and _rep_does(ctx.norm.content, hit.first):
                continue  # "Could we look at a five-seat start?" proposes; it asks nothing
            if (
                hit.negated
                or _in_rhetorical_question(ctx, hit)
                or _inside(ctx.sarcastic, hit)
                or _inside(ctx.echoes, hit)
                or ctx.withdrawn_at((hit.first, hit.last), ends=True) is not None
                or (but_takes_back and _taken_back(ctx, hit))
            ):
                if negated is None or hit.first < negated.first:
                    negated = hit
            elif best is None or hit.first < best.first:
                best = hit
    return best, negated


TAKEN_BACK_BY = frozenset({"but", "however", "although", "though"})
# Words between the rep ("we", "I") and what they do: "could we just look at".
_REP_AUXILIARIES = frozenset(
    {"could", "can", "shall", "should", "will", "would", "might", "may", "just", "also", "all"}
)


def _rep_does(toks: tuple[Token, ...], first: int) -> bool:
    """The phrase at `first` is the rep's own doing ("Could we look at a five-seat start?",
    "let's look at", "I'll walk you through"): what the rep proposes, not a question about
    how they work or what they looked at."""
    j = first - 1
    while j >= 0 and toks[j].clause == toks[first].clause and toks[j].norm in _REP_AUXILIARIES:
        j -= 1
    return j >= 0 and toks[j].clause == toks[first].clause and toks[j].norm in {"we", "i", "us"}


def _in_rhetorical_question(ctx: _Context, hit: Hit) -> bool:
    """ "Fair enough? Not really, ...", "Is this a bad time? Doesn't matter, ...": a move made
    in a question the answer replies to itself is not made."""
    return any(
        q.span[0] <= hit.first <= q.span[1] and rhetorical(ctx.norm, q.span) for q in ctx.questions
    )


def _withdrawn_detail(ctx: _Context, said: str, took: Withdrawal) -> str:
    ctx.refused.append(took.marker)
    quoted = ctx.evidence([took.marker])
    marker = quoted[0].text if quoted else "a take-back"
    return f"\u201c{said}\u201d{TAKEN_BACK_DETAIL}\u201c{marker}\u201d"


UNDONE_REACH = 1  # sentences after the move in which turning it down undoes it


def _undone_later(ctx: _Context, phrases: list[str]) -> Hit | None:
    """A refusal of the move after its last plain hit, in the same or the next sentence: "It
    came from, well, I'm not going to get into where it came from"."""
    toks = ctx.norm.content
    if not any(t.norm in {"not", "never", "no"} for t in toks):
        return None  # a refusal needs one of these (Matcher.refused)
    plain: list[Hit] = []
    negated: list[Hit] = []
    for phrase in ctx.matcher.candidates(phrases):
        for hit in ctx.matcher.find(phrase):
            if any(i in ctx.forbidden for i in range(hit.first, hit.last + 1)):
                continue
            (negated if hit.negated else plain).append(hit)
    if not plain or not negated:
        return None
    last = max(plain, key=lambda h: h.last)
    for hit in sorted(negated, key=lambda h: h.first):
        if (
            hit.first > last.last
            and toks[hit.first].sentence - toks[last.last].sentence <= UNDONE_REACH
            and _said_of_ourselves(toks, hit.first)
            and ctx.matcher.refused(hit.first)
        ):
            return hit
    return None


def _said_of_ourselves(toks: tuple[Token, ...], index: int) -> bool:
    """The clause of `index` has "I" or "we" before it: the rep turning their own move down
    ("I'm not going to get into it", "we can't take anyone off"), not a clause about them
    ("when you're not slammed")."""
    clause = toks[index].clause
    j = index - 1
    while j >= 0 and toks[j].clause == clause:
        if toks[j].norm in {"i", "we"}:
            return True
        j -= 1
    return False


def _retry_promised(ctx: _Context) -> Span | None:
    """A dated next step in a clause where the rep says they'll get in touch ("I'll try you
    Thursday at eleven"), not a time of theirs ("about your demo request at 10")."""
    if not ctx.next_step or not dated_next_step(ctx.norm, ctx.matcher, ctx.next_step):
        return None
    toks = ctx.norm.content
    for first, last in ctx.next_step:
        words = {t.norm for t in toks if t.clause == toks[first].clause}
        if words & {"i", "we"} and words & _CALL_VERBS:
            return (first, last)
    return None


def _withdrawn_question(ctx: _Context) -> str | None:
    """ "What would you change? Don't bother answering": the question, asked and taken back."""
    if not ctx.withdrawn:
        return None
    for q in ctx.questions:
        if (took := ctx.withdrawn_at(q.span)) is not None:
            quoted = ctx.evidence([q.span])
            return _withdrawn_detail(ctx, quoted[0].text if quoted else "a question", took)
    return None


def _answered_step(ctx: _Context) -> str | None:
    """ "Could we meet Thursday? Probably not.": the step, proposed and answered for them."""
    for step in ctx.proposed:
        if (asked := ctx.step_answered_at(step)) is not None:
            quoted = ctx.evidence([asked])
            said = quoted[0].text if quoted else "a next step"
            return f"\u201c{said}\u201d is asked and answered at once"
    return None


def _withdrawn_step(ctx: _Context) -> str | None:
    """ "Can I call you at four? Actually, no, ...": the next step, proposed and taken back."""
    if not ctx.withdrawn:
        return None
    for step in ctx.proposed:
        if (took := ctx.step_withdrawn_at(step)) is not None:
            quoted = ctx.evidence([step])
            return _withdrawn_detail(ctx, quoted[0].text if quoted else "a next step", took)
    return None


def _covers(span: Span, negated: Hit | None) -> bool:
    """A move found in other words (a paraphrase, a playback, a reaction) whose words hold the
    move's own words negated or taken back: "of course that makes sense nah forget it" is no
    paraphrase of "Of course, that makes sense"."""
    return negated is not None and span[0] <= negated.last and negated.first <= span[1]


def _inside(spans: list[Span], hit: Hit) -> bool:
    """The hit lies within one of the spans: an echo question ("Two minutes?": their words,
    not the move) or sarcasm ("Sure, because nobody's ever said that before")."""
    return any(a <= hit.first and hit.last <= b for a, b in spans)


TAKEN_BACK_REACH = 3  # words between the move and its "but": "I know you're busy, but"


def _taken_back(ctx: _Context, hit: Hit) -> bool:
    return _taking_back(ctx, hit) is not None


def _taking_back(ctx: _Context, hit: Hit) -> int | None:
    """ "I understand, but ...", "I know you're busy, but ..." takes the move back, unless what
    follows the "but" in that sentence asks about them ("Fair enough, but can I ask what you
    use today?"). The index of the "but", if so."""
    toks = ctx.norm.content
    for nxt in range(hit.last + 1, min(len(toks), hit.last + 2 + TAKEN_BACK_REACH)):
        if toks[nxt].sentence != toks[hit.last].sentence:
            return None
        if toks[nxt].norm in TAKEN_BACK_BY:
            break
        if toks[nxt].clause != toks[hit.last].clause:
            return None
    else:
        return None
    sentence = toks[nxt].sentence
    if any(
        q.span[1] > nxt and toks[q.span[1]].sentence == sentence for q in ctx.discovery_questions()
    ):
        return None
    return nxt


# Words that open a question up ("is there anything it doesn't do that your front desk
# works around?" is as open as a wh-question).
_OPEN_WORDS = frozenset({"what", "how", "why", "which", "who", "when", "where", "anything"})


def _peer_level(ctx: _Context) -> Span | None:
    """An open or either-or, pointed question about their situation asks as a peer would,
    whatever its wording ("When crews move between sites, how does that get handled?", "do
    they handle your backups too, or is that separate?")."""
    toks = ctx.norm.content
    for q in ctx.discovery_questions():
        first, last = q.span
        words = toks[first : last + 1]
        either_or = any(t.norm == "or" for t in words[1:-1])
        if (either_or or any(t.norm in _OPEN_WORDS for t in words)) and _pointed(ctx, q):
            return q.span
    return None


def _reaction(ctx: _Context) -> Span | None:
    """A short reaction to what they said: "That's impressive.", or "That helps." as a
    sentence of its own (alone.helps_alone), not asked ("That helps?")."""
    said = _thats_one_word(ctx)
    if said is None and (helps := helps_alone(ctx.norm)) is not None and not _asked(ctx, helps):
        said = helps
    return said


def _thats_one_word(ctx: _Context) -> Span | None:
    """A clause of its own that opens the answer with "that's" and one word, perhaps after an
    intensifier ("That's impressive,", "that's really smart."): it reacts to what they said,
    whatever the word. Not a negated one ("That's not it"), not a question, not one a "but"
    takes back ("That's fine, but...")."""
    toks = ctx.norm.content
    if len(toks) < 3 or toks[0].norm != "that" or toks[1].norm != "is":
        return None
    clause = [t for t in toks if t.clause == toks[0].clause]
    words = [t.norm for t in clause[2:]]
    while words and words[0] in _INTENSIFIERS:
        words = words[1:]
    if len(words) != 1 or words[0] in NEGATORS or words[0] in FUNCTION_WORDS_CORE:
        return None
    end = len(clause) - 1
    if _asked(ctx, (0, end)):
        return None
    if end + 1 < len(toks) and toks[end + 1].norm in {"but", "though", "however", "yet"}:
        return None  # "That's fine, but you'd still love our catalogue": taken back
    return (0, end)


def _in_their_shoes(ctx: _Context) -> Span | None:
    """ "I'd be fed up too", "I'd be wary too after losing a month": the rep in their place,
    in a statement of its own ("I would ... too/either" in one clause, not negated)."""
    toks = ctx.norm.content
    for i in range(len(toks) - 2):
        if toks[i].norm != "i" or toks[i + 1].norm != "would":
            continue
        clause = [k for k in range(i, len(toks)) if toks[k].clause == toks[i].clause]
        if any(toks[k].norm in NEGATORS for k in clause) or _asked(ctx, (i, clause[-1])):
            continue
        if any(toks[k].norm in SIDING for k in clause):
            return (i, clause[-1])
    return None


# "Who is this?", "who am I speaking with?", "who else...": not asking who handles it.
_WHO_EMBEDDING = frozenset({"know", "me", "wondering", "sure"})
_NOT_A_THIRD_PERSON = frozenset({"this", "that", "i", "am", "else", "me", "calling", "speaking"})


def _who_question(ctx: _Context) -> Span | None:
    """A question that starts with 'who' or 'whose' and asks about a third person ("Who in
    ops would own this?", "who's your contact for the fleet side", "Whose attention should I
    put it to?"), not "who is this?"."""
    toks = ctx.norm.content
    for q in ctx.questions:
        if q.span in ctx.echoes:
            continue
        # "So it doesn't vanish in info@, who heads up quality there?": a "who" opening the
        # question or a clause of it.
        for first in range(q.span[0], q.span[1] + 1):
            opens = first == q.span[0] or toks[first - 1].clause != toks[first].clause
            # "do you know who in procurement handles software?": an embedded who-question
            embedded = first > q.span[0] and toks[first - 1].norm in _WHO_EMBEDDING
            if not (opens or embedded) or toks[first].norm not in {"who", "whose"}:
                continue
            nxt = {t.norm for t in toks[first + 1 : first + 3]}
            if (
                not nxt & _NOT_A_THIRD_PERSON
                and not _asked_and_refused(ctx, first)
                and ctx.withdrawn_at(q.span) is None
                and not rhetorical(ctx.norm, q.span)
            ):
                return (first, _own_clause_end(toks, first, q.span[1]))
    return None


_NEW_CLAUSE_AFTER = frozenset({"and", "but", "so", "or"})
_NEW_CLAUSE_OPENERS = frozenset({"if", "when", "i", "we", "then", "otherwise"})


def _last_clause(toks: tuple[Token, ...], first: int, last: int) -> int:
    """Where the last clause of toks[first..last] starts (`first` for a single clause)."""
    start = last
    while start > first and toks[start - 1].clause == toks[last].clause:
        start -= 1
    return start


def _own_clause_end(toks: tuple[Token, ...], first: int, last: int) -> int:
    """Where the clause that starts at `first` ends, for its quote: "who would plan the vans
    there", not "... and if you cant tell me ill" in unpunctuated speech."""
    for j in range(first + 1, last + 1):
        if toks[j].clause != toks[first].clause:
            return j - 1
        if (
            toks[j].norm in _NEW_CLAUSE_AFTER
            and j < last
            and toks[j + 1].norm in _NEW_CLAUSE_OPENERS
        ):
            return j - 1
    return last


def _asked_and_refused(ctx: _Context, index: int) -> bool:
    return any(a <= index <= b for a, b in ctx.refused_asks)


QUESTION_REACH = 25  # words of its sentence a question's choices may run to


def _pointed(ctx: _Context, q: Question) -> bool:
    """The question, with the rest of its sentence up to the next question ("what's gonna
    decide it for you ... how fast someone gets out, or the cost per visit?"), is pointed."""
    vocabulary = step_vocabulary(ctx.step) if ctx.step is not None else frozenset()
    if ctx.facts is not None:
        vocabulary |= facts_vocabulary(tuple(f.text for f in ctx.facts.facts))
    toks = ctx.norm.content
    first, last = q.span
    later = [p.span[0] for p in ctx.questions if p.span[0] > first]
    first = lead_in(ctx.norm, first)  # "besides us what else...": its lead-in, as typed
    end = min([first + QUESTION_REACH, len(toks) - 1, *(s - 1 for s in later)])
    while last < end and toks[last + 1].sentence == toks[first].sentence:
        last += 1
    return pointed_question(ctx.norm, (first, last), ctx.prospect, vocabulary)


def _paraphrased(phrases: list[str], ctx: _Context) -> Span | None:
    if ctx.step is None:
        return None
    asks = frozenset(ctx.norm.content[q.span[0]].sentence for q in ctx.discovery_questions())
    return paraphrase(ctx.norm, asks, phrases, ctx.step.model_answer)


_NUMBER_PHRASES = ("number is", "number's", "reach me", "call me", "my direct line", "my mobile")


def _callback_gap(ctx: _Context) -> str | None:
    """What a voicemail's callback details leave out: the number, or the day you'll try
    again ("I'll try you again Thursday morning")."""
    number = ctx.phone_number is not None or any(
        not h.negated for p in _NUMBER_PHRASES for h in ctx.matcher.find(p)
    )
    retry = bool(ctx.next_step) and dated_next_step(ctx.norm, ctx.matcher, ctx.next_step)
    if number and not retry:
        return "say when you'll try again for full points"
    if retry and not number:
        return "leave your number for full points"
    if not (number or retry):
        return "leave your number and a day you'll try again for full points"
    return None


def _number_withheld(ctx: _Context) -> Span | None:
    """ "I won't leave my number": the number, refused in so many words."""
    if ctx.phone_number is not None:
        return None
    toks = ctx.norm.content
    for i, t in enumerate(toks):
        if (
            t.norm == "number"
            and ctx.matcher.negated_before(i)
            and any(toks[k].norm in _LEAVING for k in range(max(0, i - 3), i))
        ):
            return (max(0, i - 4), i)
    return None


_LEAVING = frozenset({"leave", "leaving", "give", "giving", "share"})


def _through_negator(toks: tuple[Token, ...], first: int, last: int) -> Span:
    """A phrase negated by the word after it, quoted with the rest of its clause (at most
    NEGATED_QUOTE_WORDS words on): "It's" -> "It's not a sales call as such"."""
    if last + 1 >= len(toks) or toks[last + 1].norm not in NEGATORS:
        return (first, last)
    end = last + 1
    while (
        end + 1 < len(toks)
        and end + 1 - last <= NEGATED_QUOTE_WORDS
        and toks[end + 1].clause == toks[last].clause
    ):
        end += 1
    return (first, end)


def _asked(ctx: _Context, span: Span) -> bool:
    return any(q.span[0] <= span[0] <= q.span[1] for q in ctx.questions)


def _still_pitching(ctx: _Context, hit: Hit) -> Span | None:
    """A question about them, a proposed step or a "before I go" after agreeing to stop."""
    toks = ctx.norm.content
    for phrase in STILL_PITCHING:
        for h in ctx.matcher.find(phrase):
            rest = tuple(t for t in toks[h.last + 1 :] if t.sentence == toks[h.last].sentence)
            if not h.negated and (not phrase.startswith("if you ever") or pitches(rest)):
                return (h.first, h.last)
    for i, rest in just_so_you_know(toks):
        if i > hit.last and pitches(rest):
            return (i, i + 3)
    for q in ctx.questions:
        first, last = q.span
        if last < hit.first:
            continue
        if all(t.norm in _CONFIRMING_WORDS for t in toks[first : last + 1]):
            continue
        if _about_the_removal(toks[first : last + 1]):
            continue  # "Could you confirm the number to take off?": doing what they asked
        return q.span
    return None


# A question that asks what to remove ("Could you confirm the number to take off?", "Which
# email should I remove as well?"), with no "before" or "first" to put the removal after it.
_REMOVAL_WORDS = frozenset({"remove", "removed", "off", "list", "unsubscribe", "delete", "opt"})
_PUTTING_FIRST = frozenset({"before", "first", "but"})


def _about_the_removal(words: tuple[Token, ...]) -> bool:
    norms = {t.norm for t in words}
    return bool(norms & _REMOVAL_WORDS) and not norms & _PUTTING_FIRST


def _call_later(ctx: _Context) -> Span | None:
    """A dated next step that is a call ("Can I call Monday around three?", "I'll ring you
    Thursday morning", "Could I call you after close, around six?"): a call verb before the
    proposed time in its sentence; or a time offered as the better one ("is end of day
    better, say four thirty?", "Would tomorrow before opening be better?")."""
    toks = ctx.norm.content
    for first, last in ctx.next_step:
        for k in range(max(0, first - CALL_REACH), last + 1):
            if (
                toks[k].norm in _CALL_VERBS
                and toks[k].sentence == toks[first].sentence
                and not ctx.matcher.negated_before(k)
            ):
                return (k, last)
        sentence = [i for i, t in enumerate(toks) if t.sentence == toks[first].sentence]
        for k in sentence:
            if toks[k].norm in _LATER_OFFERED and not ctx.matcher.negated_before(k):
                return (min(k, first), max(k, last))
    return None


# Words that put a removal off to a later time: "after next quarter", "once the promo ends".
_DEFERRING = frozenset({"after", "once", "until", "till"})
_DEFERRING_CLAUSE = frozenset({"after", "once"})  # opening a clause of their own
_NOW_ISH = frozenset({"we", "i", "today", "now", "that"})  # "once we hang up", "after that"
# "after this call", "once this conversation's over" are now; "once this quarter's campaign
# wraps up" is not.
_THIS_CALL = frozenset({"call", "conversation", "chat", "one"})
_LATER_PERIODS = frozenset({"week", "month", "quarter", "year", "campaign", "promo", "season"})


def _put_off(ctx: _Context, hit: Hit) -> Span | None:
    """The removal promised for later, in its own clause or a clause after it in its sentence
    that opens with the condition: "I'll remove you after next quarter's promo", "you'll come
    off the list once the campaign ends", "I'll take you off next month", "I'll take you
    off, once this quarter's campaign wraps up". "after this call" and "once we hang up" are
    now."""
    toks = ctx.norm.content
    clause = toks[hit.last].clause
    for i in range(hit.last + 1, len(toks)):
        if toks[i].sentence != toks[hit.last].sentence:
            return None
        if toks[i].clause != clause:
            # ("..., until you say otherwise" is how long they stay off)
            if toks[i - 1].clause != clause or toks[i].norm not in _DEFERRING_CLAUSE:
                return None
            clause = toks[i].clause  # ", once the campaign ends": the condition's clause
        word = toks[i].norm
        nxt = toks[i + 1].norm if i + 1 < len(toks) and toks[i + 1].clause == clause else ""
        after = toks[i + 2].norm if i + 2 < len(toks) and toks[i + 2].clause == clause else ""
        now = nxt in _NOW_ISH or (nxt == "this" and after in _THIS_CALL)
        if word in _DEFERRING and nxt and not now:
            end = i
            while end + 1 < len(toks) and toks[end + 1].clause == clause:
                end += 1
            return (i, end)
        if word == "next" and nxt.rstrip("s") in _LATER_PERIODS:
            return (i, i + 1)
    return None


def _handed_on(ctx: _Context, hit: Hit) -> Span | None:
    """ "I'll let my manager know to take you off the list", "I'll ask the team to remove
    you": the removal is someone else's "to ..." job."""
    toks = ctx.norm.content
    if hit.first == 0 or toks[hit.first - 1].norm != "to":
        return None
    for k in range(hit.first - 2, max(-1, hit.first - 2 - HANDED_ON_REACH), -1):
        if toks[k].clause != toks[hit.first].clause:
            return None
        if toks[k].norm in _HANDING_ON:
            return (k, hit.last)
    return None


def _hedged(ctx: _Context, hit: Hit) -> Span | None:
    """A hedge ("I think", "probably", "maybe") in the sentence of the hit."""
    toks = ctx.norm.content
    sentence = toks[hit.first].sentence
    for i, t in enumerate(toks):
        if t.sentence != sentence:
            continue
        for hedge in _HEDGES:
            end = i + len(hedge)
            if tuple(u.norm for u in toks[i:end]) == hedge:
                return (i, end - 1)
    return None


def _kept_reason(ctx: _Context) -> list[Span]:
    """ "It's personal, he'll know what it's about": a reason kept from them (its "it's
    about" gives none)."""
    return [(h.first, h.last) for p in HIDDEN_REASON for h in ctx.matcher.find(p)]


def _missing_phrase() -> str:
    """Why a phrase move was missed, in words a rep understands."""
    return "not in the answer"


def _no_question(ctx: _Context) -> str:
    if not ctx.questions:
        return "no question asked"
    if ctx._time_asks:
        return "no question about them (asking for their time is not one)"
    if ctx._interest_asks:
        return "no question about them (asking if they're interested is not one)"
    return (
        "no question about them (small talk, a proposed time, an address or a repeat ask is "
        "not one)"
    )


TAKEN_BACK_DETAIL = " is taken back by "  # a move's failure detail when a take-back undoes it


def _question_quote(ctx: _Context, span: Span) -> Span:
    """A question as quoted: a run-on question from its last clause."""
    first, last = span
    if last - first >= QUOTE_WORDS:
        first = max(_last_clause(ctx.norm.content, first, last), last - QUOTE_WORDS + 1)
    return (first, last)


def _judge(c: Criterion, ctx: _Context) -> CriterionResult:
    label = c.label or c.key.replace("-", " ").capitalize()
    weight = c.weight if c.weight is not None else 1.0
    if c.facts is not None:
        return _judge_facts(c, c.facts, label, weight, ctx)
    spans: list[Span] = []
    details: list[str] = []
    failures: list[str] = []
    n_words = ctx.length.words if ctx.length is not None else word_count(ctx.norm.content)
    credit = 1.0

    if not ctx.norm.content:
        failures.append("nothing said")
    if c.phrases is not None:
        phrases = _name_phrases(c.phrases, ctx.prospect_name)
        technique = c.use or c.key
        hit, negated = _first_allowed(
            ctx,
            phrases,
            but_takes_back=technique in TAKEN_BACK_COUNTS,
            asks=technique in ASKING_COUNTS,
            withheld=_kept_reason(ctx) if technique in WHAT_WE_DO_COUNTS else None,
        )
        played_back = (
            restatement(ctx.norm, ctx.prospect)
            or (echo_reply(ctx.norm, ctx.prospect) if technique == "acknowledge" else None)
            if technique in PLAYBACK_COUNTS
            else None
        )
        if played_back is not None and technique in STATED_PLAYBACK and _asked(ctx, played_back):
            played_back = None  # "What do your cart emails look like?" asks; it builds on nothing
        if (
            played_back is not None
            and negated is not None
            and negated.negated
            and played_back[0] <= negated.first <= played_back[1]
        ):
            played_back = None  # "No need to confirm any of that - we handle every ERP": refused
        number = ctx.phone_number if technique in PHONE_NUMBER_COUNTS else None
        we_do = what_we_do(ctx.norm, ctx.questions) if technique in WHAT_WE_DO_COUNTS else None
        pitched = (
            _still_pitching(ctx, hit) if hit is not None and technique in STOP_COUNTS else None
        )
        if pitched is not None:
            quoted = ctx.evidence([pitched])
            said = quoted[0].text if quoted else "a pitch"
            failures.append(f"kept pitching after agreeing (\u201c{said}\u201d)")
            spans.append(pitched)
            ctx.kept_pitching.append(pitched)
        elif (
            hit is not None
            and technique not in ASKING_COUNTS
            and (undone := _undone_later(ctx, phrases))
        ):
            # "It came from, well, I'm not going to get into where it came from": made, then
            # turned down in the next breath.
            quoted = ctx.evidence([(undone.first, undone.last)])
            said = quoted[0].text if quoted else undone.phrase
            failures.append(f"undone later: \u201c{said}\u201d")
            ctx.refused.append((undone.first, undone.last))
        elif hit is not None:
            spans.append((hit.first, hit.last))
            if (
                negated is not None
                and negated.negated
                and negated.last < hit.first
                and _same_wording(negated.phrase, hit.phrase)
            ):
                # "I'm not calling to sell you anything, I just wanted to...": denied first.
                credit = DENIED_CREDIT
                quoted = ctx.evidence([(negated.first, negated.last)])
                said = quoted[0].text if quoted else negated.phrase
                details.append(f"denied first (\u201c{said}\u201d): just make the move")
            if technique in STOP_COUNTS and (later := _put_off(ctx, hit)) is not None:
                # "I'll remove you after next quarter's promo": not now, so not honoured.
                quoted = ctx.evidence([later])
                said = quoted[0].text if quoted else "later"
                failures.append(f"{PUT_OFF} (\u201c{said}\u201d)")
                spans.clear()
                ctx.put_off.append(later)
            if technique in STOP_COUNTS and (handed := _handed_on(ctx, hit)) is not None:
                # "I'll let my manager know to take you off the list": not done, passed on.
                credit = min(credit, HANDED_ON_CREDIT)
                quoted = ctx.evidence([handed])
                said = quoted[0].text if quoted else "passed on"
                details.append(f"passed on (\u201c{said}\u201d): say you've done it")
            if technique in HEDGED_COUNTS and (hedge := _hedged(ctx, hit)) is not None:
                # "It's from a list our marketing team bought, I think": a source they can't
                # rely on.
                credit = min(credit, HEDGED_CREDIT)
                quoted = ctx.evidence([hedge])
                said = quoted[0].text if quoted else "I think"
                details.append(f"hedged (\u201c{said}\u201d): say it plainly for full points")
            if technique in POINTED_COUNTS and not any(
                _pointed(ctx, q) for q in ctx.discovery_questions()
            ):
                credit = min(credit, GENERAL_QUESTION_CREDIT)
                details.append(GENERAL_QUESTION_DETAIL)
        elif played_back is not None and not _covers(played_back, negated):
            spans.append(played_back)
            details.append("played back their words")
        elif number is not None:
            spans.append(number)
            details.append("left a number")
        elif technique in PHONE_NUMBER_COUNTS and (retry := _retry_promised(ctx)) is not None:
            # "I'll try you Thursday at eleven": when you'll try again, in any words.
            spans.append(retry)
            details.append("says when you'll try again")
        elif we_do is not None and negated is None:
            spans.append(we_do)
            details.append("says what you do")
        elif (same := _paraphrased(phrases, ctx)) is not None and not _covers(same, negated):
            spans.append(same)
            details.append("says what the model answer says, in its own words")
        elif technique in POINTED_COUNTS and (asked := _peer_level(ctx)) is not None:
            spans.append(asked)
            details.append("an open question about their situation")
        elif (
            technique in REACTION_COUNTS
            and (reaction := _reaction(ctx)) is not None
            and not _covers(reaction, negated)
        ):
            spans.append(reaction)
            details.append("reacts to what they said")
        elif (
            technique in REACTION_COUNTS
            and (siding := _in_their_shoes(ctx)) is not None
            and not _covers(siding, negated)
        ):
            spans.append(siding)
            details.append("puts yourself in their shoes")
        elif technique in WHO_QUESTION_COUNTS and (who := _who_question(ctx)) is not None:
            spans.append(who)
            details.append("asks who it is")
        elif technique in WHAT_WE_DO_COUNTS and (about := introduced_about(ctx.norm)) is not None:
            spans.append(about)
            details.append("names who you are and what it's about")
        elif (
            technique in CALLBACK_COUNTS
            and (later := _call_later(ctx)) is not None
            and not _covers(later, negated)
        ):
            spans.append(later)
            details.append("offers to call at a better time")
        elif negated is not None:
            quoted = ctx.evidence([(negated.first, negated.last)])
            said = quoted[0].text if quoted else negated.phrase
            if negated.negated:
                # "It's not a sales call": quote the negation, not the bare "It's".
                span = _through_negator(ctx.norm.content, negated.first, negated.last)
                said = ctx.evidence([span])[0].text
                failures.append(f"negated: \u201c{said}\u201d")
                ctx.refused.append(span)
            elif _in_rhetorical_question(ctx, negated):
                failures.append(f"\u201c{said}\u201d is asked and answered at once")
            elif (took := ctx.withdrawn_at((negated.first, negated.last), ends=True)) is not None:
                failures.append(_withdrawn_detail(ctx, said, took))
            elif _inside(ctx.sarcastic, negated):
                failures.append(f"\u201c{said}\u201d is said in sarcasm")
            elif _inside(ctx.echoes, negated):
                failures.append(f"\u201c{said}\u201d only hands back their words")
            else:
                at = _taking_back(ctx, negated)
                but = ctx.norm.content[at].norm if at is not None else "but"
                failures.append(f"taken back by the \u201c{but}\u201d after \u201c{said}\u201d")
        elif technique in ASKING_COUNTS and (refusal := ctx.refused_asks):
            # "I'm not going to ask whether it's a good time": the ask is announced and skipped.
            failures.append(ctx.refuse(refusal[0], "won't ask"))
        elif technique in ASKING_COUNTS and (taken := _withdrawn_question(ctx)) is not None:
            failures.append(taken)  # "What would you change? Never mind, I can guess."
        elif technique in ANSWERING_COUNTS and (withheld := refused_answer(ctx.norm)):
            # "I'd rather not say where I got it": the answer they asked for, withheld.
            failures.append(ctx.refuse(withheld, "won't say"))
        else:
            failures.append(_missing_phrase())
    if c.phrases is not None and spans and not failures:
        # Made in other words (a paraphrase, a playback) and then taken back: not made.
        took = ctx.withdrawn_at(spans[0])
        if took is not None:
            quoted = ctx.evidence([spans[0]])
            failures.append(_withdrawn_detail(ctx, quoted[0].text if quoted else "it", took))
    if c.phrases is not None and (c.use or c.key) in PHONE_NUMBER_COUNTS and not failures:
        withheld = _number_withheld(ctx)
        missing = _callback_gap(ctx)
        if withheld is not None:
            # "I won't leave my number, I'll just try again sometime": half the move, refused.
            credit = min(credit, WITHHELD_NUMBER_CREDIT)
            quoted = ctx.evidence([withheld])
            details.append(f"refused: \u201c{quoted[0].text if quoted else 'no number'}\u201d")
            ctx.refused.append(withheld)
        elif missing:
            credit = min(credit, HALF_CALLBACK_CREDIT)
            details.append(missing)
    if c.question is not None:
        qs = ctx.discovery_questions()
        if c.question and qs:
            pointed = [q for q in qs if _pointed(ctx, q)]
            spans.append(_question_quote(ctx, (pointed or qs)[0].span))
            details.append(f"{len(qs)} question{'s' if len(qs) != 1 else ''} about them")
            if not pointed:
                credit = min(credit, GENERAL_QUESTION_CREDIT)
                details.append(GENERAL_QUESTION_DETAIL)
        elif c.question and (refusal := ctx.refused_asks):
            failures.append(ctx.refuse(refusal[0], "won't ask"))
        elif c.question and (taken := _withdrawn_question(ctx)) is not None:
            failures.append(taken)
        elif c.question:
            failures.append(_no_question(ctx))
        elif qs:
            spans.append(_question_quote(ctx, qs[0].span))
            failures.append("asked a question")
    if c.next_step is not None:
        steps = ctx.next_step
        if c.next_step and steps:
            spans.append(steps[0])
            if not dated_next_step(ctx.norm, ctx.matcher, steps):
                credit = min(credit, UNDATED_STEP_CREDIT)
                details.append("no day or time yet: name one for full points")
        elif c.next_step and (taken := _withdrawn_step(ctx)) is not None:
            failures.append(taken)
        elif c.next_step and (answered := _answered_step(ctx)) is not None:
            failures.append(answered)
        elif c.next_step and (turned_down := refused_next_step(ctx.norm, ctx.matcher)):
            quoted = ctx.evidence([turned_down])
            said = quoted[0].text if quoted else "no next step"
            failures.append(f"negated: \u201c{said}\u201d")
            ctx.refused.append(turned_down)
        elif c.next_step:
            failures.append("no concrete day, time, meeting or person")
        elif steps:
            failures.append("proposed a next step")
    if c.refers_to_prospect is not None:
        if c.refers_to_prospect and ctx.overlap:
            spans.extend(ctx.overlap[:3])
        elif c.refers_to_prospect:
            failures.append("nothing picked up from what the prospect said")
    if c.words is not None and ctx.length is not None:
        lo, hi = ctx.length.lo, ctx.length.hi
        if lo is not None and n_words < lo:
            failures.append(f"{plural(n_words, 'word')}, fewer than {lo:g}")
        elif hi is not None and n_words > hi:
            hurried = " for a hurried prospect" if "hurried" in ctx.length.why else ""
            breath = " in one breath" if "in one breath" in ctx.length.why else ""
            failures.append(f"{plural(n_words, 'word')}, more than {hi:g}{hurried}{breath}")
        else:
            details.append(plural(n_words, "word"))
    violation: list[Span] = []
    if c.avoid is not None:
        for phrase in ctx.matcher.candidates(c.avoid):
            violation.extend((h.first, h.last) for h in _avoided(ctx, phrase))
        if (c.use or c.key) in REPEAT_COUNTS and ctx.reasks:
            said = ", ".join(r.said for r in ctx.reasks)
            failures.append(f"asks what they already said: {said}")
            violation.extend(r.question for r in ctx.reasks)
        elif violation:
            failures.append("said what to avoid")
        elif n_words < MIN_WORDS_TO_JUDGE and ctx.norm.content:
            failures.append("too little said to judge")

    if (
        not failures
        and ctx.topic is not None
        and not is_hygiene(c)
        and (c.use or c.key) not in COURTESIES
    ):
        failures.append(f"not about what they raised ({ctx.topic.raised})")
    passed = not failures
    evidence = ctx.evidence(sorted(set(violation if violation else spans)))
    return CriterionResult(
        id=c.key,
        label=label,
        weight=weight,
        passed=passed,
        evidence=evidence,
        tip=None if passed else (c.tip or f"Missing: {label.lower()}."),
        detail="; ".join(failures if failures else details) or None,
        credit=credit if passed else 1.0,
    )
