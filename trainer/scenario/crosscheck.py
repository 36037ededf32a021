"""Checks across a scenario's parts: ids, branch targets, techniques, meters, examples.

These run once the file has the right shape. Errors make the file unusable; warnings
(an unreachable step, an ending nothing leads to) are shown but the scenario still loads.
A step from which the call can never end (a loop with no exit) and a rubric that cannot
mean anything (every weight 0, an empty or punctuation-only phrase list, a negative range)
are errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from trainer.scenario import models
from trainer.scenario.errors import ScenarioError, Severity
from trainer.scenario.format import (
    Condition,
    Criterion,
    DeliveryTargets,
    FactsCheck,
    Range,
    Scenario,
)
from trainer.scenario.located import Located, PathKey
from trainer.scenario.models import Technique
from trainer.scenario.phrase_checks import PHRASE_FIELDS, phrase_problem
from trainer.scenario.suggest import did_you_mean
from trainer.scenario.techniques import merged_checks
from trainer.scenario.validation import format_path
from trainer.words import plural


class _Report:
    def __init__(self, path: Path, where: Located) -> None:
        self.path = path
        self.where = where
        self.problems: list[ScenarioError] = []
        self.step_ids: set[str] = set()

    def add(
        self, loc: PathKey, message: str, *, at_key: bool = False, severity: Severity = "error"
    ) -> None:
        line, col = self.where.key(loc) if at_key else self.where.value(loc)
        self.problems.append(
            ScenarioError(self.path, line, col, format_path(loc), message, severity)
        )


def cross_check(
    scenario: Scenario, where: Located, path: Path, techniques: Mapping[str, Technique]
) -> list[ScenarioError]:
    report = _Report(path, where)
    step_ids = _unique_step_ids(scenario, report)
    report.step_ids = step_ids
    targets = step_ids | set(scenario.endings)
    facts = _check_facts(scenario, report)
    for name in sorted(step_ids & set(scenario.endings)):
        report.add(("endings", name), f"{name!r} is both a step id and an ending id", at_key=True)
    if scenario.start is not None and scenario.start not in step_ids:
        report.add(
            ("start",), f"no step {scenario.start!r}{did_you_mean(scenario.start, step_ids)}"
        )
    _check_meters(scenario, report)
    for i in range(len(scenario.steps)):
        keys = _check_rubric(scenario, i, techniques, report)
        _check_branches(scenario, i, targets, keys, facts, report)
        _check_examples(scenario, i, targets, report)
    _check_reachable(scenario, step_ids, report)
    _check_can_end(scenario, report)
    return sorted(report.problems, key=ScenarioError.sort_key)


def _unique_step_ids(scenario: Scenario, report: _Report) -> set[str]:
    seen: dict[str, int] = {}
    for i, step in enumerate(scenario.steps):
        if step.id in seen:
            report.add(
                ("steps", i, "id"),
                f"step id {step.id!r} is used twice (first as steps[{seen[step.id]}])",
            )
        seen.setdefault(step.id, i)
    return set(seen)


def _check_meters(scenario: Scenario, report: _Report) -> None:
    if scenario.delivery is not None:
        _check_delivery(scenario.delivery, ("delivery",), report)
    for name, meter in scenario.state.items():
        if meter.min >= meter.max:
            report.add(("state", name), f"min ({meter.min:g}) must be below max ({meter.max:g})")
        elif not meter.min <= meter.start <= meter.max:
            report.add(
                ("state", name, "start"),
                f"start ({meter.start:g}) must lie between min ({meter.min:g}) and max"
                f" ({meter.max:g})",
            )


def _check_rubric(
    scenario: Scenario, i: int, techniques: Mapping[str, Technique], report: _Report
) -> set[str]:
    """Check one step's criteria; return their keys (what `passed`/`missed` may name)."""
    keys: dict[str, int] = {}
    for j, criterion in enumerate(scenario.steps[i].rubric):
        loc: PathKey = ("steps", i, "rubric", j)
        if criterion.use is not None and criterion.use not in techniques:
            hint = did_you_mean(criterion.use, techniques) or " (`trainer list --techniques`)"
            report.add((*loc, "use"), f"unknown technique {criterion.use!r}{hint}")
        key = criterion.key
        if key in keys:
            field = "id" if criterion.id else "use"
            report.add(
                (*loc, field),
                f"criterion {key!r} appears twice in this rubric (first as rubric[{keys[key]}]);"
                " give one of them its own `id`",
            )
        keys.setdefault(key, j)
        technique = techniques.get(criterion.use or "")
        _check_facts_criterion(scenario, criterion, technique, loc, report)
        _check_phrases(criterion, loc, report)
        _check_range(criterion.words, (*loc, "words"), report)
    weights = [_weight(c, techniques) for c in scenario.steps[i].rubric]
    if weights and all(w == 0 for w in weights):
        report.add(
            ("steps", i, "rubric"),
            "every criterion has weight 0, so no answer can score anything; give at least one"
            " a weight above 0",
        )
    delivery = scenario.steps[i].delivery
    if delivery is not None:
        _check_delivery(delivery, ("steps", i, "delivery"), report)
    return set(keys)


def _check_facts_criterion(
    scenario: Scenario,
    criterion: Criterion,
    technique: Technique | None,
    loc: PathKey,
    report: _Report,
) -> None:
    """A `facts` criterion names facts that exist and can be uncovered, asks for no more of
    them than it lists, and makes no other check."""
    checks = merged_checks(criterion, technique)
    check = checks.get("facts")
    if not isinstance(check, FactsCheck | models.FactsCheck):  # the file's or a technique's
        return
    at = (*loc, "facts") if criterion.facts is not None else (*loc, "use")
    others = sorted(name for name in checks if name != "facts")
    if others:
        report.add(
            at,
            f"a `facts` criterion scores the facts uncovered and nothing else (this one also"
            f" has {', '.join(others)}); put those checks in a criterion of their own",
        )
    facts = {f.id: f for f in scenario.facts}
    unlockable = [f.id for f in scenario.facts if f.unlock is not None]
    if check.of is None:
        if not unlockable:
            report.add(
                at,
                "this criterion scores the hidden facts uncovered, but no fact under `hidden:`"
                " has an `unlock`, so none can be; give the facts an `unlock`",
            )
            return
        counted = unlockable
    else:
        counted = []
        for n, name in enumerate(check.of):
            where = (*loc, "facts", "of", n)
            if name not in facts:
                report.add(where, f"no hidden fact {name!r}{did_you_mean(name, set(facts))}")
            elif facts[name].unlock is None:
                report.add(
                    where,
                    f"hidden fact {name!r} has no `unlock`, so no answer can uncover it; give"
                    " it one or leave it out of `of`",
                )
            elif name in counted:
                report.add(where, f"hidden fact {name!r} is listed twice")
            else:
                counted.append(name)
    if check.at_least is not None and counted and check.at_least > len(counted):
        report.add(
            (*at, "at_least") if criterion.facts is not None else at,
            f"at_least is {check.at_least}, but only {plural(len(counted), 'fact')} count here;"
            f" at most {len(counted)}",
        )


def _weight(criterion: Criterion, techniques: Mapping[str, Technique]) -> float:
    if criterion.weight is not None:
        return criterion.weight
    technique = techniques.get(criterion.use or "")
    if technique is not None and technique.weight is not None:
        return technique.weight
    return 1.0


def _check_phrases(criterion: Criterion, loc: PathKey, report: _Report) -> None:
    for field in PHRASE_FIELDS:
        phrases = getattr(criterion, field)
        if phrases is None:
            continue
        if not phrases and field in ("phrases", "avoid"):
            report.add(
                (*loc, field),
                f"`{field}` is an empty list, so it can never match; list at least one phrase"
                " or remove the key",
            )
        for n, phrase in enumerate(phrases):
            problem = phrase_problem(phrase, field)
            if problem is not None:
                report.add((*loc, field, n), problem)


def _check_range(value: Range | None, loc: PathKey, report: _Report) -> None:
    if value is None:
        return
    for name in ("min", "max"):
        bound = getattr(value, name)
        if bound is not None and bound < 0:
            report.add((*loc, name), f"{name} is {bound:g}; counts and times are never negative")


def _check_delivery(delivery: DeliveryTargets, loc: PathKey, report: _Report) -> None:
    for name in DeliveryTargets.model_fields:
        _check_range(getattr(delivery, name), (*loc, name), report)


def _check_facts(scenario: Scenario, report: _Report) -> set[str]:
    """Fact ids are unique; an unlock names only meters and facts that exist."""
    seen: set[str] = set()
    meters = _meters(scenario)
    for n, fact in enumerate(scenario.facts):
        if fact.id in seen:
            report.add(("hidden", n, "id"), f"fact id {fact.id!r} is used twice")
        seen.add(fact.id)
    for n, fact in enumerate(scenario.facts):
        if fact.unlock is not None:
            _check_condition(fact.unlock, ("hidden", n, "unlock"), None, meters, seen, report)
    for name, ending in scenario.endings.items():
        for v, variant in enumerate(ending.variants or []):
            loc: PathKey = ("endings", name, "variants", v, "when")
            _check_condition(variant.when, loc, None, meters, seen, report)
    return seen


def _meters(scenario: Scenario) -> set[str]:
    return set(scenario.state) | ({"patience"} if scenario.patience is not None else set())


def _check_condition(
    when: Condition,
    loc: PathKey,
    criteria: set[str] | None,
    meters: set[str],
    facts: set[str],
    report: _Report,
) -> None:
    """Names in a condition (and in the conditions it combines) must exist. `criteria` is
    None where any step's criteria may be named (an unlock, an ending variant)."""
    _check_meter_names(when.state_at_least, (*loc, "state_at_least"), meters, report)
    _check_meter_names(when.state_below, (*loc, "state_below"), meters, report)
    if criteria is not None:
        for field, names in (("passed", when.passed), ("missed", when.missed)):
            for n, name in enumerate(names or []):
                if name not in criteria:
                    report.add(
                        (*loc, field, n),
                        f"this step has no criterion {name!r}{did_you_mean(name, criteria)}",
                    )
    steps = report.step_ids
    for n, name in enumerate(when.at or []):
        if name not in steps:
            report.add((*loc, "at", n), f"no step {name!r}{did_you_mean(name, steps)}")
    for n, name in enumerate(when.facts or []):
        if name not in facts:
            report.add((*loc, "facts", n), f"no hidden fact {name!r}{did_you_mean(name, facts)}")
    for field in ("all", "any"):
        for n, inner in enumerate(getattr(when, field) or []):
            _check_condition(inner, (*loc, field, n), criteria, meters, facts, report)
    if when.not_ is not None:
        _check_condition(when.not_, (*loc, "not"), criteria, meters, facts, report)


def _check_branches(
    scenario: Scenario,
    i: int,
    targets: set[str],
    criteria: set[str],
    facts: set[str],
    report: _Report,
) -> None:
    meters = _meters(scenario)
    for k, branch in enumerate(scenario.steps[i].next or []):
        loc: PathKey = ("steps", i, "next", k)
        if branch.goto not in targets:
            report.add(
                (*loc, "goto"),
                f"no step or ending {branch.goto!r}{did_you_mean(branch.goto, targets)}",
            )
        _check_meter_names(branch.effects, (*loc, "effects"), meters, report)
        if branch.when is not None:
            _check_condition(branch.when, (*loc, "when"), criteria, meters, facts, report)


def _check_meter_names(
    names: Iterable[str] | None, loc: PathKey, meters: set[str], report: _Report
) -> None:
    for name in names or ():
        if name not in meters:
            hint = did_you_mean(name, meters) or (
                " (declare it under `state:`)" if not meters else ""
            )
            report.add((*loc, name), f"no state meter {name!r}{hint}", at_key=True)


def _check_examples(scenario: Scenario, i: int, targets: set[str], report: _Report) -> None:
    step = scenario.steps[i]
    gotos = [b.goto for b in step.next or []]
    for e, example in enumerate(step.examples):
        loc: PathKey = ("steps", i, "examples", e, "expect")
        expect = example.expect
        low, high = expect.score_at_least, expect.score_at_most
        if low is not None and high is not None and low > high:
            report.add(loc, f"score_at_least ({low:g}) is above score_at_most ({high:g})")
        if expect.goto is None:
            continue
        if expect.goto not in targets:
            report.add(
                (*loc, "goto"),
                f"no step or ending {expect.goto!r}{did_you_mean(expect.goto, targets)}",
            )
        elif expect.goto not in gotos:
            where_to = ", ".join(dict.fromkeys(gotos)) if gotos else "nowhere: it has no `next`"
            report.add(
                (*loc, "goto"),
                f"this step never goes to {expect.goto!r} (its branches go to {where_to})",
            )


def _check_reachable(scenario: Scenario, step_ids: set[str], report: _Report) -> None:
    by_id = {s.id: s for s in scenario.steps}
    start = scenario.first_step
    seen: set[str] = set()
    todo = [start] if start in by_id else []
    reached_endings: set[str] = set()
    if scenario.patience is not None:
        reached_endings.add(scenario.patience.ending)  # any step can end in a hang-up
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for branch in by_id[current].next or []:
            if branch.goto in by_id:
                todo.append(branch.goto)
            else:
                reached_endings.add(branch.goto)
    if start not in by_id:
        return  # already reported
    for i, step in enumerate(scenario.steps):
        if step.id not in seen and step.id in step_ids:
            report.add(
                ("steps", i, "id"),
                f"step {step.id!r} is never reached from {start!r}",
                severity="warning",
            )
            step_ids = step_ids - {step.id}  # report a duplicated id once
    for name in scenario.endings:
        if name not in reached_endings:
            report.add(
                ("endings", name),
                f"no reachable step leads to ending {name!r}",
                at_key=True,
                severity="warning",
            )


def _check_can_end(scenario: Scenario, report: _Report) -> None:
    """Every step the call can reach must have a way to an end: a branch to an ending, a
    fall-through (no `next`, or no branch that always holds) or a step that can end."""
    by_id = {s.id: s for s in scenario.steps}
    targets: dict[str, list[str]] = {}
    can_end: set[str] = set()
    for step in scenario.steps:
        taken: list[str] = []
        falls_through = True
        for branch in step.next or []:
            taken.append(branch.goto)
            if _always(branch.when):
                falls_through = False
                break
        targets[step.id] = taken
        if falls_through or any(t not in by_id for t in taken):
            can_end.add(step.id)
    changed = True
    while changed:
        changed = False
        for step_id, taken in targets.items():
            if step_id not in can_end and any(t in can_end for t in taken):
                can_end.add(step_id)
                changed = True
    reported: set[str] = set()
    for i, step in enumerate(scenario.steps):
        if step.id in can_end or step.id in reported:
            continue
        reported.add(step.id)
        loops = ", ".join(dict.fromkeys(targets[step.id]))
        report.add(
            ("steps", i, "next"),
            f"no ending can be reached from step {step.id!r}: its branches always go to"
            f" {loops}, which never end (a loop with no exit); add a branch to an ending"
            " or a `when` so that the call can end",
        )


def _always(when: Condition | None) -> bool:
    """A `when` that always holds: none, or one with no condition set."""
    if when is None:
        return True
    return when.is_empty()


def raw_branch_targets(
    data: Mapping[str, object], where: Located, path: Path
) -> list[ScenarioError]:
    """The branches to a missing step or ending in a file whose shape has errors (so
    `cross_check` cannot run yet): `trainer validate` reports them in the same run as the
    shape errors. Read from the parsed mapping, leaving out whatever is not yet shaped
    right (the shape errors name it)."""
    report = _Report(path, where)
    steps = data.get("steps")
    endings = data.get("endings")
    if not isinstance(steps, list):
        return []
    targets = {s["id"] for s in steps if isinstance(s, dict) and isinstance(s.get("id"), str)}
    if isinstance(endings, dict):
        targets |= {e for e in endings if isinstance(e, str)}
    for i, step in enumerate(steps):
        branches = step.get("next") if isinstance(step, dict) else None
        for k, branch in enumerate(branches if isinstance(branches, list) else []):
            goto = branch.get("goto") if isinstance(branch, dict) else None
            if isinstance(goto, str) and goto not in targets:
                report.add(
                    ("steps", i, "next", k, "goto"),
                    f"no step or ending {goto!r}{did_you_mean(goto, targets)}",
                )
    return report.problems
