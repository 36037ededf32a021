"""The shipped scenario library covers what the issue promises, as a rep would find it.

These tests read the real files through the real loader. Whether each example scores as
expected is checked by `trainer test-scenarios` (and its own tests); here we check coverage:
enough scenarios of every kind, the fourteen-plus objections, a good and a bad example on
every step, and branching that can lead both to a meeting and to a loss or harder pushback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.drill.examples import run_model_answers
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import Kind, Outcome, Scenario, Step

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
SCHEMA_HEADER = "# yaml-language-server: $schema=../../docs/scenario.schema.json"

OBJECTION_TAGS = {
    "objection-not-interested",
    "objection-send-me-an-email",
    "objection-too-expensive",
    "objection-no-budget",
    "objection-happy-with-current-vendor",
    "objection-call-me-later",
    "objection-how-did-you-get-my-number",
    "objection-no-time",
    "objection-ask-my-boss",
    "objection-tried-before",
    "objection-in-house",
    "objection-under-contract",
    "objection-just-send-pricing",
    "objection-take-me-off-your-list",
    "objection-is-this-a-sales-call",
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


@pytest.fixture(scope="module")
def scenarios(library: Library) -> list[Scenario]:
    return [loaded.scenario for loaded in library.scenarios.values()]


def _techniques(step: Step) -> set[str]:
    return {c.use or c.id or "" for c in step.rubric}


def _reachable(scenario: Scenario) -> Iterator[str]:
    """Every step and ending id reachable from the first step."""
    seen: set[str] = set()
    todo = [scenario.first_step]
    steps = {s.id: s for s in scenario.steps}
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        yield node
        if node in steps:
            todo.extend(b.goto for b in steps[node].next or [])


def test_the_library_loads_cleanly_with_at_least_thirty_scenarios(library: Library) -> None:
    assert not library.broken, [str(e) for b in library.broken for e in b.errors]
    assert not library.duplicates
    assert len(library.scenarios) >= 30


def test_every_file_points_editors_at_the_schema() -> None:
    files = [p for p in SHIPPED.rglob("*.yaml") if "techniques" not in p.parts]
    assert len(files) >= 30
    missing = [str(p) for p in files if not p.read_text(encoding="utf-8").startswith(SCHEMA_HEADER)]
    assert not missing


def test_every_kind_is_practised(scenarios: list[Scenario]) -> None:
    kinds = {s.kind for s in scenarios}
    assert kinds == set(Kind)
    ids = {s.id for s in scenarios}
    assert any(i.startswith("account/") for i in ids), "a multi-contact account scenario"


def test_gatekeepers_come_in_three_difficulties(scenarios: list[Scenario]) -> None:
    gatekeepers = [s for s in scenarios if s.id.startswith("gatekeeper/")]
    assert len({s.difficulty for s in gatekeepers}) >= 3
    for s in gatekeepers:
        assert "ask-for-right-person" in _techniques(s.steps[0]), s.id


def test_cold_call_openers_ask_permission_and_give_a_reason(scenarios: list[Scenario]) -> None:
    openers = [s for s in scenarios if s.id.startswith("cold-call/")]
    used = set().union(*(_techniques(step) for s in openers for step in s.steps))
    assert {"permission-opener", "reason-for-call"} <= used


def test_each_of_the_named_objections_has_its_own_scenario(scenarios: list[Scenario]) -> None:
    by_tag = {
        tag: s.id
        for s in scenarios
        if s.kind is Kind.OBJECTION
        for tag in s.tags
        if tag in OBJECTION_TAGS
    }
    assert set(by_tag) == OBJECTION_TAGS
    assert len(set(by_tag.values())) == len(OBJECTION_TAGS), "one scenario per objection"
    assert all(i.startswith("objection/") for i in by_tag.values())


def test_take_me_off_your_list_is_scored_on_compliance(library: Library) -> None:
    step = library.get("objection/take-me-off-your-list").scenario.steps[0]
    assert "comply-do-not-call" in _techniques(step)


def test_inbound_leads_are_never_asked_to_repeat_themselves(scenarios: list[Scenario]) -> None:
    inbound = [s for s in scenarios if s.kind is Kind.INBOUND]
    assert inbound
    for s in inbound:
        assert "build-on-inbound" in _techniques(s.steps[0]), s.id
        assert any("no-repeat-ask" in _techniques(step) for step in s.steps), s.id
        assert "form" in s.brief.lower() or "downloaded" in s.brief.lower(), s.id


def test_discovery_asks_peer_questions_about_use_and_alternatives(
    scenarios: list[Scenario],
) -> None:
    discovery = [s for s in scenarios if s.kind is Kind.DISCOVERY]
    assert discovery
    for s in discovery:
        assert any("peer-question" in _techniques(step) for step in s.steps), s.id


def test_the_persistence_sequence_has_five_to_seven_touches_with_fresh_angles(
    scenarios: list[Scenario],
) -> None:
    sequences = [s for s in scenarios if "persistence" in s.tags]
    assert sequences
    seq = sequences[0]
    touches = [st for st in seq.steps if st.id.startswith("touch-")]
    assert 5 <= len(touches) <= 7
    channels = {
        "voicemail" if "voicemail" in t.id else "email" if "email" in t.id else "call"
        for t in touches
    }
    assert channels == {"voicemail", "email", "call"}
    later = touches[1:-1]  # every unanswered touch after the first needs something new
    assert all("fresh-angle" in _techniques(t) for t in later)


def test_every_step_has_a_model_answer_and_a_good_and_a_bad_example(
    scenarios: list[Scenario],
) -> None:
    problems = []
    for s in scenarios:
        for step in s.steps:
            good = [e for e in step.examples if (e.expect.score_at_least or 0) >= 70]
            bad = [
                e
                for e in step.examples
                if e.expect.score_at_most is not None and e.expect.score_at_most <= 40
            ]
            if not step.model_answer.strip() or not good or not bad:
                problems.append(f"{s.id}:{step.id}")
    assert not problems


def test_multi_step_scenarios_branch_to_a_win_and_to_a_loss_or_harder_step(
    scenarios: list[Scenario],
) -> None:
    multi = [s for s in scenarios if len(s.steps) >= 2]
    assert len(multi) >= 15
    for s in multi:
        reachable = set(_reachable(s))
        outcomes = {s.endings[e].outcome for e in reachable if e in s.endings}
        assert Outcome.WIN in outcomes, s.id
        assert Outcome.LOSS in outcomes, s.id
        first = s.step(s.first_step)
        branches = first.next or []
        assert branches and branches[0].when is not None, s.id
        good, fallback = branches[0], branches[-1]
        if fallback.goto == good.goto:  # same next touch, but the poor answer costs goodwill
            assert sum((fallback.effects or {}).values()) < sum((good.effects or {}).values()), s.id
        elif fallback.goto in s.endings:
            assert s.endings[fallback.goto].outcome is Outcome.LOSS, s.id
        else:
            assert fallback.goto in {st.id for st in s.steps}, s.id


def test_endings_use_every_outcome_and_meters_move_in_several_scenarios(
    scenarios: list[Scenario],
) -> None:
    outcomes = {e.outcome for s in scenarios for e in s.endings.values()}
    assert outcomes == set(Outcome)
    with_effects = [
        s.id
        for s in scenarios
        if s.state and any(b.effects for st in s.steps for b in st.next or [])
    ]
    assert len(with_effects) >= 5


def test_every_model_answer_earns_a_passing_score(library: Library) -> None:
    """The answer shown to the rep as the model must score well under its own rubric, and
    a call of model answers must not end in a loss: the check `trainer test-scenarios` runs
    on every author's scenario."""
    low = [
        f"{loaded.id}:{outcome.step_id}: {'; '.join(outcome.failures)}"
        for loaded in library.scenarios.values()
        for outcome in run_model_answers(loaded.scenario)
        if not outcome.ok
    ]
    assert not low


MODEL_FLOOR = 95  # every shipped model answer, typed, scores at least this and misses no move


def test_every_model_answer_makes_every_move_its_rubric_asks_for(library: Library) -> None:
    """A rep told the model answer is what good looks like stops trusting the score when it
    scores 71: in-house and under-contract missed "It clearly works" and "Glad they work" as
    acknowledgements, tried-before did not acknowledge, seasonal-staff named no benefit,
    just-send-pricing's "That helps." was no acknowledgement (86)."""
    short = {
        f"{loaded.id}:{o.step_id}": f"{o.score:g}, missed {', '.join(o.missed) or '-'}"
        for loaded in library.scenarios.values()
        for o in run_model_answers(loaded.scenario)
        if o.score < MODEL_FLOOR or o.missed
    }
    assert short == {}


def test_a_model_answer_plays_back_what_it_heard_and_asks_about_it(library: Library) -> None:
    """A model answer shown with ✗ beside a move teaches the rep to skip it. ask-my-boss's
    "Cost and disruption, got it." played back without checking (80), and
    happy-with-current-vendor asked the general "How often has that happened?" (19 of 23)."""
    from trainer.drill.alone import score_alone
    from trainer.scoring.answer import Answer

    boss = library.scenarios["objection/ask-my-boss"].scenario
    (outcome,) = [o for o in run_model_answers(boss) if o.step_id == "boss-questions"]
    assert (outcome.score, outcome.missed) == (100, ())

    vendor = library.scenarios["objection/happy-with-current-vendor"].scenario
    step = vendor.step("the-gap")
    result, _ = score_alone(vendor, step, Answer.typed(step.model_answer), step.prospect[0])
    (question,) = [c for c in result.criteria if c.id == "clarifying-question"]
    assert question.passed and question.credit == 1


def test_a_prospect_who_listens_facts_that_unlock_scored_discovery_and_patience(
    library: Library,
) -> None:
    """Every objection and discovery drill with hidden facts lets the rep uncover them all;
    discovery drills score the facts uncovered; at least six hurried or irritated prospects
    have patience that can run out."""
    from trainer.scoring.facts import scores_facts

    scenarios = [ld.scenario for ld in library.scenarios.values()]
    locked = [
        f"{s.id}:{f.id}"
        for s in scenarios
        if s.kind in (Kind.OBJECTION, Kind.DISCOVERY)
        for f in s.facts
        if f.unlock is None
    ]
    assert not locked
    discovery = [s for s in scenarios if s.kind is Kind.DISCOVERY]
    assert discovery and all(any(scores_facts(step) for step in s.steps) for s in discovery)
    assert len([s for s in scenarios if s.patience is not None]) >= 6
    assert len([s for s in scenarios if any(f.unlock for f in s.facts)]) >= 30
