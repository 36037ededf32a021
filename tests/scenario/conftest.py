"""Fixtures for the scenario tests: the fixture technique set and a valid scenario."""

from __future__ import annotations

import pytest

from tests.scenario.scenario_paths import FIXTURES, fixture_techniques
from trainer.scenario.models import Technique


@pytest.fixture(scope="session")
def techniques() -> dict[str, Technique]:
    return fixture_techniques()


@pytest.fixture(scope="session")
def valid_text() -> str:
    return (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
