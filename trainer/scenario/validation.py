"""Turn pydantic's validation errors into located, plain-worded scenario errors."""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from trainer.scenario.errors import ScenarioError
from trainer.scenario.located import Located, PathKey
from trainer.scenario.suggest import did_you_mean, suggest

M = TypeVar("M", bound=BaseModel)

_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9_-]*$": "use lowercase letters, digits, '-' and '_' only (e.g. price-push)",
    r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$": (
        "use lowercase letters, digits, '-', '_' and '/' between parts (e.g. objection/price)"
    ),
    r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$": "use a language code such as en, de or pt-BR",
}


def format_path(path: Sequence[str | int]) -> str:
    """`("steps", 0, "rubric", 1)` → `steps[0].rubric[1]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def validate(
    model: type[M], value: Any, where: Located, path: Path
) -> tuple[M | None, list[ScenarioError]]:
    """Validate plain values against `model`; errors point at the line and column written."""
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        raw = _without_misspelt_missing(model, exc.errors(include_url=False))
        errors = [_located(model, e, where, path) for e in raw]
        return None, sorted(errors, key=ScenarioError.sort_key)


def _without_misspelt_missing(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """Drop "missing key x" when a sibling unknown key is x misspelt: one mistake, one error."""
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden" and err["loc"]:
            parent = tuple(err["loc"][:-1])
            best = suggest(str(err["loc"][-1]), fields_at(model, parent) or [])
            if best is not None:
                misspelt.add((*parent, best))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _located(model: type[BaseModel], err: Any, where: Located, path: Path) -> ScenarioError:
    loc: PathKey = tuple(err["loc"])
    kind: str = err["type"]
    if loc and loc[-1] == "[key]":  # a mapping key failed its own check
        loc = loc[:-1]
        line, col = where.key(loc)
        return ScenarioError(path, line, col, format_path(loc), _message(kind, err, model, loc))
    if kind in ("extra_forbidden", "missing"):
        line, col = where.key(loc) if kind == "extra_forbidden" else where.value(loc)
    else:
        line, col = where.value(loc)
    return ScenarioError(path, line, col, format_path(loc), _message(kind, err, model, loc))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _message(kind: str, err: Any, model: type[BaseModel], loc: PathKey) -> str:
    value = err.get("input")
    ctx = err.get("ctx") or {}
    got = _describe(value)
    if kind == "missing":
        return "missing required key"
    if kind == "extra_forbidden":
        allowed = fields_at(model, loc[:-1])
        key = str(loc[-1]) if loc else ""
        hint = did_you_mean(key, allowed or [])
        if not hint and allowed:
            hint = f" (allowed here: {', '.join(allowed)})"
        return f"unknown key {key!r}{hint}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping (key: value lines), got {got}"
    if kind == "list_type":
        return f"expected a list, got {got}"
    if kind == "string_type":
        return f"expected text, got {got}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"expected a number, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}"
    if kind == "enum":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        return f"{got} is not one of: {', '.join(options)}{hint}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(ctx.get("pattern")), "does not have the expected form")
        return f"{got}: {hint}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    bound = _BOUNDS.get(kind)
    if bound is not None:
        words, key = bound
        limit = ctx.get(key)
        shown = f"{limit:g}" if isinstance(limit, (int, float)) else limit
        return f"must be {words} {shown}, got {value}"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"is too short, got {got}"
    if kind == "string_too_long":
        return f"is too long ({len(str(value))} characters, at most {ctx.get('max_length')})"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"needs at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    return f"{err['msg']}, got {got}" if value is not None and kind != "too_short" else err["msg"]


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "less_than_equal": ("at most", "le"),
    "greater_than": ("more than", "gt"),
    "less_than": ("less than", "lt"),
}


def fields_at(model: type[BaseModel], loc: PathKey) -> list[str] | None:
    """The keys the model accepts at `loc`, or None when `loc` is not a mapping of fields."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return None
            tp = field.annotation
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return None
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return None


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            if len(options) != 1:
                return tp
            tp = options[0]
        else:
            return tp
