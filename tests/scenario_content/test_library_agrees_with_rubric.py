"""Scenario QA: what the shipped library shows a rep (model answer, hint, tips) agrees with
the rubric that scores the rep. A model answer that fails its own step, or a hint that points
at a move the rubric punishes, teaches the wrong thing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.scenario.format import as_data, checked
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import Scenario, Step
from trainer.scoring.answer import Answer
from trainer.scoring.facts import FactsSoFar
from trainer.scoring.normalize import normalise
from trainer.scoring.phrases import Matcher
from trainer.scoring.result import GOOD_SCORE
from trainer.scoring.scorer import is_hygiene, score_answer
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
