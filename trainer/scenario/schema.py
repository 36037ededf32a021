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
    for name, keys in _ONE_OF_NEEDED.items():
        schema["$defs"][name]["anyOf"] = [
            {"required": [key], "properties": {key: {"not": {"type": "null"}}}} for key in keys
        ]
    done: dict[str, Any] = _as_the_loader_reads(schema)
    return done


def technique_schema() -> dict[str, Any]:
    from trainer.scenario.format import TechniqueFile

    done: dict[str, Any] = _as_the_loader_reads(
        _finish(TechniqueFile.model_json_schema(), "trainer technique library")
    )
    return done


# Models whose validator needs at least one of these keys set (format.py says why).
_ONE_OF_NEEDED = {
    "Expectation": ("score_at_least", "score_at_most", "goto"),
    "ScriptedPath": ("ending", "outcome", "not_outcome"),
    "Criterion": ("id", "use"),
}

# The loader reads every value as the text written and lets each field type it (pydantic's
# lax mode), so `difficulty: "2"` is 2, `question: yes` (or on, y, t, 1) is true, and
# `title: 12` is the text "12". Editors read YAML 1.2, where `"2"` and `yes` are texts and
# `12` is a number: the schema takes both forms so that it flags what the loader refuses.
_INTEGER = r"^\s*[+-]?[0-9]+(_[0-9]+)*(\.0*)?\s*$"
_NUMBER = r"^\s*[+-]?([0-9]+(_[0-9]+)*(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
_BOOLEAN = (
    r"^\s*([Tt]([Rr][Uu][Ee])?|[Ff]([Aa][Ll][Ss][Ee])?|[Yy]([Ee][Ss])?|[Nn][Oo]?"
    r"|[Oo]([Nn]|[Ff][Ff])|[01])\s*$"
)
_ALSO: dict[str, dict[str, Any]] = {
    "integer": {"type": "string", "pattern": _INTEGER},
    "number": {"type": "string", "pattern": _NUMBER},
    "boolean": {"type": "string", "pattern": _BOOLEAN},
}
_KEPT_OUTSIDE = ("title", "description", "default")


def _as_the_loader_reads(node: Any) -> Any:
    """Every number and true/false also as text, every free text also as a number or
    true/false, as the loader reads them (see above)."""
    if isinstance(node, list):
        return [_as_the_loader_reads(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_the_loader_reads(value) for key, value in node.items()}
    kind = node.get("type")
    other: dict[str, Any]
    if kind == "integer" and _few(node):
        values = "|".join(str(n) for n in range(node["minimum"], node["maximum"] + 1))
        other = {"type": "string", "pattern": rf"^\s*\+?0*({values})(\.0*)?\s*$"}
    elif kind in _ALSO:
        other = _ALSO[kind]
    elif kind == "string" and not {"pattern", "enum", "const", "format"} & set(node):
        other = {"type": ["number", "boolean"]}
    else:
        return node
    outside = {k: v for k, v in node.items() if k in _KEPT_OUTSIDE}
    inside = {k: v for k, v in node.items() if k not in _KEPT_OUTSIDE}
    return {**outside, "anyOf": [inside, other]}


def _finish(schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, **schema, "title": title}


def _few(node: dict[str, Any]) -> bool:
    """An integer of a short range from 1 up (difficulty 1-5): its texts can be listed."""
    low, high = node.get("minimum"), node.get("maximum")
    return isinstance(low, int) and isinstance(high, int) and 1 <= low <= high <= low + 100


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
