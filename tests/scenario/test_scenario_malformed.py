"""The malformed corpus: every file is rejected at the right line and column, never crashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.scenario_paths import MALFORMED
from trainer.scenario.loader import LoadedScenario, load_file
from trainer.scenario.models import Technique

# file (without .yaml) → (line, column, fragment of the message) of one error it must report
EXPECTED: dict[str, tuple[int, int, str]] = {
    "alias-bomb": (2, 4, "anchors (&a) are not allowed"),
    "apostrophe-in-single-quotes": (10, 18, "an apostrophe inside a text in single quotes ends it"),
    "alias": (50, 12, "aliases (*lost) are not allowed"),
    "anchor": (7, 10, "anchors (&dana) are not allowed"),
    "bad-id": (1, 5, "use lowercase letters"),
    "bad-indentation": (26, 4, "check the indentation"),
    "bad-language": (6, 11, "use a language code"),
    "bad-start": (12, 8, "no step 'opening'"),
    "colon-in-text": (8, 12, "put it in quotes"),
    "comments-only": (1, 1, "the file is empty"),
    "complex-key": (6, 3, "a key must be plain text"),
    "control-char": (8, 12, "control character U+0007"),
    "criterion-no-check": (23, 9, "an inline criterion needs a check"),
    "criterion-no-id": (20, 9, "a criterion needs `id` (inline) or `use`"),
    "dangling-goto": (31, 15, "no step or ending 'hangup' — did you mean 'hung-up'?"),
    "deep-nesting-block": (22, 41, "nested too deeply"),
    "deep-nesting": (6, 26, "nested too deeply"),
    "difficulty-out-of-range": (5, 13, "must be at most 5, got 7"),
    "duplicate-criterion": (42, 14, "criterion 'next-step' appears twice"),
    "duplicate-key-nested": (27, 5, "duplicate key 'hint' (first written on line 26)"),
    "duplicate-key": (6, 1, "duplicate key 'difficulty' (first written on line 5)"),
    "duplicate-step-id": (37, 9, "step id 'first-pushback' is used twice"),
    "empty-prospect-line": (38, 15, "must not be empty"),
    "empty-steps": (12, 8, "needs at least 1 item"),
    "empty": (1, 1, "the file is empty"),
    "example-goto-unreachable": (34, 44, "this step never goes to 'booked'"),
    "expect-contradiction": (36, 17, "score_at_least (60) is above score_at_most (40)"),
    "expect-empty": (36, 17, "expect needs score_at_least, score_at_most or goto"),
    "key-out-of-line": (13, 9, "`more_phrases` starts in column 9, but `use` above it"),
    "kind-no": (4, 7, "'no' is not one of: cold_call"),
    "kind-typo": (4, 7, "did you mean 'objection'?"),
    "latin1": (8, 17, "byte 0xE9 is not valid UTF-8"),
    "list-item-out-of-line": (19, 1, "the items of its list above (line 9) start in column 3"),
    "list-for-mapping": (8, 3, "expected a mapping (key: value lines), got a list"),
    "mapping-for-list": (40, 7, "expected a list, got a mapping"),
    "merge-key": (48, 12, "merge keys (<<) are not allowed"),
    "meter-start-out-of-range": (11, 21, "start (150) must lie between min (0) and max (100)"),
    "missing-key": (37, 5, "missing required key"),
    "missing-steps": (1, 1, "missing required key"),
    "multiple-documents": (50, 1, "only one document per file"),
    "nul-bytes": (1, 2, "is the file saved as UTF-16?"),
    "null-title": (3, 7, "expected text, got nothing"),
    "outcome-typo": (48, 21, "did you mean 'win'?"),
    "passed-unknown-criterion": (28, 25, "no criterion 'acknowlege' — did you mean 'acknowledge'?"),
    "question-not-bool": (24, 19, "expected true or false, got 'maybe'"),
    "bracket-one-too-many": (16, 33, "this ] closes nothing: is it one too many?"),
    "bracket-left-open": (16, 18, "this [ is never closed: is its ] missing?"),
    "quote-left-open": (10, 15, 'runs on to line 14: is its closing " missing?'),
    "range-reversed": (24, 16, "min (50) is greater than max (10)"),
    "step-and-ending-same-id": (48, 3, "'explore' is both a step id and an ending id"),
    "tab-indent": (11, 1, "indent with spaces, never tabs"),
    "tag-custom": (8, 8, "tags (!secret) are not allowed"),
    "tag-int": (2, 10, "tags (tag:yaml.org,2002:int) are not allowed"),
    "tag-python": (3, 8, "python/object/apply:os.system) are not allowed"),
    "technique-file-alone": (2, 1, "technique files belong in a `techniques/` folder"),
    "text-for-list": (39, 13, "expected a list, got 'clarifying-question'"),
    "top-level-list": (1, 1, "the file holds a list"),
    "top-level-text": (1, 1, "the file holds a single text"),
    "unknown-key-criterion": (18, 9, "unknown key 'wieght' — did you mean 'weight'?"),
    "unknown-key-far": (6, 1, "unknown key 'manager_notes' (allowed here: id, version"),
    "unknown-key-step": (14, 5, "unknown key 'prospects' — did you mean 'prospect'?"),
    "unknown-key": (3, 1, "unknown key 'titel' — did you mean 'title'?"),
    "unknown-meter-condition": (44, 33, "no state meter 'trust' — did you mean 'interest'?"),
    "unknown-meter": (30, 19, "no state meter 'intrest' — did you mean 'interest'?"),
    "unknown-technique": (41, 14, "unknown technique 'next-steps' — did you mean 'next-step'?"),
    "unterminated-quote": (49, 38, "this quoted text is never closed"),
    "utf16-bom": (1, 1, "file is UTF-16 encoded; save it as UTF-8"),
    "version-fraction": (2, 10, "expected a whole number, got '1.5'"),
    "version-not-number": (2, 10, "expected a whole number, got 'three'"),
    "weight-negative": (18, 17, "must be at least 0, got -1"),
}


def test_the_corpus_has_an_expectation_for_every_file() -> None:
    names = {p.stem for p in MALFORMED.glob("*.yaml")}
    assert names == set(EXPECTED)
    assert len(names) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_is_rejected_at_its_line_and_column(
    name: str, techniques: dict[str, Technique]
) -> None:
    path = MALFORMED / f"{name}.yaml"
    result = load_file(path, techniques)
    assert not isinstance(result, LoadedScenario), f"{name} loaded although it is malformed"
    line, col, fragment = EXPECTED[name]
    shown = [str(e) for e in result]
    assert any(e.line == line and e.col == col and fragment in e.message for e in result), (
        f"expected {line}:{col} '{fragment}', got:\n" + "\n".join(shown)
    )
    for error in result:
        assert error.path == path
        assert str(error).startswith(f"{path}:{error.line}:{error.col}: ")


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, techniques: dict[str, Technique], valid_text: str
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(valid_text + "# padding\n" * 30_000, encoding="utf-8")
    result = load_file(path, techniques)
    assert isinstance(result, list)
    assert [(e.line, e.col) for e in result] == [(1, 1)]
    assert "at most 262,144 bytes (256 KiB)" in result[0].message


def test_a_huge_flow_list_within_the_size_cap_is_refused_quickly(
    tmp_path: Path, techniques: dict[str, Technique]
) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text("tags: [" + ", ".join(["a"] * 12_000) + "]\n", encoding="utf-8")
    result = load_file(path, techniques)
    assert isinstance(result, list)
    assert "too many values" in result[0].message


def test_an_unreadable_path_is_an_error_not_a_crash(
    tmp_path: Path, techniques: dict[str, Technique]
) -> None:
    folder = tmp_path / "a-folder.yaml"
    folder.mkdir()
    result = load_file(folder, techniques)
    assert isinstance(result, list)
    assert "cannot read the file" in result[0].message
