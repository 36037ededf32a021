"""A grid of negation probes: every rubric move that can be negated, in every form a rep might
really use to withdraw, refuse, cancel or empty it, and polite negation that keeps it.

Each *carrier* is a sentence of a shipped scenario's model answer that makes one move (read
with the trainer's own scenario loader, scored against that step's own rubric), written
three ways: as said ("What went wrong with it?"), as a verb phrase ("ask what went wrong with
it") and as a gerund ("asking what went wrong with it"). Each *form* is a template that
negates the move ("I won't {vp}.", "Instead of {ing}, ...", "{base} Just kidding."). A probe
is the model answer with the carrier's sentence replaced by the negated form: it must lose
the move (the criterion fails, or the answer scores at least `GAP` below the model answer).

Each *control* keeps the model answer whole and adds negation used kindly ("I won't take
long.", "No need to decide now."): it must keep the move at full credit and fire no guard.

Forms not yet caught are listed in `KNOWN` with the reason; they are expected to fail (strict
xfail, so a fix shows up). Run this file as a script for the escape rates by form family.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from trainer.scenario.format import checked
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import Step
from trainer.scoring.answer import Answer
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import score_answer

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
GAP = 10.0  # a probe within this many points of the model answer has kept the move


@dataclass(frozen=True)
class Carrier:
    move: str  # the criterion's technique (or id) in the step's rubric
    scenario: str
    step: str
    base: str  # the sentence of the model answer that makes the move
    vp: str  # the move as a verb phrase: "ask what went wrong with it"
    ing: str  # and as a gerund: "asking what went wrong with it"


CARRIERS = (
    Carrier(
        "clarifying-question",
        "objection/tried-before",
        "tried-it",
        "What went wrong with it?",
        "ask what went wrong with it",
        "asking what went wrong with it",
    ),
    Carrier(
        "peer-question",
        "objection/happy-with-current-vendor",
        "happy-as-is",
        "Out of curiosity, what do you like most about them, and if you could change one "
        "thing, what would it be?",
        "ask what you like most about them",
        "asking what you like most about them",
    ),
    Carrier(
        "advance-next-step",
        "objection/in-house",
        "next-step",
        "Could we take thirty minutes on Thursday at eleven, with your payroll lead there too?",
        "book thirty minutes on Thursday at eleven with your payroll lead",
        "booking thirty minutes on Thursday at eleven with your payroll lead",
    ),
    Carrier(
        "advance-next-step",
        "objection/no-time",
        "find-a-time",
        "When is a quiet moment, could I call you Friday at nine for ten minutes?",
        "call you Friday at nine for ten minutes",
        "calling you Friday at nine for ten minutes",
    ),
    Carrier(
        "permission-opener",
        "cold-call/reason-for-call",
        "why-are-you-calling",
        "Do you have a moment, or is now bad?",
        "ask if you have a moment",
        "asking if you have a moment",
    ),
    Carrier(
        "acknowledge",
        "objection/ask-my-boss",
        "ask-my-boss",
        "Of course, that makes sense.",
        "say that makes sense",
        "saying that makes sense",
    ),
    Carrier(
        "reason-for-call",
        "objection/no-time",
        "no-time",
        "I'm calling because warehouses use us to avoid closing for the annual stocktake.",
        "explain that warehouses use us to avoid closing for the annual stocktake",
        "explaining that warehouses use us to avoid closing for the annual stocktake",
    ),
    Carrier(
        "comply-do-not-call",
        "objection/take-me-off-your-list",
        "remove-me",
        "I've taken your number off our list and you won't hear from us again.",
        "take your number off our list",
        "taking your number off our list",
    ),
    Carrier(
        "offers-to-send",
        "",  # written for the grid: no shipped step has the move on its own
        "",
        "I'll send you a one-page summary of the pricing today.",
        "send you a one-page summary of the pricing today",
        "sending you a one-page summary of the pricing today",
    ),
    Carrier(
        "label-emotion",
        "objection/no-budget",
        "the-scare",
        "That sounds like a stressful weekend.",
        "say that sounds like a stressful weekend",
        "saying that sounds like a stressful weekend",
    ),
    Carrier(
        "ask-for-right-person",
        "gatekeeper/screening-assistant",
        "doesnt-take-sales-calls",
        "Who runs payroll day to day?",
        "ask who runs payroll day to day",
        "asking who runs payroll day to day",
    ),
    Carrier(
        "honest-source",
        "objection/how-did-you-get-my-number",
        "where-from",
        "I found you on LinkedIn and your switchboard put me through.",
        "say I found you on LinkedIn",
        "saying I found you on LinkedIn",
    ),
    Carrier(
        "leave-callback-details",
        "follow-up/persistence-sequence",
        "touch-5-voicemail",
        "Call me on 0161 496 0732.",
        "leave my number",
        "leaving my number",
    ),
    Carrier(
        "respect-time",
        "objection/not-interested",
        "brush-off",
        "and I'll be quick.",
        "keep it quick",
        "keeping it quick",
    ),
)

# The step written for the offer to send (no shipped step makes that move on its own).
SEND_STEP: dict[str, object] = {
    "id": "send",
    "prospect": ["Can you just send me something on pricing?"],
    "rubric": [
        {"use": "acknowledge"},
        {
            "id": "offers-to-send",
            "label": "Offers to send it",
            "phrases": ["i'll send", "i will send", "send you", "i'll email", "email you"],
            "weight": 2,
        },
    ],
    "model_answer": "Happy to. I'll send you a one-page summary of the pricing today.",
}


# Negated forms, by family. "{vp}" / "{ing}" / "{base}" stand for the carrier's move.
FORMS: dict[str, dict[str, str]] = {
    "refusal": {
        "won't": "I won't {vp}.",
        "not going to": "I'm not going to {vp}.",
        "never": "I'll never {vp}.",
        "could but won't": "I could {vp}, but I won't.",
        "some reps would": "Some reps would {vp}; I won't.",
        "not that I'd": "Not that I'd {vp}.",
        "why would I": "Why would I {vp}?",
        "you don't want me to": "You don't want me to {vp}, do you?",
        "negator far away": "I'm not, to be honest with you, really going to {vp}.",
        "wouldn't dream of": "I wouldn't dream of {ing}.",
        "not about to": "I'm not about to {vp}.",
        "rather not": "I'd rather not {vp}.",
        "let's not": "Let's not {vp}.",
        "refuse to": "I refuse to {vp}.",
        "don't expect me to": "Don't expect me to {vp}.",
        "can't be bothered": "I can't be bothered to {vp}.",
        "no way I'm": "There's no way I'm {ing}.",
        "no chance I'll": "There's no chance I'll {vp}.",
        "decided not to": "I've decided not to {vp}.",
        "hold off on": "I'll hold off on {ing}.",
    },
    "cancelled": {
        "was going to, never mind": "I was going to {vp}, but never mind.",
        "rather than": "Rather than {vp}, I'll leave it there.",
        "instead of": "Instead of {ing}, I'll leave it there.",
        "no need to": "No need to {vp}.",
        "forget": "Forget {ing}.",
        "without": "Without {ing}, I'll leave it there.",
        "no point": "No point {ing}.",
        "not worth": "It's not worth {ing}.",
        "skip": "Let's skip {ing}.",
        "normally, but leave it": "I'd normally {vp}, but I'll leave it there.",
    },
    "taken back": {
        "nah": "{base} Nah.",
        "just kidding": "{base} Just kidding.",
        "or not": "{base} Or not.",
        "not that it matters": "{base} Not that it matters.",
        "which obviously isn't happening": "{base} Which obviously isn't happening.",
        "that's not happening": "{base} That's not happening, I'll email.",
        "that won't happen": "{base} But that won't happen.",
        "scratch that": "{base} Scratch that.",
        "on second thought": "{base} On second thought, no.",
        "actually I won't": "{base} Actually, I won't.",
        "but I'm not going to": "{base} But I'm not going to.",
        "yeah, no": "{base} Yeah, no.",
        "ha, no": "{base} Ha, no.",
        "forget I said that": "{base} Forget I said that.",
        "not doing that": "{base} Not doing that, though.",
        "off the table": "{base} That's off the table.",
        "don't hold your breath": "{base} Don't hold your breath.",
        "ignore that": "{base} Ignore that.",
        "I take that back": "{base} I take that back.",
        "strike that": "{base} Strike that.",
        "anyway, forget that": "{base} Anyway, forget that.",
        "kidding, obviously": "{base} Kidding, obviously.",
        "but nah": "I was gonna {vp}, but nah.",
        "so maybe I won't": "{base} Then again, you sound busy, so maybe I won't.",
        "probably I won't": "{base} Thinking it over, probably we won't.",
        # "{echo}": the carrier's longest word, said again negated
        "well, not that": "{base} Well, not that {echo}, honestly.",
        "actually nothing": "{base} Actually, there's nothing {echo} really.",
    },
    "speech": {
        "i dont wanna": "nah i dont wanna {vp}",
        "wont": "i wont {vp}",
        "aint gonna": "i aint gonna {vp}",
        "no way": "no way im gonna {vp}",
        "nah forget it": "{base} nah forget it",
        "not gonna": "im not gonna {vp} though",
        "not even gonna": "im not even gonna {vp}",
        "jk": "{base} jk",
        "nah not doing that": "{base} nah not doing that",
        "aint": "i aint {ing}",
        "not tryna": "im not tryna {vp}",
    },
    # A question the rep answers or waves away before they can (question carriers only).
    "answered for them": {
        "probably not": "{base} Probably not, I'd guess.",
        "well, probably": "{base} Well, probably the usual.",
        "don't worry about it": "{base} Don't worry about it, I'll work it out.",
        "eh, don't worry about it": "{base} Eh, don't worry about it.",
        "I'll look myself": "{base} Don't worry, I'll look into it myself.",
    },
    # A later time offered, then dropped to talk now (next-step carriers only).
    "later dropped for now": {
        "rather do it now": "{base} Honestly, I'd rather just do it now.",
        "let's just do it now": "{base} Or let's just do it now, while I have you.",
        "might as well": "{base} Though we might as well do this now.",
    },
    # The time just named, turned down (next-step carriers only).
    "time turned down": {
        "so not then": "{base} Thinking about it, you'll be slammed, so not then.",
        "but not then": "{base} That's your busy hour though, but not then.",
    },
}
# Families that only make sense after some carriers: a question answered needs a question,
# a later time dropped or turned down needs a proposed step.
ONLY_AFTER = {
    "answered for them": lambda c: c.base.endswith("?"),
    "later dropped for now": lambda c: c.move == "advance-next-step",
    "time turned down": lambda c: c.move == "advance-next-step",
}


def applies(family: str, carrier: Carrier, form: str) -> bool:
    """The form is probed on this carrier: not one that makes the move again, and a family
    that needs a question or a step only on a carrier that makes one."""
    if (form, carrier.move) in NOT_A_NEGATION:
        return False
    return family not in ONLY_AFTER or ONLY_AFTER[family](carrier)


# Polite negation that keeps the move: added before (":" first) or after the model answer.
CONTROLS = (
    "I won't take long. :",
    "No need to decide now.",
    "Not a problem. :",
    "If it isn't a fit, just say so.",
    "I don't want to waste your time. :",
    "Don't worry, I'll send it.",
    "No pressure at all. :",
    "No worries if not.",
    "I won't keep you long. :",
    "Nothing to prepare on your side.",
    "There's no catch. :",
    "You don't have to decide anything today.",
    "I won't knock what you have now. :",
    "I'm not going to pressure you. :",
    "I'd never badmouth anyone. :",
    "Not to worry. :",
    "No obligation at all.",
    "Don't hesitate to say no if it's not for you.",
    "I can't promise it fits, but it's worth a look.",
    "If now's not good, that's fine too.",
    "Nothing changes unless you want it to.",
    "I'm not here to sell you anything. :",
    "No strings attached.",
    "Don't feel you have to answer now.",
)

# (form, move) probes not caught yet ("move@step" where a move has two carriers), with the
# reason. Strict xfail: a fix shows up.
_SPEECH_REACH = (
    "unpunctuated speech has no sentence to withdraw: a take-back at the end reaches 8 words "
    "back (and a question or next step that reaches them), and this move's words lie further "
    "back; reaching 14 words also withdrew the acknowledgement coaches keep in coach9's "
    "take-backs (0.840 -> 0.837)"
)
_SPEECH_MOVES = (
    "peer-question",
    "reason-for-call",
    "comply-do-not-call",
    "offers-to-send",
    "honest-source",
)
KNOWN: dict[tuple[str, str], str] = {
    (form, move): _SPEECH_REACH
    for form in ("nah forget it", "jk", "nah not doing that")
    for move in _SPEECH_MOVES
} | {
    ("rather not", "advance-next-step@find-a-time"): (
        '"I\'d rather not call you Friday at nine": reading "rather not" as a refusal '
        "also refused the callback in coach4's \"I'd rather not call back, so let me just "
        'say it now" (rated 2, tied with the 1s: coach4 0.966 -> 0.964)'
    ),
}
KNOWN[("actually nothing", "peer-question")] = (
    'the echoed word ("curiosity") opens a 20-word question: an echo reaches 14 words back, '
    "as a take-back does"
)
KNOWN |= {
    (form, "advance-next-step@next-step"): (
        '"so not then" reaches 14 words back, and this step\'s day lies further back in a long '
        'question; reaching the whole sentence before also withdrew the "Sure" a coach '
        "kept in coach12's turned-down time (0.808 -> 0.807)"
    )
    for form in ("so not then", "but not then")
}
_NOT_SAYING = (
    '"i aint saying that sounds stressful": "I\'m not saying" also opens a concession '
    "(\"I'm not saying it's easy, but...\"), so it is not read as a refusal"
)
KNOWN |= {("aint", "label-emotion"): _NOT_SAYING, ("aint", "honest-source"): _NOT_SAYING}
# Probes whose form makes the move again in its own words: no negation to catch.
NOT_A_NEGATION: dict[tuple[str, str], str] = {
    ("that's not happening", "offers-to-send"): '"..., I\'ll email." offers to send',
}
# Controls that lose the move for a coaching rule of their own, not negation scope (none now:
# "I won't take long" respects their time since the one-verdict pass; "this won't take long"
# is still pushy).
KNOWN_CONTROLS: dict[tuple[str, str], str] = {}


@cache
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED, cache=False)


@dataclass(frozen=True)
class Setting:
    step: Step
    model: str
    line: str
    name: str | None
    delivery: object


@cache
def setting(carrier: Carrier) -> Setting:
    if not carrier.scenario:
        step = checked(Step, SEND_STEP)
        return Setting(step, step.model_answer or "", step.prospect[0], None, None)
    scenario = library().get(carrier.scenario).scenario
    step = next(s for s in scenario.steps if s.id == carrier.step)
    return Setting(
        step,
        step.model_answer or "",
        step.prospect[0],
        scenario.persona.name or None,
        scenario.delivery,
    )


def score(carrier: Carrier, text: str) -> TurnScore:
    s = setting(carrier)
    return score_answer(
        s.step,
        Answer.typed(text),
        s.line,
        s.delivery,  # type: ignore[arg-type]
        prospect_name=s.name,
    )


def criterion(carrier: Carrier, result: TurnScore) -> tuple[bool, float]:
    rubric = setting(carrier).step.rubric
    for c, r in zip(rubric, result.criteria, strict=True):
        if (c.use or c.key) == carrier.move:
            return r.passed, r.credit
    raise AssertionError(f"{carrier.move} not in the rubric of {carrier.step}")


def _speech(text: str) -> str:
    """A transcript: lower case, no punctuation, no apostrophes."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()


def probe(carrier: Carrier, family: str, form: str) -> str:
    template = FORMS[family][form]
    model = setting(carrier).model
    assert carrier.base in model, carrier
    echo = max(re.findall(r"[A-Za-z]+", carrier.base), key=len).lower()
    said = template.format(vp=carrier.vp, ing=carrier.ing, base=carrier.base, echo=echo)
    text = model.replace(carrier.base, said)
    return _speech(text) if family == "speech" else text


def control(carrier: Carrier, polite: str) -> str:
    model = setting(carrier).model
    if polite.endswith(":"):
        return f"{polite[:-1].strip()} {model}"
    return f"{model} {polite}"


def escapes(carrier: Carrier, text: str) -> bool:
    """The probe kept the move: the criterion passed, or it scored within GAP of the model."""
    model = score(carrier, setting(carrier).model)
    result = score(carrier, text)
    passed, _ = criterion(carrier, result)
    return passed or result.score >= model.score - GAP


def loses_credit(carrier: Carrier, text: str) -> bool:
    """The control lost the move, some of its credit, or set off a guard."""
    model_passed, model_credit = criterion(carrier, score(carrier, setting(carrier).model))
    result = score(carrier, text)
    passed, credit = criterion(carrier, result)
    fired = [g.id for g in result.guards if g.triggered]
    return (model_passed and not passed) or credit < model_credit or bool(fired)


def _known(form: str, c: Carrier) -> str | None:
    return KNOWN.get((form, c.move)) or KNOWN.get((form, f"{c.move}@{c.step}"))


def _marks(form: str, c: Carrier) -> tuple[pytest.MarkDecorator, ...]:
    known = _known(form, c)
    return (pytest.mark.xfail(reason=known, strict=True),) if known else ()


PROBES = [
    pytest.param(c, family, form, id=f"{form} x {c.move}@{c.step or 'send'}", marks=_marks(form, c))
    for family, forms in FORMS.items()
    for form in forms
    for c in CARRIERS
    if applies(family, c, form)
]


def test_every_carrier_makes_its_move_and_only_there() -> None:
    """The carriers are sound: the model answer earns the move, and without the carrier's
    sentence it does not (so a probe that keeps the move kept it in the negated words)."""
    unsound = [
        c
        for c in CARRIERS
        if not criterion(c, score(c, setting(c).model))[0]
        or criterion(c, score(c, setting(c).model.replace(c.base, "").strip()))[0]
    ]
    assert not unsound


@pytest.mark.parametrize(("carrier", "family", "form"), PROBES)
def test_a_negated_move_is_not_earned(carrier: Carrier, family: str, form: str) -> None:
    text = probe(carrier, family, form)
    result = score(carrier, text)
    model = score(carrier, setting(carrier).model)
    passed, _ = criterion(carrier, result)
    assert not escapes(carrier, text), (
        f"form {form!r} ({family}) kept the move {carrier.move}: {text!r} scored "
        f"{result.score} (model answer {model.score}, move {'earned' if passed else 'lost'})"
    )


@pytest.mark.parametrize(
    ("carrier", "polite"),
    [
        pytest.param(
            c,
            p,
            id=f"{p} + {c.move}@{c.step or 'send'}",
            marks=pytest.mark.xfail(reason=KNOWN_CONTROLS[(p, c.move)], strict=True)
            if (p, c.move) in KNOWN_CONTROLS
            else (),
        )
        for p in CONTROLS
        for c in CARRIERS
    ],
)
def test_polite_negation_keeps_the_move(carrier: Carrier, polite: str) -> None:
    text = control(carrier, polite)
    result = score(carrier, text)
    passed, credit = criterion(carrier, result)
    fired = [g.label for g in result.guards if g.triggered]
    assert not loses_credit(carrier, text), (
        f"control {polite!r} cost the move {carrier.move}: {text!r} "
        f"(passed {passed}, credit {credit}, guards {fired})"
    )


# -- known misses, each in the step it was seen in -----------------------------------------


def _scenario_score(scenario: str, step_id: str, text: str) -> TurnScore:
    found = library().get(scenario).scenario
    step = next(s for s in found.steps if s.id == step_id)
    return score_answer(
        step,
        Answer.typed(text),
        step.prospect[0],
        found.delivery,
        prospect_name=found.persona.name or None,
    )


def test_sarcasm_with_no_negator_earns_nothing_and_argues() -> None:
    """ "Sure, compare us to your coffee budget?": an order put back to them as a question,
    setting us against something of theirs, mocks the objection; it neither acknowledges
    nor asks."""
    result = _scenario_score(
        "objection/too-expensive", "first-pushback", "Sure, compare us to your coffee budget?"
    )
    by_id = {c.id: c for c in result.criteria}
    assert not by_id["acknowledge"].passed
    assert by_id["acknowledge"].detail == "\u201cSure\u201d is said in sarcasm"
    assert not by_id["clarifying-question"].passed
    arguing = [g for g in result.guards if g.id == "arguing"]
    assert arguing and arguing[0].label.endswith("(sarcasm)")
    assert arguing[0].evidence[0].text == "Sure, compare us to your coffee budget"
    assert result.score < 5
    # a real question after "Sure" still asks
    fair = _scenario_score(
        "objection/too-expensive", "first-pushback", "Sure, compared to what, another quote?"
    )
    assert not [g for g in fair.guards if g.triggered]


def test_a_rhetorical_brush_off_is_rude() -> None:
    """ "Not really your problem though, is it?" waves their problem away: rude, and no
    question about them; "That's not ideal, is it?" feels with them."""
    result = _scenario_score(
        "objection/tried-before",
        "tried-it",
        "That sounds hard. Not really your problem though, is it? What went wrong with it?",
    )
    rude = [g for g in result.guards if g.id == "rude"]
    assert rude and rude[0].label == "Rude or condescending (waves away their problem)"
    assert rude[0].evidence[0].text == "Not really your problem though, is it"
    assert rude[0].tip == "Their problem is why you called: take it seriously and ask about it."
    assert result.score < 5
    kind = _scenario_score(
        "objection/tried-before",
        "tried-it",
        "That's not ideal, is it? That sounds like it cost you goodwill. What went wrong?",
    )
    assert not [g for g in kind.guards if g.triggered]


@pytest.mark.parametrize(
    "text",
    [
        "Of course. I'll remove you after next quarter's promo. Sorry for the interruption.",
        "Of course, I'll take you off the list once the campaign ends.",
        "Sure, I'll take you off our list next month.",
        # the condition in a clause of its own
        "Of course, I'll take you off the list, once our spring appeal has gone out.",
        "Sure thing, you'll be off our list, after this season's mailing is done.",
    ],
)
def test_a_removal_put_off_does_not_honour_the_request(text: str) -> None:
    result = _scenario_score("objection/take-me-off-your-list", "remove-me", text)
    stop = next(c for c in result.criteria if c.id == "comply-do-not-call")
    assert not stop.passed
    assert (stop.detail or "").startswith("puts the removal off (\u201c")
    refuses = [g for g in result.guards if g.id == "refuses-stop"]
    assert refuses and refuses[0].label == "Refuses their request to stop (puts the removal off)"
    assert result.score < 5


@pytest.mark.parametrize(
    "text",
    [
        "Of course, I'll take you off the list after this call. Sorry for the interruption.",
        "Of course, I'll take you off the list, once this call ends. Sorry for the bother.",
        "Of course, you're off the list, until you tell us otherwise. Sorry to have bothered you.",
    ],
)
def test_a_removal_done_after_the_call_is_now(text: str) -> None:
    result = _scenario_score("objection/take-me-off-your-list", "remove-me", text)
    assert next(c for c in result.criteria if c.id == "comply-do-not-call").passed
    assert not [g for g in result.guards if g.triggered]


@pytest.mark.parametrize(
    ("said", "quoted"),
    [
        ("I won't {vp}.", "won't book thirty minutes on Thursday at eleven"),
        (
            "Instead of {ing}, I'll leave it there.",
            "Instead of booking thirty minutes on Thursday at eleven",
        ),
    ],
)
def test_a_refused_step_is_quoted_whole(said: str, quoted: str) -> None:
    """What a rep reads names the step they turned down, not just its verb."""
    carrier = next(c for c in CARRIERS if c.step == "next-step")
    text = setting(carrier).model.replace(carrier.base, said.format(vp=carrier.vp, ing=carrier.ing))
    result = score(carrier, text)
    step = next(c for c in result.criteria if c.id == "advance-next-step")
    assert step.detail == f"negated: \u201c{quoted}\u201d"
    refused = next(g for g in result.guards if g.id == "refuses-move")
    assert refused.evidence[0].text == quoted


def test_guilt_put_as_a_condition_is_pressure() -> None:
    """ "If you don't think forty desks are worth protecting" doubts their care; "If you don't
    think it's worth a look, just say so" leaves them free."""
    shaming = _scenario_score(
        "objection/too-expensive",
        "first-pushback",
        "Fair enough. I guess if you don't think your drivers are worth protecting, it's a lot. "
        "What were you comparing it to?",
    )
    pressing = [g for g in shaming.guards if g.id == "pressure"]
    assert pressing and pressing[0].evidence[0].text.startswith("if you don't think your drivers")
    assert shaming.score < 5
    free = _scenario_score(
        "objection/too-expensive",
        "first-pushback",
        "That's fair. Compared to what, another quote or the budget you set? If you don't think "
        "it's worth a look after that, just say so.",
    )
    assert not [g for g in free.guards if g.triggered]


@pytest.mark.parametrize(
    "text",
    [
        "Of course, it's about delivery scheduling. I could try you Thursday at two, but honestly "
        "I'd rather just do it now.",
        "sure its about your delivery routes i can ring back tomorrow but lets just do it now",
    ],
)
def test_a_later_call_dropped_for_now_is_no_step_and_pushy(text: str) -> None:
    """A later call offered, then dropped for a call now: the step is taken back, and the
    rep pushes past their not-now."""
    result = _scenario_score("objection/call-me-later", "call-later", text)
    step = next(c for c in result.criteria if c.id == "advance-next-step")
    assert not step.passed and "is taken back by" in (step.detail or "")
    pushy = [g for g in result.guards if g.id == "pushy"]
    assert pushy and pushy[0].label.endswith("(offers a later call, then pushes to talk now)")
    assert pushy[0].tip == (
        "You offered to call later: keep that offer and let them get back to work."
    )
    assert result.score < 5


@pytest.mark.parametrize(
    ("text", "pushes"),
    [
        ("Sure, it's about delivery scheduling. Ten minutes today?", True),
        ("Sure, it's about delivery scheduling. Could I have ten minutes today at four?", False),
        ("Of course. Would tomorrow at nine or later today suit you better?", False),
    ],
)
def test_time_today_after_a_not_now_is_pushy_unless_at_a_time(text: str, pushes: bool) -> None:
    result = _scenario_score("objection/call-me-later", "call-later", text)
    pushy = [g for g in result.guards if g.id == "pushy" and g.triggered]
    assert bool(pushy) == pushes, [g.label for g in pushy]


def test_a_question_answered_for_them_is_quoted() -> None:
    """What the rep reads says the step was asked and answered at once."""
    carrier = next(c for c in CARRIERS if c.step == "next-step")
    text = probe(carrier, "answered for them", "probably not")
    step = next(c for c in score(carrier, text).criteria if c.id == "advance-next-step")
    assert step.detail == f"\u201c{carrier.base[:-1]}\u201d is asked and answered at once"


@pytest.mark.parametrize(
    "after",
    [
        "Probably easiest at ten, before your payroll run.",
        "Probably mornings suit you best?",
        "Don't worry if not, Friday works too.",
    ],
)
def test_a_sentence_that_narrows_the_question_does_not_answer_it(after: str) -> None:
    """ "Probably" naming a time, or asking again, narrows the step; it keeps it."""
    carrier = next(c for c in CARRIERS if c.step == "next-step")
    passed, _ = criterion(carrier, score(carrier, f"{setting(carrier).model} {after}"))
    assert passed


def report() -> None:
    """Escape rates by form family and form, and controls that lose credit."""
    total = escaped = 0
    for family, forms in FORMS.items():
        fam_total = fam_escaped = 0
        lines = []
        for form in forms:
            probed = [c for c in CARRIERS if applies(family, c, form)]
            out = [c for c in probed if escapes(c, probe(c, family, form))]
            fam_total += len(probed)
            fam_escaped += len(out)
            if out:
                lines.append(
                    f"    {form}: {len(out)}/{len(probed)} " + ", ".join(c.move for c in out)
                )
        total += fam_total
        escaped += fam_escaped
        print(f"{family}: {fam_escaped}/{fam_total} escape ({fam_escaped / fam_total:.2f})")
        print("\n".join(lines)) if lines else None
    print(f"all forms: {escaped}/{total} escape ({escaped / total:.2f})")
    lost = [(p, c.move) for p in CONTROLS for c in CARRIERS if loses_credit(c, control(c, p))]
    n = len(CONTROLS) * len(CARRIERS)
    print(f"controls losing credit: {len(lost)}/{n}")
    for p, m in lost:
        print(f"    {p} + {m}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    report()
