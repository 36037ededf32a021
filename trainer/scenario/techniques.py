"""The technique library: reusable rubric moves that scenarios `use` by name.

A technique file (`techniques/*.yaml` in a scenario folder) holds a `techniques:` list;
see format.TechniqueFile. A criterion `use: acknowledge` takes the technique's checks and
label, and anything the criterion writes itself wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.scenario.errors import ScenarioError
from trainer.scenario.files import UnreadableFile, read_file
from trainer.scenario.models import CRITERION_FIELDS, Technique

if TYPE_CHECKING:
    from trainer.scenario.format import Criterion
    from trainer.scenario.located import Located

# The checks and presentation a criterion can inherit from a technique.
INHERITED = CRITERION_FIELDS
CHECKS = ("phrases", "avoid", "question", "next_step", "words", "refers_to_prospect", "facts")


@dataclass(frozen=True, slots=True)
class DefinedTechnique:
    technique: Technique
    path: Path
    line: int
    col: int


def read_technique_file(path: Path) -> tuple[list[DefinedTechnique], list[ScenarioError]]:
    """The techniques defined in one file, or the errors that keep it from loading."""
    try:
        data = read_file(path)
    except UnreadableFile as exc:
        return [], [ScenarioError(path, 1, 1, "", str(exc))]
    return parse_technique_bytes(data, path)


def parse_technique_bytes(
    data: bytes, path: Path
) -> tuple[list[DefinedTechnique], list[ScenarioError]]:
    from trainer.scenario.format import TechniqueFile, plain
    from trainer.scenario.safe_yaml import parse
    from trainer.scenario.validation import format_path, validate

    parsed = parse(data)
    if parsed.problems:
        errors = [
            ScenarioError(path, p.line, p.col, format_path(p.path), p.message)
            for p in parsed.problems
        ]
        return [], errors
    if parsed.empty:
        return [], [ScenarioError(path, 1, 1, "", "the file is empty: expected `techniques:`")]
    if not isinstance(parsed.value, dict):
        return [], [
            ScenarioError(
                path,
                *parsed.where.value(()),
                "",
                "a technique file is a mapping with a `techniques:` list",
            )
        ]
    model, errors = validate(TechniqueFile, parsed.value, parsed.where, path)
    if model is None:
        return [], errors
    seen: dict[str, int] = {}
    for i, technique in enumerate(model.techniques):
        line, col = parsed.where.value(("techniques", i, "name"))
        field = f"techniques[{i}].name"
        if technique.name in seen:
            first = f"techniques[{seen[technique.name]}]"
            errors.append(
                ScenarioError(
                    path,
                    line,
                    col,
                    field,
                    f"{technique.name!r} is defined twice (first as {first})",
                )
            )
        seen.setdefault(technique.name, i)
        errors += _phrase_errors(technique, ("techniques", i), parsed.where, path)
        if all(getattr(technique, name) is None for name in CHECKS):
            line, col = parsed.where.value(("techniques", i))
            errors.append(
                ScenarioError(
                    path,
                    line,
                    col,
                    f"techniques[{i}]",
                    "a technique needs a check: phrases, avoid, question, next_step, words,"
                    " refers_to_prospect or facts",
                )
            )
        elif technique.facts is not None and any(
            getattr(technique, name) is not None for name in CHECKS if name != "facts"
        ):
            line, col = parsed.where.value(("techniques", i, "facts"))
            errors.append(
                ScenarioError(
                    path,
                    line,
                    col,
                    f"techniques[{i}].facts",
                    "a `facts` technique scores the facts uncovered and nothing else; put the"
                    " other checks in a technique of their own",
                )
            )
    if errors:
        return [], errors
    return [
        DefinedTechnique(plain(t), path, *parsed.where.value(("techniques", i, "name")))
        for i, t in enumerate(model.techniques)
    ], []


def _phrase_errors(
    technique: object, loc: tuple[str | int, ...], where: Located, path: Path
) -> list[ScenarioError]:
    from trainer.scenario.phrase_checks import PHRASE_FIELDS, phrase_problem
    from trainer.scenario.validation import format_path

    errors = []
    for field in PHRASE_FIELDS:
        for n, phrase in enumerate(getattr(technique, field, None) or []):
            problem = phrase_problem(phrase, field)
            if problem is not None:
                at = (*loc, field, n)
                errors.append(ScenarioError(path, *where.value(at), format_path(at), problem))
    return errors


def resolve(criterion: Criterion, technique: Technique) -> Criterion:
    """The criterion (as read from a file) with the technique's fields filled in (the
    criterion's own win)."""
    merged = _checks(technique)
    for name in criterion.model_fields_set & set(INHERITED):
        value = getattr(criterion, name)
        if value is not None:
            merged[name] = value
    merged["id"] = criterion.id or technique.name
    return criterion.model_copy(update=merged)


def merged_checks(criterion: Criterion, technique: Technique | None) -> dict[str, object]:
    """The checks a criterion makes once its technique's are filled in."""
    merged = {
        name: getattr(technique, name)
        for name in CHECKS
        if technique is not None and getattr(technique, name) is not None
    }
    for name in CHECKS:
        value = getattr(criterion, name)
        if value is not None:
            merged[name] = value
    return merged


def _checks(technique: Technique) -> dict[str, object]:
    return {
        name: getattr(technique, name) for name in INHERITED if getattr(technique, name) is not None
    }
