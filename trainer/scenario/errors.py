"""Problems found in scenario files, as data: each one knows its file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class ScenarioError:
    """One problem in one file. `line` and `col` are 1-based; `field_path` may be empty."""

    path: Path
    line: int
    col: int
    field_path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        what = f"{self.field_path}: {self.message}" if self.field_path else self.message
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int]:
        return (str(self.path), self.line, self.col)


@dataclass(frozen=True, slots=True)
class BrokenFile:
    """A file that could not be loaded, with every error found in it."""

    path: Path
    errors: tuple[ScenarioError, ...] = field(default=())

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class ScenarioNotFound(LookupError):
    """No scenario has this id; the message suggests the closest ids."""

    def __init__(self, scenario_id: str, suggestions: list[str]) -> None:
        self.scenario_id = scenario_id
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"No scenario with id {scenario_id!r}.{hint} Run `trainer list` to see the library."
        )

    def __str__(self) -> str:
        return str(self.args[0])


def only_errors(problems: list[ScenarioError] | tuple[ScenarioError, ...]) -> list[ScenarioError]:
    return [p for p in problems if p.is_error]
