"""The plain records the trainer reads (trainer.scenario.models) match the format scenario
authors write (trainer.scenario.format): same fields, same defaults, and a checked file
becomes records all the way down."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from tests.scenario.scenario_paths import FIXTURES
from trainer.scenario import format as scenario_format
from trainer.scenario import models
from trainer.scenario.format import as_data, checked
from trainer.scenario.library import load_library

RECORDS = [
    obj
    for _, obj in inspect.getmembers(models, inspect.isclass)
    if issubclass(obj, tuple) and obj.__module__ == models.__name__
]


def _model(record: type) -> type[BaseModel]:
    model: type[BaseModel] = getattr(scenario_format, record.__name__)
    assert issubclass(model, BaseModel)
    return model


def test_every_format_model_has_a_record() -> None:
    models_in_format = {
        name
        for name, obj in inspect.getmembers(scenario_format, inspect.isclass)
        if issubclass(obj, BaseModel) and obj.__module__ == scenario_format.__name__
    }
    without = {"Strict", "CriterionFields", "TechniqueFile"}  # bases and the file's wrapper
    assert models_in_format - without == {r.__name__ for r in RECORDS}


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_a_record_has_its_models_fields_and_defaults(record: Any) -> None:
    model = _model(record)
    assert set(record._fields) == set(model.model_fields)
    for name, default in record._field_defaults.items():
        field = model.model_fields[name]
        assert not field.is_required(), f"{record.__name__}.{name} is required in the format"
        assert field.get_default(call_default_factory=True) == default, name
    for name in set(record._fields) - set(record._field_defaults):
        field = model.model_fields[name]
        if not field.is_required():  # a list or mapping the format defaults to empty
            assert field.get_default(call_default_factory=True) in ([], {}), name


def test_criterion_fields_are_the_formats() -> None:
    assert set(models.CRITERION_FIELDS) == set(scenario_format.CriterionFields.model_fields)


def _records_only(value: Any) -> None:
    assert not isinstance(value, BaseModel), value
    if isinstance(value, tuple | list):
        for item in value:
            _records_only(item)
    elif isinstance(value, dict):
        for item in value.values():
            _records_only(item)


def test_a_loaded_scenario_is_records_all_the_way_down(tmp_path: Path) -> None:
    (tmp_path / "techniques").mkdir()
    shutil.copy(FIXTURES / "techniques.yaml", tmp_path / "techniques" / "core.yaml")
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "too-expensive.yaml")
    library = load_library(include_user=False, shipped_dir=tmp_path, cache=False)
    assert library.errors() == []
    loaded = library.get("sample/too-expensive")
    assert isinstance(loaded.scenario, models.Scenario)
    assert isinstance(loaded.scenario.steps[0].rubric[0], models.Criterion)
    _records_only(loaded.scenario)


def test_checked_validates_and_as_data_gives_the_values_back() -> None:
    data = {"not": {"guards": ["rude"]}, "facts_at_least": 1}
    condition = checked(models.Condition, data)
    assert condition == models.Condition(facts_at_least=1, not_=models.Condition(guards=["rude"]))
    assert condition.describe() == (
        "the rep has uncovered at least 1 hidden facts and not (the answer sets off rude)"
    )
    assert as_data(condition) == data
    with pytest.raises(ValidationError):
        checked(models.Condition, {"score_at_least": 101})
