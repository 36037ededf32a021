"""Loading one scenario file: scalars as written, techniques resolved, located errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.scenario.scenario_paths import FIXTURES
from trainer.scenario.errors import ScenarioError
from trainer.scenario.loader import LoadedScenario, load_file
from trainer.scenario.models import Kind, Technique
from trainer.scenario.safe_yaml import parse


def _load(tmp_path: Path, text: str, techniques: dict[str, Technique]) -> LoadedScenario:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_file(path, techniques)
    assert isinstance(result, LoadedScenario), "\n".join(map(str, result))
    return result


def _errors(tmp_path: Path, text: str, techniques: dict[str, Technique]) -> list[ScenarioError]:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_file(path, techniques)
    assert isinstance(result, list), "the file loaded but should not have"
    return result


def test_valid_file_loads_with_its_source_and_hash(techniques: dict[str, Technique]) -> None:
    path = FIXTURES / "valid.yaml"
    loaded = load_file(path, techniques, source="shipped")
    assert isinstance(loaded, LoadedScenario)
    assert loaded.id == "sample/too-expensive"
    assert loaded.scenario.kind is Kind.OBJECTION
    assert loaded.source == "shipped"
    assert loaded.path == path
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.warnings == ()


def test_scalars_stay_as_written_where_text_is_expected(techniques: dict[str, Technique]) -> None:
    scenario = load_file(FIXTURES / "valid.yaml", techniques)
    assert isinstance(scenario, LoadedScenario)
    s = scenario.scenario
    assert s.title == "no"  # `title: no` is the text "no", not False
    assert s.tags == ["price", "no"]
    assert "12:30" in s.brief  # not sexagesimal 750
    assert s.version == 3 and s.difficulty == 2
    asks = s.steps[0].rubric[3]
    assert asks.question is False  # `question: no` where a boolean is expected


def test_one_text_where_a_list_is_expected_becomes_a_one_item_list(
    techniques: dict[str, Technique],
) -> None:
    loaded = load_file(FIXTURES / "valid.yaml", techniques)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.scenario.hidden == [
        "The other quote is from a regional carrier without tracking."
    ]
    assert loaded.scenario.steps[1].prospect == [
        "Another carrier quoted us about fifteen percent less."
    ]


def test_techniques_are_resolved_with_the_scenario_overrides_on_top(
    techniques: dict[str, Technique],
) -> None:
    loaded = load_file(FIXTURES / "valid.yaml", techniques)
    assert isinstance(loaded, LoadedScenario)
    acknowledge, clarify, discount, _asks = loaded.scenario.steps[0].rubric
    assert acknowledge.id == "acknowledge"
    assert acknowledge.phrases == techniques["acknowledge"].phrases
    assert acknowledge.label == "Acknowledge the concern"
    assert clarify.id == "clarifying-question"
    assert clarify.question is True  # from the technique
    assert clarify.weight == 2  # the scenario's override
    assert clarify.tip == "Ask what she compares the price with."  # override beats technique
    assert discount.id == "no-instant-discount" and discount.use is None
    assert all(c.has_check() for step in loaded.scenario.steps for c in step.rubric)


def test_a_criterion_with_its_own_id_keeps_it_when_using_a_technique(
    tmp_path: Path, valid_text: str, techniques: dict[str, Technique]
) -> None:
    text = valid_text.replace(
        "      - use: next-step\n", "      - use: next-step\n        id: books-it\n"
    )
    loaded = _load(tmp_path, text, techniques)
    assert [c.id for c in loaded.scenario.steps[1].rubric] == ["clarifying-question", "books-it"]


def test_kind_no_is_a_clear_choice_error_not_a_boolean(
    tmp_path: Path, valid_text: str, techniques: dict[str, Technique]
) -> None:
    errors = _errors(tmp_path, valid_text.replace("kind: objection", "kind: no"), techniques)
    assert [str(e) for e in errors] == [
        f"{tmp_path / 's.yaml'}:4:7: kind: 'no' is not one of: cold_call, gatekeeper, objection,"
        " follow_up, discovery, inbound, voicemail"
    ]


def test_every_error_in_a_file_is_reported_not_only_the_first(
    tmp_path: Path, valid_text: str, techniques: dict[str, Technique]
) -> None:
    text = valid_text.replace("difficulty: 2", "difficulty: 9").replace("version: 3", "version: x")
    errors = _errors(tmp_path, text, techniques)
    assert [(e.line, e.field_path) for e in errors] == [(2, "version"), (5, "difficulty")]


def test_unreachable_step_is_a_warning_and_the_scenario_still_loads(
    tmp_path: Path, valid_text: str, techniques: dict[str, Technique]
) -> None:
    text = (
        valid_text.replace("goto: explore\n", "goto: booked\n")
        .replace("expect: {score_at_least: 70, goto: booked}", "expect: {score_at_least: 70}")
        .replace("goto: explore}", "goto: booked}")
    )
    loaded = _load(tmp_path, text, techniques)
    assert [(w.field_path, w.severity) for w in loaded.warnings] == [("steps[1].id", "warning")]
    assert "never reached" in str(loaded.warnings[0])
    assert ": warning: steps[1].id:" in str(loaded.warnings[0])


def test_quoted_null_is_text_and_plain_null_is_nothing() -> None:
    parsed = parse(b"a: null\nb: 'null'\nc:\nd: ~\ne: ''\n")
    assert parsed.value == {"a": None, "b": "null", "c": None, "d": None, "e": ""}


def test_positions_are_counted_in_characters_not_bytes() -> None:
    parsed = parse("k: \u00e9\u00e9\u00e9 x\nlist: [caf\u00e9, b]\n".encode())
    assert parsed.where.value(("list", 1)) == (2, 14)  # 15 if counted in bytes


@pytest.mark.parametrize(
    "data",
    [b"\xef\xbb\xbfid: x\n", b"id: x\r\nversion: 1\r\n"],
    ids=["utf8-bom", "crlf"],
)
def test_harmless_encodings_are_accepted(data: bytes) -> None:
    parsed = parse(data)
    assert parsed.problems == []
    assert parsed.value["id"] == "x"
