"""The scenario commands as a user runs them: list, validate, schema, test-scenarios."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from tests.scenario.scenario_paths import FIXTURES, MALFORMED, REPO, SHIPPED
from trainer.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def _user_scenario(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text.replace("id: sample/too-expensive", "id: test/mine"), "utf-8")
    return path


def test_validate_the_shipped_library_passes() -> None:
    code, out, err = _run("validate", str(SHIPPED))
    assert (code, out) == (0, ""), out
    assert "0 errors" in err


def test_validate_prints_every_error_located_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("kind-typo.yaml", "dangling-goto.yaml", "tab-indent.yaml"):
        (folder / name).write_bytes((MALFORMED / name).read_bytes())
    code, out, err = _run("validate", str(folder))
    assert code == 1
    lines = out.splitlines()
    assert f"{folder / 'kind-typo.yaml'}:4:7: kind: 'objektion' is not one of" in out
    assert any(line.startswith(f"{folder / 'tab-indent.yaml'}:11:1: ") for line in lines)
    assert any(line.startswith(f"{folder / 'dangling-goto.yaml'}:31:15: ") for line in lines)
    assert "Checked 3 files: 4 errors" in err  # the copies also use a fixture technique


def test_validate_reports_a_branch_to_nowhere_with_the_shape_errors_in_one_run(
    tmp_path: Path, valid_text: str
) -> None:
    """A shape error (a difficulty in words) does not hide a `goto` naming no step or
    ending: one run lists both, so the writer fixes them together."""
    lines = valid_text.splitlines()
    gotos = [n for n, line in enumerate(lines) if line.strip() == "- goto: hung-up"]
    lines[gotos[0]] = lines[gotos[0]].replace("hung-up", "hangup")
    text = "\n".join(lines).replace("difficulty: 2", "difficulty: two") + "\n"
    path = _user_scenario(tmp_path, text)
    code, out, err = _run("validate", str(path))
    assert code == 1
    found = out.splitlines()
    assert len(found) == 2, out
    assert found[0].startswith(f"{path}:5:") and "difficulty: expected a whole number" in found[0]
    assert found[1] == (
        f"{path}:{gotos[0] + 1}:15: steps[0].next[1].goto: "
        "no step or ending 'hangup' — did you mean 'hung-up'?"
    )
    assert "Checked 1 file: 2 errors" in err


def test_validate_a_single_file_and_a_missing_path(tmp_path: Path, valid_text: str) -> None:
    good = _user_scenario(tmp_path, valid_text.replace("use: next-step", "use: advance-next-step"))
    code, out, _ = _run("validate", str(good))
    assert (code, out) == (0, "")
    code, out, _ = _run("validate", str(good), str(tmp_path / "missing.yaml"))
    assert code == 1
    assert out == f"{tmp_path / 'missing.yaml'}:1:1: no such file or folder\n"


def test_validate_reports_a_user_file_reusing_a_shipped_id(tmp_path: Path) -> None:
    clash = tmp_path / "clash.yaml"
    clash.write_bytes((SHIPPED / "objections" / "too-expensive.yaml").read_bytes())
    code, out, _ = _run("validate", str(clash))
    assert code == 1
    shipped = SHIPPED / "objections" / "too-expensive.yaml"
    assert out == (
        f"{clash}:2:5: id: scenario id 'objection/too-expensive' is already defined in"
        f" {shipped}; give it another id\n"
    )


def test_list_shows_id_kind_difficulty_title_and_user_scenarios(
    tmp_path: Path, valid_text: str
) -> None:
    path = _user_scenario(tmp_path, valid_text.replace("use: next-step", "use: advance-next-step"))
    code, out, _ = _run("--scenarios", str(path.parent), "list")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "KIND", "DIFF", "TITLE"]
    assert any(r.split()[:2] == ["objection/too-expensive", "objection"] for r in rows)
    mine = next(r for r in rows if r.startswith("test/mine"))
    assert mine.split() == ["test/mine", "(user)", "objection", "2", "no"]


def test_list_mentions_broken_files_on_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "x.yaml").write_text("id: [\n", "utf-8")
    code, out, err = _run("--scenarios", str(folder), "list", "--json")
    assert code == 0
    assert all("id" in item for item in json.loads(out))
    assert "run `trainer validate`" in err


def test_schema_is_valid_json_schema_and_accepts_the_shipped_scenarios() -> None:
    code, out, _ = _run("schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(SHIPPED.rglob("*.yaml")):
        if "techniques" in path.parts:
            continue
        problems = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert problems == [], path


def test_schema_flags_what_the_loader_rejects() -> None:
    _, out, _ = _run("schema")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    bad = yaml.safe_load((MALFORMED / "unknown-key-step.yaml").read_text())
    assert any("prospects" in e.message for e in validator.iter_errors(bad))


def test_technique_schema_accepts_the_shipped_techniques() -> None:
    _, out, _ = _run("schema", "--techniques")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    for path in sorted((SHIPPED / "techniques").glob("*.yaml")):
        assert [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))] == []


def test_the_published_schema_file_is_up_to_date() -> None:
    _, out, _ = _run("schema")
    assert (REPO / "docs" / "scenario.schema.json").read_text("utf-8") == out


def test_test_scenarios_reports_each_mismatch_with_its_location(
    tmp_path: Path, valid_text: str
) -> None:
    text = valid_text.replace("use: next-step", "use: advance-next-step").replace(
        "expect: {score_at_most: 40}", "expect: {score_at_least: 95}"
    )
    path = _user_scenario(tmp_path, text)
    code, out, err = _run("test-scenarios", str(path))
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"{path}:35:9: steps[0].examples[1]: scored ")
    assert "expected at least 95 for 'I can give you 20% off today.'" in line
    assert "2 examples and 2 model answers in 1 scenario: 3 as expected, 1 mismatch." in err


def test_test_scenarios_passes_when_examples_hold(tmp_path: Path, valid_text: str) -> None:
    text = valid_text.replace("use: next-step", "use: advance-next-step")
    path = _user_scenario(tmp_path, text)
    code, out, err = _run("test-scenarios", "-v", str(path))
    assert code == 0, out
    assert "ok  test/mine first-pushback #0" in out
    assert "ok  test/mine explore model answer: " in out
    assert "2 examples and 2 model answers in 1 scenario: 4 as expected, 0 mismatches." in err


def test_validate_as_a_real_process_exits_1_on_a_bad_file() -> None:
    bad = MALFORMED / "alias-bomb.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", str(bad), str(FIXTURES / "valid.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert f"{bad}:2:4: a: anchors (&a) are not allowed" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_test_scenarios_verbose_counts_a_paths_answers_in_words() -> None:
    code, out, _ = _run("test-scenarios", "-v", str(SHIPPED / "objections" / "no-time.yaml"))
    assert code == 0, out
    assert "ok  objection/no-time path poor-rep: 1 answer → brushed-off" in out
    assert "ok  objection/no-time path good-rep: 3 answers → " in out
    assert "1 answers" not in out
