"""The authoring guide's examples are real: they load, and the scenario's examples hold."""

from __future__ import annotations

import re
from pathlib import Path

from tests.scenario.scenario_paths import REPO
from trainer.drill.examples import run_examples
from trainer.scenario.library import load_library
from trainer.scenario.loader import LoadedScenario, load_file
from trainer.scenario.techniques import read_technique_file

GUIDE = REPO / "docs" / "scenarios.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", GUIDE.read_text("utf-8"), re.S)


def test_the_annotated_example_loads_and_its_examples_hold(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(_yaml_blocks()[0], "utf-8")
    library = load_library(include_user=False)
    loaded = load_file(path, library.techniques)
    assert isinstance(loaded, LoadedScenario), "\n".join(map(str, loaded))
    assert loaded.warnings == ()
    assert [o.failures for o in run_examples(loaded)] == [(), ()]


def test_the_technique_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(_yaml_blocks()[1], "utf-8")
    defined, errors = read_technique_file(path)
    assert errors == []
    assert [d.technique.name for d in defined] == ["mention-case-study"]


def test_the_listening_prospect_example_loads_and_its_paths_pass(tmp_path: Path) -> None:
    from trainer.drill.examples import run_paths

    block = next(b for b in _yaml_blocks() if b.startswith("id: docs/listening"))
    path = tmp_path / "listening.yaml"
    path.write_text(block, "utf-8")
    library = load_library(include_user=False)
    loaded = load_file(path, library.techniques)
    assert isinstance(loaded, LoadedScenario), "\n".join(map(str, loaded))
    assert loaded.warnings == ()
    report = run_paths(loaded)
    assert [p.failures for p in report.paths] == [(), (), ()]
    assert report.problems == []


def test_the_discovery_example_loads_and_its_paths_pass(tmp_path: Path) -> None:
    from trainer.drill.examples import run_paths

    block = next(b for b in _yaml_blocks() if b.startswith("id: docs/discovery"))
    path = tmp_path / "discovery.yaml"
    path.write_text(block, "utf-8")
    library = load_library(include_user=False)
    loaded = load_file(path, library.techniques)
    assert isinstance(loaded, LoadedScenario), "\n".join(map(str, loaded))
    assert loaded.warnings == ()
    report = run_paths(loaded)
    assert [p.failures for p in report.paths] == [(), ()]
    assert report.problems == []
