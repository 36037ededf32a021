"""A scenario's texts name only the people in it: a hint, a tip, a model answer or a summary
that says "could you introduce me to Sam?" in a call with no Sam sends the rep after a
stranger (the name came from another scenario's persona)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.drill.hints import step_hint
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import Scenario
from trainer.scoring.names import name_lists
from trainer.scoring.techniques import core_techniques, resolve

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
# A capitalised word, not the start of a contraction ("Don't" is no Don).
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b(?!['\u2019])")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _capitalised(text: str | None) -> set[str]:
    return set(_CAPITALISED.findall(text or ""))


def _story(scenario: Scenario) -> str:
    """Who is in the call: the persona, the brief, the hidden facts and every prospect line."""
    persona = scenario.persona
    texts = [persona.name, persona.role or "", persona.company or "", scenario.brief]
    for fact in scenario.facts:
        texts += [fact.text, fact.label or "", fact.how or "", *(fact.reveal or [])]
    for step in scenario.steps:
        texts += step.prospect
    for ending in scenario.endings.values():
        texts += [ending.prospect or "", *(v.prospect or "" for v in ending.variants or [])]
    return " ".join(texts)


def _shown(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """(where, text) for every text that coaches the rep: hints, tips, labels, model
    answers and summaries, techniques' tips included."""
    for step in scenario.steps:
        yield f"{step.id}: hint", step_hint(step)
        yield f"{step.id}: model answer", step.model_answer
        for criterion in step.rubric:
            move = resolve(criterion)
            name = criterion.id or criterion.use
            yield f"{step.id}: {name} tip", move.tip or ""
            yield f"{step.id}: {name} label", move.label or ""
    for ending_id, ending in scenario.endings.items():
        yield f"ending {ending_id}", ending.summary or ""
        for variant in ending.variants or []:
            yield f"ending {ending_id} variant", variant.summary or ""


def _people(library: Library) -> set[str]:
    """Every person named in the library, by first name: personas' and those in any
    scenario's story (a first name that is also an everyday word, such as "Grant", left out;
    surnames too: "Price" starts sentences)."""
    lists = name_lists()
    first = lists["first"] - lists.get("common-word", frozenset())
    people: set[str] = set()
    for scenario_id in library.scenarios:
        scenario = library.get(scenario_id).scenario
        people |= set(scenario.persona.name.split()[:1])
        people |= {w for w in _capitalised(_story(scenario)) if w.lower() in first}
    return people


def test_the_library_knows_the_people_it_names(library: Library) -> None:
    people = _people(library)
    assert {"Sam", "Owen", "Neil", "Kevin"} <= people


def test_a_scenario_names_no_person_absent_from_it(library: Library) -> None:
    people = _people(library)
    strangers = []
    for scenario_id in sorted(library.scenarios):
        scenario = library.get(scenario_id).scenario
        own = _capitalised(_story(scenario))
        for where, text in _shown(scenario):
            named = (_capitalised(text) & people) - own
            if named:
                strangers.append(f"{scenario_id} {where}: {sorted(named)} in {text!r}")
    assert not strangers, "\n".join(strangers)


def test_a_technique_names_no_person(library: Library) -> None:
    """A technique's texts are shown in every scenario that uses it."""
    people = _people(library)
    named = [
        f"{name}: {sorted(_capitalised(text) & people)} in {text!r}"
        for name, technique in core_techniques().items()
        for text in (technique.tip, technique.label, technique.description)
        if _capitalised(text) & people
    ]
    assert not named, "\n".join(named)
