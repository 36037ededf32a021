"""Scenario QA: what the shipped library shows a rep (model answer, hint, tips) agrees with
the rubric that scores the rep. A model answer that fails its own step, or a hint that points
at a move the rubric punishes, teaches the wrong thing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.drill.hints import step_hint
from trainer.scenario.format import as_data, checked
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import Scenario, Step
from trainer.scoring.answer import Answer
from trainer.scoring.facts import FactsSoFar
from trainer.scoring.normalize import normalise
from trainer.scoring.phrases import Matcher
from trainer.scoring.result import GOOD_SCORE, TurnScore
from trainer.scoring.scorer import GENERAL_QUESTION_DETAIL, is_hygiene, score_answer
from trainer.scoring.techniques import resolve

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
QUOTED = re.compile(r"[\"“]([^\"”]{3,80})[\"”]|(?<![A-Za-z])'([^']{3,80})'(?![A-Za-z])")
# A quote after these is what not to say: "No 'how are you today'", "instead of 'just
# checking in'".
NOT_THIS = re.compile(
    r"\b(no|not|never|don't|avoid|instead of|rather than|without|even|"
    r"skip|drop)\b[^.;:]{0,30}$",
    re.IGNORECASE,
)


def _examples(text: str) -> list[str]:
    """The example wordings a hint or tip recommends."""
    return [
        m.group(1) or m.group(2)
        for m in QUOTED.finditer(text)
        if not NOT_THIS.search(text[: m.start()])
    ]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _steps(library: Library) -> list[tuple[Scenario, Step]]:
    return [(ld.scenario, st) for ld in library.scenarios.values() for st in ld.scenario.steps]


def _ideal_call(s: Scenario) -> FactsSoFar:
    """A model answer belongs in a call of model answers: every fact that can be uncovered
    has been (a `facts` criterion counts them)."""
    return FactsSoFar(tuple(s.facts), frozenset(f.id for f in s.facts if f.unlock is not None))


def test_every_model_answer_passes_its_step_on_every_prospect_line(library: Library) -> None:
    low = []
    for s, step in _steps(library):
        for line in step.prospect:
            result = score_answer(
                step,
                Answer.typed(step.model_answer),
                line,
                s.delivery,
                prospect_name=s.persona.name or None,
                facts=_ideal_call(s),
            )
            if result.score < GOOD_SCORE or any(g.triggered for g in result.guards):
                low.append(f"{s.id}:{step.id} {line[:40]!r} scored {result.score:g}")
    assert not low


def test_a_hint_or_tip_never_quotes_what_the_rubric_punishes(library: Library) -> None:
    """Every example wording in a hint or tip ("That's fair", "Compared to what?") passes the
    step's avoid lists and triggers no guard."""
    bad = []
    for s, step in _steps(library):
        rubric = [resolve(c) for c in step.rubric]
        avoid = [p for c in rubric for p in c.avoid or []]
        texts = [step.hint or ""] + [c.tip or "" for c in rubric]
        for text in texts:
            for quoted in _examples(text):
                matcher = Matcher(normalise(quoted))
                hits = [p for p in avoid if any(not h.negated for h in matcher.find(p))]
                result = score_answer(step, Answer.typed(quoted), step.prospect[0], s.delivery)
                guards = [g.id for g in result.guards if g.triggered and g.id != "ignores-prospect"]
                if hits or guards:
                    bad.append(f"{s.id}:{step.id} {quoted!r}: {hits + guards}")
    assert not bad


def test_the_no_time_hint_no_longer_leads_to_a_dead_line(library: Library) -> None:
    """The old fallback hint ("offer to be quick or call back at a better time"), followed
    literally, scored 26 and the line went dead. The step now has its own hint that names
    the moves the rubric rewards, and its tips stay on the stocktake, not on price."""
    s = library.get("objection/no-time").scenario
    step = s.steps[0]
    assert step.hint and "why you're calling" in step.hint and "question" in step.hint
    assert all("price" not in (c.tip or "").lower() for c in step.rubric)
    following_the_hint = (
        "Understood. I'm calling because warehouses use us to avoid closing "
        "for the annual stocktake. Is that a headache for you?"
    )
    result = score_answer(step, Answer.typed(following_the_hint), step.prospect[0], s.delivery)
    assert result.score >= GOOD_SCORE


def test_an_unnamed_gatekeeper_is_shown_by_role() -> None:
    from trainer.scenario.models import Persona

    assert checked(Persona, {"role": "Receptionist"}).label == "Receptionist"
    assert checked(Persona, {}).label == "Prospect"
    assert checked(Persona, {"name": "Rosa Delgado", "role": "HR"}).label == "Rosa Delgado"


def test_every_example_wording_in_a_tip_earns_its_own_move(library: Library) -> None:
    """A tip that says 'ask "Compared to what?"' must be right: that wording passes the move."""
    wrong = []
    for s, step in _steps(library):
        for c in (resolve(c) for c in step.rubric):
            if is_hygiene(c) or not c.tip:
                continue
            one = checked(
                Step,
                {
                    "id": "one",
                    "prospect": step.prospect,
                    "model_answer": "-",
                    "rubric": [as_data(c)],
                },
            )
            for quoted in _examples(c.tip):
                result = score_answer(
                    one,
                    Answer.typed(quoted),
                    step.prospect[0],
                    prospect_name=s.persona.name or None,
                )
                if not result.criteria[0].passed:
                    wrong.append(f"{s.id}:{step.id} {c.key} {quoted!r}")
    assert not wrong


DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Brief words that rightly count as a move on their own: where a number came from, what the
# product does for them.
LEGITIMATE = {
    ("honest-source", "linkedin"),
    ("honest-source", "referral"),
    ("honest-source", "switchboard"),
    ("reason-for-call", "lets"),
    ("fresh-angle", "idea"),
    ("value-for-buyer", "automatically"),
}


def test_the_products_own_nouns_are_not_moves(library: Library) -> None:
    """No word of a scenario's brief ("scheduling", "business", "director", "Monday") passes a
    technique's phrase list or counts as a next step on its own."""
    from trainer.scoring.detectors import STOPWORDS, find_next_step
    from trainer.scoring.techniques import core_techniques

    found = []
    for loaded in library.scenarios.values():
        for word in set(re.findall(r"[A-Za-z][A-Za-z-]{3,}", loaded.scenario.brief)):
            if word.lower() in STOPWORDS:
                continue
            norm = normalise(f"the {word}")
            matcher = Matcher(norm)
            if find_next_step(norm, matcher) and word.lower() not in DAYS:
                found.append(f"next step: {word}")
            for name, technique in core_techniques().items():
                for phrase in technique.phrases or []:
                    if "{name}" in phrase or (name, phrase) in LEGITIMATE:
                        continue
                    if any(not h.negated for h in matcher.find(phrase)):
                        found.append(f"{name} {phrase!r}: {word}")
    assert not found, sorted(set(found))


# -- what a rep is shown agrees with what the rep is scored on (QA session 8) ---------------

# A tip or hint that asks for a question: "then a question", "ask what's behind it". Not "no
# question", "don't ask".
ASKS_FOR_A_QUESTION = re.compile(
    r"(?<!\bno )(?<!\bnot )(?<!\bnever )(?<!\bdon't )\b(ask|asks|question|questions)\b",
    re.IGNORECASE,
)


def _score(s: Scenario, step: Step, text: str, line: str) -> TurnScore:
    return score_answer(
        step,
        Answer.typed(text),
        line,
        s.delivery,
        prospect_name=s.persona.name or None,
        facts=_ideal_call(s),
    )


def _hint_and_tips(step: Step) -> list[str]:
    return [step_hint(step)] + [c.tip for c in step.rubric if c.tip]


def test_a_hint_without_its_own_text_leads_with_the_move_worth_most(library: Library) -> None:
    """No step's hint is made of stock hygiene tips ("keep it respectful") while its
    heaviest move (saying yes to "is this a sales call?", worth 40 points) goes unmentioned."""
    missing = []
    for s, step in _steps(library):
        if step.hint:
            continue
        moves = [c for c in step.rubric if c.tip and not is_hygiene(c)]
        if not moves:
            continue
        heaviest = max(moves, key=lambda c: 1.0 if c.weight is None else c.weight)
        if (heaviest.tip or "") not in step_hint(step):
            missing.append(f"{s.id}:{step.id} {heaviest.key}")
    assert not missing


def test_following_the_sales_call_hint_literally_passes(library: Library) -> None:
    """The QA rep followed the old hint ("Sorry to bother you. May I take 30 seconds?") and
    lost the call on 58. The hint now says to say yes, and doing what it says passes."""
    s = library.get("objection/is-this-a-sales-call").scenario
    step = s.step("sales-call")
    hint = step_hint(step)
    assert "Say so" in hint
    following_it = "Yes, it is a sales call. May I take 30 seconds?"
    for line in step.prospect:
        assert _score(s, step, following_it, line).score >= GOOD_SCORE


def test_no_example_in_a_hint_or_tip_is_called_a_general_question(library: Library) -> None:
    """An example question the app recommends on a step ("Besides us, what else have you
    looked at?") must not be marked down there as "a general question": not on any move
    when the step's own hint quotes it, not on its move when a move's tip does."""
    general = []
    for s, step in _steps(library):
        quotes: list[tuple[str, str | None]] = [(q, None) for q in _examples(step.hint or "")]
        quotes += [(q, c.key) for c in step.rubric for q in _examples(c.tip or "")]
        for quoted, move in quotes:
            for line in step.prospect:
                result = _score(s, step, quoted, line)
                if any(
                    GENERAL_QUESTION_DETAIL in (c.detail or "")
                    for c in result.criteria
                    if move is None or c.id == move
                ):
                    general.append(f"{s.id}:{step.id} {quoted!r}")
    assert not sorted(set(general))


def test_the_driver_no_show_question_is_not_general(library: Library) -> None:
    """A question about what the call has hidden (the planners' driver no-shows) is tied to
    this call, though the prospect said "no-shows" rather than "driver"."""
    s = library.get("discovery/peer-level-buyer").scenario
    step = s.step("the-mornings")
    asked = (
        "Thanks. Could you walk me through a normal morning, what happens when a driver "
        "doesn't turn up?"
    )
    result = _score(s, step, asked, step.prospect[0])
    peer = next(c for c in result.criteria if c.id == "peer-question")
    assert peer.passed and peer.credit == 1.0, peer.detail


def test_every_model_answer_meets_its_steps_delivery_targets(library: Library) -> None:
    """No step shows "✗ Questions asked: 0 (target at least 1)" under its own model answer,
    beside a rubric that wants no question (a do-not-call) or a plain answer and a booked
    call."""
    clashes = []
    for s, step in _steps(library):
        for line in step.prospect:
            result = _score(s, step, step.model_answer, line)
            off = [
                f"{m.label} {m.actual:g} ({m.target_text()})"
                for m in result.delivery
                if m.ok is False
            ]
            if off:
                clashes.append(f"{s.id}:{step.id} {line[:30]!r}: {off}")
    assert not clashes


def test_a_step_that_punishes_a_question_never_gets_a_tip_to_ask_one(library: Library) -> None:
    """Whatever the rep says on a step whose rubric or delivery target wants no question
    (take-me-off-your-list), no tip, stock or guard, tells them to ask one ("then a question.
    Let the prospect talk", "Acknowledge, then ask what's behind it")."""
    pushed = []
    checked_steps = 0
    for s, step in _steps(library):
        answers = [e.answer for e in step.examples] + [
            " ".join([step.model_answer] * 5),  # a ramble
            "No, you're wrong, you're making a mistake. That's not how it works.",
        ]
        for text in answers:
            result = _score(s, step, text, step.prospect[0])
            questions = next(m for m in result.delivery if m.id == "questions")
            if questions.target_max != 0:
                break
            checked_steps += 1
            tips = [c.tip for c in result.criteria if not c.passed and c.tip]
            tips += [g.tip for g in result.guards if g.triggered and g.tip]
            pushed += [f"{s.id}:{step.id}: {t}" for t in tips if ASKS_FOR_A_QUESTION.search(t)]
    assert checked_steps
    assert not sorted(set(pushed))


def test_a_do_not_call_scores_a_question_as_a_last_pitch(library: Library) -> None:
    """Delivery and rubric agree on take-me-off-your-list: the model answer shows no ✗ for
    asking nothing, and "Can I at least send you a brochure?" is no longer half credit on
    "No last pitch or question"."""
    s = library.get("objection/take-me-off-your-list").scenario
    step = s.steps[0]
    model = _score(s, step, step.model_answer, step.prospect[0])
    questions = next(m for m in model.delivery if m.id == "questions")
    assert questions.ok and questions.target_max == 0
    assert questions.target_text() == "none"
    brochure = _score(
        s,
        step,
        "Of course, I'll take you off. Can I at least send you a brochure?",
        step.prospect[0],
    )
    last_pitch = next(c for c in brochure.criteria if c.id == "no-last-pitch")
    assert not last_pitch.passed


def test_compared_to_what_is_only_suggested_where_a_price_was_raised(library: Library) -> None:
    """The stock tip 'Ask what's behind it ("Compared to what?")' was shown on a demo request
    where she had only said hello, and as the hint to "just send me an email"."""
    misplaced = []
    for s, step in _steps(library):
        if any("compared to what" in t.lower() for t in _hint_and_tips(step)):
            said = " ".join(step.prospect).lower()
            if not re.search(r"price|cost|spend|expensive|cheaper|quote|budget|more than", said):
                misplaced.append(f"{s.id}:{step.id}")
    assert not misplaced


def test_a_stock_tip_never_offers_the_callback_a_hint_says_ends_the_call(
    library: Library,
) -> None:
    """The no-time hint says offering to call back ends the call; the stock "respect their
    time" tip, shown when that move is missed, no longer suggests one on every step that uses
    it (not-interested). A step whose prospect asks to be called later says so in its own
    tip."""
    callback = re.compile(r"call (you |them |him |her )?back", re.IGNORECASE)
    offered = []
    for s, step in _steps(library):
        if any(callback.search(c.tip or "") for c in step.rubric):
            said = " ".join(step.prospect).lower()
            if "later" not in said and "call me" not in said:
                offered.append(f"{s.id}:{step.id}")
    assert not offered


def test_every_wording_a_hint_quotes_earns_a_move_in_full(library: Library) -> None:
    """A rep who says what the hint quotes ("How would your planners use it day to day?")
    earns at least one of the step's real moves in full, on every prospect line."""
    empty = []
    for s, step in _steps(library):
        for quoted in _examples(step.hint or ""):
            if len(quoted.split()) < 2:
                continue  # a word of theirs ("find out what 'more' means"), not a wording
            for line in step.prospect:
                result = _score(s, step, quoted, line)
                earned = [
                    r.id
                    for c, r in zip(step.rubric, result.criteria, strict=True)
                    if r.passed and r.credit == 1.0 and not is_hygiene(c)
                ]
                if not earned:
                    empty.append(f"{s.id}:{step.id} {quoted!r}")
    assert not empty
