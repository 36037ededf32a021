"""Load one scenario file: safe YAML → typed model → cross-checks → techniques resolved →
the plain records the trainer reads (trainer.scenario.models).

`load_file` never raises for a bad file: it returns the file's errors, each with its
`path:LINE:COL: field.path: message`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from trainer.scenario.errors import ScenarioError, only_errors
from trainer.scenario.files import UnreadableFile, read_file
from trainer.scenario.located import Located
from trainer.scenario.models import Scenario, Technique

if TYPE_CHECKING:
    from trainer.scenario.format import Scenario as CheckedScenario

Source = Literal["shipped", "user", "published"]  # published: a team server's copy


@dataclass(frozen=True, slots=True)
class LoadedScenario:
    """A valid scenario with its techniques resolved, and where it came from."""

    scenario: Scenario
    path: Path
    sha256: str
    source: Source
    where: Located = field(repr=False, compare=False)  # filled on first use
    warnings: tuple[ScenarioError, ...] = ()

    @property
    def id(self) -> str:
        return self.scenario.id

    def position(self, *loc: str | int) -> tuple[int, int]:
        """Line and column of a value in the file, e.g. `position("steps", 0, "examples", 1)`."""
        return self.where.value(tuple(loc))


def load_file(
    path: Path, techniques: Mapping[str, Technique], source: Source = "user"
) -> LoadedScenario | list[ScenarioError]:
    """Load and check one scenario file: the scenario, or every error found in it."""
    try:
        data = read_file(path)
    except UnreadableFile as exc:
        return [ScenarioError(path, 1, 1, "", str(exc))]
    return load_bytes(data, path, techniques, source)


def load_bytes(
    data: bytes, path: Path, techniques: Mapping[str, Technique], source: Source = "user"
) -> LoadedScenario | list[ScenarioError]:
    import hashlib

    # The parser and the checks, only when a file is read (not for a cached library).
    from trainer.scenario.crosscheck import cross_check
    from trainer.scenario.format import Scenario as CheckedScenario
    from trainer.scenario.format import plain
    from trainer.scenario.safe_yaml import parse
    from trainer.scenario.validation import format_path, validate

    parsed = parse(data)
    if parsed.problems:
        return [
            ScenarioError(path, p.line, p.col, format_path(p.path), p.message)
            for p in parsed.problems
        ]
    if parsed.empty:
        return [
            ScenarioError(
                path,
                1,
                1,
                "",
                "the file is empty: a scenario needs at least id, "
                "version, title, kind, difficulty, persona, brief and steps",
            )
        ]
    if not isinstance(parsed.value, dict):
        kind = "a list" if isinstance(parsed.value, list) else "a single text"
        return [
            ScenarioError(
                path,
                *parsed.where.value(()),
                "",
                f"the file holds {kind}; a scenario is a mapping of keys "
                "(id: ..., title: ..., steps: ...)",
            )
        ]
    scenario, errors = validate(CheckedScenario, parsed.value, parsed.where, path)
    if scenario is None:
        return errors
    problems = cross_check(scenario, parsed.where, path, techniques)
    if only_errors(problems):
        return problems
    return LoadedScenario(
        scenario=plain(_resolve_techniques(scenario, techniques)),
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        where=parsed.where,
        warnings=tuple(problems),
    )


def _resolve_techniques(
    scenario: CheckedScenario, techniques: Mapping[str, Technique]
) -> CheckedScenario:
    from trainer.scenario.techniques import resolve

    steps = []
    for step in scenario.steps:
        if all(c.use is None for c in step.rubric):
            steps.append(step)
            continue
        rubric = [resolve(c, techniques[c.use]) if c.use else c for c in step.rubric]
        steps.append(step.model_copy(update={"rubric": rubric}))
    return scenario.model_copy(update={"steps": steps})
