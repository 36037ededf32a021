"""The authoring guide's examples are real: they load, and the scenario's examples hold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


def test_the_limits_the_guide_states_are_the_loaders() -> None:
    from trainer.drill.session import MAX_TURNS
    from trainer.scenario.format import Phrase, ScenarioId, Slug, Text
    from trainer.scenario.safe_yaml import MAX_NODES

    def most(kind: Any) -> int:
        return int(next(m.max_length for m in kind.__metadata__ if hasattr(m, "max_length")))

    guide = " ".join(GUIDE.read_text("utf-8").split())
    assert f"at most {MAX_NODES:,} values in a file" in guide
    assert f"holds at most {most(Text):,} characters" in guide
    assert f"a voice name or a hidden fact's label at most {most(Phrase)};" in guide
    assert f"an id at most {most(ScenarioId)} (a step, criterion or fact id at most" in guide
    assert f"fact id at most {most(Slug)})" in guide
    assert f"A drill ends by itself after {MAX_TURNS} answers" in guide


def test_the_annotated_example_passes_validate_and_test_scenarios_as_copied(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from trainer.cli import main

    folder = tmp_path / "my-scenarios"
    folder.mkdir()
    (folder / "too-expensive.yaml").write_text(_yaml_blocks()[0], "utf-8")
    for command in ("validate", "test-scenarios"):
        result = CliRunner().invoke(main, [command, str(folder)])
        assert (result.exit_code, result.stdout) == (0, ""), result.output
