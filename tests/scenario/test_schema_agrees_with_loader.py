"""The JSON Schema an editor checks with agrees with the loader: on the shipped library,
on the guide's examples and on the values the loader reads its own way (`difficulty: "2"`,
`question: yes`, `title: 12`, `expect: {}`).

Editors read YAML 1.2 (the YAML language server does): `yes` and `"2"` are texts there and
`12` a number. The files are read here the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.scenario.scenario_paths import REPO, SHIPPED
from trainer.scenario.library import load_library
from trainer.scenario.loader import LoadedScenario, load_file
from trainer.scenario.models import Technique
from trainer.scenario.schema import scenario_schema, technique_schema
from trainer.scenario.techniques import read_technique_file

GUIDE = REPO / "docs" / "scenarios.md"


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema's plain scalars: only true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), first)


def _editor_reads(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader: builds plain values only


@pytest.fixture(scope="module")
def techniques() -> dict[str, Technique]:
    return load_library(include_user=False).techniques


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = scenario_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _guide_scenarios() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
    return [b for b in blocks if re.search(r"^steps:", b, re.M)]


def _both(
    text: str, tmp_path: Path, techniques: dict[str, Technique], validator: Any
) -> tuple[list[str], list[str]]:
    """(the loader's errors, the schema's errors) for one scenario file's text."""
    path = tmp_path / "scenario.yaml"
    path.write_text(text, "utf-8")
    loaded = load_file(path, techniques)
    loader = [] if isinstance(loaded, LoadedScenario) else [str(e) for e in loaded]
    schema = [e.message for e in validator.iter_errors(_editor_reads(text))]
    return loader, schema


def test_the_shipped_library_and_the_guides_examples_pass_both(
    tmp_path: Path, techniques: dict[str, Technique], validator: Any
) -> None:
    texts = {
        str(p): p.read_text("utf-8")
        for p in sorted(SHIPPED.rglob("*.yaml"))
        if "techniques" not in p.parts
    }
    guide = _guide_scenarios()
    assert len(guide) >= 3
    texts |= {f"docs/scenarios.md example {n}": t for n, t in enumerate(guide)}
    failed = {}
    for name, text in texts.items():
        loader, schema = _both(text, tmp_path, techniques, validator)
        if loader or schema:
            failed[name] = (loader, schema)
    assert failed == {}


def test_the_shipped_techniques_pass_both() -> None:
    validator = jsonschema.Draft202012Validator(technique_schema())
    for path in sorted((SHIPPED / "techniques").glob("*.yaml")):
        assert read_technique_file(path)[1] == []
        assert list(validator.iter_errors(_editor_reads(path.read_text("utf-8")))) == []


# (the start of a line of the guide's first example, the line written instead, whether
# both accept it)
CHANGES = [
    ("difficulty: 2", 'difficulty: "2"', True),
    ("difficulty: 2", "difficulty: '02'", True),
    ("difficulty: 2", 'difficulty: "7"', False),
    ("difficulty: 2", "difficulty: two", False),
    ("version: 3", 'version: "3"', True),
    ("version: 3", "version: 3.0", True),
    ("version: 3", "version: 3.5", False),
    ("      - use: acknowledge", "      - use: acknowledge\n        question: yes", True),
    ("      - use: acknowledge", "      - use: acknowledge\n        question: on", True),
    ("      - use: acknowledge", "      - use: acknowledge\n        question: 'false'", True),
    ("      - use: acknowledge", "      - use: acknowledge\n        question: maybe", False),
    ("        weight: 2", "        weight: '2.5'", True),
    ("        weight: 2", "        weight: lots", False),
    ("title:", "title: 2024", True),
    ("title:", "title: yes", True),
    ("title:", "title:", False),
    ("        expect: {score_at_most: 40}", "        expect: {}", False),
    ("        expect: {score_at_most: 40}", "        expect: {goto: null}", False),
    ("        expect: {score_at_most: 40}", "        expect: {score_at_most: '40'}", True),
]


@pytest.mark.parametrize(("start", "written", "accepted"), CHANGES, ids=[c[1] for c in CHANGES])
def test_the_schema_and_the_loader_agree_on_values_the_loader_reads_its_own_way(
    start: str,
    written: str,
    accepted: bool,
    tmp_path: Path,
    techniques: dict[str, Technique],
    validator: Any,
) -> None:
    lines = _guide_scenarios()[0].splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[n] = written
    loader, schema = _both("\n".join(lines) + "\n", tmp_path, techniques, validator)
    assert (loader == [], schema == []) == (accepted, accepted), (loader, schema)
