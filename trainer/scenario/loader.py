"""Load one scenario file: safe YAML → typed model → cross-checks → techniques resolved →
the plain records the trainer reads (trainer.scenario.models).

`load_file` never raises for a bad file: it returns the file's errors, each with its
`path:LINE:COL: field.path: message`.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from trainer.scenario.errors import ScenarioError, only_errors
from trainer.scenario.files import UnreadableFile, read_file
from trainer.scenario.models import Scenario, Technique

if TYPE_CHECKING:
    from trainer.scenario.format import Scenario as CheckedScenario
    from trainer.scenario.located import Located

Source = Literal["shipped", "user", "published"]  # published: a team server's copy


class LoadedScenario:
    """A valid scenario with its techniques resolved, and where it came from.

    Pickled (the library's cache), the scenario and its positions travel as bytes of their
    own, unpickled on first use: scoring one answer reads back one scenario, not all.
    """

    __slots__ = ("_packed", "_scenario", "_where", "path", "sha256", "source", "warnings")

    def __init__(
        self,
        scenario: Scenario,
        path: Path,
        sha256: str,
        source: Source,
        where: Located,  # filled on first use
        warnings: tuple[ScenarioError, ...] = (),
    ) -> None:
        self._scenario: Scenario | None = scenario
        self._where: Located | None = where
        self._packed: tuple[bytes, bytes] | None = None
        self.path = path
        self.sha256 = sha256
        self.source: Source = source
        self.warnings = warnings

    @classmethod
    def _unpickled(
        cls,
        packed: tuple[bytes, bytes],
        path: Path,
        sha256: str,
        source: Source,
        warnings: tuple[ScenarioError, ...],
    ) -> LoadedScenario:
        loaded = cls.__new__(cls)
        loaded._scenario = loaded._where = None
        loaded._packed = packed
        loaded.path, loaded.sha256, loaded.source, loaded.warnings = path, sha256, source, warnings
        return loaded

    def __reduce__(self) -> tuple[object, ...]:
        packed = self._packed or (_dumps(self.scenario), _dumps(self.where))
        return (
            LoadedScenario._unpickled,
            (packed, self.path, self.sha256, self.source, self.warnings),
        )

    @property
    def scenario(self) -> Scenario:
        if self._scenario is None:
            assert self._packed is not None
            self._scenario = pickle.loads(self._packed[0])
        return self._scenario

    @property
    def where(self) -> Located:
        if self._where is None:
            assert self._packed is not None
            self._where = pickle.loads(self._packed[1])
        return self._where

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedScenario):
            return NotImplemented
        mine = (self.scenario, self.path, self.sha256, self.source, self.warnings)
        return mine == (other.scenario, other.path, other.sha256, other.source, other.warnings)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and mutable inside

    def __repr__(self) -> str:
        return f"LoadedScenario(id={self.id!r}, path={self.path!r}, source={self.source!r})"

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
    from trainer.scenario.crosscheck import cross_check, raw_branch_targets
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
    if "techniques" in parsed.value and not {"id", "steps"} & set(parsed.value):
        return [
            ScenarioError(
                path,
                *parsed.where.key(("techniques",)),
                "techniques",
                "this is a technique file, not a scenario: technique files belong in a"
                " `techniques/` folder inside your scenario folder (e.g."
                " my-scenarios/techniques/team.yaml)",
            )
        ]
    scenario, errors = validate(CheckedScenario, parsed.value, parsed.where, path)
    if scenario is None:  # with the branches to nowhere, which need no shape to be found
        shaped = {e.field_path for e in errors}
        errors += [
            e
            for e in raw_branch_targets(parsed.value, parsed.where, path)
            if e.field_path not in shaped
        ]
        return sorted(errors, key=ScenarioError.sort_key)
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


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
