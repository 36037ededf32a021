"""Every shipped scenario proves itself with whole calls: a good rep reaches the best
outcome, a poor rep does not, every step and ending is reached by some path, and a call
lasts at least three exchanges unless the scenario says why it is short."""

from __future__ import annotations

import pytest

from trainer.drill.examples import MIN_EXCHANGES, main_path_exchanges, run_paths
from trainer.scenario.library import load_library
from trainer.scenario.models import Kind

LIBRARY = load_library(include_user=False)
IDS = sorted(LIBRARY.scenarios)


@pytest.mark.parametrize("scenario_id", IDS)
def test_the_scripted_paths_pass(scenario_id: str) -> None:
    loaded = LIBRARY.scenarios[scenario_id]
    report = run_paths(loaded)
    assert loaded.scenario.paths, "a shipped scenario needs `paths:`"
    failures = [f"{p.name}: {'; '.join(p.failures)}" for p in report.paths if not p.ok]
    assert failures + report.problems == []


@pytest.mark.parametrize("scenario_id", IDS)
def test_calls_are_long_enough_to_practise(scenario_id: str) -> None:
    loaded = LIBRARY.scenarios[scenario_id]
    scenario = loaded.scenario
    if scenario.short is not None:
        assert scenario.kind in (Kind.VOICEMAIL, Kind.GATEKEEPER, Kind.OBJECTION)
        return
    assert (main_path_exchanges(loaded) or 0) >= MIN_EXCHANGES
