"""JSON Schemas for scenario and technique files, for editors (completion and checking).

Hook a file up to the YAML language server with a first line such as
`# yaml-language-server: $schema=../docs/scenario.schema.json` (see docs/scenarios.md).
"""

from __future__ import annotations

import copy
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    from trainer.scenario.format import Scenario

    schema = _finish(Scenario.model_json_schema(), "trainer scenario")
    # The loader accepts one text where a list of texts is expected; so does the schema.
    _one_or_many(schema["$defs"]["Step"]["properties"], "prospect")
    _one_or_many(schema["properties"], "hidden")
    _one_or_many_optional(schema["$defs"]["HiddenFact"]["properties"], "reveal")
    return schema


def technique_schema() -> dict[str, Any]:
    from trainer.scenario.format import TechniqueFile

    return _finish(TechniqueFile.model_json_schema(), "trainer technique library")


def _finish(schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, **schema, "title": title}


def _one_or_many(properties: dict[str, Any], name: str) -> None:
    prop = properties[name]
    as_list = {k: v for k, v in prop.items() if k not in ("title", "description", "default")}
    keep = {k: v for k, v in prop.items() if k in ("title", "description", "default")}
    properties[name] = {**keep, "anyOf": [copy.deepcopy(prop["items"]), as_list]}


def _one_or_many_optional(properties: dict[str, Any], name: str) -> None:
    """An optional list (`anyOf: [array, null]`) that also takes one item on its own."""
    options = properties[name]["anyOf"]
    array = next(o for o in options if o.get("type") == "array")
    options.insert(0, copy.deepcopy(array["items"]))
