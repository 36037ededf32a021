"""Paths and helpers shared by the scenario tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

from pathlib import Path

from trainer.scenario.models import Technique
from trainer.scenario.techniques import read_technique_file

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
MALFORMED = HERE / "malformed"
REPO = HERE.parent.parent
SHIPPED = REPO / "scenarios"


def fixture_techniques() -> dict[str, Technique]:
    defined, errors = read_technique_file(FIXTURES / "techniques.yaml")
    assert not errors, errors
    return {d.technique.name: d.technique for d in defined}
