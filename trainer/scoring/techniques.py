"""The shipped technique library (scenarios/techniques/core.yaml), loaded lazily for the scorer.

The scenario library normally resolves `use:` before scoring; this is the scorer's fallback
when it is handed a criterion that still only names its technique.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from trainer.scenario.models import CRITERION_FIELDS, Criterion, Technique


def shipped_techniques_path() -> Path:
    package = Path(__file__).resolve().parent.parent
    for candidate in (
        package / "_shipped_scenarios" / "techniques" / "core.yaml",  # installed wheel
        package.parent / "scenarios" / "techniques" / "core.yaml",  # source checkout
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the shipped technique library (techniques/core.yaml) is missing")


@lru_cache(maxsize=1)
def core_techniques() -> dict[str, Technique]:
    """The shipped techniques by name; empty if the file is missing (a broken install is
    reported by the scenario library, and scoring must still work)."""
    try:
        path = shipped_techniques_path()
    except FileNotFoundError:
        return {}
    from trainer.scenario.cache import cached_techniques

    return cached_techniques(path, lambda: _read_techniques(path))


def _read_techniques(path: Path) -> dict[str, Technique]:
    import yaml

    from trainer.scenario.format import TechniqueFile, plain

    # libyaml's parser when present (same YAML, a tenth of the time of the pure-Python one).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return {t.name: plain(t) for t in TechniqueFile.model_validate(data).techniques}


_resolved: dict[int, tuple[Criterion, Criterion]] = {}


def resolve(criterion: Criterion) -> Criterion:
    """Fill a `use:` criterion's checks from its technique; the criterion's own fields win,
    and `more_phrases` / `more_avoid` extend the lists (see docs/scenarios.md)."""
    if (criterion.use is None or (criterion.id is not None and criterion.has_check())) and (
        criterion.more_phrases is None and criterion.more_avoid is None
    ):
        return criterion
    cached = _resolved.get(id(criterion))
    if cached is not None and cached[0] is criterion:
        return cached[1]
    if len(_resolved) > 4096:
        _resolved.clear()
    result = _resolve(criterion)
    _resolved[id(criterion)] = (criterion, result)
    return result


def _resolve(criterion: Criterion) -> Criterion:
    technique = core_techniques().get(criterion.use or "")
    if technique is not None and not (criterion.id is not None and criterion.has_check()):
        criterion = _with_technique(criterion, technique)
    return _extended(criterion)


def _extended(criterion: Criterion) -> Criterion:
    """`more_phrases` / `more_avoid` added to `phrases` / `avoid`."""
    if criterion.more_phrases:
        phrases = list(criterion.phrases or []) + list(criterion.more_phrases)
        criterion = criterion._replace(phrases=phrases, more_phrases=None)
    if criterion.more_avoid:
        avoid = list(criterion.avoid or []) + list(criterion.more_avoid)
        criterion = criterion._replace(avoid=avoid, more_avoid=None)
    return criterion


def _with_technique(criterion: Criterion, technique: Technique) -> Criterion:
    """The technique's fields, then the criterion's own where it sets them."""
    merged = {name: getattr(technique, name) for name in CRITERION_FIELDS}
    merged.update(
        (name, value)
        for name, value in zip(criterion._fields, criterion, strict=True)
        if value is not None and name in CRITERION_FIELDS
    )
    return Criterion(id=criterion.id or criterion.use, use=criterion.use, **merged)
